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

    /// UTF-8 with a byte-order mark and CRLF line ends: what Excel needs to open it cleanly.
    /// Rows are made on every core: at 150,000 actions this file took seconds on one.
    func actionsCSV() -> Data {
        let titles = Dictionary(uniqueKeysWithValues: hub.briefings.map { ($0.slug, $0.title) })
        let entries = actions.entries
        let chunks = ParallelResults<[UInt8]>.map(Array(stride(from: 0, to: entries.count, by: 1024)), chunk: 1) { start in
            var out: [UInt8] = []
            for e in entries[start..<min(entries.count, start + 1024)] {
                Self.appendCSVRow([
                    titles[e.response.briefing] ?? e.response.briefing, e.response.organisation, e.response.team, String(e.number),
                    e.action.what, e.action.who, e.action.byWhen?.written ?? "", e.action.byWhen?.date?.iso ?? "",
                    e.action.doneWhen, e.action.workedWhen, e.action.status.rawValue, e.action.evidence, e.group.rawValue,
                    e.action.refs.joined(separator: ", "),
                ], to: &out)
            }
            return out
        }
        var out = Array("\u{FEFF}".utf8)
        Self.appendCSVRow([
            "Briefing", "Organisation", "Team", "Action", "What needs to happen?", "Who will do it?", "By when?", "By when (date)",
            "How will you know when it has been done?", "How will you know if it has worked?", "Status", "Evidence that it worked", "Group",
            "Learning it answers",
        ], to: &out)
        for chunk in chunks { out += chunk }
        return Data(out)
    }

    struct JSONAction: Encodable {
        var what, who, by_when: String
        var by_when_date: String?
        var done_when, worked_when, status, evidence, group: String
        /// The learning points the action answers.
        var refs: [String]
    }

    struct JSONLearning: Encodable {
        var refs: [String]
        var discussion: String
    }

    struct JSONResponse: Encodable {
        var briefing, organisation, team: String
        var team_manager: String?
        var submitted: String?
        var learning: [JSONLearning]
        var actions: [JSONAction]
        var notes: String
    }

    struct JSONExport: Encodable {
        var as_of: String
        var responses: [JSONResponse]
    }

    func responsesJSON() -> Data {
        let tracker = actions.tracker
        let responses = hub.responses.map { r in
            JSONResponse(
                briefing: r.briefing, organisation: r.organisation, team: r.team,
                team_manager: hub.config.publishStaffNames && !r.teamManager.isEmpty ? r.teamManager : nil,
                submitted: r.submitted?.iso,
                learning: r.learning.map { JSONLearning(refs: $0.refs, discussion: $0.discussion) },
                actions: r.actions.map { a in
                    JSONAction(what: a.what, who: a.who, by_when: a.byWhen?.written ?? "", by_when_date: a.byWhen?.date?.iso,
                               done_when: a.doneWhen, worked_when: a.workedWhen, status: a.status.rawValue,
                               evidence: a.evidence, group: tracker.group(a).rawValue, refs: a.refs)
                },
                notes: r.notes)
        }
        return Self.json(JSONExport(as_of: hub.asOf.iso, responses: responses))
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The export as JSONEncoder writes it whole. With many responses, each is encoded on its own,
    /// on every core, and indented to its place in the list (pretty-printing indents by depth,
    /// no string holds a raw line break, and the blank line of an empty list has no indent): the same bytes (tested), in a fraction of the time.
    static func json(_ export: JSONExport) -> Data {
        guard export.responses.count >= 64,
              let asOf = try? encoder().encode(export.as_of) else {
            return ((try? encoder().encode(export)) ?? Data("{}".utf8)) + Data("\n".utf8)
        }
        let shared = encoder()
        let parts = ParallelResults<[UInt8]>.map(export.responses, chunk: 256) { response in
            var out: [UInt8] = []
            var lineStart = true
            for b in (try? shared.encode(response)) ?? Data("{}".utf8) {
                // Blank lines (inside an empty list) stay blank, as the whole encoder writes them.
                if lineStart, b != 0x0A { out += Array("    ".utf8) }
                out.append(b)
                lineStart = b == 0x0A
            }
            return out
        }
        var out = Array("{\n  \"as_of\" : ".utf8) + Array(asOf) + Array(",\n  \"responses\" : [\n".utf8)
        for (i, part) in parts.enumerated() {
            if i > 0 { out += Array(",\n".utf8) }
            out += part
        }
        out += Array("\n  ]\n}\n".utf8)
        return Data(out)
    }
}
