import Foundation

/// `actions.csv` and `responses.json` in `Public/`: the same facts as the summary pages, for
/// spreadsheets and other tools. Neither holds contact details; team managers only when hub.yml allows.
struct Exports {
    let hub: Hub

    /// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
    /// first) gets a leading apostrophe, so opening the file never runs anything.
    static func neutralise(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first else { return cell }
        return "=+-@\t\r".unicodeScalars.contains(first) ? "'" + cell : cell
    }

    static func csvRow(_ cells: [String]) -> String {
        cells.map { "\"" + neutralise($0).replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
    }

    /// UTF-8 with a byte-order mark and CRLF line ends: what Excel needs to open it cleanly.
    func actionsCSV() -> Data {
        let titles = Dictionary(uniqueKeysWithValues: hub.briefings.map { ($0.slug, $0.title) })
        var out = "\u{FEFF}" + Self.csvRow([
            "Briefing", "Organisation", "Team", "Action", "What needs to happen?", "Who will do it?", "By when?", "By when (date)",
            "How will you know when it has been done?", "How will you know if it has worked?", "Status", "Evidence that it worked", "Group",
        ])
        for e in ActionTracker(asOf: hub.asOf).entries(hub.responses) {
            out += Self.csvRow([
                titles[e.response.briefing] ?? e.response.briefing, e.response.organisation, e.response.team, String(e.number),
                e.action.what, e.action.who, e.action.byWhen?.written ?? "", e.action.byWhen?.date?.iso ?? "",
                e.action.doneWhen, e.action.workedWhen, e.action.status.rawValue, e.action.evidence, e.group.rawValue,
            ])
        }
        return Data(out.utf8)
    }

    struct JSONAction: Encodable {
        var what, who, by_when: String
        var by_when_date: String?
        var done_when, worked_when, status, evidence, group: String
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
        let tracker = ActionTracker(asOf: hub.asOf)
        let export = JSONExport(as_of: hub.asOf.iso, responses: hub.responses.map { r in
            JSONResponse(
                briefing: r.briefing, organisation: r.organisation, team: r.team,
                team_manager: hub.config.publishStaffNames && !r.teamManager.isEmpty ? r.teamManager : nil,
                submitted: r.submitted?.iso,
                learning: r.learning.map { JSONLearning(refs: $0.refs, discussion: $0.discussion) },
                actions: r.actions.map { a in
                    JSONAction(what: a.what, who: a.who, by_when: a.byWhen?.written ?? "", by_when_date: a.byWhen?.date?.iso,
                               done_when: a.doneWhen, worked_when: a.workedWhen, status: a.status.rawValue,
                               evidence: a.evidence, group: tracker.group(a).rawValue)
                },
                notes: r.notes)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(export)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }
}
