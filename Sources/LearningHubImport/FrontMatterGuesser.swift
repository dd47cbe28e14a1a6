import Foundation
import LearningHubCore

/// A front-matter value and, when it was guessed rather than read, why: written as a YAML comment
/// above the field so the user knows what to check.
struct Guessed<Value: Sendable>: Sendable {
    var value: Value
    var note: String?
}

/// What the front matter says, worked out from what the document says.
struct BriefingFacts: Sendable {
    var title: Guessed<String>
    var published: Guessed<CalendarDate>
    var kind: Guessed<String>
    /// The person the review is about (`child:` or, for an adults' review, `adult:`).
    var person: Guessed<String>?
    var personField: String
    var summary: Guessed<String>?
    /// Matched themes by slug; unmatched ones by the document's own name.
    var themes: [String]
    /// The key-themes list items that matched a theme page, by their text, for linking.
    var themeLinks: [String: String]
}

struct FrontMatterGuesser {
    let path: String
    let themes: ThemeCatalogue
    /// The source file's modification day: the fallback for a briefing that gives no date.
    let fileDate: CalendarDate

    func guess(_ document: ImportedDocument, fileStem: String, warnings: inout [ImportProblem]) -> BriefingFacts {
        let kind = guessKind(document)
        let person = guessPerson(document, kind: kind.value)
        let title: Guessed<String>
        if let found = document.title.map(\.text).flatMap(Self.withoutBriefingWords) {
            title = Guessed(value: found, note: nil)
        } else if let person {
            title = Guessed(value: person.value, note: "guessed: the document has no title, so this is the name it gives the \(kind.value.lowercased().contains("adult") ? "adult" : "child"): check")
        } else {
            title = Guessed(value: fileStem, note: "guessed: the document has no title, so this is its file name: check")
        }
        let (slugs, links) = matchThemes(document, warnings: &warnings)
        return BriefingFacts(title: title, published: guessDate(document, warnings: &warnings), kind: kind,
                             person: person, personField: kind.value.lowercased().contains("adult") ? "adult" : "child",
                             summary: guessSummary(document), themes: slugs, themeLinks: links)
    }

    /// "7 Minute Briefing: Sam" is titled "Sam"; a title that is only those words is no title.
    static func withoutBriefingWords(_ title: String) -> String? {
        let pattern = #"^(7|seven)[ -]?minute[s]? briefing\s*[:\-–—|]?\s*"#
        let rest = title.replacingOccurrences(of: pattern, with: "", options: [.regularExpression, .caseInsensitive])
        return rest.trimmingCharacters(in: .whitespaces).isEmpty ? nil : rest.trimmingCharacters(in: .whitespaces)
    }

    private static let kinds: [(words: String, kind: String)] = [
        ("safeguarding adults review", "Safeguarding Adults Review"),
        ("child safeguarding practice review", "Child Safeguarding Practice Review"),
        ("rapid review", "Rapid Review"),
        ("serious case review", "Serious Case Review"),
        ("domestic homicide review", "Domestic Homicide Review"),
        ("thematic", "Thematic briefing"),
    ]

    private func guessKind(_ document: ImportedDocument) -> Guessed<String> {
        // Only where a briefing says what it is: its title and opening lines, not its findings
        // ("a multi-agency audit ... needs to be undertaken" is no kind of review).
        let opening = document.allText.prefix(while: { $0.place != document.sections.first?.place }).prefix(15)
        let text = ([document.title?.text ?? ""] + opening.map(\.text)).joined(separator: " ").lowercased()
        let found = Self.kinds.compactMap { entry in text.range(of: entry.words).map { (text.distance(from: text.startIndex, to: $0.lowerBound), entry.kind) } }
        if let earliest = found.min(by: { $0.0 < $1.0 }) { return Guessed(value: earliest.1, note: nil) }
        let hasPerson = guessPerson(document, kind: "") != nil
        return Guessed(value: hasPerson ? "Child Safeguarding Practice Review" : "Thematic briefing",
                       note: "guessed: the document does not say what kind of review it is: check")
    }

    private static let notNames: Set<String> = ["The", "This", "That", "There", "These", "Professionals", "Concerns", "He", "She",
                                                "They", "It", "In", "A", "An", "Mother", "Father", "Agencies", "Practitioners", "Staff", "We", "Our", "When", "What"]

    /// "Ben is a pre-school age child ..." names Ben; only the first paragraph of the first section is read.
    private func guessPerson(_ document: ImportedDocument, kind: String) -> Guessed<String>? {
        guard !kind.lowercased().contains("thematic") else { return nil }
        guard let first = (document.sections.first?.blocks ?? []).first(where: { if case .paragraph = $0 { true } else { false } }),
              case let .paragraph(text, _) = first else { return nil }
        let pattern = #"^(?:Baby |Child |Young person |Adult )?([A-Z][A-Za-z'’-]+)(?: [A-Z])? (?:is|was|had|lived|has)\b"#
        guard let match = text.range(of: pattern, options: .regularExpression) else { return nil }
        let name = String(text[match]).split(separator: " ").first { !["Baby", "Child", "Young", "Adult"].contains(String($0)) }.map(String.init) ?? ""
        guard !name.isEmpty, !Self.notNames.contains(name) else { return nil }
        return Guessed(value: name, note: "guessed from \"\(String(text.prefix(40)))...\": check it is the review's name for them, never a real name")
    }

    static let dateLabel = #"^\W*(published|date of publication|publication date|date published|issued|date)\b\s*(on)?\s*[:\-–]\s*"#

    /// "Published: 4 December 2026" says when, and is no heading.
    static func isDateLine(_ text: String) -> Bool {
        text.replacingOccurrences(of: "**", with: "").range(of: dateLabel, options: [.regularExpression, .caseInsensitive]) != nil
    }

    private func guessDate(_ document: ImportedDocument, warnings: inout [ImportProblem]) -> Guessed<CalendarDate> {
        for line in document.allText {
            let text = line.text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "")
            guard let range = text.range(of: Self.dateLabel, options: [.regularExpression, .caseInsensitive]) else { continue }
            let rest = text[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " .,;"))
            if let date = FlexibleDate.parse(rest) {
                return Guessed(value: date, note: rest.split(separator: " ").count == 2 ? "read from \"\(rest)\", which gives no day: check" : nil)
            }
            warnings.append(ImportProblem(path, line.place, .warning, "could not read the date '\(rest)': the file's date is used instead; write the date as 4 December 2026 or 2026-12-04"))
            break
        }
        return Guessed(value: fileDate, note: "guessed from the file's date: check")
    }

    private func guessSummary(_ document: ImportedDocument) -> Guessed<String>? {
        guard let first = document.paragraphs.first?.text else { return nil }
        var sentence = first
        if let end = first.range(of: #"[.!?](\s|$)"#, options: .regularExpression) { sentence = String(first[..<end.upperBound]) }
        sentence = sentence.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "")
        if sentence.count > 240 {
            sentence = String(sentence.prefix(240)).split(separator: " ").dropLast().joined(separator: " ") + " …"
        }
        return Guessed(value: sentence, note: "guessed: the first sentence of the briefing: write one line on what it is about")
    }

    /// The "key themes" list: a list after a line that mentions themes, or in a section about them.
    private func matchThemes(_ document: ImportedDocument, warnings: inout [ImportProblem]) -> ([String], [String: String]) {
        var names: [(String, SourcePlace)] = []
        outer: for section in [ImportedSection(number: nil, title: "", place: .file, blocks: document.introduction)] + document.sections {
            var mentions = section.title.lowercased().contains("theme")
            for block in section.blocks {
                switch block {
                case let .paragraph(text, _):
                    mentions = mentions || text.lowercased().contains("theme")
                case let .list(items, _) where mentions:
                    names = items.map { ($0.text, $0.place) }
                    break outer
                default:
                    break
                }
            }
        }
        if names.isEmpty {
            warnings.append(ImportProblem(path, document.sections.first?.place ?? .file, .warning,
                "no list of key themes found: add the briefing's themes to 'themes:' by name"))
        }
        var slugs: [String] = [], links: [String: String] = [:]
        for (name, place) in names {
            if let entry = themes.match(name) {
                if !slugs.contains(entry.slug) { slugs.append(entry.slug) }
                links[name] = entry.slug
            } else {
                slugs.append(name)
                warnings.append(ImportProblem(path, place, .warning,
                    "the theme '\(name)' matches no theme in the hub: it is kept by name, and the build will say which file to create for it"))
            }
        }
        return (slugs, links)
    }
}
