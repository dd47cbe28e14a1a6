/// Writes a recovered document as a briefing in the content format (docs/content.md): front matter
/// with a comment above each guess, then one `##` section per heading in the document's numbering.
struct BriefingWriter {
    let source: String
    let flavour: ConvertedText.Flavour

    func write(_ document: ImportedDocument, facts: BriefingFacts) -> String {
        var out = "---\n"
        out += "# Imported from \(source) by 'learning-hub import'. Check each field under a comment, then delete the comment.\n"
        func field(_ name: String, _ value: String, note: String?) {
            if let note { out += "# \(note)\n" }
            out += "\(name): \(value)\n"
        }
        field("title", Self.quoted(facts.title.value), note: facts.title.note)
        field("published", facts.published.value.iso, note: facts.published.note)
        field("review_kind", Self.quoted(facts.kind.value), note: facts.kind.note)
        if let person = facts.person { field(facts.personField, Self.quoted(person.value), note: person.note) }
        if facts.themes.isEmpty {
            out += "# No list of key themes was found: add them, by name or slug, e.g. themes: [Strategy meetings]\n"
        } else {
            out += "themes:\n" + facts.themes.map { "  - \(Self.quoted($0))\n" }.joined()
        }
        if let summary = facts.summary { field("summary", Self.quoted(summary.value), note: summary.note) }
        out += "---\n"
        if !document.introduction.isEmpty { out += "\n" + blocks(document.introduction, links: facts.themeLinks) }
        for section in document.sections {
            out += "\n## \(Self.heading(section))\n"
            if !section.blocks.isEmpty { out += "\n" + blocks(section.blocks, links: facts.themeLinks) }
        }
        return out
    }

    static func heading(_ section: ImportedSection) -> String {
        guard let number = section.number else { return section.title }
        // The author's number as written: `01 Background` stays so, `4. What the review found` too.
        let shown = number.count == 2 ? number : "\(number)."
        return section.title.isEmpty ? number : "\(shown) \(section.title)"
    }

    private func blocks(_ blocks: [Block], links: [String: String]) -> String {
        blocks.map { block in
            switch block {
            case let .paragraph(text, _): inline(text) + "\n"
            case let .subheading(text, _): "### \(inline(text))\n"
            case let .list(items, ordered): list(items, ordered: ordered, indent: "", links: links)
            case let .table(rows, _): rows.joined(separator: "\n") + "\n"
            }
        }.joined(separator: "\n")
    }

    private func list(_ items: [ListItem], ordered: Bool, indent: String, links: [String: String]) -> String {
        var out = ""
        for (index, item) in items.enumerated() {
            let marker = ordered ? "\(index + 1). " : "- "
            var text = inline(item.text)
            // A key theme that matches a theme page links to it, as the hub's own briefings do.
            if let slug = links[item.text] { text = "[\(text)](../themes/\(slug).md)" }
            out += indent + marker + text + "\n"
            if !item.children.isEmpty {
                out += list(item.children, ordered: item.childrenOrdered, indent: indent + String(repeating: " ", count: marker.count), links: links)
            }
        }
        return out
    }

    /// Plain text from a PDF has every Markdown character escaped, so that a `*` or `[` in it is
    /// shown as written; text that was already Markdown (pasted text, pandoc's output) is kept.
    private func inline(_ text: String) -> String {
        guard flavour == .plain else { return text }
        var out = ""
        for character in text {
            if "\\`*_[]<>".contains(character) { out += "\\" }
            out.append(character)
        }
        if let first = out.first, "#+-=|".contains(first) { out = "\\" + out }
        if let range = out.range(of: #"^\d+[.)]"#, options: .regularExpression) {
            out.insert("\\", at: out.index(before: range.upperBound))
        }
        return out.replacingOccurrences(of: #"&(#?[A-Za-z0-9]+;)"#, with: "\\\\&$1", options: .regularExpression)
    }

    /// A YAML double-quoted string: always safe, whatever the text holds (`: `, `#`, quotes).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
