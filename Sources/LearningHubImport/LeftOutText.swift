import Foundation

/// Text a briefing does not keep: a PDF's running headers, footers and page numbers, and the
/// response form pasted after the briefing (the hub makes its own form for every briefing).
/// Each is reported, so the user knows what was left out and where.
enum LeftOutText {
    /// Removes lines that repeat at the top or bottom of the PDF's pages, and page numbers.
    static func removePageFurniture(_ lines: [SourceLine], path: String, warnings: inout [ImportProblem]) -> [SourceLine] {
        var pages: [Int: [Int]] = [:]   // page -> indexes of its non-blank lines
        for (index, line) in lines.enumerated() {
            if case let .page(p) = line.place, !line.text.allSatisfy(\.isWhitespace) { pages[p, default: []].append(index) }
        }
        // The first and last two lines of each page are where headers and footers sit.
        var edges: [Int: String] = [:], footers: Set<Int> = []
        for indexes in pages.values {
            for index in Array(indexes.prefix(2)) + Array(indexes.suffix(2)) { edges[index] = normalised(lines[index].text) }
            footers.formUnion(indexes.suffix(2))
        }
        var pagesWith: [String: Set<Int>] = [:]
        for (index, text) in edges {
            if case let .page(p) = lines[index].place { pagesWith[text, default: []].insert(p) }
        }
        var dropped: [(page: Int, text: String)] = []
        var kept: [SourceLine] = []
        for (index, line) in lines.enumerated() {
            // A running header repeats on several pages and has words in it (a section number does not).
            guard let text = edges[index], case let .page(p) = line.place,
                  isPageNumber(line.text, page: p, footer: footers.contains(index))
                    || (pages.count > 1 && (pagesWith[text]?.count ?? 0) > 1 && text.filter(\.isLetter).count >= 3) else {
                kept.append(line)
                continue
            }
            dropped.append((p, line.text.trimmingCharacters(in: .whitespaces)))
        }
        if let first = dropped.first {
            let shown = dropped.prefix(3).map { "'\($0.text)'" }.joined(separator: ", ")
            warnings.append(ImportProblem(path, .page(first.page), .warning,
                "\(dropped.count) line\(dropped.count == 1 ? "" : "s") of page headers, footers and page numbers left out (\(shown)\(dropped.count > 3 ? " ..." : "")): check that none was part of the briefing"))
        }
        return kept
    }

    /// Digits become `#` so that "Page 2 of 5" and "Page 3 of 5" are the same footer.
    private static func normalised(_ text: String) -> String {
        let collapsed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return String(collapsed.lowercased().map { $0.isNumber ? "#" : $0 })
            .replacingOccurrences(of: "##", with: "#").replacingOccurrences(of: "##", with: "#")
    }

    /// "2", "Page 2 of 5", "2/5", "- 2 -", or an address line ending "2/5": the page's own number.
    /// A bare number counts only at the foot of a page: at its head it is a section's number.
    private static func isPageNumber(_ raw: String, page: Int, footer: Bool) -> Bool {
        let text = raw.lowercased().split(separator: " ").joined(separator: " ")
        let patterns = (footer ? [#"^(\d+)$"#] : []) + [#"^page (\d+)(?: (?:of|/) \d+)?$"#, #"^(\d+) ?/ ?\d+$"#, #"^- (\d+) -$"#, #" (\d+)/\d+$"#, #" page (\d+) of \d+$"#]
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                  let range = Range(match.range(at: 1), in: text) else { continue }
            return Int(text[range]) == page
        }
        return false
    }

    /// Where a pasted response form starts, if it does: the index of its first line.
    static func responseFormStart(_ lines: [SourceLine]) -> Int? {
        for (index, line) in lines.enumerated() where isFormLine(line.text) { return index }
        return nil
    }

    private static let formOpenings = [
        "name of organisation", "name of organization", "organisation name", "organization name", "name of agency",
        "team manager", "name of section", "name of team", "contact details", "response form", "feedback form",
        "what actions have been agreed", "identify the learning or recommendations that are relevant to your team",
        "please return this form", "please return the form",
    ]

    private static func isFormLine(_ raw: String) -> Bool {
        var text = raw.trimmingCharacters(in: .whitespaces)
        text = (LineClassifier.unbold(text) ?? text).lowercased()
        guard !text.isEmpty else { return false }
        if formOpenings.contains(where: { text.hasPrefix($0) }) {
            // "Team manager should ..." is a sentence; a form's label is short or has a space to fill.
            return text.split(separator: " ").count <= 14 || text.contains("....") || text.contains("____")
        }
        // A label followed by dots or a line to write on: "Date .....", "Signed ______".
        return text.split(separator: " ").count <= 6 && (text.hasSuffix("....") || text.hasSuffix("____"))
    }
}
