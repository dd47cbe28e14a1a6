/// Maps a CSV export's columns to the response's fields. The header texts come from `response_columns`
/// in hub.yml; the defaults are the seed form's own questions. Several learning points or actions
/// are numbered columns: `What needs to happen? 1`, `What needs to happen? 2` (or `(2)`).
public struct CSVResponseMapper: Sendable {
    /// The seed form's own questions (`TeamResponse.formQuestions`), by field.
    public static let defaultColumns: [String: String] = TeamResponse.formQuestions
    /// Each column's field, by its name in `columns` (`action_refs` is an action's `refs`).
    static let fieldsByColumn = Dictionary(uniqueKeysWithValues: ResponseSchema.fields.filter { $0.question != nil }.map { ($0.column, $0) })

    public var columns: [String: String]

    public init(overrides: [String: String] = [:]) {
        columns = Self.defaultColumns.merging(overrides) { $1 }
    }

    static func normalise(_ header: String) -> String {
        header.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Which field (and which numbered learning point or action) a header names, if any.
    func field(forHeader header: String) -> (name: String, index: Int)? {
        let h = Self.normalise(header)
        // Longest question first, so "Status" does not swallow a longer header that starts with it.
        for (field, question) in columns.sorted(by: { ($0.value.count, $0.key) > ($1.value.count, $1.key) }) {
            let q = Self.normalise(question)
            guard h.hasPrefix(q) else { continue }
            let rest = h.dropFirst(q.count).trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "()#"))
            if rest.isEmpty { return (field, 1) }
            if let n = Int(rest), n >= 1 { return (field, n) }
        }
        return nil
    }

    /// Turns each data row into the same shape a YAML response has. Unknown columns become warnings.
    public func responses(from table: CSVTable, path: String, log: inout DiagnosticLog) -> [RawValue] {
        guard let header = table.rows.first else {
            log.error(SourceLocation(path: path), "the CSV file is empty; it needs a header row and one row per response")
            return []
        }
        let mapped = header.map { field(forHeader: $0.text) }
        for (cell, m) in zip(header, mapped) where m == nil && !cell.text.trimmingCharacters(in: .whitespaces).isEmpty {
            log.warning(SourceLocation(path: path, line: cell.line, column: cell.column),
                        "the column '\(cell.text)' is not one of the form's questions and is ignored")
        }
        var result: [RawValue] = []
        for row in table.rows.dropFirst() {
            let rowLocation = SourceLocation(path: path, line: row.first?.line ?? 1)
            var top: [(String, RawValue, SourceLocation)] = []
            var learning: [Int: [(String, RawValue, SourceLocation)]] = [:]
            var actions: [Int: [(String, RawValue, SourceLocation)]] = [:]
            for (i, cell) in row.enumerated() {
                guard i < mapped.count, let (name, n) = mapped[i], let field = Self.fieldsByColumn[name] else { continue }
                let text = cell.text.trimmedWhitespaceAndNewlines()
                if text.isEmpty { continue }
                let location = SourceLocation(path: path, line: cell.line, column: cell.column)
                switch field.level {
                case .learningPoint:
                    let value: RawValue = field.kind == .refs
                        ? .list(text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).map { .text(String($0), location) }, location)
                        : .text(text, location)
                    learning[n, default: []].append((field.key, value, location))
                case .action:
                    // An action's `refs` stays one text: the validator splits it as it does a file's.
                    actions[n, default: []].append((field.key, .text(text, location), location))
                case .top:
                    top.append((field.key, .text(text, location), location))
                }
            }
            if row.count > header.count {
                log.warning(rowLocation, "this row has more cells than the header has columns; the extra cells are ignored")
            }
            if learning.isEmpty, actions.isEmpty, top.isEmpty { continue }
            func group(_ numbered: [Int: [(String, RawValue, SourceLocation)]]) -> RawValue {
                .list(numbered.sorted { $0.key < $1.key }.map { _, entries in
                    .fields(entries.map { ($0.0, $0.1, $0.2) }, entries.first?.2 ?? rowLocation)
                }, rowLocation)
            }
            if !learning.isEmpty { top.append(("learning", group(learning), rowLocation)) }
            if !actions.isEmpty { top.append(("actions", group(actions), rowLocation)) }
            result.append(.fields(top.map { ($0.0, $0.1, $0.2) }, rowLocation))
        }
        return result
    }
}

import Foundation
