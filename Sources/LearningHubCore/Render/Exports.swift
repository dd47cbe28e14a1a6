import Foundation

/// `actions.csv` and `responses.json` in `Public/`: the same facts as the summary pages, for
/// spreadsheets and other tools. Neither holds contact details; team managers only when hub.yml allows.
struct Exports {
    let hub: Hub
    /// The tracker's groups, worked out once for the summary pages.
    let actions: TrackedActions

    /// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
    /// first) gets a leading apostrophe, so opening the file never runs anything.
    static func neutralise(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first else { return cell }
        return "=+-@\t\r".unicodeScalars.contains(first) ? "'" + cell : cell
    }

    static func csvRow(_ cells: [String]) -> String {
        var out: [UInt8] = []
        appendCSVRow(cells, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The same row as bytes: every cell quoted, quotes doubled.
    static func appendCSVRow(_ cells: [String], to out: inout [UInt8]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.append(0x2C) }
            out.append(0x22)
            // The characters `neutralise` looks for are all ASCII, so the first byte tells.
            if let first = cell.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) { out.append(0x27) }
            for b in cell.utf8 {
                if b == 0x22 { out.append(0x22) }
                out.append(b)
            }
            out.append(0x22)
        }
        out += [0x0D, 0x0A]
    }

    /// A column of actions.csv: a field of the schema, or one worked out from the record.
    enum Column {
        case briefingTitle, number, group
        case field(ResponseField.Step)
        /// A due date's day, YYYY-MM-DD, when the team's text is one.
        case day(ResponseField.Step)

        var title: String {
            func exportTitle(_ s: ResponseField.Step) -> String { ResponseSchema.field(s.key, in: s.read.level)?.exportTitle ?? s.key }
            switch self {
            case .briefingTitle: return "Briefing"
            case .number: return "Action"
            case .group: return "Group"
            case .field(let s): return exportTitle(s)
            case .day(let s): return "\(exportTitle(s).replacingOccurrences(of: "?", with: "")) (date)"
            }
        }
    }

    /// actions.csv's columns in the order they were added, not the form's: a spreadsheet made
    /// from the file finds its columns by place, so a new field's column goes at the end.
    static let columns: [Column] = [.briefingTitle, "organisation", "team", .number, "what", "who", "by_when", .day(step("by_when")),
                                    "done_when", "worked_when", "status", "evidence", .group, "refs"]
    static let titles = columns.map(\.title)

    /// The schema's field of that key, an action's before the response's (`refs` is the action's
    /// here); a key the schema does not have gives an empty column (ResponseSchemaTests fails on it).
    static func step(_ key: String) -> ResponseField.Step {
        (ResponseSchema.field(key, in: .action) ?? ResponseSchema.field(key, in: .top)
            ?? ResponseField(key: key, kind: .text, read: .response { _ in .text("") })).step
    }

    static func cell(_ column: Column, _ e: ActionTracker.Entry, titles: [String: String]) -> String {
        switch column {
        case .briefingTitle: return titles[e.response.briefing] ?? e.response.briefing
        case .number: return String(e.number)
        case .group: return e.group.rawValue
        case .day(let s):
            guard case .due(let d)? = s.read.value(e.action) else { return "" }
            return d?.date?.iso ?? ""
        case .field(let s):
            switch s.read.value(e.action) ?? s.read.value(e.response) {
            case .text(let t)?: return t
            case .date(let d)?: return d?.iso ?? ""
            case .due(let d)?: return d?.written ?? ""
            case .status(let status)?: return status.rawValue
            case .refs(let ids)?: return ids.joined(separator: ", ")
            case .points?, .actions?, nil: return ""
            }
        }
    }

    /// UTF-8 with a byte-order mark and CRLF line ends: what Excel needs to open it cleanly.
    /// Rows are made on every core: at 150,000 actions this file took seconds on one.
    func actionsCSV() -> Data {
        let titles = Dictionary(uniqueKeysWithValues: hub.briefings.map { ($0.slug, $0.title) })
        let entries = actions.entries
        let chunks = ParallelResults<[UInt8]>.map(Array(stride(from: 0, to: entries.count, by: 1024)), chunk: 1) { start in
            var out: [UInt8] = []
            for e in entries[start..<min(entries.count, start + 1024)] {
                Self.appendCSVRow(Self.columns.map { Self.cell($0, e, titles: titles) }, to: &out)
            }
            return out
        }
        var out = Array("\u{FEFF}".utf8)
        Self.appendCSVRow(Self.titles, to: &out)
        for chunk in chunks { out += chunk }
        return Data(out)
    }
}
