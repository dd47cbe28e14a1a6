import Foundation
import Testing
@testable import LearningHubCore

/// Briefings written the way partnerships write them, each in a shape of its own, with front matter
/// of only a title, a date, themes by name and a summary. Each must build with no change to its body,
/// give the IDs its author's headings call for, and offer every point on its form under the author's words.
@Suite("Briefings in the shapes partnerships write them")
struct BriefingShapesTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        var slug: String
        var front: String
        var body: String
        /// (ID, role, group label) of every citable point, in page order.
        var points: [(String, String, String)]
        /// The form's group headings.
        var groups: [String]
        var testDescription: String { slug }
    }

    static func front(_ title: String, extra: String = "") -> String {
        "---\ntitle: \"\(title)\"\npublished: 4 December 2026\nthemes: [Voice of the Child]\nsummary: One line.\n\(extra)---\n"
    }

    static let shapes: [Shape] = [
        Shape(slug: "renamed-and-reordered", front: front("Renamed and reordered"), body: """

            ## 1. The case

            A family known to services for many years.

            ## 2. Why it matters

            Neglect is cumulative.

            ## 3. What happened

            A referral was closed.

            ## 4. What the review found

            - Information was not shared.
            - Nobody saw the baby.

            ## 5. Good practice to build on

            - The health visitor escalated.

            ## 6. What needs to change

            - Agencies should share chronologies.

            ## 7. Questions for your team

            - How do you see the baby?
            - Who do you tell?
            """,
              points: [("F1", "findings", "What the review found"), ("F2", "findings", "What the review found"),
                       ("G1", "good-practice", "Good practice to build on"), ("R1", "recommendations", "What needs to change"),
                       ("Q1", "questions", "Questions for your team"), ("Q2", "questions", "Questions for your team")],
              groups: ["What the review found", "Good practice to build on", "What needs to change", "Questions for your team"]),
        Shape(slug: "no-numbers", front: front("No numbers"), body: """

            ## Background

            A short background.

            ## Key messages

            - Be curious.
              - Ask who else lives in the home.
            - Record what you see.

            ## What to do

            - Talk to your safeguarding lead.

            ## Further reading

            - The partnership's procedures.
            """,
              points: [("K1", "key-messages", "Key messages"), ("K1.1", "key-messages", "Key messages"), ("K2", "key-messages", "Key messages"),
                       ("D1", "what-to-do", "What to do")],
              groups: ["Key messages", "What to do"]),
        Shape(slug: "bold-number-lines", front: front("Bold number lines"), body: """

            **01**
            **Background**

            Pasted from a PDF.

            **02 What to look for**

            - Missed appointments.
            - A new adult in the home.

            **03** **Questions**

            - What would you do?
            """,
              points: [("L1", "look-for", "What to look for"), ("L2", "look-for", "What to look for"), ("Q1", "questions", "Questions")],
              groups: ["What to look for", "Questions"]),
        Shape(slug: "learning-points", front: front("Learning points as sections"), body: """

            ## Summary

            Why this briefing was written.

            ## Learning point 1: Professional curiosity

            Practitioners should ask about every adult in the household.

            ## Learning point 2: Working together

            Practitioners should call a strategy discussion when concerns build.

            - Invite the GP.
            """,
              points: [("K1", "key-messages", "Learning points"), ("K2", "key-messages", "Learning points"), ("K2.1", "key-messages", "Learning points")],
              groups: ["Learning points"]),
        Shape(slug: "thematic", front: front("Hidden men", extra: "kind: thematic\n"), body: """

            ## Why it matters

            Men in a child's life are often invisible to services.

            ## Things to note

            - Ask who visits.
            """,
              points: [("L1", "look-for", "Things to note")], groups: ["Things to note"]),
        Shape(slug: "adults-review", front: front("Doreen", extra: "kind: Safeguarding Adults Review\nadult: Doreen\n"), body: """

            ## About Doreen

            Doreen was 81 and lived alone.

            ## What we found

            - Her wishes were not recorded.

            ## Reflective questions

            - How do you hear what a person wants?
            """,
              points: [("F1", "findings", "What we found"), ("Q1", "questions", "Reflective questions")],
              groups: ["What we found", "Reflective questions"]),
        Shape(slug: "a-table", front: front("A table"), body: """

            ## Who to contact

            | Agency | When |
            |---|:---:|
            | Children's services | **Any** concern |
            | Police | Immediate danger |

            ## What to do

            - Phone the front door.
            """,
              points: [("D1", "what-to-do", "What to do")], groups: ["What to do"]),
        Shape(slug: "nested-and-two-lists", front: front("Nested lists and two lists"), body: """

            ## Findings

            - First.
              - Under first.
                - Deeper still.
            - Second.

            Some words between the lists.

            - Third.
            """,
              points: [("F1", "findings", "Findings"), ("F1.1", "findings", "Findings"), ("F1.1.1", "findings", "Findings"),
                       ("F2", "findings", "Findings"), ("F3", "findings", "Findings")],
              groups: ["Findings"]),
        Shape(slug: "overridden", front: front("Overridden", extra: "sections:\n  2: good-practice\n  \"Our advice\": what-to-do\n"), body: """

            ## 1. Background

            Text.

            ## 2. Practice in Northshire

            - Schools shared concerns early.

            ## 3. Our advice

            A section of paragraphs: one point as a whole.
            """,
              points: [("G1", "good-practice", "Practice in Northshire"), ("D1", "what-to-do", "Our advice")],
              groups: ["Practice in Northshire", "Our advice"]),
    ]

    private func built(_ shape: Shape) throws -> (TempHub, BuildReport, Briefing) {
        let hub = try TempHub()
        try hub.write("briefings/\(shape.slug).md", shape.front + shape.body)
        let report = try hub.build()
        let (model, _) = try hub.pipeline.loadHub()
        let briefing = try #require(model.briefings.first { $0.slug == shape.slug })
        return (hub, report, briefing)
    }

    @Test(arguments: shapes)
    func buildsWithItsPointsUnderTheAuthorsLabels(_ shape: Shape) throws {
        let (hub, report, b) = try built(shape)
        let own = report.warnings.filter { $0.location.path.hasSuffix("\(shape.slug).md") }
        #expect(own.isEmpty, "\(listing(own))")
        #expect(b.items.map(\.id) == shape.points.map(\.0))
        #expect(b.items.map(\.role.name) == shape.points.map(\.1))
        #expect(b.items.map(\.group) == shape.points.map(\.2))
        #expect(b.themes == ["voice-of-the-child"], "the theme named 'Voice of the Child' is the theme file's")
        #expect(b.published == CalendarDate(year: 2026, month: 12, day: 4))
        // Each point has its anchor and self-link on the page.
        let page = try hub.page("briefings/\(shape.slug)/index.html")
        for item in b.items { #expect(page.contains(##"id="\##(item.anchor)" href="#\##(item.anchor)">\##(item.id)</a>"##), "\(item.id)") }
        // The clock has as many segments as there are sections.
        #expect(page.components(separatedBy: "class=\"clock__segment\"").count - 1 == b.sections.count)
        // The form offers every point, grouped under the author's words.
        let form = try hub.page("briefings/\(shape.slug)/respond/index.html")
        let headings = try captures(#"<h3 class="checkbox-heading">([^<]+?) ?(?:<|</h3>)"#, in: form)
        #expect(headings == shape.groups)
        let ticked = try captures(#"name="refs" type="checkbox" value="([^"]+)""#, in: form)
        #expect(ticked == shape.points.map(\.0))
    }

    /// Nothing is called a finding unless its author put it under a findings heading.
    @Test(arguments: shapes)
    func nothingIsAFindingThatTheAuthorDidNotCallOne(_ shape: Shape) throws {
        let (hub, _, b) = try built(shape)
        for section in b.sections where section.role.name == "findings" {
            let folded = RoleVocabulary.fold(section.title)
            #expect(folded.contains("found") || folded.contains("finding"), "\(section.title)")
        }
        if !b.sections.contains(where: { $0.role.name == "findings" }) {
            #expect(b.findings.isEmpty)
            #expect(!(try hub.page("briefings/\(shape.slug)/index.html")).contains(#"id="F1""#))
            #expect(!(try hub.page("briefings/\(shape.slug)/respond/index.html")).contains("Finding"))
        }
    }

    @Test func thePersonIsNamedAsTheKindOfReviewSays() throws {
        let thematic = try built(Self.shapes[4])
        let thematicPage = try thematic.0.page("briefings/thematic/index.html")
        #expect(!thematicPage.contains("real name"))
        #expect(thematicPage.contains("7-minute briefing · Thematic briefing"))
        let adults = try built(Self.shapes[5])
        let adultsPage = try adults.0.page("briefings/adults-review/index.html")
        #expect(adultsPage.contains("<div><dt>Adult</dt><dd>Doreen (not their real name)</dd></div>"))
        let start = try #require(adultsPage.range(of: "<article")), end = try #require(adultsPage.range(of: "</article>"))
        let article = adultsPage[start.lowerBound..<end.upperBound]
        #expect(!article.contains("not the child") && !article.contains("<dt>Child</dt>"))
    }

    @Test func aPipeTableIsATableWithItsCellsRenderedByCmark() throws {
        let (hub, _, _) = try built(Self.shapes[6])
        let page = try hub.page("briefings/a-table/index.html")
        #expect(page.contains(#"<tr><th scope="col">Agency</th><th scope="col" class="align-centre">When</th></tr>"#))
        #expect(page.contains(#"<tr><td>Children’s services</td><td class="align-centre"><strong>Any</strong> concern</td></tr>"#))
        #expect(!page.contains("| Police"))
    }

    @Test func hubYmlExtendsTheVocabulary() throws {
        let hub = try TempHub()
        let config = try String(contentsOf: hub.content.appendingPathComponent("hub.yml"), encoding: .utf8)
        try hub.write("hub.yml", config + "\nsection_roles:\n  good-practice: [practice in northshire]\n")
        try hub.write("briefings/local.md", Self.front("Local") + "\n## Practice in Northshire\n\n- Schools shared concerns early.\n")
        let report = try hub.build()
        #expect(report.warnings.isEmpty, "\(listing(report.warnings))")
        let (model, _) = try hub.pipeline.loadHub()
        #expect(model.briefings.first { $0.slug == "local" }?.items.map(\.id) == ["G1"])
    }

    @Test func aTeamsAnswerToAQuestionIsShownUnderTheQuestion() throws {
        let (hub, _, _) = try built(Self.shapes[0])
        try hub.write("responses/renamed-and-reordered/northshire-police--public-protection.md", """
            ---
            briefing: renamed-and-reordered
            organisation: Northshire Police
            team: Public Protection
            team_manager: A Manager
            contact: pp@example.org
            submitted: 2026-12-10
            learning:
            - refs: [Q1]
              discussion: "We ask to see the baby awake at every visit."
            - refs: [F2, G1]
              discussion: "We discussed both."
            actions: []
            ---
            """)
        try hub.build()
        let page = try hub.page("briefings/renamed-and-reordered/responses/index.html")
        #expect(page.contains(##"Answer to <a class="item-id" href="../../../briefings/renamed-and-reordered/#Q1">Q1</a> How do you see the baby?</p>"##))
        #expect(page.contains("We ask to see the baby awake at every visit."))
        #expect(page.contains(##"Relevant learning: <a class="item-id" href="../../../briefings/renamed-and-reordered/#F2""##))
    }

    @Test func filesBesideTheWordsAreCopiedAndDescribedAndCheckedForAltText() throws {
        let hub = try TempHub()
        try hub.write("files/review.pdf", String(repeating: "x", count: 1_250_000))
        try hub.write("files/img/timeline.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        let good = Self.front("Files") + "\n## Further information\n\nThe [full review](../files/review.pdf).\n\n![A timeline of contact with services](../files/img/timeline.svg)\n"
        try hub.write("briefings/files.md", good)
        try hub.build()
        let page = try hub.page("briefings/files/index.html")
        #expect(page.contains(#"<a href="../../files/review.pdf">full review</a> (PDF, 1.3 MB)"#))
        #expect(page.contains(#"<img src="../../files/img/timeline.svg" alt="A timeline of contact with services" />"#))
        #expect(FileManager.default.fileExists(atPath: hub.output.appendingPathComponent("files/review.pdf").path))
        #expect(FileManager.default.fileExists(atPath: hub.output.appendingPathComponent("files/img/timeline.svg").path))

        let bad = Self.front("Files") + "\n## Further information\n\nThe [summary](../files/summary.pdf).\n\n![](../files/img/timeline.svg)\n"
        try hub.write("briefings/files.md", bad)
        let diagnostics = try #require(hub.failingBuild())
        let path = hub.display("briefings/files.md")
        expectError(diagnostics, path: path, line: position(of: "[summary]", in: bad).line, containing: "'files/summary.pdf', which does not exist")
        expectError(diagnostics, path: path, line: position(of: "![](", in: bad).line, containing: "has no alt text")
    }
}
