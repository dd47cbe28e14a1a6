import Foundation
import Testing
@testable import LearningHubCore

/// The words the search index takes from sections, themes and free pages: read from the cmark tree
/// as the page's HTML is made (`SearchText`), every tag a word break, never the markup itself.
@Suite("Search: the text of rendered Markdown")
struct SearchTextTests {
    private func load(_ hub: TempHub) throws -> Hub { try hub.pipeline.loadHub().0 }

    @Test func aPageGivesItsWordsWithoutMarkup() throws {
        let hub = try TempHub()
        try hub.write("files/form.png", "not really a picture")
        try hub.write("pages/notes.md", """
        ---
        title: Notes
        ---

        Tom & Jerry's *plan*, `a < b` and <span>raw</span> "quoted"
        next line.\\
        After a break ![a photo of a form](../files/form.png) end.

        ```
        let x = "<b>" && y
        ```

        ### A heading

        > Quoted &amp; decoded &#x2019;

        | Agency | What it *holds* |
        |---|---|
        | GP & co | `notes` |
        """)
        let page = try #require(try load(hub).pages.first { $0.slug == "notes" })
        // Each tag (<em>, <code>, the raw HTML cmark leaves out, the image) stands between words;
        // the image's description is not text on the page; the table's cells are. Quotes are
        // curled as the page shows them, but not in code.
        #expect(page.text == #"Tom & Jerry’s plan , a < b and raw “quoted” next line. After a break end. let x = "<b>" && y A heading Quoted & decoded ’ Agency What it holds GP & co notes"#)
    }

    @Test func aListOfFindingsGivesTheirIDs() throws {
        let hub = try TempHub()
        let briefing = try #require(try load(hub).briefings.first)
        let findings = try #require(briefing.sections.first { $0.title == "The findings" })
        // The ID badge before each finding is text the page shows, and is searched as such.
        #expect(findings.text == "F1 First finding. F1.1 A point under it. F2 Second finding.")
    }

    @Test func aThemeGivesItsBodysWords() throws {
        let hub = try TempHub()
        try hub.write("themes/strategy-meetings.md", """
        ---
        name: Strategy meetings
        description: When agencies meet about a child.
        ---

        Invite **everyone** who knows the child.
        """)
        let theme = try #require(try load(hub).themes.first { $0.slug == "strategy-meetings" })
        #expect(theme.text == "Invite everyone who knows the child.")
    }
}
