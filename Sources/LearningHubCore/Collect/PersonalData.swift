import Foundation

/// Finds what looks like personal data in the free text a team writes: email addresses, UK
/// telephone numbers, NHS numbers, dates of birth and postcodes. One detector serves both the
/// collector's warnings and the search index's redaction, so what one flags the other removes.
/// Dates of meetings and IDs such as F2 or R3.1 are not personal data and are left alone.
public enum PersonalData {
    public enum Kind: String, Sendable, CaseIterable {
        case email = "an email address"
        case phone = "a telephone number"
        case nhsNumber = "an NHS number"
        case dateOfBirth = "a date of birth"
        case postcode = "a postcode"
    }

    public struct Match: Sendable, Equatable {
        public var kind: Kind
        public var range: Range<String.Index>
        public var text: String
    }

    // Each regex is a constant pattern, checked by the tests; `try!` cannot fail at run time.
    static let email = try! NSRegularExpression(pattern: #"[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"#)
    /// 0 or +44 then the rest: 10 or 11 digits in all (checked after), spaces, dashes and brackets
    /// between; or another country's number, written with its + (9 to 15 digits).
    static let phone = try! NSRegularExpression(pattern: #"(?<![\w+])(?:\+\d{1,3}[\s\-]?(?:\(0\)[\s\-]?)?|\(?0)\d[\d\s\-()]{7,14}\d(?!\w)"#)
    /// A date inside what the phone pattern took ("01-12-2026 10"): a meeting, not a number to ring.
    static let dateInside = try! NSRegularExpression(pattern: #"\d{1,2}[\-.]\d{1,2}[\-.]\d{2,4}"#)
    /// Ten digits, together or as 3 3 4 (the way the NHS prints them), checked by the modulus 11 rule.
    static let nhsNumber = try! NSRegularExpression(pattern: #"(?<![\w.])[1-9]\d{2}[\s\-]?\d{3}[\s\-]?\d{4}(?![\w.])"#)
    /// A date just after words that say it is a birth date: "DOB 03/04/2015", "born on 3 April 2015".
    static let dateOfBirth = try! NSRegularExpression(
        pattern: #"\b(?:d\.?\s?o\.?\s?b\.?|date of birth|born(?: on)?|birthday)\s*(?:is|was|of|:|-)?\s*(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4})"#,
        options: [.caseInsensitive])
    /// Royal Mail's postcode shapes, in capitals as addresses write them: M1 1AE, LS1 4AP, SW1A 1AA.
    static let postcode = try! NSRegularExpression(pattern: #"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b"#)

    /// Every match in `text`, in order, none overlapping (an NHS number is not also a phone number).
    public static func matches(in text: String) -> [Match] {
        // Each pattern runs only on text that could hold it: the search index redacts every action.
        let digits = text.utf8.count(where: { $0 >= 0x30 && $0 <= 0x39 })
        let at = text.utf8.contains(0x40)
        guard digits >= 2 || at else { return [] }
        var found: [Match] = []
        let whole = NSRange(text.startIndex..., in: text)
        func add(_ kind: Kind, _ regex: NSRegularExpression, group: Int = 0, accept: (String) -> Bool = { _ in true }) {
            for m in regex.matches(in: text, range: whole) {
                guard let range = Range(m.range(at: group), in: text) else { continue }
                let piece = String(text[range])
                guard accept(piece), !found.contains(where: { $0.range.overlaps(range) }) else { continue }
                found.append(Match(kind: kind, range: range, text: piece))
            }
        }
        if at { add(.email, email) }
        if digits >= 4, mentionsBirth(text) { add(.dateOfBirth, dateOfBirth, group: 1) }
        if digits >= 9 { add(.nhsNumber, nhsNumber) { isNHSNumber($0) } }
        if digits >= 9 { add(.phone, phone) { piece in
            // "+44 (0)20 …": the bracketed 0 is not dialled from abroad, so it is not counted.
            let digits = piece.replacingOccurrences(of: "(0)", with: "").filter(\.isASCIIDigitCharacter)
            guard dateInside.firstMatch(in: piece, range: NSRange(piece.startIndex..., in: piece)) == nil else { return false }
            if piece.hasPrefix("+44") { return (11...12).contains(digits.count) }
            return piece.hasPrefix("+") ? (9...15).contains(digits.count) : (10...11).contains(digits.count)
        } }
        if hasCapitalThenDigit(text) { add(.postcode, postcode) }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Whether the text has "dob", "d.o.b", "birth" or "born" in any case: a byte scan, so that
    /// the date-of-birth pattern runs only where it could match.
    static func mentionsBirth(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let words: [[UInt8]] = [Array("dob".utf8), Array("d.o.b".utf8), Array("birth".utf8), Array("born".utf8)]
        var i = 0
        while i < bytes.count {
            // Every word starts with b or d: look further only there.
            let first = bytes[i] | 0x20
            if first == 0x62 || first == 0x64 {
                for w in words where w[0] == first && i + w.count <= bytes.count {
                    var j = 1
                    while j < w.count, (bytes[i + j] >= 0x41 && bytes[i + j] <= 0x5A ? bytes[i + j] | 0x20 : bytes[i + j]) == w[j] { j += 1 }
                    if j == w.count { return true }
                }
            }
            i += 1
        }
        return false
    }

    /// A capital letter straight before a digit, as every postcode has (the "S1" of "LS1 4AP").
    static func hasCapitalThenDigit(_ text: String) -> Bool {
        var previousCapital = false
        for b in text.utf8 {
            if previousCapital, b >= 0x30, b <= 0x39 { return true }
            previousCapital = b >= 0x41 && b <= 0x5A
        }
        return false
    }

    /// The NHS number's check digit: weights 10 down to 2 on the first nine digits, modulus 11.
    static func isNHSNumber(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard digits.count == 10 else { return false }
        let sum = zip(digits.prefix(9), stride(from: 10, through: 2, by: -1)).map { $0 * $1 }.reduce(0, +)
        let check = 11 - sum % 11
        return (check == 11 ? 0 : check) == digits[9] && check != 10
    }

    /// `text` with each match replaced by `[removed]`.
    public static func redact(_ text: String) -> String {
        var out = text
        for m in matches(in: text).reversed() { out.replaceSubrange(m.range, with: "[removed]") }
        return out
    }

    /// Warnings for a response's free text (discussions, actions, evidence, notes), each at the
    /// line it is on, naming the field as the form does. Contact details and the team manager's
    /// name are meant to be there (and are never published), so they are not looked at.
    static func warnings(in raw: RawValue, body: String, bodyLine: Int, log: inout DiagnosticLog) -> Int {
        var count = 0
        // `what` is worded only for text that holds something: most text holds nothing.
        func check(_ value: RawValue?, _ what: @autoclosure () -> String) {
            guard let value, let text = value.text else { return }
            count += warn(text, what: what, at: value.location, blockStartsBelow: text.utf8.contains(0x0A), log: &log)
        }
        // The fields the schema marks as scanned, in its order (the notes, last, after both lists).
        for f in ResponseSchema.top {
            guard let level = f.entries, case .list(let entries, _)? = raw.field(f.key) else { continue }
            for (i, entry) in entries.enumerated() {
                for field in ResponseSchema.fields where field.level == level && field.scanned {
                    check(entry.field(field.key), level == .action ? "action \(i + 1), '\(field.label ?? field.key)' (\(field.key))"
                                                                  : "learning point \(i + 1), the \(field.key)")
                }
            }
        }
        for f in ResponseSchema.top where f.scanned { check(raw.field(f.key), f.label ?? f.key) }
        let path = raw.location.path
        if !body.isEmpty {
            count += warn(body, what: { "the notes below the answers" }, at: SourceLocation(path: path, line: bodyLine), blockStartsBelow: false, log: &log)
        }
        return count
    }

    /// `blockStartsBelow`: a YAML block (`discussion: |`) starts on the line after its key; a CSV
    /// cell or a spreadsheet cell starts where it is.
    private static func warn(_ text: String, what: () -> String, at location: SourceLocation, blockStartsBelow: Bool, log: inout DiagnosticLog) -> Int {
        let found = matches(in: text)
        guard !found.isEmpty else { return 0 }
        let what = what()
        let isYAML = location.sheet == nil && !location.path.lowercased().hasSuffix(".csv")
        for m in found {
            var at = location
            if location.sheet == nil {
                let lineIndex = text[..<m.range.lowerBound].utf8.count(where: { $0 == 0x0A })
                at.line += lineIndex + (blockStartsBelow && isYAML ? 1 : 0)
                if lineIndex > 0 || (blockStartsBelow && isYAML) { at.column = 1 }
            }
            log.warning(at, "\(what) may hold personal data: '\(m.text)' looks like \(m.kind.rawValue). Responses are published: take it out unless it is meant to be public")
        }
        return found.count
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}

extension Collector {
    /// Moves a file that may hold personal data to `held/`, unfiled, until `collect --release` names it.
    func hold(_ item: Incoming, report: inout CollectReport, made: inout Folders) throws {
        let folder = item.inbox.path + "/held"
        var shown = Self.shown(folder) + "/" + item.file.lastPathComponent.escapingControlCharacters
        if !options.dryRun {
            let destination = try made.reserve(item.file.lastPathComponent, in: folder, room: Folders.maximumName - 4)
            try DurableFile.move(item.file.path, to: destination)
            made.moved(from: item.inbox.path)
            shown = Self.shown(destination)
        }
        let n = item.personalData
        report.record(.held, "held       \(item.display): \(n) piece\(n == 1 ? "" : "s") of text may be personal data (see the warnings); "
                      + "\(options.dryRun ? "it would be kept in" : "kept in") held/, not filed. Check it, edit it if need be, then run: "
                      + "learning-hub collect --release \(shown)")
    }
}
