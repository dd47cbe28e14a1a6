import Foundation
import Testing
@testable import LearningHubCore
@testable import LearningHubImport

/// The seed is what a learning officer gets by copying a PDF's text; `ben.md` was written from it
/// by hand. Importing the seed must give the same briefing, point by point.
@Suite("Importing the seed gives ben's briefing")
struct SeedImportTests {
    let seed = repoRoot.appendingPathComponent("seeds/000_bb50d83f98b648c9.txt")

    /// The page's HTML of a section without the author's notes, which ben.md has and the seed has not.
    private func visible(_ html: String) -> String {
        html.replacingOccurrences(of: "<!-- raw HTML omitted -->", with: "")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func theSeedImportsIntoBensSectionsFindingsAndRecommendations() throws {
        let hub = try ImportHub()
        let report = hub.importing([seed], as: "ben-imported")
        #expect(report.failed == 0, "\(problems(report))")
        let imported = try hub.briefing("ben-imported"), ben = try hub.briefing("ben")

        #expect(imported.sections.map { $0.title.lowercased() } == ben.sections.map { $0.title.lowercased() })
        #expect(imported.sections.count == 7)
        for (mine, theirs) in zip(imported.sections, ben.sections) {
            #expect(visible(mine.html) == visible(theirs.html), "section '\(theirs.title)' differs")
        }
        #expect(imported.findings.map(\.id) == ["F1", "F1.1", "F2", "F2.1", "F2.2", "F2.3", "F2.4", "F3", "F3.1", "F4"])
        #expect(imported.recommendations.map(\.id) == ["R1", "R2", "R3", "R3.1", "R3.2", "R4"])
        // Item by item: the same ID, nesting and words as ben's, for every citable point.
        #expect(imported.items.count == ben.items.count)
        for (mine, theirs) in zip(imported.items, ben.items) {
            #expect(mine.id == theirs.id && mine.depth == theirs.depth && mine.text == theirs.text, "\(mine.id): '\(mine.text)' vs \(theirs.id): '\(theirs.text)'")
        }
        #expect(imported.themes == ben.themes)
        #expect(report.imported.first?.markdown.contains("\nchild: \"Ben\"\n") == true)
        // The whole hub, with the imported briefing in it, builds.
        _ = try hub.pipeline.run()
    }

    @Test func theResponseFormIsLeftOutAndTheUserToldWhere() throws {
        let hub = try ImportHub()
        let report = hub.importing([seed], as: "ben-imported")
        let markdown = try #require(report.imported.first?.markdown)
        for formText in ["Name of Organisation", "Team Manager", "Contact Details", "What actions have been agreed", "Who will do it?"] {
            #expect(!markdown.contains(formText), "'\(formText)' was imported")
        }
        let warning = report.problems.first { $0.message.contains("response form") }
        #expect(warning?.description == "000_bb50d83f98b648c9.txt:63: warning: the response form from here to the end (10 lines) is left out: the hub makes a response form for every briefing")
        // The seed prints 07 before 06: the briefing has them in number order, and the user is told.
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.prefix(5)) }
        #expect(headings == ["## 01", "## 02", "## 03", "## 04", "## 05", "## 06", "## 07"])
        #expect(report.problems.contains { $0.description == "000_bb50d83f98b648c9.txt:43: warning: section 07 comes before section 06 in the document; the briefing has them in number order: check that this is what the author meant" }, "\(problems(report))")
    }

    @Test func guessesAreMarkedInTheFrontMatter() throws {
        let hub = try ImportHub()
        let markdown = try #require(hub.importing([seed], as: "ben-imported", dryRun: true).imported.first).markdown
        let front = markdown.components(separatedBy: "\n---\n")[0]
        #expect(front.contains("# guessed from the file's date: check\npublished: "))
        #expect(front.contains("check\ntitle: \"Ben\"\n"))
        #expect(front.contains("review_kind: \"Child Safeguarding Practice Review\""))
        #expect(front.contains("themes:\n  - \"strategy-meetings\"\n  - \"graded-care-profile\"\n  - \"voice-of-the-child\"\n  - \"gp-information-sharing\"\n  - \"signs-of-safety\"\n"))
    }

    @Test func anExistingBriefingIsNeverOverwritten() throws {
        let hub = try ImportHub()
        let before = try Data(contentsOf: hub.briefings.appendingPathComponent("ben.md"))
        let report = hub.importing([seed])
        #expect(report.failed == 1 && report.imported.isEmpty)
        #expect(report.problems.contains { $0.severity == .error && $0.message.contains("Content/briefings/ben.md already exists, and an import never overwrites a briefing: give this one another slug with --as NEW-SLUG") }, "\(problems(report))")
        #expect(try Data(contentsOf: hub.briefings.appendingPathComponent("ben.md")) == before)
        #expect(try hub.briefingNames() == hub.originalBriefings)
    }

    @Test func theSameFileImportsToTheSameBytes() throws {
        let first = try ImportHub(), second = try ImportHub()
        _ = first.importing([seed], as: "ben-imported")
        _ = second.importing([seed], as: "ben-imported")
        let a = try Data(contentsOf: first.briefings.appendingPathComponent("ben-imported.md"))
        #expect(a == (try Data(contentsOf: second.briefings.appendingPathComponent("ben-imported.md"))))
        #expect(String(decoding: a, as: UTF8.self) == first.importing([seed], as: "again", dryRun: true).imported.first?.markdown)
    }

    @Test func aDryRunWritesNothing() throws {
        let hub = try ImportHub()
        let report = hub.importing([seed], as: "ben-imported", dryRun: true)
        #expect(report.imported.first?.target == "Content/briefings/ben-imported.md")
        #expect(report.imported.first?.markdown.contains("## 05 The findings") == true)
        #expect(try hub.briefingNames() == hub.originalBriefings)
    }
}
