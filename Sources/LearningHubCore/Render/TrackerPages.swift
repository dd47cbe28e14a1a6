import TemplateEngine

/// Splitting the actions tracker and the organisation pages into pages small enough to open: at
/// 50,000 responses the tracker was one 67 MB page. A hub whose every group fits on one page
/// keeps the single tracker page; a larger one gets a page (or several) for each group, and each
/// organisation's responses run over numbered pages. `actions.csv` stays whole.
public enum TrackerPaging {
    /// Actions on one page of the tracker, and the most a group may have for the tracker to stay one page.
    public static let actionsPerPage = 200
    /// Responses on one page of an organisation.
    public static let responsesPerPage = 40
    /// The overdue actions an organisation's first page lists; the tracker has them all.
    public static let overdueListed = 100

    /// How many pages `count` items take, at least one.
    public static func pageCount(_ count: Int, perPage: Int) -> Int { max(1, (count + perPage - 1) / perPage) }

    /// Whether the tracker is split into a page per group.
    public static func isPaged(_ groupCounts: [Int]) -> Bool { groupCounts.contains { $0 > actionsPerPage } }
}

extension Routes {
    /// Page `page` (from 1) of a group of the actions tracker, when it is split.
    public static func actionsGroup(_ slug: String, page: Int = 1) -> String {
        page == 1 ? "actions/\(slug)/" : "actions/\(slug)/\(page)/"
    }

    /// Page `page` (from 1) of an organisation's responses.
    public static func organisation(_ slug: String, page: Int) -> String {
        page == 1 ? organisation(slug) : "organisations/\(slug)/\(page)/"
    }
}

extension ResponseContext {
    /// The tracker's pages beyond `actions/` itself: each group's pages, when the tracker is split.
    var trackerGroupPages: [(group: ActionTracker.Group, page: Int)] {
        guard TrackerPaging.isPaged(ActionTracker.Group.allCases.map { groupCounts[$0] ?? 0 }) else { return [] }
        return ActionTracker.Group.allCases.flatMap { g in
            (1...TrackerPaging.pageCount(groupCounts[g] ?? 0, perPage: TrackerPaging.actionsPerPage)).map { (g, $0) }
        }
    }

    /// How many pages each organisation's responses take.
    func organisationPageCount(_ slug: String) -> Int {
        TrackerPaging.pageCount(byOrganisation[slug]?.count ?? 0, perPage: TrackerPaging.responsesPerPage)
    }

    /// "Page 2 of 5" and the links to the others, for the `pagination` partial.
    static func pagination(page: Int, of count: Int, label: String, root: String, route: (Int) -> String) -> [String: Any] {
        guard count > 1 else { return [:] }
        var links: [[String: Any]] = []
        for n in 1...count {
            links.append(["n": n, "href": root + route(n), "current": n == page])
        }
        var v: [String: Any] = ["label": label, "text": "Page \(page) of \(count)", "pages": links]
        if page > 1 { v["previous_href"] = root + route(page - 1) }
        if page < count { v["next_href"] = root + route(page + 1) }
        return v
    }

    /// One page of one group of the split tracker.
    func actionsGroupPage(_ group: ActionTracker.Group, page: Int) -> [String: Any] {
        let route = Routes.actionsGroup(group.slug, page: page)
        let root = Routes.rootPrefix(from: route)
        let rows = groupedEntries[group] ?? []
        let pages = TrackerPaging.pageCount(rows.count, perPage: TrackerPaging.actionsPerPage)
        var c = base.base(route: route, title: "Actions tracker: \(group.rawValue)" + (pages > 1 ? ", page \(page) of \(pages)" : ""), section: "responses")
        c["crumbs"] = [["label": "Responses", "href": root + Routes.responses], ["label": "Actions tracker", "href": root + Routes.actions]]
        c["wide"] = true
        addAsOf(&c)
        let start = (page - 1) * TrackerPaging.actionsPerPage
        let slice = rows.count > start ? rows[start..<min(rows.count, start + TrackerPaging.actionsPerPage)] : []
        c["heading"] = group.rawValue
        c["count_text"] = Self.plural(rows.count, "action", "actions")
        c["range_text"] = rows.isEmpty ? "" : "Actions \(start + 1) to \(start + slice.count) of \(rows.count)."
        c["has_rows"] = !slice.isEmpty
        c["table"] = ["rows": symbols.list(slice.map { actionRow($0, root: root, showBriefing: true) }), "show_team": true, "sortable": true,
                      "table_label": "Actions: \(group.rawValue)"] as [String: Any]
        c["pagination"] = Self.pagination(page: page, of: pages, label: "Pages of \(group.rawValue.lowercased())", root: root) {
            Routes.actionsGroup(group.slug, page: $0)
        }
        return c.droppingEmptyText
    }
}
