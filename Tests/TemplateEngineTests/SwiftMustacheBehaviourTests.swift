import Foundation
import Testing
@testable import TemplateEngine

/// Where swift-mustache 2.1.1 decides something the specification leaves open, or differs from it,
/// the engine does what swift-mustache does, since the site must not change.
@Suite struct SwiftMustacheBehaviourTests {
    static let cases: [Case] = [
        // Views drop empty texts for this reason (see PageContext's droppingEmptyText).
        Case("an empty text counts as true and is the context", "[{{#s}}({{.}}){{/s}}][{{^s}}none{{/s}}]", ["s": ""], "[()][]"),
        Case("zero counts as true", "[{{#n}}{{.}}{{/n}}][{{^n}}none{{/n}}]", ["n": 0], "[0][]"),
        Case("a boolean shows as true or false", "{{yes}} {{no}}", ["yes": true, "no": false], "true false"),
        Case("a true section does not change the context", "{{#t}}{{#yes}}{{.}}{{/yes}}{{/t}}", ["yes": true, "t": "top"], "top"),
        Case("every item of a list is shown, false ones too", "{{#list}}<{{.}}>{{/list}}", ["list": [true, false]], "<true><false>"),
        Case("an Optional that holds nothing shows as nil", "{{x}}|{{#x}}on{{/x}}|{{^x}}off{{/x}}", ["x": String?.none as Any], "nil|on|"),
        Case("an Optional that holds a value shows it", "{{x}}", ["x": String?.some("<y>") as Any], "&lt;y&gt;"),
        Case("a dictionary of texts is an object", "{{site.title}}", ["site": ["title": "Hub"] as [String: String]], "Hub"),
        Case("the TEXT content type stops escaping, up to a partial", "{{%CONTENT_TYPE:TEXT}}\n{{a}} {{#s}}{{a}}{{/s}} {{>p}}",
             ["a": "<", "s": true], partials: ["p": "{{a}}"], "< < &lt;"),
        Case("the HTML content type escapes", "{{%CONTENT_TYPE:HTML}}\n{{a}}", ["a": "<"], "&lt;"),
        Case("a combining mark joined to '<' keeps it unescaped, as Characters do", "{{a}}", ["a": "<\u{301}&"], "<\u{301}&amp;"),
        Case("a partial's first line is not indented again", "  {{>p}}\n", partials: ["p": "a\nb\n"], "  a\n  b\n"),
        Case("set delimiters", "{{=<% %>=}}\n<% a %>{{a}}", ["a": "x"], "x{{a}}"),
    ]

    @Test(arguments: cases) func behaviour(_ c: Case) throws { try c.check() }

    @Test func featuresLeftToSwiftMustacheAreReportedAtParse() {
        #expect(throws: LibraryError.self) { try TemplateLibrary(templates: ["t": "{{uppercased(name)}}"]) }
        #expect(throws: LibraryError.self) { try TemplateLibrary(templates: ["t": "{{>*dynamic}}"]) }
        #expect(throws: LibraryError.self) { try TemplateLibrary(templates: ["t": "{{#a}}never closed"]) }
    }

    @Test func anUnknownTemplateRendersNothing() throws {
        #expect(try TemplateLibrary(templates: ["t": "x"]).render([:], template: "other") == nil)
    }
}
