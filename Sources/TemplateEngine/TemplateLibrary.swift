/// A set of templates parsed once into plans: names split and numbered, partials found, text as
/// UTF-8. Rendering converts the view once, then walks the plan into one byte buffer.
public struct TemplateLibrary: Sendable {
    private var indexByName: [String: Int] = [:]
    private var plans: [Plan] = []
    private var symbols = SymbolTable()

    public init() {}

    /// Parses every template; the first error met, with the name of the template it is in.
    public init(templates: [String: String]) throws(LibraryError) {
        var parsed: [(String, [Token])] = []
        for (name, text) in templates.sorted(by: { $0.key < $1.key }) {
            do { parsed.append((name, try TemplateParser.parse(text))) } catch { throw LibraryError(template: name, error: error) }
            indexByName[name] = indexByName.count
        }
        var planner = Planner(indexByName: indexByName)
        plans = parsed.map { planner.plan($0.1) }
        symbols = planner.symbols
    }

    public func has(_ template: String) -> Bool { indexByName[template] != nil }

    /// The names these templates use, for views built as the engine's values (`ViewObject`).
    public var viewSymbols: ViewSymbols { ViewSymbols(table: symbols) }

    /// The page, or nil when there is no such template. Renders what swift-mustache 2.1.1 renders
    /// for the same view, byte for byte, for every feature this engine parses.
    public func render(_ view: [String: Any], template: String) -> String? {
        renderBytes(view, template: template).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The page as UTF-8 bytes: a file's contents need no String, whose making checks every byte.
    public func renderBytes(_ view: [String: Any], template: String) -> [UInt8]? {
        guard let index = indexByName[template] else { return nil }
        var renderer = Renderer(plans: plans)
        renderer.stack.append(.object(symbols.object(view)))
        renderer.render(plans[index].nodes, indentation: [], overrides: nil, escaping: true)
        return renderer.out
    }
}

public struct LibraryError: Error, Sendable {
    public let template: String
    public let error: TemplateError
}

/// A name in a tag, split at its dots and numbered.
enum NamePath {
    /// `{{.}}` (and an empty name): the top of the context stack.
    case current
    /// `{{a.b}}`: `a` is searched for down the stack, then `b` in it.
    case search([Int32])
    /// `{{.a}}`: `a` in the top of the stack only.
    case top([Int32])
}

final class Plan: Sendable {
    let nodes: [Node]
    init(_ nodes: [Node]) { self.nodes = nodes }
}

indirect enum Node: Sendable {
    case text([UInt8])
    case variable(NamePath, escaped: Bool)
    case section(NamePath, [Node], inverted: Bool)
    case block(String, default: [Node], indentation: [UInt8])
    /// A partial by its index in the library (nil: no such template, which renders nothing).
    case partial(Int?, indentation: [UInt8]?, overrides: [String: Plan]?)
    case escaping(Bool)
}

struct Planner {
    let indexByName: [String: Int]
    var symbols = SymbolTable()

    mutating func plan(_ tokens: [Token]) -> Plan { Plan(tokens.map { node($0) }) }

    mutating func node(_ token: Token) -> Node {
        switch token {
        case .text(let text): return .text(Array(text.utf8))
        case .variable(let name, let escaped): return .variable(path(name), escaped: escaped)
        case .section(let name, let inner, let inverted): return .section(path(name), inner.map { node($0) }, inverted: inverted)
        // Blocks inside {{<parent}} are taken out by the parser into the partial's overrides.
        case .blockDefinition: return .text([])
        case .blockExpansion(let name, let inner, let indentation):
            return .block(name, default: inner.map { node($0) }, indentation: Array(indentation.utf8))
        case .partial(let name, let indentation, let overrides):
            var plans: [String: Plan]?
            // In the order of their names, so that the same texts number their names the same way
            // every time they are parsed, whatever order a dictionary gives.
            if let overrides {
                plans = [:]
                for name in overrides.keys.sorted() { plans?[name] = overrides[name].map { plan($0) } }
            }
            return .partial(indexByName[name], indentation: indentation.map { Array($0.utf8) }, overrides: plans)
        case .escaping(let on): return .escaping(on)
        }
    }

    mutating func path(_ name: String) -> NamePath {
        if name == "." { return .current }
        let parts = name.split(separator: ".").map { symbols.number(String($0)) }
        if parts.isEmpty { return .current }
        return name.first == "." ? .top(parts) : .search(parts)
    }
}
