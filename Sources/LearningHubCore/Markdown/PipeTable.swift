import CCmark
import Foundation

/// Pipe tables (`| Agency | What it holds |` over `|---|---|`), which libcmark has no extension for:
/// cmark reads one as a paragraph of text with pipes in it. This finds such paragraphs and renders
/// them as real tables. Each cell's content stays cmark's own: its inline nodes (links already
/// rewritten, emphasis, code) are rendered by cmark's safe renderer, so nothing of the author's
/// reaches the page unescaped; only the table's tags are ours.
enum PipeTable {
    enum Alignment { case none, left, centre, right }

    /// Replaces every pipe-table paragraph below `root` with the table's HTML. Returns how many.
    @discardableResult
    static func render(in root: CmarkNode, facts: inout MarkdownFacts, lines: (Int) -> Substring?) -> Int {
        var count = 0
        // The paragraphs are listed before any is replaced: replacing one frees its inline nodes,
        // which a walk of the tree made beforehand would otherwise still visit.
        let paragraphs = root.descendants().filter { $0.type == CMARK_NODE_PARAGRAPH }
        for node in paragraphs {
            guard let parent = node.parent, parent.type == CMARK_NODE_DOCUMENT || parent.type == CMARK_NODE_ITEM,
                  let second = lines(node.startLine), let alignments = delimiterRow(second),
                  let first = lines(node.startLine - 1), first.contains("|") else { continue }
            let rows = splitRows(node)
            let text = tableText(rows: rows, columns: alignments.count, customText: facts.customText)
            guard let html = tableHTML(rows: rows, alignments: alignments),
                  let table = CmarkNode.custom(block: true, enter: html, text: text, facts: &facts) else { continue }
            node.insertBefore(table)
            node.unlink()
            node.free()
            count += 1
        }
        return count
    }

    /// `|:---|---:|` and the like: the alignments of its columns, or nil if the line is not one.
    static func delimiterRow(_ line: Substring) -> [Alignment]? {
        // Asked of every paragraph's second line: an ASCII line with anything but pipes, colons,
        // dashes, spaces and tabs is no delimiter row, known without Foundation's trimming (which
        // was 6 % of a one-thread build of 4,000 briefings).
        if line.utf8.allSatisfy({ $0 < 0x80 }),
           !line.utf8.allSatisfy({ $0 == 0x7C || $0 == 0x3A || $0 == 0x2D || $0 == 0x20 || $0 == 0x09 }) { return nil }
        var text = line.trimmingCharacters(in: .whitespaces)[...]
        guard text.contains("-"), text.allSatisfy({ "|:- \t".contains($0) }) else { return nil }
        let hadPipe = text.contains("|")
        if text.hasPrefix("|") { text = text.dropFirst() }
        if text.hasSuffix("|") { text = text.dropLast() }
        let cells = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard hadPipe || cells.count > 1, cells.allSatisfy({ $0.contains("-") }) else { return nil }
        return cells.map { c in
            switch (c.hasPrefix(":"), c.hasSuffix(":")) {
            case (true, true): .centre
            case (false, true): .right
            case (true, false): .left
            default: .none
            }
        }
    }

    /// The paragraph's inline nodes, one row per line, one cell per run between pipes. Text nodes
    /// are split at their pipes; every other node (link, emphasis, code) stays whole in its cell.
    private static func splitRows(_ paragraph: CmarkNode) -> [[[CmarkNode]]] {
        var rows: [[[CmarkNode]]] = [[[]]]
        for child in paragraph.children {
            switch child.type {
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                child.unlink()
                child.free()
                rows.append([[]])
            case CMARK_NODE_TEXT:
                let pieces = (child.literal ?? "").split(separator: "|", omittingEmptySubsequences: false)
                child.unlink()
                child.free()
                for (i, piece) in pieces.enumerated() {
                    if i > 0 { rows[rows.count - 1].append([]) }
                    if !piece.isEmpty, let text = CmarkNode.text(String(piece)) {
                        rows[rows.count - 1][rows[rows.count - 1].count - 1].append(text)
                    }
                }
            default:
                child.unlink()
                rows[rows.count - 1][rows[rows.count - 1].count - 1].append(child)
            }
        }
        // A row written `| a | b |` has an empty cell before its first pipe and after its last.
        return rows.map { row in
            var cells = row
            if let first = cells.first, cells.count > 1, isBlank(first) { cells.removeFirst() }
            if let last = cells.last, cells.count > 1, isBlank(last) { cells.removeLast() }
            return cells
        }
    }

    private static func isBlank(_ cell: [CmarkNode]) -> Bool {
        cell.allSatisfy { $0.type == CMARK_NODE_TEXT && ($0.literal ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// The words of the cells the table shows (the delimiter row is not one), for the search index.
    private static func tableText(rows: [[[CmarkNode]]], columns: Int, customText: [UInt: String]) -> String {
        var text = SearchText()
        for (r, row) in rows.enumerated() where r != 1 {
            for cell in row.prefix(columns) {
                text.breakWords()
                for node in cell { text.append(node, customText: customText) }
            }
        }
        return text.string
    }

    private static func tableHTML(rows: [[[CmarkNode]]], alignments: [Alignment]) -> String? {
        var html = "<div class=\"table-scroll\"><table>\n<thead>\n"
        for (r, row) in rows.enumerated() where r != 1 {
            if r == 2 { html += "</thead>\n<tbody>\n" }
            html += "<tr>"
            let tag = r == 0 ? "th" : "td"
            for column in alignments.indices {
                let align: String = switch alignments[column] {
                case .left: " class=\"align-left\""
                case .centre: " class=\"align-centre\""
                case .right: " class=\"align-right\""
                case .none: ""
                }
                let scope = r == 0 ? " scope=\"col\"" : ""
                html += "<\(tag)\(scope)\(align)>\(column < row.count ? inlineHTML(row[column]) : "")</\(tag)>"
            }
            html += "</tr>\n"
        }
        for row in rows[1] { row.forEach { $0.free() } }
        html += rows.count > 2 ? "</tbody>\n" : "</thead>\n"
        html += "</table></div>\n"
        return html
    }

    /// The cell's nodes rendered by cmark inside a paragraph, without the paragraph's tags.
    private static func inlineHTML(_ nodes: [CmarkNode]) -> String {
        guard let doc = CmarkNode.newDocument(), let paragraph = CmarkNode.new(CMARK_NODE_PARAGRAPH) else { return "" }
        defer { doc.free() }
        doc.append(paragraph)
        for node in nodes { paragraph.append(node) }
        var out = doc.html().trimmingCharacters(in: .whitespacesAndNewlines)
        if out.hasPrefix("<p>") { out.removeFirst(3) }
        if out.hasSuffix("</p>") { out.removeLast(4) }
        return out.trimmingCharacters(in: .whitespaces)
    }
}
