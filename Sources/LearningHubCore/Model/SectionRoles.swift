/// What a section of a briefing is for. Roles are data, not a fixed list of sections: a briefing
/// has any number of sections in any order, and each one's role is guessed from its title through a
/// `RoleVocabulary` (extendable in hub.yml) or given in the briefing's front matter.
public struct SectionRole: Sendable, Hashable {
    /// What authors write in `sections:` and `section_roles:` (`good-practice`).
    public var name: String
    /// The letter of its points' IDs (F2, G1); nil for a role whose text is not cited (narrative, resources).
    public var prefix: String?
    /// What a group of its points is called where the author's own title does not say (`Good practice`).
    public var label: String
    /// Title words that mark a section as having this role, folded (lower case, no accents).
    public var phrases: [String]

    public var isCitable: Bool { prefix != nil }

    public static let narrative = SectionRole(name: "narrative", prefix: nil, label: "Narrative", phrases: [
        "background", "the case", "case summary", "about the case", "why it matters", "why this matters", "the incident",
        "incident", "the review", "review", "summary", "introduction", "context", "safeguarding concerns", "concerns",
        "the family", "family", "about this briefing", "what happened", "overview", "chronology", "the child", "the adult",
        "purpose", "themes", "key themes"])
    public static let findings = SectionRole(name: "findings", prefix: "F", label: "Findings", phrases: [
        "finding", "findings", "what the review found", "review found", "what we found", "we found", "what was found",
        "key findings", "what the review identified", "review identified", "areas for improvement", "what did not go well"])
    public static let recommendations = SectionRole(name: "recommendations", prefix: "R", label: "Recommendations", phrases: [
        "recommendation", "recommendations", "what needs to change", "needs to change", "changes needed"])
    public static let keyMessages = SectionRole(name: "key-messages", prefix: "K", label: "Key messages", phrases: [
        "key message", "key messages", "learning point", "learning points", "key learning", "key points", "key point",
        "learning for practitioners", "lessons learned", "lessons learnt", "learning", "messages for practice",
        "key practice points", "practice points", "three key points", "what we learned", "what we learnt"])
    public static let goodPractice = SectionRole(name: "good-practice", prefix: "G", label: "Good practice", phrases: [
        "good practice", "what went well", "strengths", "positive practice", "practice to build on", "what worked well"])
    public static let lookFor = SectionRole(name: "look-for", prefix: "L", label: "What to look for", phrases: [
        "look for", "look out for", "to look for", "things to note", "things to look out for", "warning signs",
        "indicators", "be aware", "things to be aware of", "signs to look for", "what to notice", "spotting the signs"])
    public static let whatToDo = SectionRole(name: "what-to-do", prefix: "D", label: "What to do", phrases: [
        "what to do", "what you can do", "what should you do", "what you should do", "what can you do", "next steps",
        "actions for practitioners", "what practitioners should do", "what to do next", "practice guidance", "how to respond"])
    public static let questions = SectionRole(name: "questions", prefix: "Q", label: "Questions for reflection", phrases: [
        "question", "questions", "reflect", "reflection", "reflective", "reflecting", "implementing change",
        "for your team", "discuss", "discussion", "questions to consider", "think about", "team discussion"])
    public static let resources = SectionRole(name: "resources", prefix: nil, label: "Resources", phrases: [
        "resource", "resources", "further information", "further reading", "more information", "useful links",
        "find out more", "links", "references", "contacts", "where to get help", "useful contacts", "read more"])

    /// In the order in which a tie between two equally long title matches is settled.
    public static let builtIn: [SectionRole] = [findings, recommendations, goodPractice, keyMessages, lookFor, whatToDo,
                                                questions, resources, narrative]
}

/// The roles a hub knows and the title words that mark them: the built-in ones, plus what hub.yml adds.
public struct RoleVocabulary: Sendable, Hashable {
    public var roles: [SectionRole] { didSet { phrasesByFirstWord = Self.index(roles) } }
    /// The ASCII phrases by their first word, so that a title is matched a word at a time instead
    /// of against every phrase (that was 2 % of a 4,000-briefing build). Made from `roles`.
    private var phrasesByFirstWord: [Substring: [Phrase]]

    private struct Phrase: Sendable {
        var bytes: [UInt8]
        /// Where the phrase stands in the roles' order, which settles a tie.
        var order: Int
        var role: Int
    }

    public init(roles: [SectionRole]) {
        self.roles = roles
        phrasesByFirstWord = Self.index(roles)
    }

    /// The built-in roles, their index made once: a parser is made for each file with this vocabulary.
    public init() {
        roles = SectionRole.builtIn
        phrasesByFirstWord = Self.builtInIndex
    }

    private static let builtInIndex = index(SectionRole.builtIn)

    public static func == (a: RoleVocabulary, b: RoleVocabulary) -> Bool { a.roles == b.roles }
    public func hash(into hasher: inout Hasher) { hasher.combine(roles) }

    private static func index(_ roles: [SectionRole]) -> [Substring: [Phrase]] {
        var index: [Substring: [Phrase]] = [:]
        var order = 0
        for (r, role) in roles.enumerated() {
            for phrase in role.phrases {
                defer { order += 1 }
                guard phrase.utf8.allSatisfy({ $0 < 0x80 }), let first = phrase.split(separator: " ").first else { continue }
                index[first, default: []].append(Phrase(bytes: Array(phrase.utf8), order: order, role: r))
            }
        }
        return index
    }

    public func role(named name: String) -> SectionRole? {
        let key = Self.fold(name).replacingOccurrences(of: " ", with: "-")
        return roles.first { $0.name == key }
    }

    public var names: [String] { roles.map(\.name) }

    /// Adds `phrases` to the role called `name`; false if there is no such role.
    public mutating func add(phrases: [String], to name: String) -> Bool {
        guard let index = roles.firstIndex(where: { $0.name == role(named: name)?.name }) else { return false }
        roles[index].phrases += phrases.map(Self.fold)
        return true
    }

    /// The role a title names, and whether the title said so (`sure`) or narrative is only the fallback.
    /// The longest matching phrase wins, so "What the review found" is findings, not "the review".
    public func guess(_ title: String) -> (role: SectionRole, sure: Bool) {
        let words = " " + Self.fold(title) + " "
        // Titles and phrases are nearly always ASCII once folded: those are compared as bytes, which
        // is the same test as Foundation's `contains` and was 14 % of a 4,000-briefing build as that.
        let bytes = Array(words.utf8)
        return bytes.allSatisfy({ $0 < 0x80 }) ? guessASCII(bytes) : guessByEveryPhrase(words)
    }

    /// `guess` by trying every phrase of every role (RoleFoldTests check `guessASCII` against it).
    func guessByEveryPhrase(_ words: String) -> (role: SectionRole, sure: Bool) {
        let bytes = Array(words.utf8)
        let ascii = bytes.allSatisfy { $0 < 0x80 }
        var best: (SectionRole, Int)?
        for role in roles {
            for phrase in role.phrases where Self.contains(bytes, ascii: ascii, words: words, phrase: phrase) {
                if phrase.count > (best?.1 ?? 0) { best = (role, phrase.count) }
            }
        }
        guard let best else { return (role(named: "narrative") ?? .narrative, false) }
        return (best.0, true)
    }

    /// `guess` for an ASCII title, folded with a space at each end: the phrases that start at each of
    /// its words, the longest (then the first in the roles' order) winning, as `guess` settles it.
    /// A phrase that is not ASCII cannot be in an ASCII title.
    private func guessASCII(_ bytes: [UInt8]) -> (role: SectionRole, sure: Bool) {
        var best: (phrase: Phrase, length: Int)?
        var start = 1
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x20 { end += 1 }
            if end > start, let candidates = phrasesByFirstWord[Substring(decoding: bytes[start..<end], as: UTF8.self)] {
                for p in candidates where start + p.bytes.count < bytes.count && bytes[start + p.bytes.count] == 0x20 {
                    guard bytes[start..<(start + p.bytes.count)].elementsEqual(p.bytes) else { continue }
                    if let b = best, b.length > p.bytes.count || (b.length == p.bytes.count && b.phrase.order < p.order) { continue }
                    best = (p, p.bytes.count)
                }
            }
            start = end + 1
        }
        guard let best else { return (role(named: "narrative") ?? .narrative, false) }
        return (roles[best.phrase.role], true)
    }

    /// Whether the folded `words` (with a space at each end) hold `phrase` as whole words.
    private static func contains(_ bytes: [UInt8], ascii: Bool, words: String, phrase: String) -> Bool {
        let needle = phrase.utf8
        guard ascii, needle.allSatisfy({ $0 < 0x80 }) else { return words.contains(" \(phrase) ") }
        let n = needle.count
        guard bytes.count >= n + 2 else { return false }
        for start in 0...(bytes.count - n - 2) where bytes[start] == 0x20 && bytes[start + n + 1] == 0x20 {
            if zip(bytes[(start + 1)...], needle).allSatisfy({ $0 == $1 }) { return true }
        }
        return false
    }

    /// Lower case, accents removed, anything but letters and digits a single space.
    static func fold(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? foldASCII(text) : foldThroughFoundation(text)
    }

    /// Whether folded `words` appear whole in folded `text` (both as `fold` gives them: words
    /// between single spaces). On bytes for ASCII, as String's `contains` would answer.
    static func hasWords(_ words: String, in text: String) -> Bool {
        guard words.utf8.allSatisfy({ $0 < 0x80 }), text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return (" " + text + " ").contains(" " + words + " ")
        }
        let needle = [0x20] + Array(words.utf8) + [0x20], hay = [0x20] + Array(text.utf8) + [0x20]
        guard needle.count <= hay.count else { return false }
        for start in 0...(hay.count - needle.count) where hay[start] == 0x20 {
            var i = 1
            while i < needle.count, hay[start + i] == needle[i] { i += 1 }
            if i == needle.count { return true }
        }
        return false
    }

    /// `fold` for any text (RoleFoldTests check the ASCII path against it).
    static func foldThroughFoundation(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        var out = ""
        var space = false
        for c in folded {
            if c.isLetter || c.isNumber {
                if space, !out.isEmpty { out.append(" ") }
                out.append(c)
                space = false
            } else if c == "'" || c == "\u{2019}" {
                continue
            } else {
                space = true
            }
        }
        return out
    }

    /// `fold` for ASCII text, on its bytes: the same result without Foundation's folding.
    private static func foldASCII(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var space = false
        for var c in text.utf8 {
            if c >= 0x41 && c <= 0x5A { c += 0x20 }
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) {
                if space, !out.isEmpty { out.append(0x20) }
                out.append(c)
                space = false
            } else if c == 0x27 {
                continue
            } else {
                space = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What kind of review a briefing comes from: decides how the person it is about is named.
public enum BriefingKind: String, Sendable, Hashable, CaseIterable {
    case caseReview = "case review", adultsReview = "safeguarding adults review", thematic, audit = "audit or national review"

    /// Read from the words of `kind:`/`review_kind:` as the author wrote them.
    static func recognise(_ text: String) -> BriefingKind? {
        let words = " " + RoleVocabulary.fold(text) + " "
        if words.contains(" thematic ") { return .thematic }
        if words.contains(" adult") || words.contains(" sar ") { return .adultsReview }
        if words.contains(" audit") || words.contains(" national ") { return .audit }
        if words.contains(" review") || words.contains(" cspr ") || words.contains(" scr ") || words.contains(" case ") { return .caseReview }
        return nil
    }
}

/// Whose partnership the hub is: decides what a briefing with no `kind` is called.
public enum PartnershipType: String, Sendable, Hashable, CaseIterable {
    case children, adults, joint

    var defaultKind: BriefingKind { self == .adults ? .adultsReview : .caseReview }
    var defaultKindText: String {
        switch self {
        case .children: "Child Safeguarding Practice Review"
        case .adults: "Safeguarding Adults Review"
        case .joint: "Safeguarding review"
        }
    }
}

/// The person a review is about, by the pseudonym the review gives them.
public struct ReviewSubject: Sendable, Hashable {
    public var name: String
    /// `Child`, `Adult` or `Person`: the label of the line on the briefing.
    public var label: String
    /// What follows the name: "(not the child's real name)".
    public var note: String
}
