import Foundation
import Testing
@testable import LearningHubCore
#if canImport(Glibc)
import Glibc
#endif

private typealias F = CollectorFixtures

/// Inputs an adversary (or an unlucky day) sends: teams whose names give the same slug, YAML that
/// expands without end, names too long or not UTF-8, a record bigger than the build takes, a run
/// killed half-way. Each test goes through the collector and the build as a user does.
@Suite("Collector: hostile inputs")
struct CollectorHostileTests {
    /// The records filed for ben, with the organisation and team each holds (read as the build reads them).
    static func teams(in sandbox: CollectorSandbox) -> [String: String] {
        var result: [String: String] = [:]
        for name in F.names(in: sandbox.benResponses) {
            let r = F.validate(sandbox.record(String(name.dropLast(3))) ?? "", name: name).responses.first
            result[name] = "\(r?.organisation ?? "?") / \(r?.team ?? "?")"
        }
        return result
    }

    @Test("Teams whose names differ stay distinct records", arguments: [
        ("Ysgol Gymraeg", "Tîm Môn", "Ysgol Gymraeg", "Tîm Mân"),
        ("شرطة الشمال", "فريق الحماية", "شرطة الشمال", "فريق الأسرة"),
        ("Northshire Police", "🦊 Team", "Northshire Police", "🐻 Team"),
        ("Ysgol Gymraeg", "Tim Mon", "Ysgol Gymraeg", "Tîm Môn"),
    ])
    func differentTeamsStayDistinct(_ org1: String, _ team1: String, _ org2: String, _ team2: String) throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("first.md", F.markdownResponse(organisation: org1, team: team1))
        try sandbox.drop("second.md", F.markdownResponse(organisation: org2, team: team2))
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 2, "\(report.lines)")
        #expect(report.counts[.updated, default: 0] == 0, "\(report.lines)")
        let teams = Self.teams(in: sandbox)
        #expect(Set(teams.values) == ["\(org1) / \(team1)", "\(org2) / \(team2)"], "\(teams)")
        #expect(F.names(in: sandbox.benHistory).isEmpty)
        // Collecting both again changes nothing, and the build shows both teams.
        try sandbox.drop("first-again.md", F.markdownResponse(organisation: org1, team: team1))
        try sandbox.drop("second-again.md", F.markdownResponse(organisation: org2, team: team2))
        let again = try sandbox.collect()
        #expect(again.counts[.unchanged] == 2, "\(again.lines)")
        try sandbox.build()
        let page = try sandbox.page("briefings/ben/responses/index.html")
        #expect(page.contains(team1) && page.contains(team2))
    }

    @Test func theSameNamesInNFCAndNFDAreOneTeam() throws {
        let sandbox = try CollectorSandbox()
        let composed = "Café Crèche".precomposedStringWithCanonicalMapping
        let decomposed = "Café Crèche".decomposedStringWithCanonicalMapping
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        try sandbox.drop("nfc.md", F.markdownResponse(organisation: composed, team: "Baby Room", submitted: "2026-11-20"))
        try sandbox.drop("nfd.md", F.markdownResponse(organisation: decomposed, team: "BABY ROOM", submitted: "2026-11-21",
                                                      body: "Discussed again.\n"))
        let report = try sandbox.collect()
        #expect(F.names(in: sandbox.benResponses).count == 1, "\(F.names(in: sandbox.benResponses))")
        #expect(report.counts[.accepted] == 1 && report.counts[.updated] == 1, "\(report.lines)")
    }

    @Test func namesLongerThanAFileNameMayBeAreFiledUnderAShortenedName() throws {
        let sandbox = try CollectorSandbox()
        let org = String(repeating: "Northshire Integrated Care Partnership ", count: 7)
        let team = String(repeating: "Children and Young People's Safeguarding Team ", count: 6)
        try sandbox.drop("long.md", F.markdownResponse(organisation: org, team: team))
        try sandbox.drop("long-other.md", F.markdownResponse(organisation: org, team: team + "East"))
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 2, "\(report.lines) \(report.diagnostics)")
        let names = F.names(in: sandbox.benResponses)
        #expect(names.count == 2 && names.allSatisfy { $0.utf8.count <= 200 }, "\(names)")
        #expect(try sandbox.collect().counts[.unchanged, default: 0] == 0)
        try sandbox.build()
    }

    @Test func aRejectedFileWithALongNameGetsItsReasons() throws {
        let sandbox = try CollectorSandbox()
        let name = String(repeating: "r", count: 246) + ".md"
        try sandbox.drop(name, "not a response\n")
        let report = try sandbox.collect()
        #expect(report.rejected == 1)
        let rejected = F.names(in: sandbox.rejected)
        #expect(rejected.filter { !$0.hasSuffix(".reply.txt") }.count == 2, "\(rejected)")
        #expect(rejected.contains { $0.hasSuffix(".errors.txt") } && rejected.allSatisfy { $0.utf8.count <= 255 })
        #expect(F.names(in: sandbox.inbox).isEmpty)
    }

    /// The 413-byte "billion laughs": nine levels of nine aliases.
    static let aliasBomb: String = {
        var text = "---\nbriefing: ben\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var previous = "a"
        for n in names {
            text += "\(n): &\(n) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = n
        }
        return text + "---\n"
    }()

    /// Files that would expand without end or nest too deep for a reader that recurses, by name,
    /// with a word their reasons must use.
    static let hostileYAML: [String: (text: String, reason: String)] = [
        "bomb.md": (aliasBomb, "alias"),
        "anchor.md": (F.markdownResponse(organisation: "&org Northshire Police", team: "Team"), "anchor"),
        "deep.json": (String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), "nested"),
        "deep.md": ("---\nbriefing: ben\nx:\n  " + String(repeating: "- ", count: 5000) + "a\n---\n", "nested"),
    ]

    @Test("YAML that would expand without end is rejected, and the rest of the inbox is filed",
          arguments: ["bomb.md", "anchor.md", "deep.json", "deep.md"])
    func hostileYAMLIsRejected(_ name: String) throws {
        let (text, reason) = try #require(Self.hostileYAML[name])
        let sandbox = try CollectorSandbox()
        try sandbox.drop(name, text)
        try sandbox.drop("good.md", F.markdownResponse())
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 1 && report.rejected == 1, "\(report.lines)")
        let reasons = try String(contentsOf: sandbox.rejected.appendingPathComponent(name + ".errors.txt"), encoding: .utf8)
        #expect(reasons.contains(reason), "\(reasons.prefix(600))")
    }

    @Test func anAliasInTheHubSettingsIsAnErrorOfTheBuild() throws {
        let sandbox = try CollectorSandbox()
        let url = sandbox.content.appendingPathComponent("hub.yml")
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data((text + "x: &x [1, 2]\ny: [*x, *x]\n").utf8).write(to: url)
        #expect {
            try sandbox.build()
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.contains { $0.message.contains("alias") || $0.message.contains("anchor") } ?? false
        }
    }

    @Test func aResponseWhoseRecordWouldBeOverTheLimitIsRejectedAndTheBuildStillWorks() throws {
        let sandbox = try CollectorSandbox()
        // Under 1 MiB as sent; each '"' is written '\"' in the record, which doubles it.
        let quotes = String(repeating: "\"", count: 600_000)
        let learning = "  - refs: [F1]\n    discussion: '\(quotes)'\n"
        let text = F.markdownResponse(learning: learning)
        #expect(text.utf8.count < ResponseFileReader.maximumBytes)
        try sandbox.drop("big.md", text)
        try sandbox.drop("good.md", F.markdownResponse(organisation: "Northshire NHS Trust"))
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 1 && report.rejected == 1, "\(report.lines)")
        let reasons = try String(contentsOf: sandbox.rejected.appendingPathComponent("big.md.errors.txt"), encoding: .utf8)
        #expect(reasons.contains("1 MiB"), "\(reasons)")
        try sandbox.build()
    }

    @Test func aFileNameThatIsNotUTF8IsReportedAndLeftInTheInbox() throws {
        let sandbox = try CollectorSandbox()
        let name: [UInt8] = Array("ymateb-".utf8) + [0xE9] + Array(".md".utf8)
        let path = Array(sandbox.inbox.path.utf8) + [0x2F] + name + [0]
        let fd = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) } }
        try #require(fd >= 0)
        let bytes = Array(F.markdownResponse().utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let report = try sandbox.collect()
        #expect(report.rejected == 1, "\(report.lines)")
        #expect(report.diagnostics.contains { $0.location.path.hasSuffix("ymateb-\\xE9.md") && $0.message.contains("UTF-8") },
                "\(report.diagnostics)")
    }

    @Test func theSameFolderNamedTwiceIsCollectedOnce() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("good.md", F.markdownResponse())
        try sandbox.drop("bad.md", "nothing here\n")
        let again = URL(fileURLWithPath: sandbox.inbox.path + "/../inbox")
        let report = try sandbox.collect([sandbox.inbox, again])
        #expect(report.counts[.accepted] == 1 && report.rejected == 1, "\(report.lines)")
        #expect(F.names(in: sandbox.processed) == ["good.md"])
    }

    @Test func controlCharactersInAFileNameAreShownEscaped() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("two\nlines.md", "not a response\n")
        let report = try sandbox.collect()
        #expect(report.rejected == 1)
        #expect(report.lines.allSatisfy { !$0.contains("\n") }, "\(report.lines)")
        #expect(report.lines.contains { $0.contains("two\\nlines.md") }, "\(report.lines)")
    }

    @Test func aDateWithALeadingMinusIsNotADate() {
        let (responses, log) = F.validate(F.markdownResponse(submitted: "-2026-01-01"), name: "minus.md")
        #expect(responses.isEmpty, "\(F.listing(log.diagnostics))")
    }

    @Test func aKilledRunsLeftoversAreCleanedUp() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("team.md", F.markdownResponse())
        try sandbox.collect()
        // What a run killed at the wrong moment leaves: temporary files, a rejected file without its reasons.
        try sandbox.drop(".northshire-council--x.md.tmp-4242", "half", into: sandbox.benHistory)
        try sandbox.drop(".northshire-council--y.md.tmp-4242", "half", into: sandbox.benResponses)
        try sandbox.drop("lost.md", "not a response\n", into: sandbox.rejected)
        try sandbox.collect()
        let everything = F.files(under: sandbox.root).keys
        #expect(!everything.contains { $0.contains(".tmp-") }, "\(everything.sorted())")
        let rejected = F.names(in: sandbox.rejected)
        #expect(rejected.filter { !$0.hasSuffix(".errors.txt") && !$0.hasSuffix(".reply.txt") }.allSatisfy { rejected.contains($0 + ".errors.txt") }, "\(rejected)")
    }

    @Test func aVersionAlreadyInHistoryIsNotStoredAgain() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("v1.md", F.markdownResponse(submitted: "2026-11-20"))
        try sandbox.collect()
        let record = try #require(F.names(in: sandbox.benResponses).first)
        // A run killed after keeping the record in history but before replacing it.
        try FileManager.default.createDirectory(at: sandbox.benHistory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sandbox.benResponses.appendingPathComponent(record),
                                         to: sandbox.benHistory.appendingPathComponent(record.dropLast(3) + "--2026-11-20.md"))
        try sandbox.drop("v2.md", F.markdownResponse(submitted: "2026-11-22", body: "Later thoughts.\n"))
        let report = try sandbox.collect()
        #expect(report.counts[.updated] == 1, "\(report.lines)")
        #expect(F.names(in: sandbox.benHistory).count == 1, "\(F.names(in: sandbox.benHistory))")
    }
}
