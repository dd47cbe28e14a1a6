import CCmark

/// Renders text that teams wrote (discussions, notes) through cmark's safe mode. Images are reduced
/// to their description: a picture from elsewhere would make the page request something outside the intranet.
public enum ResponseMarkdown {
    public static func html(_ text: String) -> String {
        // Teams write "<agency redacted>"; as HTML it would vanish, so every '<' is shown as typed.
        // It is hidden from cmark as a character the text does not contain (so no raw HTML or
        // autolink starts there) and put back into cmark's output, escaped once, as `&lt;`.
        // (Writing `&lt;` into the Markdown instead showed as "&lt;" inside code spans.)
        // Most text has no '<': it goes to cmark as it is (Foundation's replacing, twice over the
        // text and twice over the HTML, was 7 % of a build with 50,000 responses).
        let hasLessThan = text.utf8.contains(0x3C)
        let mark = hasLessThan ? Self.placeholder(absentFrom: text) : "\u{F8FF}"
        let literal = hasLessThan ? text.replacingOccurrences(of: "<", with: String(mark)) : text
        guard !literal.isEmpty, let document = CmarkDocument(markdown: literal) else { return "" }
        for node in document.root.descendants() where node.type == CMARK_NODE_IMAGE {
            for child in node.children {
                child.unlink()
                node.insertBefore(child)
            }
            node.unlink()
            node.free()
        }
        // In text and attributes cmark copies the character as it is; in a link's address it
        // percent-encodes it, where '<' itself would have become %3C.
        guard hasLessThan else { return document.root.html() }
        let encoded = String(mark).utf8.map { "%" + String($0, radix: 16, uppercase: true) }.joined()
        return document.root.html()
            .replacingOccurrences(of: String(mark), with: "&lt;")
            .replacingOccurrences(of: encoded, with: "%3C")
    }

    /// A character of Unicode's private use area that `text` does not contain: one is found
    /// within the first few unless the text is made of them.
    static func placeholder(absentFrom text: String) -> Character {
        var scalar: UInt32 = 0xF8FF
        while let candidate = Unicode.Scalar(scalar), text.unicodeScalars.contains(candidate), scalar > 0xE000 { scalar -= 1 }
        return Character(Unicode.Scalar(scalar) ?? "\u{F8FF}")
    }
}
