import Yams

/// Writes a response in its normalised, stored form: Markdown with YAML front matter, fields in the
/// form's order, the date submitted as YYYY-MM-DD, every text as the team wrote it. The same record always gives the same bytes.
public enum ResponseWriter {
    public static func markdown(_ r: TeamResponse) -> String {
        func text(_ s: String) -> Node { Node(s, Tag(.str), s.contains("\n") ? .literal : .doubleQuoted) }
        var pairs: [(Node, Node)] = [
            ("briefing", text(r.briefing)),
            ("organisation", text(r.organisation)),
            ("team", text(r.team)),
            ("team_manager", text(r.teamManager)),
            ("contact", text(r.contact)),
        ]
        if let submitted = r.submitted { pairs.append(("submitted", Node(submitted.iso))) }
        let learning: [Node] = r.learning.map { point in
            let refs: [Node] = point.refs.map { Node($0) }
            let fields: [(Node, Node)] = [(Node("refs"), Node(refs, .implicit, .flow)), (Node("discussion"), text(point.discussion))]
            return Node(fields)
        }
        pairs.append((Node("learning"), Node(learning)))
        pairs.append((Node("actions"), Node(r.actions.map { (a: ResponseAction) -> Node in
            var fields: [(Node, Node)] = [("what", text(a.what)), ("who", text(a.who))]
            // As the team wrote it ("31 October 2026"); it is read again as a date each time.
            if let due = a.byWhen { fields.append(("by_when", text(due.written))) }
            fields += [("done_when", text(a.doneWhen)), ("worked_when", text(a.workedWhen)),
                       ("status", Node(a.status.rawValue)), ("evidence", text(a.evidence))]
            return Node(fields)
        })))
        let yaml = (try? Yams.serialize(node: Node(pairs), width: -1, allowUnicode: true)) ?? ""
        let notes = r.notes.isEmpty ? "" : "\n\(r.notes)\n"
        return "---\n\(yaml)---\n\(notes)"
    }
}
