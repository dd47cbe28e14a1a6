import CCmark

/// The words a page shows of a piece of rendered Markdown, for the search index: the text of the
/// HTML cmark writes, each tag a word break, white space collapsed to single spaces. It is read
/// from the cmark tree as the HTML is made, instead of parsing that HTML back into text.
///
/// The break at every tag is what the search index has always been built on (`un*believ*able` is
/// three words to it, as it was when the text was taken from the HTML); keeping it keeps every
/// byte of the index. Nodes of our own (`CmarkNode.custom`) carry no text cmark can see: what they
/// show is recorded in `MarkdownFacts.customText` when they are made.
struct SearchText {
    private var bytes: [UInt8] = []
    /// Whether the last thing written was a break (true at the start: no leading space).
    private var atBreak = true

    /// The text of `nodes` and everything below them, in order.
    static func of(_ nodes: [CmarkNode], customText: [UInt: String]) -> String {
        var text = SearchText()
        for node in nodes { text.append(node, customText: customText) }
        return text.string
    }

    var string: String {
        let end = atBreak && !bytes.isEmpty ? bytes.count - 1 : bytes.count
        return String(decoding: bytes[0..<end], as: UTF8.self)
    }

    /// A word break: where a tag or white space stands in the HTML.
    mutating func breakWords() {
        if !atBreak { bytes.append(0x20) }
        atBreak = true
    }

    /// Text as the page shows it: its spaces, tabs and line ends are word breaks, nothing else is.
    mutating func append(_ text: String) {
        for b in text.utf8 {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                breakWords()
            } else {
                bytes.append(b)
                atBreak = false
            }
        }
    }

    mutating func append(_ node: CmarkNode, customText: [UInt: String]) {
        switch node.type {
        case CMARK_NODE_TEXT:
            if let literal = node.literal { append(literal) }
            return
        case CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
            breakWords()
            if let literal = node.literal { append(literal) }
            breakWords()
            return
        case CMARK_NODE_IMAGE:
            // Its description is an attribute of the <img> tag: not text on the page.
            breakWords()
            return
        case CMARK_NODE_CUSTOM_BLOCK, CMARK_NODE_CUSTOM_INLINE:
            breakWords()
            if let own = customText[node.key] { append(own) }
        default:
            // Every other node is written with tags (or, a soft break, a line end) around its children.
            breakWords()
        }
        var child = node.firstChild
        while let c = child {
            append(c, customText: customText)
            child = c.next
        }
        breakWords()
    }
}

extension CmarkNode {
    /// Identifies the node while its tree lives (the address of cmark's node).
    var key: UInt { UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(raw))) }
}
