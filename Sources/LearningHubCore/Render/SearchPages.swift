import TemplateEngine
import Foundation

/// The views of the search page and the A to Z index, for `search.mustache` and `a-z.mustache`.
extension PageContext {
    func searchPage() -> [String: Any] {
        let route = Routes.search
        let root = Routes.rootPrefix(from: route)
        var c = base(route: route, title: "Search", section: "search")
        c["index_href"] = root + SearchShardWriter.folder
        c["a_z_href"] = root + Routes.aToZ
        var present: Set<SearchKind> = [.theme, .briefing, .section]
        for b in hub.briefings { for item in b.items { present.insert(SearchKind.of(item)) } }
        if !hub.pages.isEmpty { present.insert(.page) }
        if hub.responses.contains(where: { !$0.actions.isEmpty }) { present.insert(.action) }
        c["kinds"] = SearchKind.allCases.filter(present.contains).map { kind -> [String: Any] in
            ["value": kind.rawValue, "label": kind.pluralLabel, "id": "search-kind-\(kind.rawValue)"]
        }
        c["themes"] = hub.themes.map { ["slug": $0.slug, "name": $0.name] }
        return c
    }

    /// Themes and briefings in alphabetical order, under their initial letters, each briefing with its
    /// findings and recommendations: everything search finds, for readers without JavaScript.
    func aToZ() -> [String: Any] {
        let route = Routes.aToZ
        let root = Routes.rootPrefix(from: route)
        var c = base(route: route, title: "A to Z", section: "a-z")
        struct Entry { var key: String; var order: Int; var slug: String; var view: [String: Any] }
        var entries: [Entry] = hub.themes.map { t in
            Entry(key: Self.sortKey(t.name), order: 0, slug: t.slug,
                  view: ["kind": "Theme", "title": t.name, "href": root + Routes.theme(t.slug), "description": t.description])
        }
        for b in hub.briefings {
            let href = root + Routes.briefing(b.slug)
            let groups = pointGroups(b.items, href: href)
            entries.append(Entry(key: Self.sortKey(b.title), order: 1, slug: b.slug, view: [
                "kind": "Briefing", "title": b.title, "href": href, "description": b.summary,
                "groups": symbols.list(groups), "has_points": !groups.isEmpty,
            ]))
        }
        entries.sort { ($0.key, $0.order, $0.slug) < ($1.key, $1.order, $1.slug) }
        let grouped = Dictionary(grouping: entries) { Self.letter(of: $0.key) }
        let letters = (UInt8(ascii: "A")...UInt8(ascii: "Z")).map { String(UnicodeScalar($0)) } + ["0–9"]
        c["letters"] = letters.map { letter -> [String: Any] in
            let list = grouped[letter] ?? []
            return ["letter": letter, "anchor": "letter-" + (letter == "0–9" ? "0-9" : letter.lowercased()),
                    "has_entries": !list.isEmpty, "entries": list.map(\.view)]
        }
        c["has_entries"] = !entries.isEmpty
        c["search_href"] = root + Routes.search
        return c
    }

    /// Folded and lower-cased, without leading punctuation or a leading "The ".
    static func sortKey(_ title: String) -> String {
        var key = SearchTokenizer.fold(title).drop { !($0.isLetter || $0.isNumber) }
        if key.hasPrefix("the ") { key = key.dropFirst(4) }
        return String(key)
    }

    /// A to Z, or 0–9 for anything else.
    static func letter(of key: String) -> String {
        guard let first = key.unicodeScalars.first, (0x61...0x7A).contains(first.value) else { return "0–9" }
        return String(first).uppercased()
    }
}
