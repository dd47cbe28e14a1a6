import Foundation
import Testing
@testable import LearningHubCore

/// A `BuildSession` rebuild after a change must write exactly the site a full build of the changed
/// content writes: every kind of change, one at a time, compared byte for byte.
@Suite("Incremental rebuilds give the bytes of a full build")
struct IncrementalBuildTests {
    /// The seed hub (responses and teams.yml included) plus a few briefings, so that lists, themes
    /// and the latest five all have something to reorder.
    private func makeHub() throws -> TempHub {
        let hub = try TempHub(copySeedContent: true)
        for i in 1...7 {
            try hub.write("briefings/case-\(i).md", Fixture.briefing(
                title: "Case \(i): a test briefing", published: "2025-0\(i)-1\(i)",
                themes: i % 2 == 0 ? ["strategy-meetings", "voice-of-the-child"] : ["signs-of-safety"],
                body: Fixture.body([4: "## 04 The review\n\nSee [Strategy meetings](../themes/strategy-meetings.md) and [Ben](ben.md#F2).\n"])))
        }
        return hub
    }

    /// Builds the same content in full into a folder of its own and compares it with the session's output.
    private func expectSameAsFullBuild(_ hub: TempHub, _ change: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let full = hub.root.appendingPathComponent("Full")
        try? FileManager.default.removeItem(at: full)
        try BuildPipeline(options: BuildOptions(content: hub.content, theme: hub.theme, output: full)).run()
        let expected = try snapshot(of: full)
        let actual = try snapshot(of: hub.output)
        #expect(actual.keys.sorted() == expected.keys.sorted(), "after \(change): the set of files differs", sourceLocation: sourceLocation)
        for path in expected.keys.sorted() where actual[path] != expected[path] {
            Issue.record("after \(change): \(path) differs from a full build", sourceLocation: sourceLocation)
        }
    }

    /// Changes a content file; the change must change it (an edit whose text no longer matches the
    /// file would otherwise leave the file as it was, and the rebuild would check nothing).
    private func edit(_ hub: TempHub, _ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation,
                      _ change: (String) -> String) throws {
        let url = hub.content.appendingPathComponent(path)
        let old = try String(contentsOf: url, encoding: .utf8)
        let new = change(old)
        try #require(new != old, "the edit of \(path) matched nothing in it", sourceLocation: sourceLocation)
        try hub.write(path, new)
    }

    @Test func everyKindOfChangeRebuildsToTheFullBuildsBytes() throws {
        let hub = try makeHub()
        let session = BuildSession(options: hub.options)
        let first = try session.build()
        #expect(!first.incremental)
        try expectSameAsFullBuild(hub, "the first build")

        let changes: [(String, () throws -> Void)] = [
            ("a sentence added to a briefing", { try edit(hub, "briefings/case-3.md") { $0.replacingOccurrences(of: "Ben lived with his mother.", with: "Ben lived with his mother and a brother.") } }),
            ("a briefing's summary", { try edit(hub, "briefings/case-2.md") { $0.replacingOccurrences(of: "summary: A one-line summary.", with: "summary: A different summary.") } }),
            ("a briefing's title", { try edit(hub, "briefings/ben.md") { $0.replacingOccurrences(of: "title: \"Ben: bruising", with: "title: \"Ben: serious bruising") } }),
            ("a briefing's date, moving it in every list", { try edit(hub, "briefings/case-1.md") { $0.replacingOccurrences(of: "published: 2025-01-11", with: "published: 2027-01-01") } }),
            ("a briefing's themes", { try edit(hub, "briefings/case-5.md") { $0.replacingOccurrences(of: "  - signs-of-safety\n", with: "  - signs-of-safety\n  - voice-of-the-child\n") } }),
            ("a finding added", { try edit(hub, "briefings/ben.md") { $0.replacingOccurrences(of: "## 06 Recommendations", with: "- A new finding at the end.\n\n## 06 Recommendations") } }),
            ("a finding's words, which responses cite", { try edit(hub, "briefings/ben.md") { $0.replacingOccurrences(of: "The Graded Care Profile is not effectively used", with: "The Graded Care Profile is rarely used") } }),
            ("a new briefing", { try hub.write("briefings/new-case.md", Fixture.briefing(title: "New case", published: "2026-12-01", themes: ["graded-care-profile"])) }),
            ("a briefing removed", { try hub.remove("briefings/case-7.md") }),
            ("a theme's words", { try edit(hub, "themes/signs-of-safety.md") { $0 + "\nMore about the model.\n" } }),
            ("a theme's description", { try edit(hub, "themes/graded-care-profile.md") { $0.replacingOccurrences(of: "description: ", with: "description: Revised. ") } }),
            ("a theme's name", { try edit(hub, "themes/strategy-meetings.md") { $0.replacingOccurrences(of: "name: Strategy meetings", with: "name: Strategy discussions") } }),
            ("a free page's words", { try edit(hub, "pages/privacy.md") { $0 + "\nOne more paragraph.\n" } }),
            ("a free page's title (in every page's footer)", { try edit(hub, "pages/about.md") { $0.replacingOccurrences(of: "title: About the hub", with: "title: About this hub") } }),
            ("a response's action", { try edit(hub, "responses/ben/little-acorns-day-nursery--nursery-manager-and-room-leaders.md") { $0.replacingOccurrences(of: "status: in progress", with: "status: done") } }),
            ("a response removed", { try hub.remove("responses/ben/millbrook-medical-practice--safeguarding-lead-gp-and-practice-team.md") }),
            // A briefing's page of responses appears with its first response and goes with its last.
            ("the first response to a briefing", { try hub.write("responses/case-2/eastfield-surgery--practice-team.md", """
                ---
                briefing: "case-2"
                organisation: "Eastfield Surgery"
                team: "Practice Team"
                submitted: 2026-11-20
                learning:
                - refs: [F1]
                  discussion: "We talked about the first finding."
                actions: []
                ---
                """) }),
            ("a briefing's last response removed", { try hub.remove("responses/case-2/eastfield-surgery--practice-team.md") }),
            ("an expected team added", { try edit(hub, "teams.yml") { $0 + "  - organisation: Eastfield Surgery\n    team: Practice Team\n" } }),
            ("hub.yml", { try edit(hub, "hub.yml") { $0.replacingOccurrences(of: "title: Learning Hub", with: "title: The Learning Hub") } }),
            ("the day overdue is judged on", { try edit(hub, "hub.yml") { $0.replacingOccurrences(of: "as_of: 2026-11-27", with: "as_of: 2027-03-01") } }),
            ("a template", {
                let old = try hub.readTemplate("briefing-card")
                let new = old.replacingOccurrences(of: "card__meta", with: "card__meta card__meta--x")
                try #require(new != old, "the edit of the template matched nothing in it")
                try hub.writeTemplate("briefing-card", new)
            }),
            ("an asset", { try Data("body { color: black; }\n".utf8).write(to: hub.theme.appendingPathComponent("assets/extra.css")) }),
        ]
        for (name, change) in changes {
            try change()
            let report = try session.build()
            #expect(report.incremental || name == "a template", "after \(name): the session did not reuse its previous build")
            try expectSameAsFullBuild(hub, name)
        }
    }

    @Test func aRebuildAfterOneBriefingChangedLoadsAndRendersOnlyWhatItTouches() throws {
        let hub = try makeHub()
        let session = BuildSession(options: hub.options)
        let first = try session.build()
        // Pages a change to one briefing's body does not touch keep their file (inode and date).
        let untouched = ["index.html", "briefings/index.html", "themes/index.html", "themes/strategy-meetings/index.html",
                         "briefings/case-2/index.html", "briefings/ben/index.html", "briefings/ben/responses/index.html"]
        func identities() throws -> [String] {
            try untouched.map { path in
                let attributes = try FileManager.default.attributesOfItem(atPath: hub.output.appendingPathComponent(path).path)
                return "\(attributes[.systemFileNumber] ?? "") \(attributes[.modificationDate] ?? "")"
            }
        }
        let before = try identities()
        try edit(hub, "briefings/case-3.md") { $0.replacingOccurrences(of: "Bruising was found.", with: "Bruising was found on his arms.") }
        let report = try session.build()
        #expect(report.incremental)
        #expect(report.loaded == 1)
        #expect(report.rendered < first.rendered / 2, "rendered \(report.rendered) of \(first.rendered)")
        #expect(report.written >= 1)
        #expect(try identities() == before)
        try expectSameAsFullBuild(hub, "editing one briefing")

        // Nothing changed: nothing is read, and no page is written.
        let again = try session.build()
        #expect(again.loaded == 0 && again.removed == 0)
        #expect(try identities() == before)
    }

    @Test func aFailedRebuildLeavesTheSiteAsItWasAndTheNextOneCatchesUp() throws {
        let hub = try makeHub()
        let session = BuildSession(options: hub.options)
        try session.build()
        let before = try snapshot(of: hub.output)
        try edit(hub, "briefings/case-4.md") { $0.replacingOccurrences(of: "## 03 The incident", with: "# 03 The incident") }
        #expect(throws: DiagnosticsError.self) { try session.build() }
        #expect(try snapshot(of: hub.output) == before)
        #expect(try hub.siblingsOfOutput() == ["Content", "Public", "Theme"])
        // Fixed, with another change made meanwhile.
        try edit(hub, "briefings/case-4.md") { $0.replacingOccurrences(of: "# 03 The incident", with: "## 03 The incident") }
        try edit(hub, "briefings/case-6.md") { $0.replacingOccurrences(of: "title: \"Case 6", with: "title: \"Case six") }
        let report = try session.build()
        #expect(report.incremental)
        try expectSameAsFullBuild(hub, "a failed build and its fix")
    }

    /// A free page's folder is at the top of the site, so its name can be one letter: Foundation's
    /// `deletingLastPathComponent` stopped the process on such a name when the page was removed.
    @Test func aPageWithAOneLetterNameCanBeAddedAndRemoved() throws {
        let hub = try makeHub()
        let session = BuildSession(options: hub.options)
        try session.build()
        try hub.write("pages/a.md", "---\ntitle: A to Z of local services\n---\n\nWho to call.\n")
        try session.build()
        #expect(FileManager.default.fileExists(atPath: hub.output.appendingPathComponent("a/index.html").path))
        try expectSameAsFullBuild(hub, "a page called a")
        try hub.remove("pages/a.md")
        let report = try session.build()
        #expect(report.incremental)
        #expect(!FileManager.default.fileExists(atPath: hub.output.appendingPathComponent("a").path))
        try expectSameAsFullBuild(hub, "the page called a removed")
    }

    @Test func aSessionWhoseOutputWasRemovedWritesItWhole() throws {
        let hub = try makeHub()
        let session = BuildSession(options: hub.options)
        try session.build()
        try FileManager.default.removeItem(at: hub.output)
        let report = try session.build()
        #expect(!report.incremental)
        try expectSameAsFullBuild(hub, "removing the output folder")
    }
}
