import Foundation

/// Turns names into URL-safe slugs that cannot climb out of their folder.
public enum Slug {
    public static func make(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? makeASCII(text) : makeThroughUnicode(text)
    }

    /// `make` on the bytes of ASCII text: the same slug without `lowercased()` and scalar appends
    /// (every response's organisation is slugged for each link to it: 4 % of a build with 50,000).
    private static func makeASCII(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        var lastWasDash = true
        for var c in text.utf8 {
            if c >= 0x41 && c <= 0x5A { c += 0x20 }
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) {
                out.append(c)
                lastWasDash = false
            } else if c == 0x26 {
                if !lastWasDash { out.append(0x2D) }
                out += Array("and-".utf8)
                lastWasDash = true
            } else if !lastWasDash, c != 0x27 {
                out.append(0x2D)
                lastWasDash = true
            }
        }
        while out.last == 0x2D { out.removeLast() }
        return out.isEmpty ? "untitled" : String(decoding: out, as: UTF8.self)
    }

    /// `make` for any text (SlugTests check the ASCII path against it).
    static func makeThroughUnicode(_ text: String) -> String {
        var result = ""
        var lastWasDash = true
        for scalar in text.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                result.unicodeScalars.append(scalar)
                lastWasDash = false
            } else if scalar == "&" {
                if !lastWasDash { result += "-" }
                result += "and-"
                lastWasDash = true
            } else if !lastWasDash, scalar != "'", scalar != "\u{2019}" {
                result += "-"
                lastWasDash = true
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result.isEmpty ? "untitled" : result
    }
}

/// Who a team is: its organisation's and team's names as written, compared the way a person would
/// (Unicode-normalised, so "Café" typed as one character or as "e" and an accent is one name;
/// case-folded; runs of spaces as one). Never the slug, which several names can share.
public enum TeamIdentity {
    public static func key(organisation: String, team: String) -> String {
        normalised(organisation) + "\n" + normalised(team)
    }

    public static func normalised(_ name: String) -> String {
        name.utf8.allSatisfy({ $0 < 0x80 }) ? normalisedASCII(name) : normalisedThroughFoundation(name)
    }

    /// `normalised` for any text (TeamIdentityTests check the ASCII path against it).
    static func normalisedThroughFoundation(_ name: String) -> String {
        let folded = name.precomposedStringWithCanonicalMapping.folding(options: [.caseInsensitive], locale: nil)
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").precomposedStringWithCanonicalMapping
    }

    /// `normalised` for ASCII text, on its bytes: Foundation's folding and normalisation were a
    /// quarter of the CPU of collecting 50,000 responses, where every name is asked for several times.
    private static func normalisedASCII(_ name: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        var gap = false
        for var c in name.utf8 {
            // Tab, line feed, vertical tab, form feed, carriage return and space: ASCII's whitespace.
            if (c >= 0x09 && c <= 0x0D) || c == 0x20 {
                gap = true
                continue
            }
            if c >= 0x41 && c <= 0x5A { c += 0x20 }
            if gap, !out.isEmpty { out.append(0x20) }
            gap = false
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Slug {
    /// The longest slug made for an organisation's or a team's name, in bytes: a record's file
    /// name (`<organisation>--<team>.md`) and its history versions stay well inside the 255 bytes
    /// a file name may have.
    public static let maximumNameBytes = 80

    /// A slug for an organisation's or a team's name, for file names and addresses. ASCII names
    /// give exactly what `make` gives (the records already filed keep their names). Latin letters
    /// lose their accents (`Tîm Môn` → `tim-mon`); a name with characters that have no such
    /// spelling (another script, an emoji) keeps what it can and gains a short hash of the whole
    /// name, so that two such names stay apart; a slug longer than `maximumNameBytes` is cut and
    /// ends in that hash too.
    public static func name(_ text: String) -> String {
        var lossy = false
        let spelled: String
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            spelled = text
        } else {
            spelled = transliterated(text, lossy: &lossy)
        }
        var slug = make(spelled)
        if lossy, slug == "untitled" { slug = "" }
        guard lossy || slug.utf8.count > maximumNameBytes else { return slug }
        let hash = shortHash(TeamIdentity.normalised(text))
        let room = maximumNameBytes - hash.utf8.count - 1
        if slug.utf8.count > room {
            // Cut at a dash where there is one near the end, so a word is not split.
            var cut = String(slug.prefix(room))
            if let dash = cut.lastIndex(of: "-"), cut.distance(from: cut.startIndex, to: dash) > room / 2 { cut = String(cut[..<dash]) }
            while cut.hasSuffix("-") { cut.removeLast() }
            slug = cut
        }
        return slug.isEmpty ? hash : slug + "-" + hash
    }

    /// Latin letters without their accents, and the letters with no accent to drop spelled as in
    /// English (ß → ss, ø → o); `lossy` is set when a letter, digit or symbol had no spelling in
    /// a–z, 0–9 and so was dropped.
    static func transliterated(_ text: String, lossy: inout Bool) -> String {
        let special: [Unicode.Scalar: String] = ["ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d",
                                                 "þ": "th", "ł": "l", "ı": "i", "ŋ": "n", "ħ": "h", "ſ": "s"]
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().decomposedStringWithCompatibilityMapping.unicodeScalars {
            // ASCII, and the typographic apostrophe, are left to `make` (which drops apostrophes).
            if scalar.isASCII || scalar == "\u{2019}" { out.append(scalar); continue }
            if let spelling = special[scalar] { out.append(contentsOf: spelling.unicodeScalars); continue }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .format:
                continue // an accent left by decomposition, or an invisible joiner
            case .spaceSeparator, .lineSeparator, .paragraphSeparator, .connectorPunctuation, .dashPunctuation,
                 .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation, .control:
                out.append(" ")
            default:
                lossy = true
                out.append(" ")
            }
        }
        return String(out)
    }

    /// Eight hex digits of the FNV-1a hash of the text's UTF-8: short, and the same on every machine.
    public static func shortHash(_ text: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
