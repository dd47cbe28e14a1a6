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
        if text.utf8.contains(0x0D) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n")
            // A CR left over (from "\r\r\n", say) can join the next line feed into one Character.
            if text.utf8.contains(0x0D) { return try splitCharacterwise(text, path: path) }
        }
        // Lines are found on the UTF-8 bytes: with no CR left, a line feed is always a Character of
        // its own, so this splits exactly where splitting on "\n" Characters would.
        let (yaml, body, fenceLine): (String?, String?, Int?) = text.withUTF8 { bytes in
            func lineEnd(_ start: Int) -> Int {
                var i = start
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                return i
            }
            guard isFence(bytes, 0, lineEnd(0)) else { return (nil, nil, nil) }
            let yamlStart = lineEnd(0) + 1
            var start = yamlStart
            var line = 1
            while start <= bytes.count {
                let end = lineEnd(start)
                if isFence(bytes, start, end) {
                    // The YAML is every line between the fences; the body every line after the second.
                    let yaml = String(decoding: bytes[yamlStart..<max(yamlStart, start - 1)], as: UTF8.self)
                    let body = end + 1 < bytes.count ? String(decoding: bytes[(end + 1)...], as: UTF8.self) : ""
                    return (yaml, body, line)
                }
                start = end + 1
                line += 1
            }
            return (nil, nil, 0)
        }
        guard let fenceLine else {
            throw DiagnosticsError([.error(SourceLocation(path: path),
                "the file must start with front matter: a line '---', the fields in YAML, then another line '---'")])
        }
        guard let yaml, let body else {
            throw DiagnosticsError([.error(SourceLocation(path: path),
                "the front matter is never closed: add a line '---' after the last field")])
        }
        return FrontMatterFile(path: path, yaml: yaml, body: body, yamlFirstLine: 2, bodyFirstLine: fenceLine + 2)
    }

    /// The same split, on Characters: for the rare text with a carriage return that is not part of a line end.
    static func splitCharacterwise(_ text: String, path: String) throws(DiagnosticsError) -> FrontMatterFile {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
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

    /// Only a line that starts with '---' fences front matter: an indented '---' is text inside a field.
    /// The rest of the line may only be white space.
    private static func isFence(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start >= 3, bytes[start] == 0x2D, bytes[start + 1] == 0x2D, bytes[start + 2] == 0x2D else { return false }
        let rest = UnsafeBufferPointer(rebasing: bytes[(start + 3)..<end])
        if rest.allSatisfy({ $0 < 0x80 }) {
            // A combining mark could join the third '-' into another Character; none is ASCII.
            return rest.allSatisfy { $0 == 0x20 || (0x09...0x0D).contains($0) }
        }
        // Anything else is decided as Characters, as the rule is written.
        let line = String(decoding: bytes[start..<end], as: UTF8.self)
        return line.hasPrefix("---") && line.dropFirst(3).allSatisfy(\.isWhitespace)
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
        if let refusal = YAMLGuard().check(yaml) {
            log.error(SourceLocation(path: path, line: refusal.line + firstLine - 1, column: refusal.column), refusal.problem)
            self.mapping = mapping
            self.malformed = true
            self.log = log
            return
        }
        do {
            // UTF-8 given, not left to Yams, which reads the whole environment each time to choose.
            if let node = try Yams.compose(yaml: yaml, .default, .default, .utf8) {
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
        let value = scalar.string.trimmedWhitespaceAndNewlines()
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
                result.append((s.string.trimmedWhitespace(), location(of: item)))
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
                    if case .scalar(let s) = item { values.append((s.string.trimmedWhitespace(), location(of: item))) }
                    else { log.error(location(of: item), "each entry under '\(key): \(name)' should be a single ID, like F2") }
                }
            case .scalar(let s):
                let value = s.string.trimmedWhitespace()
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

    /// A calendar date, in any of the forms the collector reads: `2026-11-27`, `27/11/2026`, `27 November 2026`.
    public mutating func date(_ key: String, required: Bool = true) -> CalendarDate? {
        guard let text = string(key, required: required) else { return nil }
        guard let date = FlexibleDate.parse(text) else {
            log.error(location(of: key), "the field '\(key)' should be a date, like 2026-11-27 or 27 November 2026, not '\(text)'")
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
