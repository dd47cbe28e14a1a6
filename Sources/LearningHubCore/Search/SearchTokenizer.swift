import Foundation

/// Splits text into the terms the search index stores. `Theme/assets/search.js` splits what a reader
/// types with the same rules (and the stop words the manifest ships), so the two must change together:
///
/// 1. Compatibility-decompose (NFKD), drop combining marks (é → e), lower-case.
/// 2. A word is a run of `a`–`z` and `0`–`9`. An apostrophe between two letters is dropped
///    (`child's` → `childs`, `don't` → `dont`); anything else ends the word.
/// 3. A finding or recommendation ID keeps its dots: `F2.1` and `F2-1` are both the one word `f2.1`.
/// 4. One-character words, words over 40 characters and stop words are dropped.
/// 5. Words made only of letters are stemmed (`meetings` → `meet`, `strategies` → `strategi`).
public enum SearchTokenizer {
    /// Words too common to help find anything. Kept short: every word here cannot be searched for.
    public static let stopWords: [String] = [
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have",
        "he", "her", "his", "in", "into", "is", "it", "its", "of", "on", "or", "she", "that", "the", "their",
        "them", "they", "this", "to", "was", "were", "which", "with",
    ]
    static let stopSet = Set(stopWords)
    static let maxWordLength = 40

    /// The words of `text`, lower-cased and folded, before stop words and stemming.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        forEachWord(text) { word, _ in words.append(String(decoding: word, as: UTF8.self)) }
        return words
    }

    /// Calls `body` with the bytes of each word of `text`, in order, and an FNV-1a hash of them.
    static func forEachWord(_ text: String, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        var bytes = Array(text.utf8)
        if needsFolding(bytes) {
            bytes = Array(fold(text).utf8)
        }
        let n = bytes.count
        // Words are copied down over what was read (apostrophes dropped, "-" in an ID made "."), so each
        // word ends up contiguous at buffer[start..<end]. Written without nested functions: in debug builds
        // their captured variables cost an exclusivity check on every byte.
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
        defer { buffer.deallocate() }
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.initialize(from: base, count: n) }
        }
        let offset: UInt64 = 0xcbf29ce484222325, prime: UInt64 = 0x100000001b3
        var start = 0, end = 0, hash = offset
        var i = 0
        while i <= n {
            var b: UInt8 = i < n ? buffer[i] : 0x20
            if b >= 0x41 && b <= 0x5A { b += 0x20 }
            var kept = false
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                kept = true
            } else if i < n, b == 0x27 || b >= 0xC0, end > start, isLetter(buffer[end - 1]) {
                let skip = apostropheLength(buffer, count: n, at: i)
                if skip > 0, i + skip < n, isLetterOrCapital(buffer[i + skip]) {
                    // An apostrophe inside a word: dropped.
                    i += skip
                    continue
                }
            } else if b == 0x2E || b == 0x2D, i + 1 < n, isDigit(buffer[i + 1]),
                      isItemIDSoFar(UnsafeBufferPointer(start: buffer + start, count: end - start)) {
                b = 0x2E
                kept = true
            }
            if kept {
                buffer[end] = b
                end += 1
                hash = (hash ^ UInt64(b)) &* prime
            } else {
                let length = end - start
                if length > 1 && length <= maxWordLength { body(UnsafeBufferPointer(start: buffer + start, count: length), hash) }
                start = end
                hash = offset
            }
            i += 1
        }
    }

    /// Whether the text has anything folding changes: a character beyond ASCII other than the dashes,
    /// curly quotes, ellipsis and no-break space that end a word either way.
    static func needsFolding(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 { i += 2; continue }
            if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, [0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D, 0xA6].contains(bytes[i + 2]) {
                i += 3
                continue
            }
            return true
        }
        return false
    }

    /// The index terms of `text`: words without stop words, stemmed.
    public static func terms(_ text: String) -> [String] {
        words(text).compactMap(term(for:))
    }

    /// The term one word becomes, or nil for a stop word.
    public static func term(for word: String) -> String? {
        if stopSet.contains(word) { return nil }
        return word.utf8.allSatisfy(isLetter) ? PorterStemmer.stem(word) : word
    }

    /// Terms by word, for one worker: a hub uses a few thousand distinct words, so each is stemmed once,
    /// and each term gets a number, so that counting a document's terms needs no string hashing.
    final class Cache {
        private struct Entry { var word: [UInt8]; var id: Int; var special: Bool }
        /// By the word's hash; a word whose hash another word already has goes to `collisions`.
        private var entries: [UInt64: Entry] = [:]
        private var collisions: [[UInt8]: (id: Int, special: Bool)] = [:]
        private var idsByTerm: [String: Int] = [:]
        /// Words the caller wants to hear about (acronyms and the words that start them).
        private let special: Set<String>
        /// Term by number.
        private(set) var terms: [String] = []

        init(special: Set<String> = []) { self.special = special }

        /// The number of the word's term (-1 for a stop word), and whether the word is special.
        func lookup(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (id: Int, special: Bool) {
            if let e = entries[hash] {
                if e.word.count == word.count, e.word.withUnsafeBufferPointer({ memcmp($0.baseAddress!, word.baseAddress!, word.count) == 0 }) {
                    return (e.id, e.special)
                }
                if let found = collisions[Array(word)] { return found }
            }
            let text = String(decoding: word, as: UTF8.self)
            let found = (id: SearchTokenizer.term(for: text).map(id(forTerm:)) ?? -1, special: special.contains(text))
            if entries[hash] == nil {
                entries[hash] = Entry(word: Array(word), id: found.id, special: found.special)
            } else {
                collisions[Array(word)] = found
            }
            return found
        }

        func id(forTerm term: String) -> Int {
            if let id = idsByTerm[term] { return id }
            terms.append(term)
            idsByTerm[term] = terms.count - 1
            return terms.count - 1
        }
    }

    /// NFKD, without combining marks, lower-cased.
    static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.decomposedStringWithCompatibilityMapping.unicodeScalars where !(0x300...0x36F).contains(s.value) {
            out.append(s)
        }
        return String(out).lowercased()
    }

    /// The length in UTF-8 of the apostrophe at `i`: ' (U+0027), ‘ ’ (U+2018, U+2019) or ʼ (U+02BC); 0 if none.
    static func apostropheLength(_ bytes: UnsafeMutablePointer<UInt8>, count: Int, at i: Int) -> Int {
        let b = bytes[i]
        if b == 0x27 { return 1 }
        if b == 0xE2, i + 2 < count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x98 || bytes[i + 2] == 0x99 { return 3 }
        if b == 0xCA, i + 1 < count, bytes[i + 1] == 0xBC { return 2 }
        return 0
    }

    static func isLetterOrCapital(_ b: UInt8) -> Bool { isLetter(b) || (b >= 0x41 && b <= 0x5A) }
    static func isLetter(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// `f2`, `r3.1`: an ID that may go on with `.` and more digits.
    static func isItemIDSoFar(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count >= 2, word[0] == UInt8(ascii: "f") || word[0] == UInt8(ascii: "r"), isDigit(word[1]),
              isDigit(word[word.count - 1]) else { return false }
        for b in word.dropFirst() where !(isDigit(b) || b == UInt8(ascii: ".")) { return false }
        return true
    }
}

/// Martin Porter's stemming algorithm (1980), as in his reference C implementation: English suffixes
/// are stripped in five steps, so that `meeting` and `meetings` both become `meet`, and `strategy` and
/// `strategies` both become `strategi`. Stems need not be words; they only need to agree between the
/// index and the query. `Theme/assets/search.js` has the same algorithm, step for step.
public enum PorterStemmer {
    public static func stem(_ word: String) -> String {
        var w = Word(Array(word.utf8))
        guard w.k > 1 else { return word }
        w.step1ab()
        if w.k > 0 { w.step1c(); w.step2(); w.step3(); w.step4(); w.step5() }
        return String(decoding: w.b[0...w.k], as: UTF8.self)
    }

    private static func c(_ s: Unicode.Scalar) -> UInt8 { UInt8(ascii: s) }

    private struct Word {
        var b: [UInt8]
        /// The end of the word (inclusive); `b` may hold spare bytes after it.
        var k: Int
        /// The end of the stem left when the last suffix `ends` matched is taken away.
        var j = 0

        init(_ bytes: [UInt8]) { b = bytes; k = bytes.count - 1 }

        func cons(_ i: Int) -> Bool {
            switch b[i] {
            case c("a"), c("e"), c("i"), c("o"), c("u"): return false
            case c("y"): return i == 0 ? true : !cons(i - 1)
            default: return true
            }
        }

        /// The number of vowel-consonant sequences in b[0...j].
        func m() -> Int {
            var n = 0, i = 0
            while true { if i > j { return n }; if !cons(i) { break }; i += 1 }
            i += 1
            while true {
                while true { if i > j { return n }; if cons(i) { break }; i += 1 }
                i += 1
                n += 1
                while true { if i > j { return n }; if !cons(i) { break }; i += 1 }
                i += 1
            }
        }

        func vowelInStem() -> Bool { j >= 0 && (0...j).contains { !cons($0) } }

        func doubleC(_ i: Int) -> Bool { i >= 1 && b[i] == b[i - 1] && cons(i) }

        func cvc(_ i: Int) -> Bool {
            guard i >= 2, cons(i), !cons(i - 1), cons(i - 2) else { return false }
            return b[i] != c("w") && b[i] != c("x") && b[i] != c("y")
        }

        mutating func ends(_ suffix: String) -> Bool {
            let s = Array(suffix.utf8)
            let l = s.count
            guard s[l - 1] == b[k], l <= k + 1 else { return false }
            for n in 0..<l where b[k - l + 1 + n] != s[n] { return false }
            j = k - l
            return true
        }

        mutating func setTo(_ s: String) {
            b.removeSubrange((j + 1)...)
            b.append(contentsOf: Array(s.utf8))
            k = b.count - 1
        }

        mutating func r(_ s: String) { if m() > 0 { setTo(s) } }

        /// Plurals and -ed or -ing.
        mutating func step1ab() {
            if b[k] == c("s") {
                if ends("sses") { k -= 2 } else if ends("ies") { setTo("i") } else if b[k - 1] != c("s") { k -= 1 }
            }
            if ends("eed") {
                if m() > 0 { k -= 1 }
            } else if (ends("ed") || ends("ing")) && vowelInStem() {
                k = j
                if ends("at") { setTo("ate") } else if ends("bl") { setTo("ble") } else if ends("iz") { setTo("ize") } else if doubleC(k) {
                    k -= 1
                    if b[k] == c("l") || b[k] == c("s") || b[k] == c("z") { k += 1 }
                } else if m() == 1 && cvc(k) {
                    setTo("e")
                }
            }
        }

        /// Terminal y to i when there is another vowel in the stem.
        mutating func step1c() {
            if ends("y") && vowelInStem() { b[k] = c("i") }
        }

        /// Double suffixes to single ones (-ization to -ize), when the stem is long enough.
        mutating func step2() {
            let rules: [(String, String)]
            switch b[k - 1] {
            case c("a"): rules = [("ational", "ate"), ("tional", "tion")]
            case c("c"): rules = [("enci", "ence"), ("anci", "ance")]
            case c("e"): rules = [("izer", "ize")]
            case c("l"): rules = [("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous")]
            case c("o"): rules = [("ization", "ize"), ("ation", "ate"), ("ator", "ate")]
            case c("s"): rules = [("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous")]
            case c("t"): rules = [("aliti", "al"), ("iviti", "ive"), ("biliti", "ble")]
            case c("g"): rules = [("logi", "log")]
            default: return
            }
            for (suffix, replacement) in rules where ends(suffix) { r(replacement); return }
        }

        /// -ic-, -full, -ness and the like.
        mutating func step3() {
            let rules: [(String, String)]
            switch b[k] {
            case c("e"): rules = [("icate", "ic"), ("ative", ""), ("alize", "al")]
            case c("i"): rules = [("iciti", "ic")]
            case c("l"): rules = [("ical", "ic"), ("ful", "")]
            case c("s"): rules = [("ness", "")]
            default: return
            }
            for (suffix, replacement) in rules where ends(suffix) { r(replacement); return }
        }

        /// -ant, -ence and the like, when the stem has more than one vowel-consonant sequence.
        mutating func step4() {
            guard k >= 1 else { return }
            let matched: Bool
            switch b[k - 1] {
            case c("a"): matched = ends("al")
            case c("c"): matched = ends("ance") || ends("ence")
            case c("e"): matched = ends("er")
            case c("i"): matched = ends("ic")
            case c("l"): matched = ends("able") || ends("ible")
            case c("n"): matched = ends("ant") || ends("ement") || ends("ment") || ends("ent")
            case c("o"): matched = (ends("ion") && j >= 0 && (b[j] == c("s") || b[j] == c("t"))) || ends("ou")
            case c("s"): matched = ends("ism")
            case c("t"): matched = ends("ate") || ends("iti")
            case c("u"): matched = ends("ous")
            case c("v"): matched = ends("ive")
            case c("z"): matched = ends("ize")
            default: matched = false
            }
            if matched && m() > 1 { k = j }
        }

        /// A final -e, and -ll to -l, on long stems.
        mutating func step5() {
            j = k
            if b[k] == c("e") {
                let a = m()
                if a > 1 || (a == 1 && !cvc(k - 1)) { k -= 1 }
            }
            if b[k] == c("l") && doubleC(k) && m() > 1 { k -= 1 }
        }
    }
}
