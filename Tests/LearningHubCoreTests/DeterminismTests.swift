import Foundation
import Testing
@testable import LearningHubCore

/// The same input must always give byte-identical output, wherever and however often it is built.
@Suite("Builds are reproducible")
struct DeterminismTests {
    private func expectIdentical(_ a: [String: Data], _ b: [String: Data],
                                 sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(a.keys.sorted() == b.keys.sorted(), "the two builds wrote different files", sourceLocation: sourceLocation)
        for path in a.keys.sorted() where a[path] != b[path] {
            Issue.record("\(path) differs between the two builds", sourceLocation: sourceLocation)
        }
    }

    @Test func theSeedHubBuiltTwiceIsByteIdentical() throws {
        let hub = try TempHub(copySeedContent: true)
        try hub.build()
        let first = try snapshot(of: hub.output)
        try hub.build()
        let second = try snapshot(of: hub.output)
        #expect(first.count > 10)
        expectIdentical(first, second)
    }

    @Test func theOutputDoesNotDependOnWhereTheHubIsBuilt() throws {
        let one = try TempHub(copySeedContent: true)
        let two = try TempHub(copySeedContent: true)
        try one.build()
        try two.build()
        expectIdentical(try snapshot(of: one.output), try snapshot(of: two.output))
    }

    /// The day "overdue" is judged against is part of the input: given, it is what the pages show.
    @Test func aPinnedAsOfDayIsTheDayThePagesShow() throws {
        let hub = try TempHub(copySeedContent: true)
        let day = try #require(CalendarDate(iso: "2030-06-15"))
        try BuildPipeline(options: BuildOptions(content: hub.content, theme: hub.theme, output: hub.output, asOf: day)).run()
        #expect(try hub.page("responses/index.html").contains("On 15 June 2030,"))
        #expect(try hub.page("responses.json").contains(#""as_of" : "2030-06-15""#))
        let first = try snapshot(of: hub.output)
        try BuildPipeline(options: BuildOptions(content: hub.content, theme: hub.theme, output: hub.output, asOf: day)).run()
        expectIdentical(first, try snapshot(of: hub.output))
    }

    /// The sample hub pins `as_of` in hub.yml, so its output does not change with the day it is built.
    @Test func theSeedHubPinsItsAsOfDay() throws {
        let hub = try TempHub(copySeedContent: true)
        let (model, _) = try hub.pipeline.loadHub()
        let pinned = try #require(model.config.asOf, "Content/hub.yml has no as_of, so the site changes every day")
        #expect(model.asOf == pinned)
        try hub.build()
        let first = try snapshot(of: hub.output)
        #expect(try hub.page("responses/index.html").contains("On \(pinned.long),"))
        // The same as giving that day explicitly.
        try BuildPipeline(options: BuildOptions(content: hub.content, theme: hub.theme, output: hub.output, asOf: pinned)).run()
        expectIdentical(first, try snapshot(of: hub.output))
    }

    /// Many files loaded and rendered in parallel, with ties in every sort key the builder uses.
    @Test func aLargerHubBuiltRepeatedlyIsByteIdentical() throws {
        let hub = try TempHub()
        let themeSlugs = (1...6).map { "theme-\($0)" }
        for slug in themeSlugs {
            // Two themes share a name, so only the slug orders them.
            try hub.write("themes/\(slug).md", Fixture.theme(name: slug == "theme-6" ? "Theme 5" : "Theme \(slug.dropFirst(6))"))
        }
        for i in 1...24 {
            let themes = themeSlugs.enumerated().filter { ($0.offset + i) % 3 != 0 }.map(\.element)
            try hub.write("briefings/case-\(i).md", Fixture.briefing(
                title: "Case \(i)", published: i % 2 == 0 ? "2026-01-15" : "2026-02-01", themes: themes,
                body: Fixture.body([4: "## 04 The review\n\nSee [theme](../themes/theme-\(i % 6 + 1).md) and [case](case-\((i % 24) + 1).md#F1).\n"])))
        }
        for i in 1...4 {
            try hub.write("pages/page-\(i).md", "---\ntitle: Page \(i)\norder: \(i % 2 == 0 ? 10 : 20)\n---\n\n## Heading\n\nText.\n")
        }
        try hub.build()
        let first = try snapshot(of: hub.output)
        for _ in 1...3 {
            try hub.build()
            expectIdentical(first, try snapshot(of: hub.output))
        }
        // Same day: ordered by slug; newest day first.
        let titles = try captures(#"<h3 class="card__title"><a href="[^"]+">([^<]+)</a>"#, in: hub.page("briefings/index.html"))
        let odd = (1...24).filter { $0 % 2 == 1 }.map { "case-\($0)" }.sorted()
        let even = (1...24).filter { $0 % 2 == 0 }.map { "case-\($0)" }.sorted()
        #expect(titles == ["Ben: a test briefing"] + (odd + even).map { "Case \($0.dropFirst(5))" })
    }
}
