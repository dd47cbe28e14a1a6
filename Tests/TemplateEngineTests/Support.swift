import Mustache
import Testing
@testable import TemplateEngine

/// One case: a template (named "main"), its partials, a view, and what it must render.
struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let template: String
    let partials: [String: String]
    nonisolated(unsafe) let view: [String: Any]
    let expected: String

    init(_ name: String, _ template: String, _ view: [String: Any] = [:], partials: [String: String] = [:], _ expected: String) {
        self.name = name
        self.template = template
        self.view = view
        self.partials = partials
        self.expected = expected
    }

    init(_ name: String, _ template: String, partials: [String: String], _ expected: String) {
        self.init(name, template, [:], partials: partials, expected)
    }

    init(_ name: String, _ template: String, _ expected: String) {
        self.init(name, template, [:], partials: [:], expected)
    }

    var testDescription: String { name }

    /// What swift-mustache 2.1.1 renders, the reference.
    func renderBySwiftMustache() throws -> String? {
        var library = MustacheLibrary()
        for (name, text) in partials.merging(["main": template], uniquingKeysWith: { _, main in main }) {
            library.register(try MustacheTemplate(string: text), named: name)
        }
        return library.render(view, withTemplate: "main")
    }

    /// Checks the engine against the expected text, and the expected text against swift-mustache.
    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try render() == expected, sourceLocation: sourceLocation)
        #expect(try renderBySwiftMustache() == expected, "swift-mustache renders otherwise", sourceLocation: sourceLocation)
    }

    func render() throws -> String? {
        let library = try TemplateLibrary(templates: partials.merging(["main": template]) { _, main in main })
        return library.render(view, template: "main")
    }
}
