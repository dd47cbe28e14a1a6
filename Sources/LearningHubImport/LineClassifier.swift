/// What one line of text looks like on its own, before its neighbours are taken into account.
struct ClassifiedLine: Sendable {
    enum Kind: Sendable, Equatable {
        case blank
        /// A Markdown `#` heading (what pandoc makes of Word's heading styles).
        case markdownHeading(level: Int, text: String)
        /// A line that is bold from end to end, like the seed's `**Background**`.
        case bold(String)
        /// A number alone on its line, like the seed's `**01**`.
        case numberOnly(String)
        case bullet(marker: String, ordered: Bool, text: String)
        /// A row of a Markdown table (`| a | b |`), as pandoc writes a Word table.
        case tableRow(String)
        /// A picture alone on its line (`![alt](media/image1.png)`): not imported.
        case image(alt: String)
        case text(String)
    }

    var kind: Kind
    /// The line's text without its indentation, as written (bold marks kept).
    var trimmed: String
    /// Leading spaces (a tab counts as four): how PDFs and pasted text show a list's nesting.
    var indent: Int
    /// The line ended with two spaces or a backslash: the author broke the line on purpose.
    var hardBreak: Bool
    /// The line's length as printed, indentation included, for telling wrapped lines from short ones.
    var width: Int
    var place: SourcePlace
}

enum LineClassifier {
    /// Bullet characters that need no space after them (PDFs often print "•Text").
    static let symbolBullets: Set<Character> = ["•", "●", "▪", "■", "◦", "○", "►", "➢", "✓", "\u{F0B7}", "\u{F0A7}", "\u{2023}", "\u{2043}"]
    /// Bullet characters that count only when a space follows (so "-3" or "often" are not bullets).
    static let spacedBullets: Set<Character> = ["-", "*", "+", "o", "\u{2013}", "\u{2014}"]

    static func classify(_ line: SourceLine) -> ClassifiedLine {
        let raw = line.text.replacingOccurrences(of: "\t", with: "    ").replacingOccurrences(of: "\u{00A0}", with: " ")
        let hardBreak = raw.hasSuffix("  ") || raw.hasSuffix("\\")
        let indent = raw.prefix { $0 == " " }.count
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("\\") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        let width = indent + text.count
        func make(_ kind: ClassifiedLine.Kind) -> ClassifiedLine {
            ClassifiedLine(kind: kind, trimmed: text, indent: indent, hardBreak: hardBreak, width: width, place: line.place)
        }
        if text.isEmpty { return make(.blank) }
        if let heading = markdownHeading(text) { return make(heading) }
        if text.hasPrefix("|"), text.hasSuffix("|"), text.count > 1 { return make(.tableRow(text)) }
        if text.hasPrefix("!["), text.hasSuffix(")"), let close = text.range(of: "](") {
            return make(.image(alt: String(text[text.index(text.startIndex, offsetBy: 2)..<close.lowerBound])))
        }
        if let bullet = bullet(text) { return make(bullet) }
        let bold = unbold(text)
        if let number = numberOnly(bold ?? text) { return make(.numberOnly(number)) }
        if let bold { return make(.bold(bold)) }
        return make(.text(text))
    }

    private static func markdownHeading(_ text: String) -> ClassifiedLine.Kind? {
        let hashes = text.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), text.dropFirst(hashes).first == " " else { return nil }
        var title = text.dropFirst(hashes).trimmingCharacters(in: .whitespaces)
        while title.hasSuffix("#") { title = String(title.dropLast()).trimmingCharacters(in: .whitespaces) }
        return .markdownHeading(level: hashes, text: unbold(title) ?? title)
    }

    /// `**Background**` -> `Background`; nil unless the whole line is one bold run.
    static func unbold(_ text: String) -> String? {
        for mark in ["**", "__"] where text.hasPrefix(mark) && text.hasSuffix(mark) && text.count > 4 {
            let inner = text.dropFirst(2).dropLast(2)
            if !inner.contains(mark) { return inner.trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }

    private static func numberOnly(_ text: String) -> String? {
        var digits = Substring(text)
        if let last = digits.last, last == "." || last == ")" { digits = digits.dropLast() }
        guard (1...2).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(digits)
    }

    private static func bullet(_ text: String) -> ClassifiedLine.Kind? {
        guard let first = text.first else { return nil }
        let rest = text.dropFirst()
        if symbolBullets.contains(first) {
            let body = rest.trimmingCharacters(in: .whitespaces)
            return body.isEmpty ? nil : .bullet(marker: String(first), ordered: false, text: body)
        }
        if spacedBullets.contains(first), rest.first == " " {
            // `**bold**` is not a bullet; `* item` is.
            let body = rest.trimmingCharacters(in: .whitespaces)
            return body.isEmpty ? nil : .bullet(marker: String(first), ordered: false, text: body)
        }
        // 1. 1) 12. a) (a) i.
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if (1...2).contains(digits.count) {
            let after = text.dropFirst(digits.count)
            if let mark = after.first, mark == "." || mark == ")", after.dropFirst().first == " " {
                let body = after.dropFirst().trimmingCharacters(in: .whitespaces)
                return body.isEmpty ? nil : .bullet(marker: String(digits), ordered: true, text: body)
            }
        }
        return nil
    }

    /// `4. What the review found`, `04 Background`, `07 – Implementing change` -> ("4", title).
    static func numberedTitle(_ text: String) -> (number: String, title: String)? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard (1...2).contains(digits.count) else { return nil }
        let afterDigits = text.dropFirst(digits.count)
        guard let next = afterDigits.first, next == "." || next == ":" || next == ")" || next == " " else { return nil }
        let title = afterDigits.drop { ".:)-\u{2013}\u{2014} ".contains($0) }
        guard title.first?.isLetter == true else { return nil }
        return (String(digits), String(title))
    }

    /// Short, with no sentence's end: how a heading reads.
    static func looksLikeTitle(_ text: String, maxWords: Int = 10) -> Bool {
        let words = text.split(separator: " ").count
        guard words >= 1, words <= maxWords, let last = text.last, let first = text.first else { return false }
        return !".,;:".contains(last) && (first.isUppercase || first.isNumber)
    }
}
