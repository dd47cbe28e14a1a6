import Foundation
import Testing
@testable import LearningHubCore
import TemplateEngine

/// All matches of the first capture group of `pattern` in `text`, in order.
func captures(_ pattern: String, in text: String) throws -> [String] {
    let regex = try NSRegularExpression(pattern: pattern)
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).compactMap { match in
        Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }
}

/// The seed hub of the repository (Content/ and Theme/), built as a user would.
@Suite("The seed hub builds into the site a reader expects")
struct SeedHubTests {
    /// Builds the real Content/ with the real Theme/ into a temporary Public/.
    private func buildSeed() throws -> (TempHub, BuildReport) {
        let hub = try TempHub(copySeedContent: true)
        let report = try hub.build()
        return (hub, report)
    }

    @Test func theSeedHubBuildsWithoutWarnings() throws {
        let (hub, report) = try buildSeed()
        #expect(report.briefings == 3)
        #expect(report.themes == 8)
        #expect(report.warnings.isEmpty, "\(listing(report.warnings))")
        let files = try snapshot(of: hub.output)
        for path in ["index.html", "404.html", "sitemap.xml", "briefings/index.html", "themes/index.html",
                     "briefings/ben/index.html", "themes/strategy-meetings/index.html",
                     "themes/graded-care-profile/index.html", "themes/voice-of-the-child/index.html",
                     "themes/gp-information-sharing/index.html", "themes/signs-of-safety/index.html",
                     "briefings/private-fostering/index.html", "briefings/margaret/index.html", "themes/private-fostering/index.html",
                     "themes/self-neglect/index.html", "themes/making-safeguarding-personal/index.html"] {
            #expect(files[path] != nil, "Public/\(path) was not written")
            #expect(files[path]?.isEmpty == false, "Public/\(path) is empty")
        }
        // Assets and the files kept beside the words are copied, not made.
        #expect(report.files == files.keys.filter { !$0.hasSuffix("/") && !$0.hasPrefix("assets/") && !$0.hasPrefix("files/") }.count)
        #expect(files["files/private-fostering-checklist.txt"] != nil)
        // Nothing is left beside the output.
        #expect(try hub.siblingsOfOutput() == ["Content", "Public", "Theme"])
    }

    @Test func theBriefingHasItsSevenSectionsInOrder() throws {
        let (hub, _) = try buildSeed()
        let html = try hub.page("briefings/ben/index.html")
        let sections = try captures(#"<section class="briefing-section" id="(section-\d\d)""#, in: html)
        #expect(sections == (1...7).map { String(format: "section-%02d", $0) })
        let numbers = try captures(#"<span class="section-number">(\d\d)</span>"#, in: html)
        #expect(numbers == ["01", "02", "03", "04", "05", "06", "07"])
        // The authors' titles are kept.
        #expect(html.contains(#"<span class="section-number">05</span> The findings</h2>"#))
        #expect(html.contains(#"<span class="section-number">07</span> Implementing change</h2>"#))
        // The clock face links to each section.
        let clockLinks = try captures(##"<a href="#(section-\d\d)" tabindex="-1" class="clock__segment">"##, in: html)
        #expect(clockLinks == sections)
    }

    @Test func findingsAndRecommendationsGetCitableIDs() throws {
        let (hub, _) = try buildSeed()
        let html = try hub.page("briefings/ben/index.html")
        let badges = try captures(##"<a class="item-id" id="([^"]+)" href="#[^"]+">"##, in: html)
        let findings = ["F1", "F1-1", "F2", "F2-1", "F2-2", "F2-3", "F2-4", "F3", "F3-1", "F4"]
        let recommendations = ["R1", "R2", "R3", "R3-1", "R3-2", "R4"]
        #expect(badges == findings + recommendations + ["Q1", "Q2"])
        // The badge shows the ID with its dot and links to itself.
        #expect(html.contains(##"<a class="item-id" id="F2-1" href="#F2-1">F2.1</a> Advice of managers/supervisors is not sought."##))
        #expect(html.contains(##"<a class="item-id" id="R3-2" href="#R3-2">R3.2</a> TSCP should contact"##))
        // Section 07's reflection prompts are questions: citable, so that a team can answer them.
        #expect(html.contains(##"<a class="item-id" id="Q1" href="#Q1">Q1</a> Reflect on the findings"##))
        // Narrative sections' lists (04's key themes) get no IDs.
        let review = try #require(html.range(of: #"id="section-04""#))
        let findings5 = try #require(html.range(of: #"id="section-05""#))
        #expect(!html[review.lowerBound..<findings5.lowerBound].contains("item-id"))
    }

    @Test func theModelMatchesTheSeedBriefing() throws {
        let hub = try TempHub(copySeedContent: true)
        let (model, warnings) = try hub.pipeline.loadHub()
        #expect(warnings.isEmpty)
        let ben = try #require(model.briefings.first { $0.slug == "ben" })
        #expect(ben.findings.map(\.id) == ["F1", "F1.1", "F2", "F2.1", "F2.2", "F2.3", "F2.4", "F3", "F3.1", "F4"])
        #expect(ben.recommendations.map(\.id) == ["R1", "R2", "R3", "R3.1", "R3.2", "R4"])
        #expect(ben.findings.map(\.depth) == [0, 1, 0, 1, 1, 1, 1, 0, 1, 0])
        #expect(ben.sections.map(\.number) == ["01", "02", "03", "04", "05", "06", "07"])
        #expect(ben.sections.map(\.role.name) == ["narrative", "narrative", "narrative", "narrative", "findings", "recommendations", "questions"])
        // The seed's "07 Implementing change" holds reflection prompts: citable as questions.
        #expect(ben.questions.map(\.id) == ["Q1", "Q2"])
        #expect(ben.items.map(\.id) == ben.findings.map(\.id) + ben.recommendations.map(\.id) + ["Q1", "Q2"])
        #expect(ben.published == CalendarDate(year: 2026, month: 11, day: 27))
        #expect(ben.themes == ["strategy-meetings", "graded-care-profile", "voice-of-the-child", "gp-information-sharing", "signs-of-safety"])
        // An item's text is its own words, without the items nested under it.
        let f1 = try #require(ben.findings.first)
        #expect(f1.text == "Lack of knowledge from Professionals from all agencies of the benefit of strategy meetings.")
    }

    @Test func mdLinksBecomeRelativePrettyURLs() throws {
        let (hub, _) = try buildSeed()
        let html = try hub.page("briefings/ben/index.html")
        #expect(html.contains(#"<a href="../../themes/strategy-meetings/">Strategy Meetings</a>"#))
        #expect(html.contains(#"<a href="../../themes/signs-of-safety/">Signs of Safety</a>"#))
        // No link anywhere in the site still points at a Markdown file, or starts at the server's root.
        for (path, bytes) in try snapshot(of: hub.output) where path.hasSuffix(".html") && path != "404.html" {
            let page = String(decoding: bytes, as: UTF8.self)
            let hrefs = try captures(#"href="([^"]*)""#, in: page)
            // The one exception: the response form's blank response file, a download, not a page.
            #expect(!hrefs.contains { $0.contains(".md") && !$0.hasSuffix("/response-template.md") }, "\(path) links to a .md file")
            #expect(!hrefs.contains { $0.hasPrefix("/") }, "\(path) has a root-relative link")
        }
    }

    @Test func everyRelativeLinkInTheSiteLeadsToAFileThatExists() throws {
        let (hub, _) = try buildSeed()
        let files = try snapshot(of: hub.output)
        for (path, bytes) in files where path.hasSuffix(".html") && path != "404.html" {
            let page = String(decoding: bytes, as: UTF8.self)
            let folder = (path as NSString).deletingLastPathComponent
            for link in try captures(#"(?:href|src)="([^"]*)""#, in: page) where !MarkdownProcessor.hasScheme(link) {
                let href = String(link.prefix { $0 != "#" })
                if href.isEmpty { continue }
                let target = URL(fileURLWithPath: "/" + folder + "/" + href).standardizedFileURL.path
                var relative = String(target.dropFirst())
                if href.hasSuffix("/") || href == "." || href == "./" { relative += relative.isEmpty || relative.hasSuffix("/") ? "index.html" : "/index.html" }
                #expect(files[relative] != nil, "\(path) links to \(href), which is not in the site (\(relative))")
            }
        }
    }

    @Test func themePagesLinkBackToTheFindings() throws {
        let (hub, _) = try buildSeed()
        let html = try hub.page("themes/strategy-meetings/index.html")
        #expect(html.contains(#"<a class="item-id" href="../../briefings/ben/#F1">F1</a> Lack of knowledge"#))
        #expect(html.contains(#"<h3 id="briefing-ben"><a href="../../briefings/ben/">"#))
        // Nested items are marked so that the theme can indent them.
        #expect(html.contains(#"<li class="item-list__nested"><a class="item-id" href="../../briefings/ben/#F1-1">F1.1</a>"#))
    }

    /// Each theme page lists exactly the items the briefing gives that theme (all of them without `theme_items`).
    @Test func everyThemePageListsTheItemsOfItsTheme() throws {
        let (hub, _) = try buildSeed()
        let (model, _) = try hub.pipeline.loadHub()
        let ben = try #require(model.briefings.first { $0.slug == "ben" })
        for theme in ben.themes {
            let html = try hub.page("themes/\(theme)/index.html")
            let listed = try captures(#"<a class="item-id" href="\.\./\.\./briefings/ben/#([^"]+)">"#, in: html)
            let expected = ben.items(forTheme: theme)
            #expect(listed == expected.map(\.anchor), "themes/\(theme)")
            #expect(!expected.isEmpty, "themes/\(theme) lists nothing from Ben")
            for item in expected {
                #expect(html.contains(##"href="../../briefings/ben/#\##(item.anchor)">\##(item.id)</a> \##(HTMLEscaping.text(item.text))"##), "themes/\(theme): \(item.id)")
            }
        }
    }

    @Test func indexPagesLinkToEveryBriefingAndTheme() throws {
        let (hub, _) = try buildSeed()
        let home = try hub.page("index.html")
        #expect(home.contains(#"href="./briefings/ben/""#))
        #expect(home.contains(#"href="./themes/strategy-meetings/""#))
        #expect(home.contains(#"<link rel="stylesheet" href="./assets/style.css">"#))
        let themes = try hub.page("themes/index.html")
        #expect(try captures(#"<h2 class="card__title"><a href="([^"]+)">"#, in: themes).count == 8)
        #expect(themes.contains(#"href="../themes/voice-of-the-child/""#))
        let briefings = try hub.page("briefings/index.html")
        #expect(briefings.contains(#"<a href="../briefings/ben/">Ben: bruising to a pre-school child supported under Child in Need</a>"#))
        let notFound = try hub.page("404.html")
        #expect(notFound.contains(#"<link rel="stylesheet" href="/assets/style.css">"#))
        let sitemap = try hub.page("sitemap.xml")
        #expect(sitemap.contains("<url><loc>briefings/ben/</loc><lastmod>2026-11-27</lastmod></url>"))
    }

    @Test func noPageRepeatsAnID() throws {
        let (hub, _) = try buildSeed()
        for (path, bytes) in try snapshot(of: hub.output) where path.hasSuffix(".html") {
            let ids = try captures(#" id="([^"]+)""#, in: String(decoding: bytes, as: UTF8.self))
            let repeated = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            #expect(repeated.isEmpty, "\(path) repeats the ids \(repeated)")
        }
    }

    @Test func theClockOnTheBriefingIsDrawnFromClockFace() throws {
        let (hub, _) = try buildSeed()
        let html = try hub.page("briefings/ben/index.html")
        let paths = try captures(#"<path d="([^"]+)"></path>"#, in: html)
        #expect(paths == ClockFace.segments.map(\.path))
    }
}

/// Markdown an author writes must not become script on the intranet.
@Suite("Unsafe Markdown does not reach the page")
struct SafetyTests {
    @Test func rawHTMLIsLeftOutAndTheAuthorIsWarned() throws {
        let hub = try TempHub()
        let text = Fixture.briefing(body: Fixture.body([1: """
            ## 01 Background

            <script>alert("block")</script>

            Inline <script>alert("inline")</script> and <img src=x onerror="alert(1)"> too.

            <!-- a note to other authors -->

            """]))
        try hub.write("briefings/ben.md", text)
        let report = try hub.build()
        let html = try hub.page("briefings/ben/index.html")
        // The tags are gone; what was between inline tags is ordinary text, escaped.
        #expect(!html.contains("alert(\"block\")"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("</script"))
        #expect(!html.contains("onerror"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("a note to other authors"))
        #expect(html.contains("Inline "))
        // Raw HTML is one warning per file, at its first place, saying how many more; the comment is dropped quietly.
        let path = hub.display("briefings/ben.md")
        let warned = report.warnings.filter { $0.location.path == path && $0.message.contains("raw HTML") }
        #expect(warned.count == 1, "\(listing(report.warnings))")
        #expect(warned.first?.location.line == position(of: "<script>alert(\"block\")", in: text).line)
        #expect(warned.first?.message.contains("more place") == true)
        #expect(!warned.map(\.location.line).contains(position(of: "<!--", in: text).line))
    }

    @Test func javascriptLinksAreEmptied() throws {
        let hub = try TempHub()
        try hub.write("briefings/ben.md", Fixture.briefing(body: Fixture.body([1: """
            ## 01 Background

            [click](javascript:alert(1)) and [shout](JAVASCRIPT:alert(2)) and [vb](vbscript:msgbox) and [mail](mailto:a@example.org).

            """])))
        try hub.build()
        let html = try hub.page("briefings/ben/index.html")
        #expect(html.contains(#"<a href="">click</a>"#))
        #expect(html.contains(#"<a href="">shout</a>"#))
        #expect(html.contains(#"<a href="">vb</a>"#))
        #expect(html.contains(#"<a href="mailto:a@example.org">mail</a>"#))
        #expect(!html.lowercased().contains("javascript:"))
        #expect(!html.lowercased().contains("vbscript:"))
    }

    @Test func frontMatterTextIsEscaped() throws {
        let hub = try TempHub()
        try hub.write("briefings/ben.md", Fixture.briefing(title: "<script>alert(1)</script> & Ben"))
        try hub.build()
        for page in ["briefings/ben/index.html", "index.html", "briefings/index.html", "themes/strategy-meetings/index.html"] {
            let html = try hub.page(page)
            #expect(!html.contains("<script>alert(1)"), "\(page)")
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Ben"), "\(page)")
        }
    }
}

/// Smaller features of a good build, on the fixture hub.
@Suite("A good build of a small hub")
struct FixtureBuildTests {
    @Test func aNewBuildReplacesTheOldSiteWhole() throws {
        let hub = try TempHub()
        try FileManager.default.createDirectory(at: hub.output.appendingPathComponent("stale"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: hub.output.appendingPathComponent("stale/index.html"))
        try hub.build()
        let files = try snapshot(of: hub.output)
        #expect(files["stale/index.html"] == nil)
        #expect(files["briefings/ben/index.html"] != nil)
        #expect(files["assets/style.css"] != nil)
        #expect(try hub.siblingsOfOutput() == [".Public.spare", "Content", "Public", "Theme"])
    }

    /// A slip such as `learning-hub build --output Content` must not replace the author's content with the site.
    @Test(arguments: ["Content", "Theme", "."])
    func theOutputMayNotBeTheContentOrThemeFolderOrHoldThem(output: String) throws {
        let hub = try TempHub()
        let target = output == "." ? hub.root : hub.root.appendingPathComponent(output)
        let options = BuildOptions(content: hub.content, theme: hub.theme, output: target)
        let hubYML = hub.content.appendingPathComponent("hub.yml")
        let layout = hub.theme.appendingPathComponent("templates/layout.mustache")
        #expect(throws: (any Error).self) { try BuildPipeline(options: options).run() }
        #expect(FileManager.default.fileExists(atPath: hubYML.path), "Content/ was replaced by the site")
        #expect(FileManager.default.fileExists(atPath: layout.path), "Theme/ was replaced by the site")
    }

    @Test func headingsAndLinksBetweenThemesAndPages() throws {
        let hub = try TempHub()
        try hub.write("themes/strategy-meetings.md", Fixture.theme(name: "Strategy meetings", body: """
            ## What good looks like

            See [Ben's F2](../briefings/ben.md#F2), [the guide](../pages/guide.md#who-attends) and [top](#what-good-looks-like).

            """))
        try hub.write("pages/guide.md", """
            ---
            title: Guide
            summary: How to use the hub.
            order: 10
            ---

            ## Who attends

            Everyone. Back to [voice](../themes/voice-of-the-child.md).

            ## Who attends

            A second heading with the same words gets its own id.

            """)
        let report = try hub.build()
        #expect(report.pages == 1)
        let theme = try hub.page("themes/strategy-meetings/index.html")
        #expect(theme.contains("<h2 id=\"what-good-looks-like\">\nWhat good looks like\n</h2>"))
        #expect(theme.contains(#"<a href="../../briefings/ben/#F2">Ben’s F2</a>"#))
        #expect(theme.contains(#"<a href="../../guide/#who-attends">the guide</a>"#))
        #expect(theme.contains(##"<a href="#what-good-looks-like">top</a>"##))
        let guide = try hub.page("guide/index.html")
        #expect(guide.contains("<h2 id=\"who-attends\">\nWho attends\n</h2>"))
        #expect(guide.contains("<h2 id=\"who-attends-2\">\nWho attends\n</h2>"))
        #expect(guide.contains(#"<a href="../themes/voice-of-the-child/">voice</a>"#))
        // A page with order below 100 is in the main navigation of every page, with a relative link.
        #expect(try hub.page("index.html").contains(#"<a href="./guide/">Guide</a>"#))
        #expect(try hub.page("briefings/ben/index.html").contains(#"<a href="../../guide/">Guide</a>"#))
    }

    @Test func themeItemsChooseWhatATheme​PageLists() throws {
        let hub = try TempHub()
        try hub.write("briefings/ben.md", Fixture.briefing(extraFrontMatter: "theme_items:\n  strategy-meetings: [F2, R1]\n"))
        try hub.build()
        let listed = { (theme: String) in
            try captures(#"<a class="item-id" href="\.\./\.\./briefings/ben/#([^"]+)">"#, in: hub.page("themes/\(theme)/index.html"))
        }
        #expect(try listed("strategy-meetings") == ["F2", "R1"])
        // A theme without an entry covers the whole briefing.
        #expect(try listed("voice-of-the-child") == ["F1", "F1-1", "F2", "R1", "R2", "Q1"])
    }

    @Test func headingIDsDoNotClashWithTheTemplatesIDs() throws {
        let hub = try TempHub()
        try hub.write("themes/strategy-meetings.md", Fixture.theme(name: "Strategy meetings", body: "## Main content\n\nA.\n\n## Briefing ben\n\nB.\n"))
        try hub.build()
        let html = try hub.page("themes/strategy-meetings/index.html")
        let ids = try captures(#" id="([^"]+)""#, in: html)
        let repeated = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "repeated ids: \(repeated)")
    }

    /// A `###` heading directly in a briefing section once crashed the builder (use-after-free in
    /// BriefingBodyParser: the heading was freed by giveId but still rendered from the list of blocks).
    @Test func aSubHeadingInABriefingSectionIsKeptWithAnID() throws {
        let hub = try TempHub()
        try hub.write("briefings/ben.md", Fixture.briefing(body: Fixture.body([
            1: "## 01 Background\n\nBefore.\n\n### Sub heading\n\nAfter.\n\n> ### Quoted heading\n",
            5: "## 05 The findings\n\n### About meetings\n\n- First finding.\n\n### About the GP\n\n- Second finding.\n",
        ])))
        try hub.build()
        let html = try hub.page("briefings/ben/index.html")
        #expect(html.contains("<h3 id=\"sub-heading\">\nSub heading\n</h3>"))
        #expect(html.contains("<h3 id=\"quoted-heading\">\nQuoted heading\n</h3>"))
        #expect(html.contains("<h3 id=\"about-the-gp\">"))
        // In order, inside section 01.
        let before = try #require(html.range(of: "Before."))
        let sub = try #require(html.range(of: "Sub heading"))
        let after = try #require(html.range(of: "After."))
        let section2 = try #require(html.range(of: #"id="section-02""#))
        #expect(before.lowerBound < sub.lowerBound && sub.lowerBound < after.lowerBound && after.lowerBound < section2.lowerBound)
        let badges = try captures(#"<a class="item-id" id="([^"]+)""#, in: html)
        #expect(badges == ["F1", "F2", "R1", "R2", "Q1"])
    }

    @Test func linksToItemIDsWithDotsBecomeAnchors() throws {
        let hub = try TempHub()
        try hub.write("themes/strategy-meetings.md", Fixture.theme(name: "Strategy meetings", body: """
            See [F1.1](../briefings/ben.md#F1.1) and [F1-1](../briefings/ben.md#F1-1).

            Elsewhere: [the guide](https://example.org/guide#F1.2).

            """))
        try hub.build()
        let html = try hub.page("themes/strategy-meetings/index.html")
        #expect(html.contains(##"<a href="../../briefings/ben/#F1-1">F1.1</a>"##))
        #expect(html.contains(##"<a href="../../briefings/ben/#F1-1">F1-1</a>"##))
        #expect(html.contains(##"<a href="https://example.org/guide#F1.2">the guide</a>"##))
    }

    @Test func briefingsAreListedNewestFirst() throws {
        let hub = try TempHub()
        try hub.write("briefings/older.md", Fixture.briefing(title: "Older", published: "2025-01-02"))
        try hub.write("briefings/newer.md", Fixture.briefing(title: "Newer", published: "2027-03-04"))
        try hub.build()
        let titles = try captures(#"<h3 class="card__title"><a href="[^"]+">([^<]+)</a>"#, in: hub.page("briefings/index.html"))
        #expect(titles == ["Newer", "Ben: a test briefing", "Older"])
    }

    @Test func sectionHeadingsMayBeWrittenInOtherStylesAndOrders() throws {
        let hub = try TempHub()
        let body = "\n## 2. Concerns\n\nNeglect.\n\n## 1) Background\n\nBen.\n\n## 03 – The incident\n\nX.\n\n## 4: Review\n\nY.\n\n"
            + "## 06 Recommendations\n\n- R.\n\n## 05 Findings\n\n- F.\n  1. Sub.\n\n## 7 — Change\n\nZ.\n"
        try hub.write("briefings/ben.md", Fixture.briefing(body: body))
        let (model, _) = try hub.pipeline.loadHub()
        let ben = try #require(model.briefings.first)
        // The author's order and numbers, not the tool's.
        #expect(ben.sections.map(\.number) == ["2", "1", "03", "4", "06", "05", "7"])
        #expect(ben.sections.map(\.anchor) == (1...7).map { "section-0\($0)" })
        #expect(ben.sections.map(\.title) == ["Concerns", "Background", "The incident", "Review", "Recommendations", "Findings", "Change"])
        #expect(ben.findings.map(\.id) == ["F1", "F1.1"])
        #expect(ben.recommendations.map(\.id) == ["R1"])
    }
}
