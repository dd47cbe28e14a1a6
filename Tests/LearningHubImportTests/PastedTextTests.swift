import Foundation
import Testing
@testable import LearningHubImport

/// Text as a learning officer pastes it from a PDF or an email: wrapped lines, Word's bullet
/// characters, lost indentation. Read straight from a .txt file.
@Suite("Pasted text is read back into paragraphs and lists")
struct PastedTextTests {
    private func imported(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (body: String, warnings: [String]) {
        let hub = try ImportHub()
        let url = hub.scratch("pasted.txt")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        let report = hub.importing([url], as: "pasted", dryRun: true)
        let markdown = try #require(report.imported.first?.markdown, "\(problems(report))", sourceLocation: sourceLocation)
        return (markdown.components(separatedBy: "\n---\n")[1], report.problems.map(\.description))
    }

    @Test func wrappedLinesAreJoinedBackIntoParagraphsAndItems() throws {
        let (body, _) = try imported("""
        01 Background
        Sam is a baby who lived with his mother and her partner. The family moved into the
        area shortly before Sam was born, and the records from the previous area were slow.
        They took several weeks to arrive.
        The health visitor first saw Sam at ten days old, with his multi-
        agency records still in another county.

        02 The findings
        • Records from the previous area did not reach the health visitor before Sam was
          born.
        • A strategy discussion was not held when a bruise was seen.
        """)
        #expect(body.contains("\nSam is a baby who lived with his mother and her partner. The family moved into the area shortly before Sam was born, and the records from the previous area were slow. They took several weeks to arrive.\n\nThe health visitor first saw Sam at ten days old, with his multi-agency records still in another county.\n"), "\(body)")
        #expect(body.contains("\n- Records from the previous area did not reach the health visitor before Sam was born.\n- A strategy discussion was not held when a bruise was seen.\n"), "\(body)")
    }

    @Test func nestingLostWithTheIndentationIsGuessedFromTheBulletsAndSaidSo() throws {
        let (body, warnings) = try imported("""
        01 The findings

        • Records did not follow the family.
        o Nobody asked where they had lived.
        ▪ The old address was on a letter in the file.
        • A strategy discussion was not held.
        """)
        #expect(body.contains("\n- Records did not follow the family.\n  - Nobody asked where they had lived.\n    - The old address was on a letter in the file.\n- A strategy discussion was not held.\n"), "\(body)")
        #expect(warnings.contains("pasted.txt:3: warning: the nesting of this list was guessed from its bullet characters, as the indentation was lost: check which points sit under which"), "\(warnings)")
    }

    @Test func indentedBulletsNestWithoutAWarning() throws {
        let (body, warnings) = try imported("""
        01 The findings

        - Records did not follow the family.
            o Nobody asked where they had lived.
        - A strategy discussion was not held.
        """)
        #expect(body.contains("\n- Records did not follow the family.\n  - Nobody asked where they had lived.\n- A strategy discussion was not held.\n"), "\(body)")
        #expect(!warnings.contains { $0.contains("nesting") })
    }

    @Test func headingsItCannotPlaceAndDatesItCannotReadAreReported() throws {
        let (body, warnings) = try imported("""
        **Seven minute briefing: Child W**

        Date: the spring after the review

        **01**
        **Background**
        W is a young person who lived with her grandmother.

        **A note on names**

        Names are changed.

        **02**
        **The findings**

        - One finding.
        """)
        #expect(body.contains("\n### A note on names\n"), "\(body)")
        #expect(warnings.contains("pasted.txt:9: warning: 'A note on names' looks like a heading but has no number, unlike the sections: it is kept as a sub-heading of the section above; check where it belongs"), "\(warnings)")
        #expect(warnings.contains("pasted.txt:3: warning: could not read the date 'the spring after the review': the file's date is used instead; write the date as 4 December 2026 or 2026-12-04"), "\(warnings)")
    }
}
