/// The structure recovered from a document's text: what the writer turns into a briefing.

struct ListItem: Sendable, Hashable {
    var text: String
    var place: SourcePlace
    var children: [ListItem] = []
    /// Whether the items under this one are numbered (a numbered finding may hold bullets).
    var childrenOrdered = false
}

enum Block: Sendable, Hashable {
    case paragraph(String, SourcePlace)
    case list([ListItem], ordered: Bool)
    /// A Markdown table's rows, as pandoc wrote them from a Word table.
    case table([String], SourcePlace)
    /// A heading inside a section (a Word "Heading 3"), kept as a bold line of its own.
    case subheading(String, SourcePlace)
}

struct ImportedSection: Sendable, Hashable {
    /// The author's number as written (`01`, `4`), if the heading had one.
    var number: String?
    var title: String
    var place: SourcePlace
    var blocks: [Block] = []

    var numberValue: Int? { number.flatMap { Int($0) } }
}

struct ImportedDocument: Sendable {
    var title: (text: String, place: SourcePlace)?
    /// Text before the first section (other than the title): the briefing's introduction.
    var introduction: [Block] = []
    var sections: [ImportedSection] = []
    /// Every line's text, for the guesses made from the whole document (kind, date).
    var allText: [SourceLine] = []
    var warnings: [ImportProblem] = []

    /// Every paragraph and list item, in order, with its place.
    var paragraphs: [(text: String, place: SourcePlace)] {
        (introduction + sections.flatMap(\.blocks)).flatMap { block -> [(String, SourcePlace)] in
            switch block {
            case let .paragraph(text, place), let .subheading(text, place): [(text, place)]
            case let .list(items, _): items.flatMap(\.flattened)
            case .table: []
            }
        }
    }
}

extension ListItem {
    var flattened: [(String, SourcePlace)] { [(text, place)] + children.flatMap(\.flattened) }
}
