import Foundation
import Mustache
import TemplateEngine

/// The Mustache templates of `Theme/templates/`, loaded one by one so that every broken template is
/// reported with its name and line, not just the first.
public struct TemplateSet: Sendable {
    public let library: MustacheLibrary
    /// The same templates parsed once into plans for the project's own renderer (TemplateEngine),
    /// which gives swift-mustache's bytes several times faster. Nil when the theme uses a feature of
    /// swift-mustache's that the engine does not have (transforms, dynamic partials): then
    /// swift-mustache renders. swift-mustache also parses first, for its diagnostics.
    let plans: TemplateLibrary?

    /// The templates the builder renders pages with (those `PageKind.all` names, and the layout they
    /// share); a theme must provide each.
    public static var required: [String] { ["layout"] + PageKind.templates }

    public static func load(themeDirectory: URL, displayRoot: String, log: inout DiagnosticLog) -> TemplateSet? {
        let folder = themeDirectory.appendingPathComponent("templates")
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(atPath: folder.path) else {
            log.error(SourceLocation(path: "\(displayRoot)/templates"), "the theme has no 'templates' folder")
            return nil
        }
        var names: [String] = []
        for case let path as String in enumerator where path.hasSuffix(".mustache") { names.append(path) }
        var library = MustacheLibrary()
        var loaded: [String: String] = [:]
        var ok = true
        for path in names.sorted() {
            let display = "\(displayRoot)/templates/\(path)"
            let name = String(path.dropLast(".mustache".count))
            guard let text = try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8) else {
                log.error(SourceLocation(path: display), "the template could not be read as UTF-8 text")
                ok = false
                continue
            }
            do {
                _ = try MustacheTemplate(string: text)
                // Parsed again with the fast escaper switched on (see FastHTMLEscape.swift); errors
                // come from the parse above, so their lines are the author's.
                library.register(try MustacheTemplate(string: FastHTMLContentType.pragma + text), named: name)
                loaded[name] = text
            } catch let error as MustacheTemplate.ParserError {
                // swift-mustache notices an unclosed section only at the end of the file; point at its opening.
                let kind = error.error as? MustacheTemplate.Error
                if kind == .expectedSectionEnd || kind == .sectionCloseNameIncorrect, let open = unclosedSection(in: text) {
                    let problem = open.closedBy.map { "is closed by {{/\($0.name)}} at line \($0.line); close it with {{/\(open.name)}}" }
                        ?? "is never closed; add {{/\(open.name)}}"
                    log.error(SourceLocation(path: display, line: open.line, column: open.column),
                              "template '\(name)': the section '\(open.name)' opened here \(problem)")
                } else {
                    log.error(SourceLocation(path: display, line: error.context.lineNumber, column: error.context.columnNumber),
                              "template '\(name)': \(describe(error.error))")
                }
                ok = false
            } catch {
                log.error(SourceLocation(path: display), "template '\(name)': \(error)")
                ok = false
            }
        }
        for name in required where loaded[name] == nil && !names.contains("\(name).mustache") {
            log.error(SourceLocation(path: "\(displayRoot)/templates/\(name).mustache"), "the theme has no template '\(name)', which the hub needs")
            ok = false
        }
        // swift-mustache renders a missing partial as nothing; a typo would silently drop part of every page.
        for (name, text) in loaded.sorted(by: { $0.key < $1.key }) {
            for (partial, line, column) in partialReferences(in: text) where loaded[partial] == nil && !names.contains("\(partial).mustache") {
                log.error(SourceLocation(path: "\(displayRoot)/templates/\(name).mustache", line: line, column: column),
                          "template '\(name)' uses the partial '\(partial)', but there is no template '\(partial).mustache'")
                ok = false
            }
        }
        return ok ? TemplateSet(library: library, plans: try? TemplateLibrary(templates: loaded)) : nil
    }

    /// `{{> name}}` and `{{< name}}` tags with their line and column.
    static func partialReferences(in text: String) -> [(String, Int, Int)] {
        tags(in: text).compactMap { tag, line, column in
            guard let first = tag.first, first == ">" || first == "<" else { return nil }
            let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
            return !name.isEmpty && !name.hasPrefix("*") ? (name, line, column) : nil
        }
    }

    /// The section left open: the one a wrongly named close tag meets, or the innermost one still
    /// open at the end of the template.
    static func unclosedSection(in text: String) -> (name: String, line: Int, column: Int, closedBy: (name: String, line: Int)?)? {
        var open: [(name: String, line: Int, column: Int)] = []
        for (tag, line, column) in tags(in: text) {
            guard let first = tag.first else { continue }
            let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
            switch first {
            case "#", "^", "$", "<": open.append((name, line, column))
            case "/":
                // A close that does not match the innermost open section means that section was left open.
                guard let last = open.last else { continue }
                if last.name != name { return (last.name, last.line, last.column, (name, line)) }
                open.removeLast()
            default: break
            }
        }
        return open.last.map { ($0.name, $0.line, $0.column, nil) }
    }

    /// The inside of every `{{…}}` tag (without its braces), with the tag's line and column.
    static func tags(in text: String) -> [(String, Int, Int)] {
        var result: [(String, Int, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let afterOpen = rest[open.upperBound...]
                guard let close = afterOpen.range(of: "}}") else { break }
                let tag = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                result.append((tag, index + 1, line.distance(from: line.startIndex, to: open.lowerBound) + 1))
                rest = afterOpen[close.upperBound...]
            }
        }
        return result
    }

    static func describe(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name from the one that opened it"
        case .unfinishedName: return "a tag is not finished: '{{' has no matching '}}'"
        case .expectedSectionEnd: return "a section is opened but never closed with {{/name}}"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform cannot be applied to an inherited section"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection: return "only {{$block}} sections may appear inside {{<parent}}"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "a pragma tag is not understood"
        case .none: return "\(error)"
        }
    }

    public func render(_ context: [String: Any], template: String) -> String {
        plans?.render(context, template: template) ?? library.render(context, withTemplate: template) ?? ""
    }

    /// A page as the bytes of its file, without the String in between.
    public func renderData(_ context: [String: Any], template: String) -> Data {
        plans?.renderBytes(context, template: template).map { Data($0) } ?? Data(render(context, template: template).utf8)
    }

    /// What views built as `ViewObject`s are made for: the engine's values, or swift-mustache's dictionaries.
    var viewSymbols: ViewSymbols { plans?.viewSymbols ?? .dictionaries }

    /// The same templates rendered by swift-mustache alone, to compare the engine with.
    var renderedBySwiftMustache: TemplateSet { TemplateSet(library: library, plans: nil) }

    /// A fragment that many pages share, rendered once from its partial and placed by the pages with
    /// `{{{…_html}}}` on a line of its own: the line break that ends the partial's last line is left
    /// out, as the page's own line gives it one. Nothing if the theme has no such partial.
    func renderFragment(_ context: [String: Any], template: String) -> String {
        var html = render(context, template: template)
        if html.utf8.last == UInt8(ascii: "\n") { html.removeLast() }
        return html
    }
}
