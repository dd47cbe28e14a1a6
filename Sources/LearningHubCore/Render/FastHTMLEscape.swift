import Mustache

/// swift-mustache escapes each `{{value}}` one Character at a time through a dictionary lookup,
/// which was an eighth of a whole build. This content type gives exactly the same bytes, worked out
/// on UTF-8 bytes. It is switched on through the library's own `{{%CONTENT_TYPE:…}}` pragma, which
/// `TemplateSet` puts on a line of its own before each template: a standalone tag's line is dropped,
/// so the template renders as written (and may still set another content type further down).
struct FastHTMLContentType: MustacheContentType {
    static let name = "LEARNING_HUB_HTML"
    static let pragma: String = {
        MustacheContentTypes.register(FastHTMLContentType(), named: name)
        return "{{%CONTENT_TYPE:\(name)}}\n"
    }()

    func escapeText(_ text: String) -> String { HTMLEscape.text(text) }
}

public enum HTMLEscape {
    /// `<`, `>`, `&`, `"` and `'` as entities: the same bytes as swift-mustache's own escaping.
    public static func text(_ text: String) -> String {
        var text = text
        guard text.withUTF8({ $0.contains(where: isSpecial) }) else { return text }
        let escaped = text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            for i in bytes.indices {
                let b = bytes[i]
                guard isSpecial(b) else { out.append(b); continue }
                // The library compares whole Characters: a '<' that a combining mark (or a prepended
                // mark) joins into one Character is not escaped. Such rare texts go the
                // Character-by-Character way below, which does exactly what the library does.
                if (i > 0 && bytes[i - 1] >= 0x80) || (i + 1 < bytes.count && bytes[i + 1] >= 0x80) { return nil }
                switch b {
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                default: out.append(contentsOf: "&#39;".utf8)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return escaped ?? characterwise(text)
    }

    static func isSpecial(_ b: UInt8) -> Bool {
        b == 0x3C || b == 0x3E || b == 0x26 || b == 0x22 || b == 0x27
    }

    /// The library's own algorithm, for texts where Characters and bytes could disagree.
    static func characterwise(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
