/// `<`, `>`, `&`, `"` and `'` as entities, appended straight to the output: the same bytes as
/// swift-mustache's own escaping, which works on Characters.
public enum HTMLEscaping {
    public static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        let done = text.withUTF8 { bytes -> Bool in
            guard bytes.contains(where: isSpecial) else {
                out.append(contentsOf: bytes)
                return true
            }
            let mark = out.count
            for i in bytes.indices {
                let b = bytes[i]
                guard isSpecial(b) else { out.append(b); continue }
                // swift-mustache compares whole Characters: a '<' that a combining mark (or a
                // prepended mark) joins into one Character is not escaped. Such rare texts go the
                // Character-by-Character way below, which does exactly what the library does.
                if (i > 0 && bytes[i - 1] >= 0x80) || (i + 1 < bytes.count && bytes[i + 1] >= 0x80) {
                    out.removeSubrange(mark...)
                    return false
                }
                switch b {
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                default: out.append(contentsOf: "&#39;".utf8)
                }
            }
            return true
        }
        if !done { out.append(contentsOf: characterwise(text).utf8) }
    }

    /// The escaped text as a String.
    public static func text(_ text: String) -> String {
        var out: [UInt8] = []
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
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
