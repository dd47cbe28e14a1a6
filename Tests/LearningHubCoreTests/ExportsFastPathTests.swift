import Foundation
import Testing
@testable import LearningHubCore

/// The exports made on every core against the way they were made whole.
@Suite struct ExportsFastPathTests {
    static let texts = ["Plain", "", "say \"hi\"", "a/b", "line\nbreak", "tab\t", "é 🧒🏽", "=SUM(A1)", "+1", "-x", "@me", "\r", "back\\slash", "\u{2028}",
                         String(decoding: Array(0..<0x20) + [0x7F], as: UTF8.self), "\r\n", "\u{85}\u{2029}\u{FEFF}", "</script>"]

    static func export(_ n: Int) -> Exports.JSONExport {
        Exports.JSONExport(as_of: "2026-11-27", responses: (0..<n).map { i in
            let t = { (k: Int) in Exports.JSONValue.text(texts[(i * 5 + k) % texts.count]) }
            let learning = (0..<(i % 3)).map { k in
                Exports.JSONObject(members: [("refs", .texts(k == 0 ? [] : ["F\(k)", "R2"])), ("discussion", t(k + 4))])
            }
            let actions = (0..<(i % 4)).map { (k: Int) -> Exports.JSONObject in
                var members: [(key: String, value: Exports.JSONValue)] = [("what", t(k)), ("refs", .texts(k == 2 ? ["R1", "F2.1"] : [])),
                                                                          ("who", t(k + 1)), ("by_when", t(k + 2))]
                if k != 1 { members.append(("by_when_date", .text("2026-10-31"))) }
                members += [("done_when", t(k + 3)), ("worked_when", t(k + 4)), ("status", .text("done")), ("evidence", t(k + 5)), ("group", .text("Done"))]
                return Exports.JSONObject(members: members)
            }
            var members: [(key: String, value: Exports.JSONValue)] = [("briefing", .text("b-\(i)")), ("organisation", t(1)), ("team", t(2))]
            if i % 3 != 0 { members.append(("team_manager", t(3))) }
            if i % 4 != 0 { members.append(("submitted", .text("2026-01-0\(i % 9 + 1)"))) }
            members += [("learning", .objects(learning)), ("actions", .objects(actions)), ("notes", t(7))]
            return Exports.JSONObject(members: members)
        })
    }

    @Test(arguments: [0, 5, 63, 64, 300])
    func jsonIsWhatTheWholeEncoderWrites(_ n: Int) throws {
        let export = Self.export(n)
        let whole = try Exports.encoder().encode(export) + Data("\n".utf8)
        #expect(Exports.json(export) == whole)
    }

    /// Keys in an order JSONEncoder's sort may not share with a byte sort: the writer takes its order from JSONEncoder.
    @Test func oddKeysComeInJSONEncodersOrder() throws {
        let keys = ["b_when", "bWhen", "a10", "a2", "A1", "z", "Zed", "by_when_date", "by_when", "é", "e"]
        let object = Exports.JSONObject(members: keys.map { ($0, .texts([$0])) })
        let export = Exports.JSONExport(as_of: "2026-11-27", responses: [object, Exports.JSONObject()])
        #expect(Exports.json(export) == (try Exports.encoder().encode(export) + Data("\n".utf8)))
    }

    @Test func csvRowsAreQuotedAndNeutralisedAsBefore() {
        for (i, a) in Self.texts.enumerated() {
            let cells = [a, Self.texts[(i + 3) % Self.texts.count], "x"]
            let before = cells.map { "\"" + Exports.neutralise($0).replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
            #expect(Exports.csvRow(cells) == before, "\(cells)")
        }
    }
}
