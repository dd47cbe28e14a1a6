import Foundation
import Mustache

/// The Mustache templates of `Theme/templates/`, loaded one by one so that every broken template is
/// reported with its name and line, not just the first.
public struct TemplateSet: Sendable {
    public let library: MustacheLibrary

    /// The templates the builder renders pages with; a theme must provide each.
    public static let required = ["layout", "home", "briefings", "briefing", "themes", "theme", "page", "404",
                                  "briefing-responses", "actions", "organisations", "organisation", "responses"]

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
                library.register(try MustacheTemplate(string: text), named: name)
                loaded[name] = text
            } catch let error as MustacheTemplate.ParserError {
                log.error(SourceLocation(path: display, line: error.context.lineNumber, column: error.context.columnNumber),
                          "template '\(name)': \(describe(error.error))")
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
        return ok ? TemplateSet(library: library) : nil
    }

    /// `{{> name}}` and `{{< name}}` tags with their line and column.
    static func partialReferences(in text: String) -> [(String, Int, Int)] {
        var result: [(String, Int, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let afterOpen = rest[open.upperBound...]
                guard let close = afterOpen.range(of: "}}") else { break }
                let tag = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if let first = tag.first, first == ">" || first == "<" {
                    let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                    let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                    if !name.isEmpty, !name.hasPrefix("*") { result.append((name, index + 1, column)) }
                }
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
        library.render(context, withTemplate: template) ?? ""
    }
}
