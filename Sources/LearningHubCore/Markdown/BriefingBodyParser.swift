import CCmark
import Foundation

/// How a briefing's front matter sets a section's role (`sections: {4: findings, "Good practice": good-practice}`).
struct SectionOverride: Sendable {
    enum Key: Sendable, Equatable {
        /// The author's number, or the section's place if it has none.
        case number(Int)
        /// The title without its number, folded.
        case title(String)
    }
    var key: Key
    var written: String
    var role: SectionRole
    var location: SourceLocation
}

/// Splits a briefing's Markdown into its sections, in the author's order, works out each section's
/// role, and gives every citable point its ID (F1, F1.1, R2, G1, Q3 …), in one pass over one cmark tree.
struct BriefingBodyParser {
    let processor: MarkdownProcessor
    var vocabulary = RoleVocabulary()
    var overrides: [SectionOverride] = []

    struct Result {
        var introduction = ""
        var sections: [RenderedSection] = []
        var items: [LearningItem] = []
        var facts = MarkdownFacts()
    }

    /// A section as found: where it starts, its heading's words, and the blocks under it.
    private struct Found {
        var location: SourceLocation
        var heading: String
        var blocks: [CmarkNode] = []
    }

    func parse(_ body: String, log: inout DiagnosticLog) -> Result {
        var result = Result()
        guard let document = CmarkDocument(markdown: body) else {
            log.error(SourceLocation(path: processor.displayPath, line: processor.firstLine), "the Markdown could not be read")
            return result
        }
        processor.prepare(document.root, facts: &result.facts, log: &log, headingIds: false)

        let top = document.root.children
        // Text pasted from a PDF marks sections with bold lines ("**04** **What to do**") rather than
        // `##`: read those as headings only when the author wrote no `##` at all.
        let boldHeadings = !top.contains { $0.type == CMARK_NODE_HEADING && $0.headingLevel == 2 }
        var found: [Found] = []
        var introduction: [CmarkNode] = []
        var pendingNumber: (String, SourceLocation)?
        for node in top {
            if node.type == CMARK_NODE_HEADING, node.headingLevel == 1 {
                log.error(processor.location(node), "a briefing's title comes from its front matter; start each section with '##', like '## Background', rather than '#'")
            } else if node.type == CMARK_NODE_HEADING, node.headingLevel == 2 {
                found.append(Found(location: processor.location(node), heading: node.plainText.trimmedWhitespaceAndNewlines()))
            } else if boldHeadings, let text = Self.boldLine(node), text.first?.isNumber ?? false || pendingNumber != nil {
                let at = processor.location(node)
                node.unlink()
                node.free()
                if text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    pendingNumber = (text, at)
                } else if let (number, start) = pendingNumber {
                    found.append(Found(location: start, heading: "\(number) \(text)"))
                    pendingNumber = nil
                } else {
                    found.append(Found(location: at, heading: text))
                }
            } else if found.isEmpty {
                introduction.append(node)
            } else {
                found[found.count - 1].blocks.append(node)
            }
        }
        if found.isEmpty {
            log.error(SourceLocation(path: processor.displayPath, line: processor.firstLine),
                      "the briefing has no sections; start each one with a '##' heading, like '## Background' or '## 1. Background'")
            return result
        }
        if !introduction.isEmpty { result.introduction = render(giveHeadingsIds(introduction, facts: &result.facts)) }

        var counters: [String: Int] = [:]
        var used = Set<Int>()
        for (index, section) in found.enumerated() {
            let position = index + 1
            let (number, title) = Self.recognise(section.heading)
            let whole = Self.learningPointTitle(title)
            var role: SectionRole
            var sure = true
            if let o = overrides.firstIndex(where: { Self.matches($0.key, number: number, position: position, title: title, among: found.count) }) {
                used.insert(o)
                role = overrides[o].role
            } else if whole != nil {
                role = vocabulary.role(named: SectionRole.keyMessages.name) ?? .keyMessages
            } else {
                (role, sure) = vocabulary.guess(title)
            }
            let hasList = section.blocks.contains { $0.type == CMARK_NODE_LIST }
            if !sure, hasList {
                log.warning(section.location, "the section '\(title)' holds a list, but its title does not say what the list is, so it is shown as narrative and its items cannot be cited; if they are learning points, give the section's role in the front matter, like 'sections: {\(number ?? String(position)): findings}' (the roles are \(vocabulary.names.joined(separator: ", ")))")
            }
            var point: LearningItem?
            if let prefix = role.prefix {
                var counter = counters[prefix, default: 0]
                let hasText = section.blocks.contains { $0.type == CMARK_NODE_PARAGRAPH || $0.type == CMARK_NODE_BLOCK_QUOTE }
                if whole != nil || (!hasList && hasText) {
                    // The section is one point; any list in it is that point's detail.
                    counter += 1
                    let id = "\(prefix)\(counter)"
                    let firstParagraph = section.blocks.first { $0.type == CMARK_NODE_PARAGRAPH }.map { MarkdownProcessor.collapsingWhitespace($0.plainText) }
                    let text = whole.flatMap { $0.isEmpty ? nil : $0 } ?? firstParagraph ?? title
                    let label = whole != nil ? (title.isEmpty ? role.label : Self.pluralLearningPoints(role)) : title
                    let item = LearningItem(id: id, text: text, depth: 0, role: role, group: label)
                    point = item
                    result.items.append(item)
                    result.facts.anchors.insert(item.anchor)
                    var nested = 0
                    for block in section.blocks {
                        numberItems(in: block, prefix: prefix, owner: id, role: role, group: label, counter: &nested, into: &result)
                    }
                } else {
                    for block in section.blocks {
                        numberItems(in: block, prefix: prefix, owner: nil, role: role, group: title, counter: &counter, into: &result)
                    }
                }
                counters[prefix] = counter
            }
            let anchor = RenderedSection(position: position, number: nil, title: "", role: role, html: "", source: section.location).anchor
            result.facts.anchors.insert(anchor)
            let blocks = giveHeadingsIds(section.blocks, facts: &result.facts)
            let text = SearchText.of(blocks, customText: result.facts.customText)
            result.sections.append(RenderedSection(position: position, number: number, title: title.isEmpty ? (whole.map { _ in "Learning point" } ?? "Section \(position)") : title,
                                                   role: role, point: point, html: render(blocks), source: section.location, text: text))
        }
        for (i, o) in overrides.enumerated() where !used.contains(i) {
            let list = result.sections.map { "\($0.label) \($0.title)" }.joined(separator: "; ")
            log.error(o.location, "'sections' names '\(o.written)', which is not a section of this briefing; its sections are: \(list)")
        }
        return result
    }

    /// Gives every heading below the blocks an id; a top-level heading is replaced by a new node,
    /// so the list of blocks must follow it.
    private func giveHeadingsIds(_ blocks: [CmarkNode], facts: inout MarkdownFacts) -> [CmarkNode] {
        blocks.compactMap { block -> CmarkNode? in
            if block.type == CMARK_NODE_HEADING { return processor.giveId(to: block, facts: &facts) }
            for node in block.descendants() where node.type == CMARK_NODE_HEADING {
                processor.giveId(to: node, facts: &facts)
            }
            return block
        }
    }

    static func pluralLearningPoints(_ role: SectionRole) -> String {
        role.name == SectionRole.keyMessages.name ? "Learning points" : role.label
    }

    static func matches(_ key: SectionOverride.Key, number: String?, position: Int, title: String, among count: Int) -> Bool {
        switch key {
        case .number(let n): number.flatMap { Int($0) }.map { $0 == n } ?? (n == position)
        case .title(let t): RoleVocabulary.fold(title) == t
        }
    }

    /// A paragraph that is all bold ("**04 What to do**", "**04** **What to do**"): its text, else nil.
    static func boldLine(_ node: CmarkNode) -> String? {
        guard node.type == CMARK_NODE_PARAGRAPH else { return nil }
        var sawStrong = false
        for child in node.children {
            switch child.type {
            case CMARK_NODE_STRONG: sawStrong = true
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: continue
            case CMARK_NODE_TEXT where (child.literal ?? "").trimmedWhitespaceAndNewlines().isEmpty: continue
            default: return nil
            }
        }
        guard sawStrong else { return nil }
        return MarkdownProcessor.collapsingWhitespace(node.plainText)
    }

    /// Reads `01 Background`, `1. Background`, `07 – Implementing change`, `Background` as (number, title).
    static func recognise(_ heading: String) -> (String?, String) {
        let digits = heading.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return (nil, heading) }
        let rest = heading.dropFirst(digits.count).drop { $0 == "." || $0 == ":" || $0 == ")" || $0 == "-" || $0 == "\u{2013}" || $0 == "\u{2014}" || $0.isWhitespace }
        return (String(digits), String(rest))
    }

    /// For "Learning point 2: Hearing the adult's voice", the words after the number; nil if the
    /// title does not start "Learning point".
    static func learningPointTitle(_ title: String) -> String? {
        let folded = RoleVocabulary.fold(title)
        guard folded == "learning point" || folded.hasPrefix("learning point ") else { return nil }
        var rest = Substring(title).drop { !$0.isNumber && $0 != ":" && $0 != "-" && $0 != "\u{2013}" }
        rest = rest.drop { $0.isNumber || $0 == ":" || $0 == "." || $0 == "-" || $0 == "\u{2013}" || $0 == "\u{2014}" || $0.isWhitespace }
        return String(rest)
    }

    /// Gives each list item below `node` its ID. Top-level items count on through the section;
    /// nested ones count within their parent (F2.1, F2.2).
    private func numberItems(in node: CmarkNode, prefix: String, owner: String?, role: SectionRole, group: String,
                             counter: inout Int, into result: inout Result) {
        guard node.type == CMARK_NODE_LIST else {
            for child in node.children {
                numberItems(in: child, prefix: prefix, owner: owner, role: role, group: group, counter: &counter, into: &result)
            }
            return
        }
        for item in node.children {
            counter += 1
            let id = owner.map { "\($0).\(counter)" } ?? "\(prefix)\(counter)"
            register(item, id: id, role: role, group: group, into: &result)
            var nested = 0
            for child in item.children {
                numberItems(in: child, prefix: prefix, owner: id, role: role, group: group, counter: &nested, into: &result)
            }
        }
    }

    private func register(_ item: CmarkNode, id: String, role: SectionRole, group: String, into result: inout Result) {
        let own = item.children.filter { $0.type != CMARK_NODE_LIST }
        let text = MarkdownProcessor.collapsingWhitespace(own.map(\.plainText).joined(separator: " "))
        let learning = LearningItem(id: id, text: text, depth: id.filter { $0 == "." }.count, role: role, group: group)
        result.items.append(learning)
        result.facts.anchors.insert(learning.anchor)
        // The ID is shown before the item's text and links to itself, so a reader can copy the link.
        let badge = "<a class=\"item-id\" id=\"\(learning.anchor)\" href=\"#\(learning.anchor)\">\(id)</a> "
        if let first = item.firstChild, first.type == CMARK_NODE_PARAGRAPH,
           let mark = CmarkNode.custom(block: false, enter: badge, text: id, facts: &result.facts) {
            first.prepend(mark)
        } else if let mark = CmarkNode.custom(block: true, enter: badge, text: id, facts: &result.facts) {
            item.prepend(mark)
        }
    }

    /// Renders a run of top-level blocks by lending them to a fresh document.
    private func render(_ blocks: [CmarkNode]) -> String {
        guard let doc = CmarkNode.newDocument() else { return "" }
        defer { doc.free() }
        for block in blocks {
            block.unlink()
            doc.append(block)
        }
        return doc.html()
    }
}

/// Renders an ordinary Markdown body (themes, free pages): links rewritten, headings with ids.
struct PlainBodyRenderer {
    let processor: MarkdownProcessor

    /// The body's HTML, and its words for the search index (`SearchText`).
    func render(_ body: String, facts: inout MarkdownFacts, log: inout DiagnosticLog) -> (html: String, text: String) {
        guard let document = CmarkDocument(markdown: body) else {
            log.error(SourceLocation(path: processor.displayPath, line: processor.firstLine), "the Markdown could not be read")
            return ("", "")
        }
        processor.prepare(document.root, facts: &facts, log: &log)
        return (document.root.html(), SearchText.of([document.root], customText: facts.customText))
    }
}
