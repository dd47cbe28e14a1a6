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

    /// The front matter through Yams' emitter: the reference for `directYAML`. The fields in the
    /// schema's order; the notes (`body`) go below it.
    static func yamsYAML(_ r: TeamResponse) -> String {
        func text(_ s: String) -> Node { Node(s, Tag(.str), s.contains("\n") ? .literal : .doubleQuoted) }
        func pairs(_ steps: [ResponseField.Step], _ value: (ResponseField.Reader) -> FieldValue?) -> [(Node, Node)] {
            var out: [(Node, Node)] = []
            for f in steps {
                guard let v = value(f.read), f.kind != .body else { continue }
                let key = Node(f.key)
                switch v {
                case .text(let s): out.append((key, text(s)))
                case .date(let d): if let d { out.append((key, Node(d.iso))) }
                // As the team wrote it ("31 October 2026"); it is read again as a date each time.
                case .due(let d): if let d { out.append((key, text(d.written))) }
                case .status(let s): out.append((key, Node(s.rawValue)))
                case .refs(let ids):
                    if !(ids.isEmpty && f.omittedWhenEmpty) { out.append((key, Node(ids.map { Node($0) }, .implicit, .flow))) }
                case .points(let points):
                    out.append((key, Node(points.map { p in Node(pairs(ResponseSchema.learningPointSteps) { $0.value(p) }) })))
                case .actions(let actions):
                    out.append((key, Node(actions.map { a in Node(pairs(ResponseSchema.actionSteps) { $0.value(a) }) })))
                }
            }
            return out
        }
        return (try? Yams.serialize(node: Node(pairs(ResponseSchema.topSteps) { $0.value(r) }), width: -1, allowUnicode: true)) ?? ""
    }

    /// The same YAML as `yamsYAML` written directly, or nil for a record with a text Yams would
    /// write another way (a line break, a tab or another character it escapes) or an ID it might
    /// quote: that record goes through Yams.
    static func directYAML(_ r: TeamResponse) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        func raw(_ s: String) { out.append(contentsOf: s.utf8) }
        /// `"text"` and the line's end; false when Yams would write the text another way.
        func quoted(_ s: String) -> Bool {
            out.append(0x22)
            for b in s.utf8 {
                if b == 0x22 || b == 0x5C { out.append(0x5C) }
                out.append(b)
            }
            raw("\"\n")
            return plainQuotable(s)
        }
        /// One group of fields, the first line after `first` (`- ` for a list's entry), the others
        /// after `indent`; false when Yams must write the record.
        func group(_ steps: [ResponseField.Step], first: String, indent: String, _ value: (ResponseField.Reader) -> FieldValue?) -> Bool {
            var ok = true
            var lead = first
            for step in steps {
                guard step.kind != .body, let v = value(step.read) else { continue }
                switch v {
                case .date(let d):
                    guard let iso = d?.iso else { continue }
                    // A year outside 0000 to 9999 would not be written YYYY-MM-DD; let Yams decide then.
                    guard iso.utf8.count == 10 else { return false }
                case .due(nil): continue
                case .refs(let ids):
                    if ids.isEmpty, step.omittedWhenEmpty { continue }
                    guard ids.allSatisfy(isPlainID) else { return false }
                default: break
                }
                raw(lead)
                raw(step.key)
                lead = indent
                switch v {
                case .text(let s): raw(": "); ok = quoted(s) && ok
                case .date(let d): raw(": \(d?.iso ?? "")\n")
                // As the team wrote it ("31 October 2026"); it is read again as a date each time.
                case .due(let d): raw(": "); ok = quoted(d?.written ?? "") && ok
                case .status(let s): raw(": \(s.rawValue)\n")
                case .refs(let ids): raw(": [\(ids.joined(separator: ", "))]\n")
                case .points(let points):
                    raw(points.isEmpty ? ": []\n" : ":\n")
                    for p in points {
                        guard group(ResponseSchema.learningPointSteps, first: indent + "- ", indent: indent + "  ", { $0.value(p) }) else { return false }
                    }
                case .actions(let actions):
                    raw(actions.isEmpty ? ": []\n" : ":\n")
                    for a in actions {
                        guard group(ResponseSchema.actionSteps, first: indent + "- ", indent: indent + "  ", { $0.value(a) }) else { return false }
                    }
                }
            }
            return ok
        }
        return group(ResponseSchema.topSteps, first: "", indent: "", { $0.value(r) }) ? String(decoding: out, as: UTF8.self) : nil
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
