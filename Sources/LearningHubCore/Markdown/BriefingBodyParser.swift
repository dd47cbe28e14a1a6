import CCmark
import Foundation

/// Splits a briefing's Markdown into its seven numbered sections and gives every finding and
/// recommendation its citable ID (F1, F1.1, R2 …), in one pass over one cmark tree.
struct BriefingBodyParser {
    let processor: MarkdownProcessor

    struct Result {
        var sections: [RenderedSection] = []
        var items: [LearningItem] = []
        var facts = MarkdownFacts()
    }

    func parse(_ body: String, log: inout DiagnosticLog) -> Result {
        var result = Result()
        guard let document = CmarkDocument(markdown: body) else {
            log.error(SourceLocation(path: processor.displayPath, line: processor.firstLine), "the Markdown could not be read")
            return result
        }
        processor.prepare(document.root, facts: &result.facts, log: &log, headingIds: false)

        // Group the top-level blocks under the `##` heading they follow.
        var groups: [(heading: CmarkNode, blocks: [CmarkNode])] = []
        for node in document.root.children {
            if node.type == CMARK_NODE_HEADING, node.headingLevel == 1 {
                log.error(processor.location(node), "a briefing's title comes from its front matter; start sections with '## 01 Background' rather than '#'")
            } else if node.type == CMARK_NODE_HEADING, node.headingLevel == 2 {
                groups.append((node, []))
            } else if groups.isEmpty {
                if node.type != CMARK_NODE_HTML_BLOCK {
                    log.error(processor.location(node), "text before the first section is not part of any section; start the body with '## 01 Background'")
                }
            } else {
                groups[groups.count - 1].blocks.append(node)
            }
        }

        var firstSeen: [BriefingSection: SourceLocation] = [:]
        for (heading, blocks) in groups {
            let where_ = processor.location(heading)
            let headingText = heading.plainText.trimmedWhitespaceAndNewlines()
            guard let (section, title) = Self.recognise(headingText) else {
                log.error(where_, "the section '\(headingText)' is not one of the seven: each '##' heading starts with its number, 01 Background to 07 Implementing change")
                continue
            }
            if let first = firstSeen[section] {
                log.error(where_, "section \(section.number) (\(section.standardTitle)) appears twice; it was already started at line \(first.line)")
                continue
            }
            firstSeen[section] = where_
            result.facts.anchors.insert(section.anchor)
            if let prefix = section.itemPrefix {
                var counter = 0
                for block in blocks {
                    numberItems(in: block, prefix: prefix, owner: nil, section: section, counter: &counter, into: &result)
                }
                if counter == 0 {
                    log.error(where_, "section \(section.number) (\(section.standardTitle)) has no list items; write each \(section == .findings ? "finding" : "recommendation") as a line starting with '- ' so that teams can cite it")
                }
            }
            // A top-level heading is replaced by a new node, so the list of blocks must follow it.
            let blocks = blocks.compactMap { block -> CmarkNode? in
                if block.type == CMARK_NODE_HEADING { return processor.giveId(to: block, facts: &result.facts) }
                for node in block.descendants() where node.type == CMARK_NODE_HEADING {
                    processor.giveId(to: node, facts: &result.facts)
                }
                return block
            }
            result.sections.append(RenderedSection(section: section, title: title.isEmpty ? section.standardTitle : title,
                                                   html: render(blocks), source: where_))
        }
        for section in BriefingSection.allCases where firstSeen[section] == nil {
            log.error(SourceLocation(path: processor.displayPath, line: processor.firstLine),
                      "section \(section.number) (\(section.standardTitle)) is missing; every briefing has seven sections, '## 01' to '## 07'")
        }
        result.sections.sort { $0.section < $1.section }
        return result
    }

    /// Reads `01 Background`, `1. Background`, `07 – Implementing change` as (section, title).
    static func recognise(_ heading: String) -> (BriefingSection, String)? {
        let digits = heading.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let n = Int(digits), let section = BriefingSection(rawValue: n) else { return nil }
        let rest = heading.dropFirst(digits.count).drop { $0 == "." || $0 == ":" || $0 == ")" || $0 == "-" || $0 == "\u{2013}" || $0 == "\u{2014}" || $0.isWhitespace }
        return (section, String(rest))
    }

    /// Gives each list item below `node` its ID. Top-level items count on through the section;
    /// nested ones count within their parent (F2.1, F2.2).
    private func numberItems(in node: CmarkNode, prefix: String, owner: String?, section: BriefingSection,
                             counter: inout Int, into result: inout Result) {
        guard node.type == CMARK_NODE_LIST else {
            for child in node.children {
                numberItems(in: child, prefix: prefix, owner: owner, section: section, counter: &counter, into: &result)
            }
            return
        }
        for item in node.children {
            counter += 1
            let id = owner.map { "\($0).\(counter)" } ?? "\(prefix)\(counter)"
            register(item, id: id, section: section, into: &result)
            var nested = 0
            for child in item.children {
                numberItems(in: child, prefix: prefix, owner: id, section: section, counter: &nested, into: &result)
            }
        }
    }

    private func register(_ item: CmarkNode, id: String, section: BriefingSection, into result: inout Result) {
        let own = item.children.filter { $0.type != CMARK_NODE_LIST }
        let text = MarkdownProcessor.collapsingWhitespace(own.map(\.plainText).joined(separator: " "))
        let learning = LearningItem(id: id, text: text, depth: id.filter { $0 == "." }.count, section: section)
        result.items.append(learning)
        result.facts.anchors.insert(learning.anchor)
        // The ID is shown before the item's text and links to itself, so a reader can copy the link.
        let badge = "<a class=\"item-id\" id=\"\(learning.anchor)\" href=\"#\(learning.anchor)\">\(id)</a> "
        if let first = item.firstChild, first.type == CMARK_NODE_PARAGRAPH, let mark = CmarkNode.custom(block: false, enter: badge) {
            first.prepend(mark)
        } else if let mark = CmarkNode.custom(block: true, enter: badge) {
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

    func render(_ body: String, facts: inout MarkdownFacts, log: inout DiagnosticLog) -> String {
        guard let document = CmarkDocument(markdown: body) else {
            log.error(SourceLocation(path: processor.displayPath, line: processor.firstLine), "the Markdown could not be read")
            return ""
        }
        processor.prepare(document.root, facts: &facts, log: &log)
        return document.root.html()
    }
}
