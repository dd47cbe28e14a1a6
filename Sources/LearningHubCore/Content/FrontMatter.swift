import Foundation
import Yams

/// A Markdown file split into its YAML front matter and its body, remembering where the body starts
/// so that problems found in either can be reported at the right line of the original file.
public struct FrontMatterFile: Sendable {
    public var path: String
    public var yaml: String
    public var body: String
    /// 1-based line of the original file on which `yaml` starts.
    public var yamlFirstLine: Int
    /// 1-based line of the original file on which `body` starts.
    public var bodyFirstLine: Int

    /// Splits `---` fenced front matter from the body. Accepts a byte-order mark and CRLF line endings.
    public static func split(_ text: String, path: String) throws(DiagnosticsError) -> FrontMatterFile {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Only a line that starts with '---' fences front matter: an indented '---' is text inside a field.
        func isFence(_ line: Substring) -> Bool { line.hasPrefix("---") && line.dropFirst(3).allSatisfy(\.isWhitespace) }
        guard let first = lines.first, isFence(first) else {
            throw DiagnosticsError([.error(SourceLocation(path: path),
                "the file must start with front matter: a line '---', the fields in YAML, then another line '---'")])
        }
        guard let end = lines.dropFirst().firstIndex(where: isFence) else {
            throw DiagnosticsError([.error(SourceLocation(path: path),
                "the front matter is never closed: add a line '---' after the last field")])
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        return FrontMatterFile(path: path, yaml: yaml, body: body, yamlFirstLine: 2, bodyFirstLine: end + 2)
    }
}

/// A YAML mapping read field by field, so that each problem names the field and its line.
/// Every accessor records a diagnostic rather than throwing, so one pass reports every problem.
public struct YAMLFields {
    public let path: String
    private let mapping: Node.Mapping
    private let lineOffset: Int
    private let fallback: SourceLocation
    public var log = DiagnosticLog()
    private var seen: Set<String> = []
    /// When the YAML itself is broken, every field looks missing; saying so would bury the real problem.
    public private(set) var malformed = false

    /// Parses `yaml`; on a syntax error records it and yields an empty mapping.
    public init(yaml: String, path: String, firstLine: Int = 1) {
        self.path = path
        self.lineOffset = firstLine - 1
        self.fallback = SourceLocation(path: path, line: max(firstLine - 1, 1))
        var log = DiagnosticLog()
        var mapping = Node.Mapping([])
        do {
            if let node = try Yams.compose(yaml: yaml) {
                if let m = node.mapping {
                    mapping = m
                } else {
                    log.error(Self.location(node.mark, path: path, offset: firstLine - 1),
                              "expected fields written as 'name: value', found a single value")
                }
            }
        } catch let error as YamlError {
            let (mark, problem) = Self.describe(error)
            log.error(Self.location(mark, path: path, offset: firstLine - 1), "the YAML is malformed: \(problem)")
        } catch {
            log.error(SourceLocation(path: path, line: firstLine), "the YAML could not be read: \(error)")
        }
        self.mapping = mapping
        self.malformed = log.hasErrors
        self.log = log
    }

    static func location(_ mark: Mark?, path: String, offset: Int) -> SourceLocation {
        SourceLocation(path: path, line: (mark?.line ?? 1) + offset, column: mark?.column ?? 1)
    }

    static func describe(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            return (mark, "\(ctx)\(problem)".trimmingCharacters(in: .whitespaces))
        case let .duplicatedKeysInMapping(duplicates, context):
            return (context.mark, "the field '\(duplicates.joined(separator: "', '"))' is given twice")
        default:
            return (nil, "\(error)")
        }
    }

    /// Where the field named `key` is written, or the start of the front matter if it is absent.
    public func location(of key: String) -> SourceLocation {
        for (k, v) in mapping where k.string == key {
            return Self.location(k.mark ?? v.mark, path: path, offset: lineOffset)
        }
        return fallback
    }

    public func location(of node: Node) -> SourceLocation {
        Self.location(node.mark, path: path, offset: lineOffset)
    }

    public func node(_ key: String) -> Node? {
        for (k, v) in mapping where k.string == key {
            if v.null != nil { return nil }
            return v
        }
        return nil
    }

    public var keys: [String] { mapping.compactMap { $0.key.string } }

    /// A required or optional single line of text.
    public mutating func string(_ key: String, required: Bool = true, describe: String? = nil) -> String? {
        seen.insert(key)
        guard let node = node(key) else {
            if required, !malformed { log.error(location(of: key), "the required field '\(key)'\(describe.map { " (\($0))" } ?? "") is missing") }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            log.error(location(of: node), "the field '\(key)' should be a single piece of text, not a list or a group of fields")
            return nil
        }
        let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty, required {
            log.error(location(of: key), "the field '\(key)' is empty")
            return nil
        }
        return value
    }

    /// A list of short texts, written either as `[a, b]` or as `- a` lines.
    public mutating func stringList(_ key: String, required: Bool = true) -> [(String, SourceLocation)]? {
        seen.insert(key)
        guard let node = node(key) else {
            if required, !malformed { log.error(location(of: key), "the required field '\(key)' is missing") }
            return nil
        }
        guard case .sequence(let seq) = node else {
            log.error(location(of: node), "the field '\(key)' should be a list, written as [a, b] or as lines starting with '- '")
            return nil
        }
        var result: [(String, SourceLocation)] = []
        for item in seq {
            if case .scalar(let s) = item {
                result.append((s.string.trimmingCharacters(in: .whitespaces), location(of: item)))
            } else {
                log.error(location(of: item), "each entry of '\(key)' should be a single piece of text")
            }
        }
        return result
    }

    /// A mapping from names to lists of short texts (`theme: [F1, R2]`), each entry with its place.
    public mutating func listMapping(_ key: String) -> [(key: String, location: SourceLocation, values: [(String, SourceLocation)])] {
        seen.insert(key)
        guard let node = node(key) else { return [] }
        guard let mapping = node.mapping else {
            log.error(location(of: node), "the field '\(key)' should be a group of lines like 'name: [A, B]'")
            return []
        }
        var result: [(key: String, location: SourceLocation, values: [(String, SourceLocation)])] = []
        for (k, v) in mapping {
            let name = k.string ?? ""
            var values: [(String, SourceLocation)] = []
            switch v {
            case .sequence(let seq):
                for item in seq {
                    if case .scalar(let s) = item { values.append((s.string.trimmingCharacters(in: .whitespaces), location(of: item))) }
                    else { log.error(location(of: item), "each entry under '\(key): \(name)' should be a single ID, like F2") }
                }
            case .scalar(let s):
                let value = s.string.trimmingCharacters(in: .whitespaces)
                if v.null != nil || value.isEmpty {
                    log.error(location(of: k), "'\(key): \(name)' lists nothing; give a list, like [F1, R2], or remove the line")
                } else {
                    values.append((value, location(of: v)))
                }
            default:
                log.error(location(of: v), "'\(key): \(name)' should be a list, like [F1, R2]")
            }
            result.append((name, location(of: k), values))
        }
        return result
    }

    /// A calendar date written as YYYY-MM-DD.
    public mutating func date(_ key: String, required: Bool = true) -> CalendarDate? {
        guard let text = string(key, required: required) else { return nil }
        guard let date = CalendarDate(iso: text) else {
            log.error(location(of: key), "the field '\(key)' should be a date written as YYYY-MM-DD, like 2026-11-27, not '\(text)'")
            return nil
        }
        return date
    }

    public mutating func bool(_ key: String, default value: Bool) -> Bool {
        seen.insert(key)
        guard let node = node(key) else { return value }
        guard let b = node.bool else {
            log.error(location(of: node), "the field '\(key)' should be true or false")
            return value
        }
        return b
    }

    /// Marks a field as known without reading it here.
    public mutating func accept(_ key: String) { seen.insert(key) }

    /// Warns about fields nobody read: usually a typo in a field name.
    public mutating func warnAboutUnknownFields() {
        for (k, _) in mapping {
            guard let name = k.string, !seen.contains(name) else { continue }
            log.warning(Self.location(k.mark, path: path, offset: lineOffset),
                        "unknown field '\(name)' is ignored; check its spelling")
        }
    }
}
