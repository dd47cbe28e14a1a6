/// A view converted for one template, with a fingerprint of everything that template can show.
///
/// Only the names some template uses are kept (see `SymbolTable.object`), so two views that differ
/// only in entries no template reads have the same fingerprint. A builder that remembers the
/// fingerprint of each page it wrote can skip rendering a page whose fingerprint has not changed:
/// the same plan walked over equal values gives the same bytes. Fingerprints of libraries parsed from
/// the same template texts can be compared: names are numbered in the same order each time.
public struct PreparedView: Sendable {
    let template: Int
    let value: TemplateValue
    /// Equal for equal views of the same template within one process (Swift's `Hasher` is seeded
    /// per process, so a fingerprint is never stored). 64 bits: two different views of one page
    /// meet with odds of about one in 10^19.
    public let fingerprint: Int
}

extension TemplateLibrary {
    /// The view converted for `template`, or nil when there is no such template.
    public func prepare(_ view: [String: Any], template: String) -> PreparedView? {
        guard let index = index(of: template) else { return nil }
        let value = TemplateValue.object(symbolTable.object(view))
        var hasher = Hasher()
        hasher.combine(index)
        value.feed(into: &hasher)
        return PreparedView(template: index, value: value, fingerprint: hasher.finalize())
    }

    /// The page a prepared view gives: the bytes `renderBytes` gives for the same view.
    public func renderBytes(_ view: PreparedView) -> [UInt8] {
        render(value: view.value, template: view.template)
    }
}

extension TemplateValue {
    /// Feeds every value, and each object's entries in the order of their symbols: a dictionary's
    /// own order differs from one dictionary to the next. Text as its UTF-8 bytes, because a
    /// String's hash treats canonically equal texts (é composed or not) as one, and their bytes differ.
    func feed(into hasher: inout Hasher) {
        switch self {
        case .text(let text):
            hasher.combine(0 as UInt8)
            var copy = text
            copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            hasher.combine(text.utf8.count)
        case .bool(let b):
            hasher.combine(1 as UInt8)
            hasher.combine(b)
        case .list(let items):
            hasher.combine(2 as UInt8)
            hasher.combine(items.count)
            for item in items { item.feed(into: &hasher) }
        case .object(let object):
            hasher.combine(3 as UInt8)
            hasher.combine(object.entries.count)
            for entry in object.entries.sorted(by: { $0.symbol < $1.symbol }) {
                hasher.combine(entry.symbol)
                entry.value.feed(into: &hasher)
            }
        case .null:
            hasher.combine(4 as UInt8)
        }
    }
}
