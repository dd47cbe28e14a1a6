import Foundation
import Mustache
import Testing
@testable import LearningHubCore

/// The site is rendered by the project's own engine (TemplateEngine); swift-mustache, which it
/// replaced, is the reference: every page of the sample hub must be the same bytes from both.
@Suite struct TemplateEngineEqualityTests {
    static func theme() throws -> TemplateSet {
        var log = DiagnosticLog()
        let set = TemplateSet.load(themeDirectory: seedTheme, displayRoot: "Theme", log: &log)
        #expect(log.diagnostics.isEmpty)
        return try #require(set)
    }

    @Test func theThemeIsRenderedByTheEngine() throws {
        #expect(try Self.theme().plans != nil)
    }

    @Test func aThemeWithTransformsIsRenderedBySwiftMustache() throws {
        let hub = try TempHub()
        try "{{uppercased(root)}}\n".write(to: hub.theme.appendingPathComponent("templates/404.mustache"), atomically: true, encoding: .utf8)
        var log = DiagnosticLog()
        let set = try #require(TemplateSet.load(themeDirectory: hub.theme, displayRoot: "Theme", log: &log))
        #expect(set.plans == nil)
        #expect(set.render(["root": "abc"], template: "404") == "ABC\n")
    }

    @Test func everyPageOfTheSampleHubIsWhatSwiftMustacheRenders() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("engine-equality-\(UUID().uuidString)")
        let options = BuildOptions(content: seedContent, theme: seedTheme, output: out, asOf: CalendarDate(year: 2026, month: 11, day: 27))
        let hub = try BuildPipeline(options: options).loadHub().0
        let templates = try Self.theme()
        let ours = SiteRenderer(templates: templates).render(hub)
        let reference = SiteRenderer(templates: templates.renderedBySwiftMustache).render(hub)
        #expect(ours.map(\.path) == reference.map(\.path))
        #expect(ours.count > 40)
        for (a, b) in zip(ours, reference) {
            #expect(a.bytes == b.bytes, "\(a.path) differs from swift-mustache's")
        }
    }

    /// Values with every character the escaping treats specially, combining marks beside them,
    /// empty texts, zero, and booleans, through every template of the theme.
    @Test func oddValuesRenderAsSwiftMustacheRendersThem() throws {
        let templates = try Self.theme()
        let texts = ["", "0", "a < b & \"c\" 'd'", "e\u{301}<f>", "<\u{301}", "\u{0600}<", "line\nbreak\n", "crlf\r\n", "’smart’ & <b>"]
        for (i, text) in texts.enumerated() {
            var view: [String: Any] = [:]
            let names = ["root", "title", "summary", "href", "name", "id", "text", "html", "anchor", "number", "label", "slug",
                         "published", "review_kind", "description", "count_text", "as_of", "team", "what", "who", "by_when",
                         "by_when_iso", "evidence", "heading", "notes_html", "discussion_html", "submitted_iso", "team_manager",
                         "blank_actions_html", "letter", "kind", "n", "key", "value", "page_title", "table_label", "status"]
            for name in names { view[name] = text }
            let item: [String: Any] = view.merging(["nested": i % 2 == 0, "current": i % 3 == 0, "count": i, "has_entries": true,
                                                    "has_findings": true, "has_rows": i > 2]) { a, _ in a }
            view["site"] = ["title": text, "partnership": text, "responses_email": text]
            for list in ["nav", "crumbs", "briefings", "themes", "latest", "pages", "sections", "clock", "findings", "recommendations",
                         "letters", "entries", "groups", "rows", "responses", "learning", "refs", "tally", "kinds", "actions",
                         "organisations", "missing", "cells", "footer_pages"] {
                view[list] = i == 1 ? [] : [item, item]
            }
            view["organisations"] = i == 1 ? [String]() : [text, text]
            view["briefing"] = item
            view["page"] = item
            view["theme"] = item
            view["action_table"] = item
            for flag in ["has_pages", "has_briefings", "has_responses", "has_actions", "has_missing", "has_expected", "has_entries",
                         "publish_staff_names", "show_team", "show_briefing", "is_home"] {
                view[flag] = i % 2 == 1
            }
            for name in TemplateSet.required + ["briefing-card", "response", "action-table", "respond-actions", "respond-item", "clock"] {
                let ours = templates.render(view, template: name)
                let reference = templates.renderedBySwiftMustache.render(view, template: name)
                #expect(ours == reference, "template \(name) with \(text.debugDescription)")
            }
        }
    }
}
