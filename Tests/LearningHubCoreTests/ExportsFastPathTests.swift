import Foundation
import Testing
@testable import LearningHubCore

/// The exports made on every core against the way they were made whole.
@Suite struct ExportsFastPathTests {
    static let texts = ["Plain", "", "say \"hi\"", "a/b", "line\nbreak", "tab\t", "é 🧒🏽", "=SUM(A1)", "+1", "-x", "@me", "\r", "back\\slash", "\u{2028}"]

    static func export(_ n: Int) -> Exports.JSONExport {
        Exports.JSONExport(as_of: "2026-11-27", responses: (0..<n).map { i in
            let t = { (k: Int) in texts[(i * 5 + k) % texts.count] }
            return Exports.JSONResponse(
                briefing: "b-\(i)", organisation: t(1), team: t(2), team_manager: i % 3 == 0 ? nil : t(3), submitted: i % 4 == 0 ? nil : "2026-01-0\(i % 9 + 1)",
                learning: (0..<(i % 3)).map { Exports.JSONLearning(refs: $0 == 0 ? [] : ["F\($0)", "R2"], discussion: t($0 + 4)) },
                actions: (0..<(i % 4)).map { (k: Int) -> Exports.JSONAction in
                    let refs: [String] = k == 2 ? ["R1", "F2.1"] : []
                    return Exports.JSONAction(what: t(k), who: t(k + 1), by_when: t(k + 2), by_when_date: k == 1 ? nil : "2026-10-31",
                                              done_when: t(k + 3), worked_when: t(k + 4), status: "done", evidence: t(k + 5), group: "Done", refs: refs)
                },
                notes: t(7))
        })
    }

    @Test(arguments: [0, 5, 63, 64, 300])
    func jsonIsWhatTheWholeEncoderWrites(_ n: Int) throws {
        let export = Self.export(n)
        let whole = try Exports.encoder().encode(export) + Data("\n".utf8)
        #expect(Exports.json(export) == whole)
    }

    @Test func csvRowsAreQuotedAndNeutralisedAsBefore() {
        for (i, a) in Self.texts.enumerated() {
            let cells = [a, Self.texts[(i + 3) % Self.texts.count], "x"]
            let before = cells.map { "\"" + Exports.neutralise($0).replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
            #expect(Exports.csvRow(cells) == before, "\(cells)")
        }
    }
}
