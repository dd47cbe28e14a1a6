import Foundation
import Testing
@testable import LearningHubCore

/// Each broken input must stop the build with an error that names the file and the line (and the
/// column where it means something), and must leave the site that was already built exactly as it was.
@Suite("Bad input is reported and the old site is kept")
struct BadInputTests {

    /// Builds the valid fixture once, so that there is a previous site to protect, and returns its bytes.
    private func builtHub() throws -> (TempHub, [String: Data]) {
        let hub = try TempHub()
        try hub.build()
        let before = try snapshot(of: hub.output)
        #expect(before["briefings/ben/index.html"] != nil)
        return (hub, before)
    }

    /// The previous site is byte-for-byte the same, and no staging folder was left beside it.
    private func expectUntouched(_ hub: TempHub, _ before: [String: Data],
                                 sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let after = try snapshot(of: hub.output)
        #expect(after.keys.sorted() == before.keys.sorted(), "the set of files in Public/ changed", sourceLocation: sourceLocation)
        #expect(after == before, "a file in Public/ changed", sourceLocation: sourceLocation)
        #expect(try hub.siblingsOfOutput() == ["Content", "Public", "Theme"], sourceLocation: sourceLocation)
    }

    // MARK: Front matter

    @Test func malformedYAMLFrontMatterIsReportedAtItsLineAndColumn() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.briefing().replacingOccurrences(of: "child: Ben\n", with: "child: Ben: the child\n")
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        // libyaml stops at the second ':' of the line: "mapping values are not allowed in this context".
        let at = position(of: ": the child", in: text)
        expectError(diagnostics, path: hub.display("briefings/ben.md"), line: at.line, column: at.column,
                    containing: "the YAML is malformed")
        try expectUntouched(hub, before)
    }

    @Test func aFieldGivenTwiceIsReported() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.briefing(extraFrontMatter: "child: Ben again\n")
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        let error = expectError(diagnostics, path: hub.display("briefings/ben.md"), containing: "'child' is given twice")
        // At one of the two lines that give it (today: the first).
        let lines = [position(of: "child:", in: text).line, position(of: "child:", in: text, occurrence: 2).line]
        #expect(lines.contains(error?.location.line ?? 0), "\(listing(diagnostics))")
        try expectUntouched(hub, before)
    }

    @Test func frontMatterThatIsNeverClosedIsReported() throws {
        let (hub, before) = try builtHub()
        try hub.write("briefings/ben.md", "---\ntitle: Ben\n\n## 01 Background\n")
        let diagnostics = try #require(hub.failingBuild())
        expectError(diagnostics, path: hub.display("briefings/ben.md"), line: 1, containing: "never closed")
        try expectUntouched(hub, before)
    }

    @Test func aMissingRequiredFieldIsNamed() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.briefing().replacingOccurrences(of: "title: \"Ben: a test briefing\"\n", with: "")
        #expect(!text.contains("title:"))
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        // No line has the field, so the error points at the front matter's opening '---'.
        expectError(diagnostics, path: hub.display("briefings/ben.md"), line: 1, containing: "required field 'title'")
        try expectUntouched(hub, before)
    }

    @Test func anEmptyRequiredFieldIsReportedAtItsLine() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.briefing().replacingOccurrences(of: "title: \"Ben: a test briefing\"\n", with: "title: \"  \"\n")
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        expectError(diagnostics, path: hub.display("briefings/ben.md"), line: position(of: "title:", in: text).line,
                    column: 1, containing: "'title' is empty")
        try expectUntouched(hub, before)
    }

    @Test func aBadDateIsReportedAtItsLine() throws {
        let (hub, before) = try builtHub()
        // The forms the collector reads are dates (27/11/2026, 27 November 2026); this is not.
        let text = Fixture.briefing(published: "the end of November")
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        expectError(diagnostics, path: hub.display("briefings/ben.md"), line: position(of: "published:", in: text).line,
                    containing: "should be a date, like 2026-11-27 or 27 November 2026")
        try expectUntouched(hub, before)
    }

    @Test func aThemeWithNoFileGetsAPageAndAWarningNamingTheFile() throws {
        let (hub, _) = try builtHub()
        let text = Fixture.briefing(themes: ["strategy-meetings", "Cuckooing and exploitation"])
        try hub.write("briefings/ben.md", text)
        let report = try hub.build()
        let at = position(of: "Cuckooing and exploitation", in: text)
        let warning = try #require(report.warnings.first { $0.message.contains("has no file") }, "\(listing(report.warnings))")
        #expect(warning.location.path == hub.display("briefings/ben.md"))
        #expect(warning.location.line == at.line && warning.location.column == at.column)
        #expect(warning.message.contains("themes/cuckooing-and-exploitation.md"))
        let page = try hub.page("themes/cuckooing-and-exploitation/index.html")
        #expect(page.contains("<h1>Cuckooing and exploitation</h1>"))
        #expect(page.contains(#"href="../../briefings/ben/#F1""#))
    }

    // MARK: Sections

    @Test func aBriefingWithNoSectionsIsReported() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.briefing(body: "\nJust some text, with no headings at all.\n")
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        let bodyStart = position(of: "---", in: text, occurrence: 2).line + 1
        expectError(diagnostics, path: hub.display("briefings/ben.md"), line: bodyStart, containing: "the briefing has no sections")
        try expectUntouched(hub, before)
    }

    @Test func aListUnderANarrativeFallbackHeadingIsWarnedAboutOnce() throws {
        let (hub, _) = try builtHub()
        let text = Fixture.briefing(body: Fixture.body(extra: "## 08 Practice in Northshire\n\n- One.\n- Two.\n\n## 09 Our city\n\nNo list here.\n"))
        try hub.write("briefings/ben.md", text)
        let report = try hub.build()
        let warned = report.warnings.filter { $0.message.contains("holds a list") }
        #expect(warned.count == 1, "\(listing(report.warnings))")
        #expect(warned.first?.location.line == position(of: "## 08 Practice", in: text).line)
        #expect(warned.first?.message.contains("'Practice in Northshire'") == true)
        #expect(warned.first?.message.contains("sections: {08: findings}") == true)
        // Its items are not given IDs: the author did not say what they are.
        let html = try hub.page("briefings/ben/index.html")
        let section8 = try #require(html.range(of: #"id="section-08""#))
        #expect(!html[section8.lowerBound...].prefix(400).contains("item-id"))
    }

    @Test func anOverrideNamingNoSectionOrNoRoleIsReported() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.briefing(extraFrontMatter: "sections:\n  12: findings\n  \"The review\": verdicts\n")
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        let path = hub.display("briefings/ben.md")
        expectError(diagnostics, path: path, line: position(of: "12: findings", in: text).line, containing: "'sections' names '12', which is not a section")
        expectError(diagnostics, path: path, line: position(of: "verdicts", in: text).line, containing: "should name a role")
        try expectUntouched(hub, before)
    }

    @Test func aLevelOneHeadingIsReportedAndTextBeforeTheFirstSectionIsKept() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.briefing(body: "\n# A title\n\nStray text.\n" + Fixture.body())
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        let path = hub.display("briefings/ben.md")
        expectError(diagnostics, path: path, line: position(of: "# A title", in: text).line, column: 1,
                    containing: "title comes from its front matter")
        #expect(!diagnostics.contains { $0.message.contains("before the first section") })
        try expectUntouched(hub, before)
        try hub.write("briefings/ben.md", Fixture.briefing(body: "\nAn introduction.\n" + Fixture.body()))
        try hub.build()
        #expect(try hub.page("briefings/ben/index.html").contains("<div class=\"briefing__introduction\">\n<p>An introduction.</p>"))
    }

    // MARK: Links

    @Test func aBrokenRelativeLinkIsReportedAtTheLink() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.briefing(body: Fixture.body([1: "## 01 Background\n\nSee [x](../briefings/nope.md) for more.\n"]))
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        let at = position(of: "[x](../briefings/nope.md)", in: text)
        expectError(diagnostics, path: hub.display("briefings/ben.md"), line: at.line, column: at.column,
                    containing: "the link '../briefings/nope.md' points to 'briefings/nope.md', which does not exist")
        try expectUntouched(hub, before)
    }

    @Test func aBrokenLinkInAListItemOrATheme() throws {
        let (hub, before) = try builtHub()
        let briefing = Fixture.briefing(body: Fixture.body([7: "## 07 Implementing change\n\n- Read [the guide](../pages/guide.md).\n"]))
        try hub.write("briefings/ben.md", briefing)
        let theme = Fixture.theme(name: "Strategy meetings", body: "Intro.\n\n> Quoted [x](../briefings/nope.md).\n")
        try hub.write("themes/strategy-meetings.md", theme)
        let diagnostics = try #require(hub.failingBuild())
        let inList = position(of: "[the guide]", in: briefing)
        expectError(diagnostics, path: hub.display("briefings/ben.md"), line: inList.line, column: inList.column,
                    containing: "'../pages/guide.md' points to 'pages/guide.md', which does not exist")
        let inQuote = position(of: "[x]", in: theme)
        expectError(diagnostics, path: hub.display("themes/strategy-meetings.md"), line: inQuote.line, column: inQuote.column,
                    containing: "'../briefings/nope.md' points to 'briefings/nope.md'")
        try expectUntouched(hub, before)
    }

    @Test func aBrokenLinkOnTheSecondLineOfAParagraphIsReportedOnThatLine() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.briefing(body: Fixture.body([1: "## 01 Background\n\nThe first line of a paragraph\nand the second with [x](nope.md) in it.\n"]))
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        let at = position(of: "[x](nope.md)", in: text)
        expectError(diagnostics, path: hub.display("briefings/ben.md"), line: at.line, column: at.column,
                    containing: "the link 'nope.md'")
        try expectUntouched(hub, before)
    }

    /// Authors paste text from Word, so curly quotes and dashes are common before a link. The YAML
    /// side counts columns in characters; the Markdown side should too.
    @Test func theColumnOfABrokenLinkCountsCharactersNotBytes() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.theme(name: "Strategy meetings", body: "The child\u{2019}s caf\u{E9} \u{2014} [x](nope.md)\n")
        try hub.write("themes/strategy-meetings.md", text)
        let diagnostics = try #require(hub.failingBuild())
        let at = position(of: "[x](nope.md)", in: text)
        let error = expectError(diagnostics, path: hub.display("themes/strategy-meetings.md"), line: at.line,
                                containing: "the link 'nope.md'")
        #expect(error?.location.column == at.column, "\(listing(diagnostics))")
        try expectUntouched(hub, before)
    }

    @Test func linksThatLeaveTheContentFolderOrUseAbsolutePathsAreRefused() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.briefing(body: Fixture.body([1: """
            ## 01 Background

            - [a](../../hub.yml)
            - [b](/briefings/ben.md)
            - [c](../hub.yml)
            - ![d](https://example.com/x.png)

            """]))
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        let path = hub.display("briefings/ben.md")
        expectError(diagnostics, path: path, line: position(of: "[a]", in: text).line, column: 3, containing: "climbs out of the content folder")
        expectError(diagnostics, path: path, line: position(of: "[b]", in: text).line, column: 3, containing: "starts with '/'")
        expectError(diagnostics, path: path, line: position(of: "[c]", in: text).line, column: 3, containing: "does not point at a page")
        expectError(diagnostics, path: path, line: position(of: "![d]", in: text).line, column: 3, containing: "is on another site")
        try expectUntouched(hub, before)
    }

    @Test func aBrokenAnchorOnTheSamePageIsReported() throws {
        let (hub, before) = try builtHub()
        let text = Fixture.briefing(body: Fixture.body([2: "## 02 Safeguarding concerns\n\nSee [x](#nope) and [y](#F2) and [z](#section-05).\n"]))
        try hub.write("briefings/ben.md", text)
        let diagnostics = try #require(hub.failingBuild())
        let at = position(of: "[x](#nope)", in: text)
        expectError(diagnostics, path: hub.display("briefings/ben.md"), line: at.line, column: at.column,
                    containing: "the link '#nope' points to '#nope', which is not on that page")
        // The finding and the section exist, so only one anchor error.
        #expect(diagnostics.filter { $0.message.contains("which is not on that page") }.count == 1, "\(listing(diagnostics))")
        try expectUntouched(hub, before)
    }

    @Test func anItemIDWithADotIsCheckedAsItsAnchor() throws {
        let (hub, before) = try builtHub()
        let other = Fixture.briefing(title: "Other", body: Fixture.body([1: "## 01 Background\n\nLike [F1.1](ben.md#F1.1), not [x](ben.md#F1.9).\n"]))
        try hub.write("briefings/other.md", other)
        let diagnostics = try #require(hub.failingBuild())
        let at = position(of: "[x](ben.md#F1.9)", in: other)
        expectError(diagnostics, path: hub.display("briefings/other.md"), line: at.line, column: at.column,
                    containing: "the link 'ben.md#F1.9'")
        #expect(diagnostics.count == 1, "\(listing(diagnostics))")
        try expectUntouched(hub, before)
    }

    @Test func aBrokenAnchorOnAnotherPageIsReported() throws {
        let (hub, before) = try builtHub()
        let other = Fixture.briefing(title: "Other", body: Fixture.body([1: "## 01 Background\n\nLike [Ben's F2](ben.md#F2) and [F1.1](ben.md#F1-1), not [x](ben.md#F99).\n"]))
        try hub.write("briefings/other.md", other)
        let diagnostics = try #require(hub.failingBuild())
        let at = position(of: "[x](ben.md#F99)", in: other)
        expectError(diagnostics, path: hub.display("briefings/other.md"), line: at.line, column: at.column,
                    containing: "the link 'ben.md#F99' points to '#F99', which is not on that page")
        #expect(diagnostics.count == 1, "\(listing(diagnostics))")
        try expectUntouched(hub, before)
    }

    // MARK: Templates

    @Test func aMismatchedSectionInATemplateIsReportedAtItsLine() throws {
        let (hub, before) = try builtHub()
        var lines = try hub.readTemplate("briefing-card").components(separatedBy: "\n")
        lines.insert("  {{#summary}}<p>{{summary}}</p>{{/title}}", at: 2)
        try hub.writeTemplate("briefing-card", lines.joined(separator: "\n"))
        let diagnostics = try #require(hub.failingBuild())
        expectError(diagnostics, path: hub.displayTemplate("briefing-card"), line: 3,
                    containing: "template 'briefing-card': the section 'summary' opened here is closed by {{/title}} at line 3")
        try expectUntouched(hub, before)
    }

    @Test func anUnclosedSectionInATemplateNamesTheTemplate() throws {
        let (hub, before) = try builtHub()
        var lines = try hub.readTemplate("briefing-card").components(separatedBy: "\n")
        lines.insert("  {{#x}}", at: 2)
        try hub.writeTemplate("briefing-card", lines.joined(separator: "\n"))
        let diagnostics = try #require(hub.failingBuild())
        // swift-mustache notices only at the end of the file; the error points at the opening tag.
        let error = expectError(diagnostics, path: hub.displayTemplate("briefing-card"), line: 3,
                                containing: "the section 'x' opened here is never closed; add {{/x}}")
        #expect(error != nil)
        try expectUntouched(hub, before)
    }

    @Test func aMissingPartialIsReportedAtTheTag() throws {
        let (hub, before) = try builtHub()
        let text = try hub.readTemplate("briefing")
        let edited = text.replacingOccurrences(of: "  {{>clock}}\n", with: "  {{>clock}}\n  <div>{{> clock-face }}</div>\n")
        #expect(edited != text)
        try hub.writeTemplate("briefing", edited)
        let diagnostics = try #require(hub.failingBuild())
        let at = position(of: "{{> clock-face }}", in: edited)
        expectError(diagnostics, path: hub.displayTemplate("briefing"), line: at.line, column: at.column,
                    containing: "uses the partial 'clock-face', but there is no template 'clock-face.mustache'")
        try expectUntouched(hub, before)
    }

    @Test func aMissingRequiredTemplateIsReported() throws {
        let (hub, before) = try builtHub()
        try FileManager.default.removeItem(at: hub.theme.appendingPathComponent("templates/theme.mustache"))
        let diagnostics = try #require(hub.failingBuild())
        expectError(diagnostics, path: hub.displayTemplate("theme"), containing: "the theme has no template 'theme'")
        try expectUntouched(hub, before)
    }

    // MARK: All at once

    @Test func oneRunReportsEveryProblemInEveryFileAndTemplate() throws {
        let (hub, before) = try builtHub()
        let malformed = Fixture.briefing(title: "A").replacingOccurrences(of: "child: Ben\n", with: "child: Ben: the child\n")
        try hub.write("briefings/a-malformed.md", malformed)
        let untitled = Fixture.briefing().replacingOccurrences(of: "title: \"Ben: a test briefing\"\n", with: "")
        try hub.write("briefings/b-untitled.md", untitled)
        let unknownTheme = Fixture.briefing(title: "C", extraFrontMatter: "theme_items:\n  nope: [F1]\n")
        try hub.write("briefings/c-theme.md", unknownTheme)
        try hub.write("briefings/D Twin.md", Fixture.briefing(title: "D1"))
        try hub.write("briefings/d-twin.md", Fixture.briefing(title: "D2"))
        let sections = Fixture.briefing(title: "E", extraFrontMatter: "sections:\n  9: findings\n")
        try hub.write("briefings/e-sections.md", sections)
        let links = Fixture.briefing(title: "F", body: Fixture.body([1: "## 01 Background\n\n[a](../briefings/nope.md) [b](#nope) [c](ben.md#F99)\n"]))
        try hub.write("briefings/f-links.md", links)
        var card = try hub.readTemplate("briefing-card").components(separatedBy: "\n")
        card.insert("{{#a}}{{/b}}", at: 1)
        try hub.writeTemplate("briefing-card", card.joined(separator: "\n"))
        try hub.writeTemplate("home", try hub.readTemplate("home") + "{{>missing}}\n")

        let diagnostics = try #require(hub.failingBuild())
        let p = hub.display
        expectError(diagnostics, path: p("briefings/a-malformed.md"), line: position(of: "child:", in: malformed).line, containing: "malformed")
        expectError(diagnostics, path: p("briefings/b-untitled.md"), line: 1, containing: "required field 'title'")
        expectError(diagnostics, path: p("briefings/c-theme.md"), line: position(of: "nope:", in: unknownTheme).line, containing: "'theme_items' names the theme 'nope'")
        #expect(diagnostics.filter { $0.message.contains("slug 'd-twin'") }.count == 2, "\(listing(diagnostics))")
        expectError(diagnostics, path: p("briefings/e-sections.md"), line: position(of: "9: findings", in: sections).line, containing: "'sections' names '9'")
        let linkLine = position(of: "[a]", in: links).line
        expectError(diagnostics, path: p("briefings/f-links.md"), line: linkLine, column: position(of: "[a]", in: links).column, containing: "'../briefings/nope.md'")
        expectError(diagnostics, path: p("briefings/f-links.md"), line: linkLine, column: position(of: "[b]", in: links).column, containing: "'#nope'")
        expectError(diagnostics, path: p("briefings/f-links.md"), line: linkLine, column: position(of: "[c]", in: links).column, containing: "'ben.md#F99'")
        expectError(diagnostics, path: hub.displayTemplate("briefing-card"), line: 2, containing: "is closed by {{/")
        expectError(diagnostics, path: hub.displayTemplate("home"), containing: "partial 'missing'")
        #expect(diagnostics.allSatisfy { $0.severity == .error })
        // Printed in file order, so that the list reads top to bottom.
        #expect(diagnostics.map(\.location) == diagnostics.map(\.location).sorted())
        try expectUntouched(hub, before)
    }

    /// Pages are written as they are rendered, so everything that could stop the build must be read
    /// before the first page is written: a theme asset that cannot be read (here a link to nowhere) too.
    @Test func anUnreadableThemeAssetStopsTheBuildBeforeAnythingIsWritten() throws {
        let (hub, before) = try builtHub()
        try hub.write("briefings/ben.md", Fixture.briefing().replacingOccurrences(of: "child: Ben\n", with: "child: Benjamin\n"))
        try FileManager.default.createSymbolicLink(atPath: hub.theme.appendingPathComponent("assets/gone.css").path,
                                                   withDestinationPath: "/nonexistent/gone.css")
        let diagnostics = try #require(hub.failingBuild())
        expectError(diagnostics, path: BuildOptions.display(path: hub.theme.appendingPathComponent("assets/gone.css").path),
                    containing: "this file of the theme cannot be read (No such file or directory)")
        try expectUntouched(hub, before)
    }

    @Test func diagnosticsPrintAsPathLineColumn() {
        let d = Diagnostic.error(LearningHubCore.SourceLocation(path: "Content/briefings/ben.md", line: 12, column: 5), "the link 'x.md' is broken")
        #expect(d.description == "Content/briefings/ben.md:12:5: error: the link 'x.md' is broken")
        let w = Diagnostic.warning(LearningHubCore.SourceLocation(path: "Content/hub.yml", line: 0, column: -3), "odd")
        #expect(w.description == "Content/hub.yml:1:1: warning: odd")
    }
}
