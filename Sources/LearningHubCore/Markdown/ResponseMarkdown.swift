import CCmark

/// Renders text that teams wrote (discussions, notes) through cmark's safe mode. Images are reduced
/// to their description: a picture from elsewhere would make the page request something outside the intranet.
public enum ResponseMarkdown {
    public static func html(_ text: String) -> String {
        // Teams write "<agency redacted>"; as HTML it would vanish, so every '<' is shown as typed.
        let literal = text.replacingOccurrences(of: "<", with: "&lt;")
        guard !literal.isEmpty, let document = CmarkDocument(markdown: literal) else { return "" }
        for node in document.root.descendants() where node.type == CMARK_NODE_IMAGE {
            for child in node.children {
                child.unlink()
                node.insertBefore(child)
            }
            node.unlink()
            node.free()
        }
        return document.root.html()
    }
}
