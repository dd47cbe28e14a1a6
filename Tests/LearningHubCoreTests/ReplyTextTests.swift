import Foundation
import Testing
@testable import LearningHubCore

private typealias F = CollectorFixtures

@Suite struct ReplyTextTests {
    static let fallback = "Part of the file could not be read."

    /// One file for every reason the collector rejects a file, each with a word its reply must use.
    static var rejections: [(name: String, data: Data, expect: String)] {
        func md(_ s: String) -> Data { Data(s.utf8) }
        let good = F.markdownResponse()
        return [
            ("big.md", Data(repeating: 0x61, count: ResponseFileReader.maximumBytes + 1), "far larger"),
            ("utf16.md", Data([0xFF, 0xFE, 0x41, 0x00]), "CSV UTF-8"),
            ("binary.md", md("abc\u{0}def"), "response form downloads"),
            ("latin1.md", Data([0x2D, 0x2D, 0xE9, 0x0A]), "response form downloads"),
            ("response.docx", md("hello"), "\"response.docx\" is not a response form"),
            ("plain.md", md("We discussed the briefing.\n"), "changed since the form made it"),
            ("unclosed.md", md("---\nbriefing: ben\n"), "changed since the form made it"),
            ("malformed.md", md("---\nbriefing: [ben\n---\n"), "changed since the form made it"),
            ("empty.json", md("\n"), "no answers"),
            ("header-only.csv", md(F.csvHeader), "no answers"),
            ("quote.csv", md(F.csvHeader + "ben,\"Northshire Council,x\n"), "quotation mark"),
            ("renamed.xlsx", md("Briefing\nben\n"), "Excel file could not be read"),
            ("no-org.md", md(F.markdownResponse(organisation: "")), "\"Name of organisation\" has no answer"),
            ("no-team.md", md(good.replacingOccurrences(of: "team: Childrens Social Care Team A\n", with: "team: \"\"\n")), "\"Name of section and team\" has no answer"),
            ("no-briefing.md", md(good.replacingOccurrences(of: "briefing: ben\n", with: "")), "which briefing"),
            ("list-org.md", md(good.replacingOccurrences(of: "organisation: Northshire Council", with: "organisation: [A, B]")), "\"Name of organisation\" could not be read"),
            ("date.md", md(F.markdownResponse(submitted: "last Tuesday")), "\"last Tuesday\", is not a date"),
            ("other.md", md(good.replacingOccurrences(of: "briefing: ben", with: "briefing: bern")), "called \"bern\""),
            ("nothing.md", md(F.markdownResponse(learning: "  []\n", actions: "  []\n")), "no learning and no actions"),
            ("cites.md", md(F.markdownResponse(learning: "  - refs: [F9]\n    discussion: We talked.\n")), "\"F9\", which is not one of the findings"),
            ("empty-point.md", md(F.markdownResponse(learning: "  - refs: []\n    discussion: \"\"\n")), "Learning point 1 has nothing"),
            ("no-what.md", md(F.markdownResponse(actions: "  - who: Team manager\n    status: done\n")), "Action 1 does not say what needs to happen"),
            ("status.md", md(F.markdownResponse(actions: "  - what: Audit\n    status: Finished\n")), "In action 1, \"Progress\" is \"Finished\""),
            ("who-list.md", md(F.markdownResponse(actions: "  - what: Audit\n    who: [A, B]\n")), "In action 1, the answer to \"Who will do it?\""),
            ("array.json", md("[1, 2]\n"), "changed since the form made it"),
            ("learning-text.md", md(F.markdownResponse(learning: "  We talked\n")), "changed since the form made it"),
            ("point-text.md", md(F.markdownResponse(learning: "  - We talked\n")), "changed since the form made it"),
            ("refs-map.md", md(F.markdownResponse(learning: "  - refs: {a: b}\n    discussion: x\n")), "changed since the form made it"),
            ("action-text.md", md(F.markdownResponse(actions: "  - Audit\n")), "changed since the form made it"),
        ]
    }

    /// Words a team manager who used the web form would not know: paths, lines, the file's field names.
    static let forbidden = ["YAML", "yaml", "front matter", "field", "by_when", "team_manager", "done_when", "refs", "'---'",
                            "line ", "column", "Content/", "inbox", ".errors.txt", "slug"]

    @Test(arguments: rejections.map(\.name))
    func everyRejectionHasAReplyInTheFormsWords(name: String) throws {
        let case_ = try #require(Self.rejections.first { $0.name == name })
        let (_, log) = F.validate(case_.data, name: "inbox/sub/\(name)")
        var (responses, errors) = (F.validate(case_.data, name: name).responses, F.errors(log))
        // As the collector does: a readable file with no response in it.
        if responses.isEmpty, errors.isEmpty { errors = [.error(SourceLocation(path: name), Collector.holdsNoResponse)] }
        try #require(!errors.isEmpty, "\(name) was not rejected")
        let reply = ReplyText(hub: F.seedHub)
        for error in errors {
            let sentence = reply.sentence(for: error.message, briefing: nil)
            #expect(!sentence.hasPrefix(Self.fallback), "no reply written for: \(error.message)")
        }
        let letter = reply.letter(errors: errors, senders: [], accepted: 0)
        #expect(letter.contains(case_.expect), "\(name):\n\(letter)\nfrom:\n\(F.listing(errors))")
        for word in Self.forbidden { #expect(!letter.contains(word), "\(name): the reply says '\(word)':\n\(letter)") }
        #expect(letter.range(of: #"\d+:\d+"#, options: .regularExpression) == nil && !letter.contains("inbox/sub"), "\(letter)")
        #expect(letter.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(letter)")
    }

    @Test func collectWritesTheReplyAndListsWhomToReplyTo() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("status.md", F.markdownResponse(organisation: "Northshire NHS Trust", team: "Health Visiting", manager: "Sam Example",
                                                         contact: "hv.team@example.org", actions: "  - what: Audit\n    status: Finished\n"))
        try sandbox.drop("broken.md", "no front matter\n")
        let report = try sandbox.collect()
        let written = try String(contentsOf: sandbox.rejected.appendingPathComponent("status.md.reply.txt"), encoding: .utf8)
        // Lines are wrapped for email; the checks read the words.
        let reply = written.replacingOccurrences(of: "\n  ", with: " ").replacingOccurrences(of: "(?<=\\S)\n(?=\\S)", with: " ", options: .regularExpression)
        #expect(reply.hasPrefix("Dear Sam Example,\n\nThank you for sending your team's response to the briefing \""), "\(reply)")
        #expect(reply.contains("- In action 1, \"Progress\" is \"Finished\", which is not one of the choices."), "\(reply)")
        #expect(reply.contains("email it to learning.hub@example.org") && reply.contains("choose \"Fill in your team's response\""), "\(reply)")
        #expect(F.names(in: sandbox.rejected).contains("broken.md.reply.txt"))
        let list = report.replyList(dryRun: false).joined(separator: "\n")
        #expect(list.contains("  Health Visiting, Northshire NHS Trust: hv.team@example.org (inbox/rejected/status.md.reply.txt)")
                || list.contains("Health Visiting, Northshire NHS Trust: hv.team@example.org ("), "\(list)")
        #expect(list.contains("broken.md.reply.txt: the file does not say who sent it"), "\(list)")
        // A second run reads neither reply nor errors file as a response.
        let again = try sandbox.collect()
        #expect(again.lines.isEmpty, "\(again.lines)")
    }
}
