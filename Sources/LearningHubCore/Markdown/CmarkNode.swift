import CCmark
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A thin, non-owning view of a libcmark node. The tree is owned by `CmarkDocument`.
/// Kept to one task at a time: cmark trees are not thread-safe, so they never leave the function that parses them.
struct CmarkNode {
    let raw: OpaquePointer

    var type: cmark_node_type { cmark_node_get_type(raw) }
    var firstChild: CmarkNode? { cmark_node_first_child(raw).map(CmarkNode.init) }
    var next: CmarkNode? { cmark_node_next(raw).map(CmarkNode.init) }
    var parent: CmarkNode? { cmark_node_parent(raw).map(CmarkNode.init) }
    var headingLevel: Int { Int(cmark_node_get_heading_level(raw)) }
    var startLine: Int { Int(cmark_node_get_start_line(raw)) }
    var startColumn: Int { Int(cmark_node_get_start_column(raw)) }
    var literal: String? { cmark_node_get_literal(raw).map { String(cString: $0) } }

    var url: String? {
        get { cmark_node_get_url(raw).map { String(cString: $0) } }
        nonmutating set { _ = cmark_node_set_url(raw, newValue ?? "") }
    }

    var children: [CmarkNode] {
        var result: [CmarkNode] = []
        var child = firstChild
        while let c = child {
            result.append(c)
            child = c.next
        }
        return result
    }

    /// Every node below this one, depth first, in document order (the node itself first).
    func descendants() -> [CmarkNode] {
        var result: [CmarkNode] = []
        appendDescendants(to: &result)
        return result
    }

    private func appendDescendants(to result: inout [CmarkNode]) {
        result.append(self)
        var child = cmark_node_first_child(raw)
        while let c = child {
            CmarkNode(raw: c).appendDescendants(to: &result)
            child = cmark_node_next(c)
        }
    }

    /// The text a reader sees, without markup; soft breaks become spaces.
    var plainText: String {
        var out = ""
        appendPlainText(to: &out)
        return out
    }

    /// `plainText`, appended to one string rather than joined from one string per node.
    func appendPlainText(to out: inout String) {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE: if let text = cmark_node_get_literal(raw) { out += String(cString: text) }
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: out += " "
        case CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK, CMARK_NODE_CUSTOM_INLINE, CMARK_NODE_CUSTOM_BLOCK: break
        case CMARK_NODE_CODE_BLOCK:
            if let text = cmark_node_get_literal(raw) { out += String(cString: text) }
            out += " "
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
            appendChildrenPlainText(to: &out)
            out += " "
        default: appendChildrenPlainText(to: &out)
        }
    }

    private func appendChildrenPlainText(to out: inout String) {
        var child = cmark_node_first_child(raw)
        while let c = child {
            CmarkNode(raw: c).appendPlainText(to: &out)
            child = cmark_node_next(c)
        }
    }

    /// Renders this node and its children with cmark's HTML renderer in its safe default:
    /// raw HTML is omitted and `javascript:` style links are emptied.
    func html() -> String {
        guard let cString = cmark_render_html(raw, CMARK_OPT_DEFAULT) else { return "" }
        defer { Glibc.free(cString) }
        return String(cString: cString)
    }

    func unlink() { cmark_node_unlink(raw) }
    func append(_ child: CmarkNode) { _ = cmark_node_append_child(raw, child.raw) }
    func prepend(_ child: CmarkNode) { _ = cmark_node_prepend_child(raw, child.raw) }
    func insertBefore(_ sibling: CmarkNode) { _ = cmark_node_insert_before(raw, sibling.raw) }
    func insertAfter(_ sibling: CmarkNode) { _ = cmark_node_insert_after(raw, sibling.raw) }

    /// A node whose HTML is written by us, not by the author: the only way markup of ours enters
    /// cmark's output, and the only markup that safe mode lets through. Callers escape what they put in.
    /// `text` is what the markup shows a reader (kept for the search index, see `SearchText`).
    static func custom(block: Bool, enter: String, exit: String = "", text: String, facts: inout MarkdownFacts) -> CmarkNode? {
        guard let node = cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE) else { return nil }
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        let made = CmarkNode(raw: node)
        // Set for every node made, so that a node at the address of a freed one never shows its text.
        facts.customText[made.key] = text
        return made
    }

    static func new(_ type: cmark_node_type) -> CmarkNode? {
        cmark_node_new(type).map(CmarkNode.init)
    }

    /// A text node: cmark escapes its literal when it renders it.
    static func text(_ literal: String) -> CmarkNode? {
        guard let node = cmark_node_new(CMARK_NODE_TEXT) else { return nil }
        cmark_node_set_literal(node, literal)
        return CmarkNode(raw: node)
    }

    static func newDocument() -> CmarkNode? {
        cmark_node_new(CMARK_NODE_DOCUMENT).map(CmarkNode.init)
    }

    func free() { cmark_node_free(raw) }
}

/// Owns a parsed Markdown tree and frees it when done.
final class CmarkDocument {
    let root: CmarkNode

    init?(markdown: String) {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART
        let parsed: OpaquePointer? = markdown.withCString { cmark_parse_document($0, strlen($0), options) }
        guard let parsed else { return nil }
        root = CmarkNode(raw: parsed)
    }

    deinit { root.free() }
}
