/// JSON string literals, written the same way every time, in one of two ways.
enum JSONText {
    enum Style {
        /// The search index's: U+2028 and U+2029 escaped too (a script may read the file as JavaScript).
        case search
        /// JSONEncoder's (responses.json): backspace and form feed as `\b` and `\f`, U+2028 and U+2029 as they are.
        case encoder
    }

    static func string(_ s: String) -> String {
        // Most texts need no escaping at all: no quote, backslash, control character or U+2028/2029 (E2 80 A8/A9).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) { return "\"" + s + "\"" }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        append(s, to: &out, .search)
        return String(decoding: out, as: UTF8.self)
    }

    /// `s` in quotes, escaped in `style`, at the end of `out`. Escaped on the UTF-8 bytes: U+2028
    /// and U+2029 are E2 80 A8 and E2 80 A9, and no other character's bytes contain those three in a row.
    static func append(_ s: String, to out: inout [UInt8], _ style: Style) {
        out.append(0x22)
        // Most texts need no escaping (as in `string`): their bytes as they are, without the copy below.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out.append(contentsOf: s.utf8)
            out.append(0x22)
            return
        }
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        let bytes = Array(s.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x08 where style == .encoder: out += [0x5C, 0x62]
            case 0x0C where style == .encoder: out += [0x5C, 0x66]
            case 0xE2 where style == .search && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                out += Array("\\u202".utf8) + [bytes[i + 2] == 0xA8 ? 0x38 : 0x39]
                i += 2
            default:
                if b < 0x20 {
                    out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)]]
                } else {
                    out.append(b)
                }
            }
            i += 1
        }
        out.append(0x22)
    }
}
