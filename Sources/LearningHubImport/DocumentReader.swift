/// Recovers a briefing's structure from its text: the title, the sections under their headings
/// (the seed's `**01**` then `**Background**`, `01 Background`, `1. Background`, Word's heading
/// styles, or plain headings with no numbers), and the paragraphs and lists in each.
struct DocumentReader {
    let path: String

    private enum Decision {
        case title(String)
        case section(number: String?, title: String)
        case subheading(String)
    }

    func read(_ converted: ConvertedText) -> ImportedDocument {
        var document = ImportedDocument()
        var lines = converted.lines
        if converted.fromPDF { lines = LeftOutText.removePageFurniture(lines, path: path, warnings: &document.warnings) }
        document.allText = lines
        if let start = LeftOutText.responseFormStart(lines) {
            let count = lines[start...].filter { !$0.text.allSatisfy(\.isWhitespace) }.count
            document.warnings.append(ImportProblem(path, lines[start].place, .warning,
                "the response form from here to the end (\(count) line\(count == 1 ? "" : "s")) is left out: the hub makes a response form for every briefing"))
            lines = Array(lines[..<start])
        }
        let classified = lines.map(LineClassifier.classify)
        let (decisions, consumed) = findHeadings(classified, warnings: &document.warnings)

        var builder = BlockBuilder(path: path, wrapWidth: Self.wrapWidth(classified))
        var current: ImportedSection?
        func close() {
            builder.finish()
            document.warnings += builder.warnings
            if let section = current { document.sections.append(ImportedSection(number: section.number, title: section.title, place: section.place, blocks: builder.blocks)) } else { document.introduction = builder.blocks }
            builder = BlockBuilder(path: path, wrapWidth: builder.wrapWidth)
        }
        for (index, line) in classified.enumerated() where !consumed.contains(index) {
            switch decisions[index] {
            case let .title(text):
                document.title = (text, line.place)
            case let .section(number, title):
                close()
                current = ImportedSection(number: number, title: title, place: line.place)
            case let .subheading(text):
                builder.addSubheading(text, line.place)
            case nil:
                builder.add(line)
            }
        }
        close()
        // "Published: 4 December 2026" goes into the front matter, not the introduction.
        document.introduction.removeAll { if case let .paragraph(text, _) = $0 { FrontMatterGuesser.isDateLine(text) } else { false } }
        putInNumberOrder(&document)
        return document
    }

    // MARK: headings

    private func findHeadings(_ lines: [ClassifiedLine], warnings: inout [ImportProblem]) -> ([Int: Decision], Set<Int>) {
        var decisions: [Int: Decision] = [:]
        var consumed: Set<Int> = []
        let numbered = Self.strongNumberedHeadings(lines) >= 2
        let (titleIndex, sectionLevel) = Self.markdownLevels(lines)
        var used: Set<Int> = [], last: Int?
        let wrapWidth = Self.wrapWidth(lines)
        var haveTitle = false, haveSection = false

        func nextNonBlank(after i: Int) -> Int? { lines.indices.dropFirst(i + 1).first { lines[$0].kind != .blank } }
        // On a line of its own: after a blank line, a heading, or the short last line of a paragraph
        // (a PDF often prints a heading straight under the text before it).
        func standalone(_ i: Int) -> Bool {
            guard i > 0 else { return true }
            let before = lines[i - 1]
            if before.kind == .blank || decisions[i - 1] != nil || consumed.contains(i - 1) { return true }
            guard case .text = before.kind, let last = before.trimmed.last, ".!?".contains(last) else { return false }
            return wrapWidth.map { before.width < $0 * 85 / 100 } ?? true
        }
        // Much shorter than the text's lines: a heading even with its paragraph straight under it.
        func short(_ line: ClassifiedLine) -> Bool { wrapWidth.map { line.width < $0 * 6 / 10 } ?? false }
        func accepts(_ number: String) -> Bool {
            guard let n = Int(number), !used.contains(n) else { return false }
            return number.hasPrefix("0") || (last == nil && n == 1) || n == (last ?? -1) + 1
        }
        func section(_ i: Int, _ number: String?, _ title: String) {
            decisions[i] = .section(number: number, title: title)
            haveSection = true
            if let number, let n = Int(number) { used.insert(n); last = n }
        }
        func titleOrHeading(_ i: Int, _ text: String, unnumberedSection: Bool) {
            if !haveTitle, !haveSection {
                decisions[i] = .title(text)
                haveTitle = true
            } else if unnumberedSection {
                section(i, nil, text)
            } else if haveSection {
                decisions[i] = .subheading(text)
                warnings.append(ImportProblem(path, lines[i].place, .warning,
                    "'\(text)' looks like a heading but has no number, unlike the sections: it is kept as a sub-heading of the section above; check where it belongs"))
            }
        }

        for (i, line) in lines.enumerated() where !consumed.contains(i) {
            switch line.kind {
            case let .markdownHeading(level, text):
                if i == titleIndex, !haveTitle {
                    decisions[i] = .title(text)
                    haveTitle = true
                } else if level > sectionLevel {
                    decisions[i] = .subheading(text)
                } else if let (number, title) = LineClassifier.numberedTitle(text) {
                    section(i, number, title)
                } else {
                    section(i, nil, text)
                }
            case let .numberOnly(number):
                guard let j = nextNonBlank(after: i) else { break }
                switch lines[j].kind {
                case let .bold(title) where LineClassifier.looksLikeTitle(title, maxWords: 12),
                     let .text(title) where LineClassifier.looksLikeTitle(title, maxWords: 12):
                    section(i, number, title)
                    consumed.insert(j)
                default:
                    guard accepts(number) || Int(number) == (last ?? 0) + 1 else { break }
                    section(i, number, "")
                    warnings.append(ImportProblem(path, line.place, .warning, "section \(number) has a number but no title after it: give it one"))
                }
            case let .bold(text):
                if let (number, title) = LineClassifier.numberedTitle(text) {
                    section(i, number, title)
                } else if LineClassifier.looksLikeTitle(text, maxWords: 12) {
                    titleOrHeading(i, text, unnumberedSection: !numbered)
                }
            case let .bullet(marker, true, text):
                let runOfItems = nextNonBlank(after: i).map {
                    if case .bullet(_, true, _) = lines[$0].kind, lines[$0].indent == line.indent, $0 == i + 1 { return true }
                    return false
                } ?? false
                // A heading sits at the margin; a numbered point of a list is usually indented.
                if line.indent <= 2, standalone(i), !runOfItems, LineClassifier.looksLikeTitle(text), accepts(marker) {
                    section(i, marker, text)
                }
            case let .text(text):
                if standalone(i), let (number, title) = LineClassifier.numberedTitle(text),
                   LineClassifier.looksLikeTitle(title), accepts(number) {
                    section(i, number, title)
                } else if standalone(i), LineClassifier.looksLikeTitle(text, maxWords: haveTitle || haveSection ? 8 : 16),
                          !FrontMatterGuesser.isDateLine(text),
                          nextNonBlank(after: i).map({ $0 > i + 1 || Self.opensBlock(lines[$0]) || short(line) }) ?? false,
                          !numbered || !haveTitle && !haveSection {
                    var title = text
                    // A long title a PDF wrapped: "Private fostering: children living with" / "people who ...".
                    if !haveTitle, !haveSection {
                        var j = i + 1
                        while j < lines.count, case let .text(more) = lines[j].kind, more.first?.isLowercase == true,
                              LineClassifier.looksLikeTitle(text + " " + more, maxWords: 24) || more.last.map({ !".,;:".contains($0) }) == true {
                            title += " " + more
                            consumed.insert(j)
                            j += 1
                        }
                    }
                    titleOrHeading(i, title, unnumberedSection: !numbered)
                }
            default:
                break
            }
        }
        return (decisions, consumed)
    }

    private static func opensBlock(_ line: ClassifiedLine) -> Bool {
        if case .bullet = line.kind { return true }
        return false
    }

    /// Headings that can only be section headings: the document numbers its sections.
    private static func strongNumberedHeadings(_ lines: [ClassifiedLine]) -> Int {
        lines.filter { line in
            switch line.kind {
            case .numberOnly: true
            case let .bold(text), let .markdownHeading(_, text): LineClassifier.numberedTitle(text) != nil
            case let .text(text): LineClassifier.numberedTitle(text).map { $0.number.hasPrefix("0") } ?? false
            default: false
            }
        }.count
    }

    /// Word's heading styles come through pandoc as `#` levels. One top-level heading over deeper
    /// ones is the document's title; the sections are the shallowest of the rest.
    private static func markdownLevels(_ lines: [ClassifiedLine]) -> (title: Int?, sectionLevel: Int) {
        let headings = lines.enumerated().compactMap { index, line -> (Int, Int, String)? in
            if case let .markdownHeading(level, text) = line.kind { return (index, level, text) }
            return nil
        }
        guard let top = headings.map(\.1).min() else { return (nil, 1) }
        let atTop = headings.filter { $0.1 == top }
        let restNumbered = atTop.dropFirst().allSatisfy { LineClassifier.numberedTitle($0.2) != nil }
        if let first = headings.first, first.1 == top, headings.count > 1, LineClassifier.numberedTitle(first.2) == nil,
           atTop.count == 1 || restNumbered {
            if atTop.count > 1 { return (first.0, top) }
            return (first.0, headings.dropFirst().map(\.1).min() ?? top)
        }
        return (nil, top)
    }

    /// The width most lines of running text were wrapped at, if the text looks wrapped.
    static func wrapWidth(_ lines: [ClassifiedLine]) -> Int? {
        let widths = lines.compactMap { line -> Int? in
            if case .text = line.kind { return line.width }
            return nil
        }.sorted()
        guard widths.count >= 4 else { return nil }
        let width = widths[widths.count * 9 / 10]
        return width <= 140 ? width : nil
    }

    /// Sections numbered 01 to 07 but printed out of order (the seed prints 07 before 06, as a
    /// page's columns often do) are put in number order, and the user told.
    private func putInNumberOrder(_ document: inout ImportedDocument) {
        let numbers = document.sections.compactMap(\.numberValue)
        guard numbers.count == document.sections.count, Set(numbers).count == numbers.count, numbers != numbers.sorted() else { return }
        let pairs = zip(document.sections, document.sections.dropFirst())
        if let (a, b) = pairs.first(where: { ($0.numberValue ?? 0) > ($1.numberValue ?? 0) }) {
            document.warnings.append(ImportProblem(path, a.place, .warning,
                "section \(a.number ?? "") comes before section \(b.number ?? "") in the document; the briefing has them in number order: check that this is what the author meant"))
        }
        document.sections.sort { ($0.numberValue ?? 0) < ($1.numberValue ?? 0) }
    }
}
