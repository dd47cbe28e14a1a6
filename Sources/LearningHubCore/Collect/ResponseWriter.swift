import Yams

/// Writes a response in its normalised, stored form: Markdown with YAML front matter, fields in the
/// form's order, the date submitted as YYYY-MM-DD, every text as the team wrote it. The same record always gives the same bytes.
public enum ResponseWriter {
    public static func markdown(_ r: TeamResponse) -> String {
        // The record's YAML is written directly when every text is one that Yams would write as a
        // plain double-quoted line (almost all are); anything else goes through Yams' emitter,
        // which made writing half of collecting. Both give the same bytes (tested side by side).
        let yaml = directYAML(r) ?? yamsYAML(r)
        let notes = r.notes.isEmpty ? "" : "\n\(r.notes)\n"
        return "---\n\(yaml)---\n\(notes)"
    }

    /// The front matter through Yams' emitter: the reference for `directYAML`.
    static func yamsYAML(_ r: TeamResponse) -> String {
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
            var fields: [(Node, Node)] = [("what", text(a.what))]
            // Only when the action cites points, so that records without them keep their bytes.
            if !a.refs.isEmpty { fields.append((Node("refs"), Node(a.refs.map { Node($0) }, .implicit, .flow))) }
            fields.append(("who", text(a.who)))
            // As the team wrote it ("31 October 2026"); it is read again as a date each time.
            if let due = a.byWhen { fields.append(("by_when", text(due.written))) }
            fields += [("done_when", text(a.doneWhen)), ("worked_when", text(a.workedWhen)),
                       ("status", Node(a.status.rawValue)), ("evidence", text(a.evidence))]
            return Node(fields)
        })))
        return (try? Yams.serialize(node: Node(pairs), width: -1, allowUnicode: true)) ?? ""
    }

    /// The same YAML as `yamsYAML` written directly, or nil for a record with a text Yams would
    /// write another way (a line break, a tab or another character it escapes) or an ID it might
    /// quote: that record goes through Yams.
    static func directYAML(_ r: TeamResponse) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        func raw(_ s: String) { out.append(contentsOf: s.utf8) }
        func quoted(_ key: String, _ s: String, indent: String = "") -> Bool {
            raw(indent)
            raw(key)
            raw(": \"")
            for b in s.utf8 {
                if b == 0x22 || b == 0x5C { out.append(0x5C) }
                out.append(b)
            }
            out.append(0x22)
            out.append(0x0A)
            return plainQuotable(s)
        }
        var ok = true
        ok = quoted("briefing", r.briefing) && ok
        ok = quoted("organisation", r.organisation) && ok
        ok = quoted("team", r.team) && ok
        ok = quoted("team_manager", r.teamManager) && ok
        ok = quoted("contact", r.contact) && ok
        if let submitted = r.submitted {
            let iso = submitted.iso
            // A year outside 0000 to 9999 would not be written YYYY-MM-DD; let Yams decide then.
            guard iso.utf8.count == 10 else { return nil }
            raw("submitted: \(iso)\n")
        }
        if r.learning.isEmpty { raw("learning: []\n") } else {
            raw("learning:\n")
            for point in r.learning {
                guard point.refs.allSatisfy(isPlainID) else { return nil }
                raw("- refs: [\(point.refs.joined(separator: ", "))]\n")
                ok = quoted("discussion", point.discussion, indent: "  ") && ok
            }
        }
        if r.actions.isEmpty { raw("actions: []\n") } else {
            raw("actions:\n")
            for a in r.actions {
                ok = quoted("- what", a.what) && ok
                if !a.refs.isEmpty {
                    guard a.refs.allSatisfy(isPlainID) else { return nil }
                    raw("  refs: [\(a.refs.joined(separator: ", "))]\n")
                }
                ok = quoted("who", a.who, indent: "  ") && ok
                if let due = a.byWhen { ok = quoted("by_when", due.written, indent: "  ") && ok }
                ok = quoted("done_when", a.doneWhen, indent: "  ") && ok
                ok = quoted("worked_when", a.workedWhen, indent: "  ") && ok
                raw("  status: \(a.status.rawValue)\n")
                ok = quoted("evidence", a.evidence, indent: "  ") && ok
            }
        }
        return ok ? String(decoding: out, as: UTF8.self) : nil
    }

    /// Characters libyaml writes as they are inside double quotes with `allowUnicode` (after
    /// escaping `"` and `\`): printable ASCII, and the printable characters of the Basic
    /// Multilingual Plane that are not line breaks or a byte-order mark. Others it escapes.
    static func plainQuotable(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { u in
            let v = u.value
            if v < 0x80 { return v >= 0x20 && v != 0x7F }
            return (v >= 0xA0 && v <= 0xD7FF && v != 0x2028 && v != 0x2029) || (v >= 0xE000 && v <= 0xFFFD && v != 0xFEFF)
        }
    }

    /// An ID like F2, R3.1 or F10a that Yams writes plain in a flow list: letters, then a digit,
    /// then letters, digits and dots; never a word YAML reads as true, false, null or a number.
    static func isPlainID(_ id: String) -> Bool {
        let b = Array(id.utf8)
        func letter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
        func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        var i = 0
        while i < b.count, letter(b[i]) { i += 1 }
        guard i > 0, i < b.count, digit(b[i]) else { return false }
        return b[i...].allSatisfy { letter($0) || digit($0) || $0 == 0x2E }
    }
}
