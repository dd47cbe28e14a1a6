import Foundation
import Testing
@testable import LearningHubCore

/// What a learning officer sees after running `learning-hub collect inbox/` on a morning's email:
/// good forms filed, a resubmission replacing its record, every bad file set aside with its reasons.
@Suite("Collector: a mixed inbox")
struct CollectorInboxTests {
    typealias F = CollectorFixtures

    /// One bad file and what its .errors.txt must say.
    struct BadFile {
        var name: String
        var data: Data
        /// Words the reason must contain.
        var problem: String
        /// The line the reason must name (`<name>:<line>:`).
        var line: Int
    }

    /// The first version of Team A's response, filed before the mixed inbox arrives.
    static let originalTeamA = F.markdownResponse(submitted: "2026-11-01", actions: """
      - what: Original plan for strategy meetings
        who: Team manager
        by_when: 2026-12-15
        done_when: It is in the induction pack
        worked_when: Staff ask for strategy meetings
        status: not started

    """)

    /// Team A again, with a later `submitted` date and a different plan.
    static let resubmittedTeamA = F.markdownResponse(submitted: "2026-11-25", actions: """
      - what: Revised plan for strategy meetings
        who: Deputy team manager
        by_when: 2027-02-28
        done_when: It is in the induction pack
        worked_when: Staff ask for strategy meetings
        status: in progress

    """)

    static let goodMarkdown = F.markdownResponse(team: "Early Help Hub", submitted: "20/11/2026")
    static let goodJSON = F.jsonResponse()
    static let goodCSV = F.csvHeader
        + "ben,Northshire Police,Jo Example,Public Protection Unit,ppu@example.org,22/11/2026,\"F3, F3.1\",\"We rarely hear from GPs, \"\"if ever\"\".\",Invite GPs to strategy meetings,DI Example,March 2027,GPs attend,Better information,In progress,\n"
        + "ben,St Marys School,Pat Example,Pastoral Team,pastoral@example.org,23 Nov 2026,R3.1,\"Line one\nline two\",Record the child's voice in every referral,DSL,31 Jan 2027,Template updated,Referrals quote the child,not started,\n"

    static let unknownID = F.markdownResponse(team: "Unknown ID Team", learning: """
      - refs: [F1, F9]
        discussion: A finding that does not exist.

    """)
    static let badStatus = F.markdownResponse(team: "Bad Status Team", actions: """
      - what: Something
        who: Someone
        by_when: 2027-01-31
        done_when: Soon
        worked_when: Later
        status: finished

    """)

    static func badFiles() -> [BadFile] {
        // "Children’s" saved by Windows as Windows-1252: 0x92 is not valid UTF-8.
        var cp1252 = Data(F.markdownResponse(team: "Childrens Centre").utf8)
        cp1252.append(contentsOf: [0x43, 0x68, 0x69, 0x6C, 0x64, 0x72, 0x65, 0x6E, 0x92, 0x73, 0x0A])
        var binary = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        binary.append(Data(repeating: 0, count: 64))
        let huge = Data((F.markdownResponse(team: "Huge Team") + String(repeating: "All work and no play. ", count: 50_000)).utf8)
        #expect(huge.count > 1 << 20)
        return [
            BadFile(name: "e-unknown-id.md", data: Data(unknownID.utf8), problem: "'F9'", line: F.line(of: "F9", in: unknownID)),
            BadFile(name: "f-no-organisation.json", data: Data(F.jsonResponse(organisation: nil, team: "Orphan Team").utf8),
                    problem: "'organisation'", line: 1),
            BadFile(name: "g-bad-status.md", data: Data(badStatus.utf8), problem: "status 'finished'", line: F.line(of: "finished", in: badStatus)),
            BadFile(name: "h-windows-1252.md", data: cp1252, problem: "not UTF-8", line: 1),
            BadFile(name: "i-scan.json", data: binary, problem: "binary", line: 1),
            BadFile(name: "j-huge.md", data: huge, problem: "1 MiB", line: 1),
            BadFile(name: "k-response.docx", data: Data("PK not really a Word file".utf8), problem: "not a response file", line: 1),
        ]
    }

    static func goodFiles() -> [(name: String, data: Data)] {
        [("a-good.md", Data(goodMarkdown.utf8)), ("b-good.json", Data(goodJSON.utf8)), ("c-two-rows.csv", Data(goodCSV.utf8)),
         ("d-resubmission.md", Data(resubmittedTeamA.utf8))]
    }

    /// Files Team A's first version, then fills the inbox with the mixed morning's files.
    static func prepare() throws -> (CollectorSandbox, firstRecord: Data) {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("original.md", originalTeamA)
        let first = try sandbox.collect()
        #expect(first.counts[.accepted] == 1 && first.rejected == 0, "\(first.lines)\n\(F.listing(first.diagnostics))")
        let recordURL = sandbox.benResponses.appendingPathComponent("northshire-council--childrens-social-care-team-a.md")
        let firstRecord = try #require(FileManager.default.contents(atPath: recordURL.path))
        for (name, data) in goodFiles() { try sandbox.drop(name, data) }
        for bad in badFiles() { try sandbox.drop(bad.name, bad.data) }
        return (sandbox, firstRecord)
    }

    static let expectedRecords = [
        "northshire-council--childrens-social-care-team-a.md",
        "northshire-council--early-help-hub.md",
        "northshire-nhs-trust--health-visiting.md",
        "northshire-police--public-protection-unit.md",
        "st-marys-school--pastoral-team.md",
    ]

    @Test func goodFilesAreFiledUnderTheirTeamAndBadOnesAreSetAsideWithReasons() throws {
        let (sandbox, _) = try Self.prepare()
        let report = try sandbox.collect()

        #expect(report.counts[.accepted] == 4, "\(report.lines)")
        #expect(report.counts[.updated] == 1, "\(report.lines)")
        #expect(report.counts[.unchanged, default: 0] == 0)
        #expect(report.counts[.historical, default: 0] == 0)
        #expect(report.rejected == 7, "\(report.lines)")
        #expect(report.rejected > 0)
        #expect(report.summary.hasPrefix("Accepted 4, updated 1, unchanged 0, kept in history 0, rejected 7 files"), "\(report.summary)")

        // One record per team, named <organisation>--<team>.md.
        #expect(F.names(in: sandbox.benResponses) == Self.expectedRecords)

        // Every good file is in processed/, byte for byte as sent.
        for (name, data) in Self.goodFiles() {
            #expect(FileManager.default.contents(atPath: sandbox.processed.appendingPathComponent(name).path) == data, "\(name) is not in processed/")
        }
        // Every bad file is in rejected/, as sent, with its reasons beside it naming the problem and its line.
        for bad in Self.badFiles() {
            let moved = sandbox.rejected.appendingPathComponent(bad.name)
            #expect(FileManager.default.contents(atPath: moved.path) == bad.data, "\(bad.name) is not in rejected/")
            let reasonsURL = moved.appendingPathExtension("errors.txt")
            let reasons = try #require(try? String(contentsOf: reasonsURL, encoding: .utf8), "\(bad.name) has no .errors.txt")
            #expect(reasons.contains(bad.problem), "\(bad.name).errors.txt does not mention \(bad.problem):\n\(reasons)")
            #expect(reasons.contains("\(bad.name):\(bad.line):"), "\(bad.name).errors.txt does not name line \(bad.line):\n\(reasons)")
            #expect(FileManager.default.contents(atPath: sandbox.processed.appendingPathComponent(bad.name).path) == nil)
        }
        // Nothing is left in the inbox itself.
        #expect(F.names(in: sandbox.inbox) == [])
    }

    @Test func nothingIsLost() throws {
        let (sandbox, _) = try Self.prepare()
        try sandbox.collect()
        let inputs = 1 + Self.goodFiles().count + Self.badFiles().count
        let left = F.names(in: sandbox.inbox).count
        let processed = F.names(in: sandbox.processed).count
        let rejected = F.names(in: sandbox.rejected).filter { !$0.hasSuffix(".errors.txt") && !$0.hasSuffix(".reply.txt") }.count
        let reasons = F.names(in: sandbox.rejected).filter { $0.hasSuffix(".errors.txt") }.count
        let replies = F.names(in: sandbox.rejected).filter { $0.hasSuffix(".reply.txt") }.count
        #expect(left + processed + rejected == inputs, "inbox \(left), processed \(processed), rejected \(rejected), of \(inputs) files")
        #expect(processed == 5 && rejected == 7 && reasons == 7 && replies == 7)
        // Six responses were accepted (Team A twice, the Early Help Hub, Health Visiting and two CSV rows):
        // five records and the one version they replaced.
        let records = F.names(in: sandbox.benResponses).count
        let history = F.names(in: sandbox.benHistory).count
        #expect(records == 5 && history == 1, "records \(records), history \(history)")
        // And no stray temporary files anywhere.
        let everything = F.files(under: sandbox.root).keys
        #expect(!everything.contains { ($0 as NSString).lastPathComponent.hasPrefix(".") }, "\(everything.sorted())")
    }

    @Test func theResubmissionReplacesTheRecordAndTheEarlierVersionIsKeptInHistory() throws {
        let (sandbox, firstRecord) = try Self.prepare()
        try sandbox.collect()
        let record = try #require(sandbox.record("northshire-council--childrens-social-care-team-a"))
        #expect(record.contains("submitted: 2026-11-25"))
        #expect(record.contains("Revised plan for strategy meetings"))
        #expect(!record.contains("Original plan"))
        let history = F.names(in: sandbox.benHistory)
        #expect(history == ["northshire-council--childrens-social-care-team-a--2026-11-01.md"], "\(history)")
        let kept = FileManager.default.contents(atPath: sandbox.benHistory.appendingPathComponent(history.first ?? "-").path)
        #expect(kept == firstRecord, "history does not hold the record's earlier bytes")
    }

    @Test func aFiledRecordIsTheNormalisedFormOfWhatTheTeamSent() throws {
        let (sandbox, _) = try Self.prepare()
        try sandbox.collect()
        let text = try #require(sandbox.record("northshire-council--early-help-hub"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "---")
        // Fields in the form's order.
        let keys = lines.compactMap { line -> String? in
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix(" "), !line.hasPrefix("-") else { return nil }
            return String(line[..<colon])
        }
        #expect(keys == ["briefing", "organisation", "team", "team_manager", "contact", "submitted", "learning", "actions"], "\(text)")
        // The date submitted as YYYY-MM-DD, the status in its one spelling; the due date reads as the same day.
        #expect(lines.contains("submitted: 2026-11-20"), "\(text)")
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == "status: in progress" }, "\(text)")
        // The note below the form is kept below the front matter.
        #expect(text.hasSuffix("---\n\nWe talked about this at our team meeting.\n"), "\(text)")

        // Read back, each record is what the team sent (a due date may be written either way, if it is the same day).
        let sent = F.validate(Self.goodMarkdown, name: "a-good.md").responses
        let stored = F.validate(text, name: "stored.md")
        #expect(F.errors(stored.log).isEmpty, "\(F.listing(stored.log.diagnostics))")
        #expect(stored.responses.map(F.comparable) == sent.map(F.comparable))
        #expect(stored.responses.first?.actions.first?.byWhen?.date?.iso == "2027-01-31")

        // The CSV rows too, with their quoted commas, quotes and line breaks.
        let police = try #require(sandbox.record("northshire-police--public-protection-unit"))
        let policeBack = try #require(F.validate(police, name: "police.md").responses.first)
        #expect(policeBack.learning.first?.discussion == "We rarely hear from GPs, \"if ever\".")
        #expect(policeBack.learning.first?.refs == ["F3", "F3.1"])
        #expect(policeBack.submitted?.iso == "2026-11-22")
        #expect(policeBack.actions.first?.byWhen?.date?.iso == "2027-03-31")
        let school = try #require(sandbox.record("st-marys-school--pastoral-team"))
        let schoolBack = try #require(F.validate(school, name: "school.md").responses.first)
        #expect(schoolBack.learning.first?.discussion == "Line one\nline two")
        #expect(schoolBack.actions.first?.status == .notStarted)
        #expect(schoolBack.submitted?.iso == "2026-11-23")
        let health = try #require(sandbox.record("northshire-nhs-trust--health-visiting"))
        #expect(health.contains("submitted: 2026-11-21"), "\(health)")
    }

    @Test func collectingTheSameInboxAgainChangesNothing() throws {
        let (sandbox, _) = try Self.prepare()
        let first = try sandbox.collect()
        #expect(first.rejected == 7)
        let before = F.snapshot(sandbox.root)
        let again = try sandbox.collect()
        #expect(F.snapshot(sandbox.root) == before, "a second run changed files")
        #expect(again.rejected == 0)
        #expect(again.counts.values.reduce(0, +) == 0, "\(again.lines)")
    }

    @Test func resendingAFiledResponseIsUnchanged() throws {
        let (sandbox, _) = try Self.prepare()
        try sandbox.collect()
        let content = F.snapshot(sandbox.content)
        let second = sandbox.root.appendingPathComponent("second-inbox")
        // The stored record itself, and the team's original file sent again.
        let record = try #require(FileManager.default.contents(atPath: sandbox.benResponses.appendingPathComponent("northshire-nhs-trust--health-visiting.md").path))
        try sandbox.drop("health-visiting-record.md", record, into: second)
        try sandbox.drop("a-good-again.md", Self.goodMarkdown, into: second)
        try sandbox.drop("c-two-rows-again.csv", Self.goodCSV, into: second)
        let report = try sandbox.collect([second])
        #expect(report.counts[.unchanged] == 4, "\(report.lines)")
        #expect(report.counts[.accepted, default: 0] + report.counts[.updated, default: 0] + report.rejected == 0, "\(report.lines)")
        #expect(report.lines.allSatisfy { $0.hasPrefix("unchanged") }, "\(report.lines)")
        #expect(F.snapshot(sandbox.content) == content, "an unchanged response changed Content/")
        #expect(F.names(in: second.appendingPathComponent("processed")).count == 3)
    }

    @Test func aLateOlderVersionDoesNotReplaceTheNewerRecord() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("new.md", Self.resubmittedTeamA)
        try sandbox.collect()
        let stem = "northshire-council--childrens-social-care-team-a"
        let newer = try #require(sandbox.record(stem))

        try sandbox.drop("old.md", Self.originalTeamA)
        let report = try sandbox.collect()
        #expect(report.counts[.historical] == 1, "\(report.lines)")
        #expect(report.counts[.updated, default: 0] == 0 && report.counts[.accepted, default: 0] == 0)
        #expect(sandbox.record(stem) == newer, "the older version replaced the newer record")
        let history = F.names(in: sandbox.benHistory)
        #expect(history == ["\(stem)--2026-11-01.md"], "\(history)")
        let kept = try String(contentsOf: sandbox.benHistory.appendingPathComponent("\(stem)--2026-11-01.md"), encoding: .utf8)
        #expect(kept.contains("Original plan for strategy meetings") && kept.contains("submitted: 2026-11-01"))
        #expect(F.names(in: sandbox.processed) == ["new.md", "old.md"])
    }

    /// A record the learning officer corrected by hand is still a valid record (the builder reads it),
    /// so a late older version must not replace it either.
    @Test("A late older version does not replace a record edited by hand", arguments: ["CRLF line ends", "quoted date", "UK date"])
    func aLateOlderVersionDoesNotReplaceAHandEditedRecord(_ edit: String) throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("new.md", Self.resubmittedTeamA)
        try sandbox.collect()
        let stem = "northshire-council--childrens-social-care-team-a"
        let url = sandbox.benResponses.appendingPathComponent("\(stem).md")
        var text = try #require(sandbox.record(stem))
        switch edit {
        case "CRLF line ends": text = text.replacingOccurrences(of: "\n", with: "\r\n")
        case "quoted date": text = text.replacingOccurrences(of: "submitted: 2026-11-25", with: "submitted: \"2026-11-25\"")
        default: text = text.replacingOccurrences(of: "submitted: 2026-11-25", with: "submitted: 25/11/2026")
        }
        try Data(text.utf8).write(to: url)
        // The builder accepts the edited record, dated 25 November 2026.
        try sandbox.build()
        #expect(try sandbox.page("briefings/ben/responses/index.html").contains("25 November 2026"))

        try sandbox.drop("old.md", Self.originalTeamA)
        let report = try sandbox.collect()
        // The collector must read the record's date as the builder does: with CRLF, a quoted date or a UK date.
        let record = try String(contentsOf: url, encoding: .utf8)
        #expect(report.counts[.historical] == 1, "\(report.lines)")
        #expect(record.contains("Revised plan for strategy meetings"))
        // Nothing is lost all the same: both versions are still there.
        let kept = F.names(in: sandbox.benHistory).compactMap { try? String(contentsOf: sandbox.benHistory.appendingPathComponent($0), encoding: .utf8) }
        #expect(kept.contains { $0.contains("Revised plan") } || record.contains("Revised plan"))
        #expect(kept.contains { $0.contains("Original plan") } || record.contains("Original plan"))
    }

    @Test func anUndatedVersionDoesNotDisplaceADatedRecord() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("dated.md", Self.resubmittedTeamA)
        try sandbox.collect()
        let stem = "northshire-council--childrens-social-care-team-a"
        let dated = try #require(sandbox.record(stem))
        try sandbox.drop("undated.md", F.markdownResponse(submitted: "", body: "Sent again without a date.\n"))
        let report = try sandbox.collect()
        #expect(report.counts[.historical] == 1, "\(report.lines)")
        #expect(sandbox.record(stem) == dated)
        #expect(F.names(in: sandbox.benHistory) == ["\(stem)--undated.md"])
    }

    @Test func bothVersionsInOneInboxLeaveTheLaterAsTheRecord() throws {
        let sandbox = try CollectorSandbox()
        // Named so that the later version is read first: the order of the files must not matter.
        try sandbox.drop("a-later.md", Self.resubmittedTeamA)
        try sandbox.drop("b-earlier.md", Self.originalTeamA)
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 1 && report.counts[.updated] == 1, "\(report.lines)")
        let record = try #require(sandbox.record("northshire-council--childrens-social-care-team-a"))
        #expect(record.contains("submitted: 2026-11-25"))
        #expect(F.names(in: sandbox.benHistory) == ["northshire-council--childrens-social-care-team-a--2026-11-01.md"])
    }

    @Test func aDryRunMovesAndWritesNothingButReportsTheSameOutcomes() throws {
        let (sandbox, _) = try Self.prepare()
        let before = F.snapshot(sandbox.root)
        let dry = try sandbox.collect(dryRun: true)
        #expect(F.snapshot(sandbox.root) == before, "a dry run changed files")

        let real = try sandbox.collect()
        #expect(dry.counts == real.counts, "dry run: \(dry.lines)\nreal run: \(real.lines)")
        #expect(dry.rejected == 7)
        #expect(dry.lines.map { $0.split(separator: " ").first } == real.lines.map { $0.split(separator: " ").first })
        #expect(dry.diagnostics == real.diagnostics)
    }

    @Test func aDryRunOfTwoVersionsFromANewTeamReportsWhatARealRunDoes() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("a-earlier.md", Self.originalTeamA)
        try sandbox.drop("b-later.md", Self.resubmittedTeamA)
        let dry = try sandbox.collect(dryRun: true)
        let real = try sandbox.collect()
        #expect(real.counts[.accepted] == 1 && real.counts[.updated] == 1, "\(real.lines)")
        #expect(dry.counts == real.counts, "dry run: \(dry.lines)\nreal run: \(real.lines)")
    }
}
