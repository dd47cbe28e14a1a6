import Foundation
import Testing
@testable import LearningHubCore

/// The response form's markup and scripts (Theme/) name the response's fields by hand: the form is
/// the theme's to word and lay out, and the scripts run in the team's browser. These read them and
/// fail when a field of `ResponseSchema` is missing from them, or they name one it does not have.
@Suite("The response form and its scripts name the schema's fields")
struct ResponseFormDriftTests {
    static func theme(_ path: String) throws -> String {
        try String(contentsOf: seedTheme.appendingPathComponent(path), encoding: .utf8)
    }

    /// The quoted words of a JavaScript list or object: `var NAME = [ ... ];` or `{ ... };`.
    static func jsList(_ name: String, in script: String) throws -> [String] {
        let body = try #require(script.firstMatch(of: try Regex("var \(name) = [\\[{]([^\\]}]*)[\\]}];"))?.output[1].substring)
        let keyed = body.contains(":")
        return body.matches(of: keyed ? /(\w+):/ : /'(\w+)'/).map { String($0.output.1) }
    }

    /// The text of one function of a script, from `function name(` to the next function at its indent.
    static func function(_ name: String, in script: String) throws -> String {
        let start = try #require(script.range(of: "  function \(name)("), "\(name) is gone from the script")
        let rest = script[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n  function ")?.lowerBound ?? rest.endIndex)])
    }

    /// The keys of the form's own inputs: what it asks, not what the page (briefing) or the day (submitted) gives.
    static let asked: [ResponseField] = ResponseSchema.top.filter { $0.kind == .text || $0.kind == .body }

    @Test func respondJSSavesAndRestoresEveryFieldTheFormAsks() throws {
        let script = try Self.theme("assets/respond.js")
        #expect(try Self.jsList("TOP_FIELDS", in: script) == Self.asked.map(\.key))
        // An action's texts; a due date is typed as day, month and year.
        let actionTexts = ResponseSchema.action.flatMap { f -> [String] in
            switch f.kind {
            case .text, .longText: [f.key]
            case .dueDate: ["day", "month", "year"]
            default: []
            }
        }
        #expect(try Self.jsList("ACTION_FIELDS", in: script) == actionTexts)
    }

    @Test func respondJSWritesTheFieldsInTheStoredRecordsOrder() throws {
        let written = try Self.function("responseFile", in: try Self.theme("assets/respond.js"))
            .matches(of: /'\s*(?:- )?(\w+):/).map { String($0.output.1) }
        // The collector stores the notes below the front matter; the form's file has them as the last field.
        var expected: [String] = []
        for f in ResponseSchema.top {
            expected.append(f.key)
            switch f.entries {
            case .learningPoint?: expected += ResponseSchema.learningPoint.map(\.key)
            case .action?: expected += ResponseSchema.action.map(\.key)
            default: break
            }
        }
        #expect(written == expected)
    }

    @Test func reopenJSReadsEveryFieldOfTheSchema() throws {
        let script = try Self.theme("assets/reopen.js")
        #expect(Set(try Self.jsList("ASKED", in: script)) == Set(ResponseSchema.top.filter { $0.entries == nil }.map(\.key)))
        let check = try Self.function("check", in: script)
        let top = check.matches(of: /(?:text\(|field\(root, )'(\w+)'/).map { String($0.output.1) }
        #expect(Set(top) == Set(ResponseSchema.top.map(\.key)))
        let entries = check.matches(of: /(?:answer\(|field\(entry, )'(\w+)'/).map { String($0.output.1) }
        #expect(Set(entries) == Set((ResponseSchema.learningPoint + ResponseSchema.action).map(\.key)))
    }

    @Test func theFormLabelsEachFieldInTheSchemasWords() throws {
        let form = try Self.theme("templates/respond.mustache")
        for f in Self.asked where f.kind == .text {
            #expect(form.contains(#"<label class="label" for="\#(f.key)">\#(f.label ?? "")</label>"#), "\(f.key)")
        }
        for f in ResponseSchema.top where f.entries != nil {
            #expect(form.contains(">\(f.label ?? "")</h2>"), "\(f.key)")
        }
        let action = try Self.theme("templates/respond-action.mustache")
        for f in ResponseSchema.action {
            let label = f.label ?? ""
            #expect(action.contains(">\(label)</") || action.contains(">\(label) (optional)</"), "\(f.key): '\(label)'")
            #expect(action.contains("id=\"action-{{n}}-\(f.key)"), "\(f.key)")
        }
    }
}
