import Foundation
import Testing
@testable import LearningHubCore

/// The byte- and scalar-level fast paths of the search index against the Character-level code they replace.
@Suite struct SearchFastPathTests {
    /// `SearchDocumentBuilder.clip` as it was, on Characters.
    static func clipByCharacters(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit, text.count > limit else { return text }
        let head = text.prefix(limit)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return cut.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) + "…"
    }

    /// `JSONText.string` as it was, on scalars.
    static func jsonByScalars(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    static let pieces = ["word", " ", "‘quoted’", "“x”", " – ", "é", "e\u{301}", "🧒🏽", "\r\n", "…", "(a)", "\"", "\\", "\u{2028}",
                         "\u{1}", "\t", "ß", "—", ".", "!", "\u{AD}", "한", "x\u{200D}y", "🇬🇧", "$", "+"]

    /// Texts of every piece, and texts of only the pieces the fast path takes.
    static func texts() -> [String] {
        let simple = pieces.filter { $0.unicodeScalars.allSatisfy(SearchDocumentBuilder.standsAlone) }
        return texts(pieces) + texts(simple)
    }

    static func texts(_ pieces: [String]) -> [String] {
        (0..<400).map { i in
            var s = ""
            var k = i
            for j in 0..<(i % 60 + 5) {
                s += pieces[(k + j * 7) % pieces.count]
                k = (k &* 31 &+ 17) % 1009
            }
            return s
        }
    }

    @Test func clipCutsWhereTheCharacterCutDid() {
        for text in Self.texts() {
            for limit in [3, 10, 25, 60] {
                #expect(SearchDocumentBuilder.clip(text, limit: limit) == Self.clipByCharacters(text, limit: limit), "\(text.debugDescription) \(limit)")
            }
        }
    }

    @Test func jsonStringsEscapeAsBefore() {
        for text in Self.texts() { #expect(JSONText.string(text) == Self.jsonByScalars(text), "\(text.debugDescription)") }
    }
}

@Suite struct RedactorFastPathTests {
    @Test func theASCIIPrefilterNeverSkipsAMatch() {
        let names = ["Chris Patel", "01632 960000", "José Núñez", "ab", "K"]
        let texts = ["Ask chris patel today", "CHRIS PATEL", "Chris  Patel", "call 01632 960000", "jose nunez said", "José Núñez",
                     "nothing here", "Chris Pate", "\u{212A}elvin", "Éab", "", "xx chris patelx"]
        var found = 0
        for name in names {
            for text in texts where text.range(of: name, options: [.caseInsensitive, .diacriticInsensitive]) != nil {
                found += 1
                #expect(Redactor.mayContain(text, name), "\(text) \(name)")
            }
        }
        // Nine pairs above match (Chris Patel three times, the number once, José Núñez twice, "ab"
        // in "Éab", "K" in "Ask" and in "\u{212A}elvin"): the loop must have checked them.
        #expect(found >= 8, "only \(found) matching pairs were checked")
        #expect(!Redactor.mayContain("nothing here", "Chris Patel"))
        #expect(!Redactor.mayContain("Chris Pate", "Chris Patel"))
    }
}

extension SearchFastPathTests {
    @Test func joinSpacesWordsAsTheCharacterSplitDid() {
        let texts = Self.texts() + ["", "  ", " a  b\n\tc ", "x \u{301}y", "a\r\nb", "\n"]
        for (i, a) in texts.enumerated() {
            let b = texts[(i * 13 + 5) % texts.count]
            let parts = [a, b, i % 3 == 0 ? "" : "tail  words"]
            let expected = parts.map { $0.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ") }
                .filter { !$0.isEmpty }.joined(separator: " ")
            #expect(SearchDocumentBuilder.join(parts) == expected, "\(parts)")
        }
    }
}
