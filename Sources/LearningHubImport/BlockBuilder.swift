/// Gathers the lines of one section into paragraphs and lists: soft-wrapped lines joined back,
/// list nesting worked out from indentation (or, when a PDF lost it, from the bullet characters).
struct BlockBuilder {
    let path: String
    /// The width text was wrapped at, if it was (a PDF's lines, a pasted email); nil for long lines.
    let wrapWidth: Int?

    private(set) var blocks: [Block] = []
    private(set) var warnings: [ImportProblem] = []
    private var paragraph: [ClassifiedLine] = []
    private var entries: [(level: Int, text: String, place: SourcePlace, ordered: Bool)] = []
    private var levels: [(indent: Int, marker: String)] = []
    private var listOrdered = false
    private var nestingGuessed = false
    private var afterBlank = false
    private var afterTableRow = false

    init(path: String, wrapWidth: Int?) {
        self.path = path
        self.wrapWidth = wrapWidth
    }

    mutating func add(_ line: ClassifiedLine) {
        defer {
            afterBlank = line.kind == .blank
            if case .tableRow = line.kind { afterTableRow = true } else { afterTableRow = false }
        }
        switch line.kind {
        case .blank:
            flushParagraph()
        case let .tableRow(row):
            finish()
            if afterTableRow, case let .table(rows, place) = blocks.last {
                blocks[blocks.count - 1] = .table(rows + [row], place)
            } else {
                blocks.append(.table([row], line.place))
                warnings.append(ImportProblem(path, line.place, .warning, "a table is kept as a Markdown table: check that it reads well on the page"))
            }
        case let .image(alt):
            finish()
            warnings.append(ImportProblem(path, line.place, .warning, "the image '\(alt)' is not imported: add it to the briefing by hand if it is needed"))
        case let .bullet(marker, ordered, text):
            flushParagraph()
            if entries.isEmpty { listOrdered = ordered }
            let level = place(indent: line.indent, marker: ordered ? "1." : marker, at: line.place)
            entries.append((level, text, line.place, ordered))
        default:
            if !entries.isEmpty, !afterBlank || line.indent > (levels.first?.indent ?? 0) {
                // A wrapped line of the item above, or a paragraph indented under it.
                let last = entries.count - 1
                entries[last].text = Self.join(entries[last].text, line.trimmed)
                return
            }
            flushList()
            paragraph.append(line)
        }
    }

    mutating func addSubheading(_ text: String, _ place: SourcePlace) {
        finish()
        blocks.append(.subheading(text, place))
    }

    mutating func finish() {
        flushParagraph()
        flushList()
    }

    // MARK: paragraphs

    private mutating func flushParagraph() {
        guard let first = paragraph.first else { return }
        var text = first.trimmed, place = first.place
        for (previous, line) in zip(paragraph, paragraph.dropFirst()) {
            if endsParagraph(previous) {
                blocks.append(.paragraph(text, place))
                text = line.trimmed
                place = line.place
            } else {
                text = Self.join(text, line.trimmed)
            }
        }
        blocks.append(.paragraph(text, place))
        paragraph = []
    }

    /// A line ends its paragraph when the author broke it, or when it ends a sentence and is not
    /// a full line of wrapped text (a wrapped line that happens to end a sentence runs on).
    private func endsParagraph(_ line: ClassifiedLine) -> Bool {
        if line.hardBreak { return true }
        guard let last = line.trimmed.last, ".!?:".contains(last) || line.trimmed.hasSuffix(".\u{201D}") else { return false }
        guard let wrapWidth else { return true }
        return line.width < wrapWidth * 85 / 100
    }

    static func join(_ a: String, _ b: String) -> String {
        // "multi-" + "agency": a word broken at its hyphen keeps it, with no space.
        if a.hasSuffix("-"), a.dropLast().last?.isLetter == true, b.first?.isLowercase == true { return a + b }
        return a + " " + b
    }

    // MARK: lists

    /// The nesting level of an item: deeper when indented further; when every item sits at the
    /// same indentation, a new bullet character (• then o then ▪, as Word prints them) goes deeper.
    private mutating func place(indent: Int, marker: String, at place: SourcePlace) -> Int {
        guard let top = levels.last else {
            levels = [(indent, marker)]
            return 0
        }
        if let k = levels.lastIndex(where: { abs($0.indent - indent) <= 1 }) {
            let flat = levels.allSatisfy { abs($0.indent - indent) <= 1 }
            if flat, levels[k].marker != marker {
                nestingGuessed = true
                if let seen = levels.firstIndex(where: { $0.marker == marker }) {
                    levels.removeSubrange((seen + 1)...)
                    return seen
                }
                levels.append((indent, marker))
                return levels.count - 1
            }
            levels.removeSubrange((k + 1)...)
            return k
        }
        if indent > top.indent {
            levels.append((indent, marker))
            return levels.count - 1
        }
        // Shallower than the item above but at no level seen: the nearest level it is inside.
        let k = levels.lastIndex { $0.indent < indent } ?? 0
        levels.removeSubrange((k + 1)...)
        levels[k] = (min(levels[k].indent, indent), levels[k].marker)
        return k
    }

    private mutating func flushList() {
        guard let first = entries.first else { return }
        if nestingGuessed {
            warnings.append(ImportProblem(path, first.place, .warning, "the nesting of this list was guessed from its bullet characters, as the indentation was lost: check which points sit under which"))
        }
        var index = 0
        blocks.append(.list(Self.tree(entries, level: 0, from: &index), ordered: listOrdered))
        entries = []
        levels = []
        nestingGuessed = false
    }

    private static func tree(_ entries: [(level: Int, text: String, place: SourcePlace, ordered: Bool)], level: Int, from index: inout Int) -> [ListItem] {
        var items: [ListItem] = []
        while index < entries.count, entries[index].level >= level {
            if entries[index].level > level, !items.isEmpty {
                if items[items.count - 1].children.isEmpty { items[items.count - 1].childrenOrdered = entries[index].ordered }
                items[items.count - 1].children += tree(entries, level: level + 1, from: &index)
                continue
            }
            items.append(ListItem(text: entries[index].text, place: entries[index].place))
            index += 1
        }
        return items
    }
}
