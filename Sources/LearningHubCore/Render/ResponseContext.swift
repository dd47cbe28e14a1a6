import Foundation
import TemplateEngine

/// The views of what teams sent back: per-briefing summaries, the actions tracker, organisations,
/// coverage. Contact details are never put in a view; team managers' names only when hub.yml allows.
struct ResponseContext {
    let hub: Hub
    let base: PageContext
    let tracker: ActionTracker
    /// Every action in its group, shared with the board's figures and the exports.
    let actions: TrackedActions
    let byBriefing: [String: [TeamResponse]]
    let itemsByBriefing: [String: [String: LearningItem]]
    let briefingTitles: [String: String]
    let byOrganisation: [String: [TeamResponse]]
    /// Organisation names by slug, from responses and from teams.yml, spelled as first seen.
    let organisations: [(slug: String, name: String)]
    /// `<briefing>/<organisation>--<team>` of every response, worked out once rather than for each page that asks.
    let responded: Set<String>
    /// Each response's discussions and notes as HTML, made the first time a page shows the response
    /// and kept for the other page that shows it (its briefing's and its organisation's), and by a
    /// session for its next build.
    let markup: ResponseMarkupCache
    /// The board's figures (the dashboard's, and the overdue counts of the organisations list).
    let figures: BoardFigures
    /// Every action by its group of the tracker, in the order of the responses.
    let groupedEntries: [ActionTracker.Group: [ActionTracker.Entry]]
    var groupCounts: [ActionTracker.Group: Int] { groupedEntries.mapValues(\.count) }
    /// The newest `submitted` date, for the "as of" warning every summary page may give: looked for
    /// once (asked for by each page, it was 6 % of a build with 50,000 responses).
    let newestSubmitted: CalendarDate?
    /// What action rows and responses are built for: the engine's values, or dictionaries when
    /// swift-mustache renders.
    let symbols: ViewSymbols

    init(hub: Hub, base: PageContext, markup: ResponseMarkupCache = ResponseMarkupCache(), symbols: ViewSymbols = .dictionaries) {
        self.hub = hub
        self.symbols = symbols
        self.base = base
        self.markup = markup
        actions = TrackedActions(hub: hub)
        tracker = actions.tracker
        byBriefing = Dictionary(grouping: hub.responses, by: \.briefing)
        var items: [String: [String: LearningItem]] = [:]
        // Only responses look items up, so only briefings with responses need the table.
        for b in hub.briefings where byBriefing[b.slug] != nil {
            items[b.slug] = Dictionary(uniqueKeysWithValues: b.items.map { ($0.id, $0) })
        }
        itemsByBriefing = items
        briefingTitles = Dictionary(hub.briefings.map { ($0.slug, $0.title) }, uniquingKeysWith: { first, _ in first })
        byOrganisation = Dictionary(grouping: hub.responses, by: \.organisationSlug)
        responded = hub.expectedTeams.isEmpty ? [] : Set(hub.responses.map { "\($0.briefing)/\($0.identity)" })
        var names: [String: String] = [:]
        for r in hub.responses where names[r.organisationSlug] == nil { names[r.organisationSlug] = r.organisation }
        for t in hub.expectedTeams where names[Slug.name(t.organisation)] == nil { names[Slug.name(t.organisation)] = t.organisation }
        organisations = names.map { ($0.key, $0.value) }.sorted { ($0.name.lowercased(), $0.slug) < ($1.name.lowercased(), $1.slug) }
        figures = BoardFigures(hub: hub, organisations: organisations, actions: actions)
        groupedEntries = Dictionary(grouping: actions.entries, by: \.group)
        newestSubmitted = AsOfCheck.newest(hub)
    }

    static func key(_ r: TeamResponse) -> String { "\(r.briefing)/\(r.fileStem)" }

    static func plural(_ n: Int, _ one: String, _ many: String) -> String { n == 1 ? "1 \(one)" : "\(n) \(many)" }

    /// An action's row in a table: a `ViewObject`, as there is one for every action on each page
    /// that lists it (hundreds of thousands at 50,000 responses), without its empty texts.
    func actionRow(_ e: ActionTracker.Entry, root: String, showBriefing: Bool) -> ViewObject {
        let a = e.action
        let briefingHref = root + Routes.briefing(e.response.briefing)
        var row = ViewObject(symbols, capacity: 20)
        row.set("briefing_href", briefingHref)
        row.set("show_briefing", showBriefing)
        row.set("organisation_href", root + Routes.organisation(e.response.organisationSlug))
        row.setText("by_when", a.byWhen.map { $0.date?.long ?? $0.written } ?? "Not given")
        row.set("status", a.status.label)
        row.set("status_slug", a.status.slug)
        row.set("group", e.group.rawValue)
        row.set("group_slug", e.group.slug)
        row.set("has_refs", !a.refs.isEmpty)
        // `sep` is the comma between items, so that templates need no `last()` transform, which the
        // project's own renderer does not run (it would fall back to swift-mustache).
        row.set("refs", a.refs.enumerated().map { i, id in
            var ref = ViewObject(symbols, capacity: 3)
            ref.set("id", id)
            ref.set("href", briefingHref + "#" + LearningItem.anchor(for: id))
            ref.set("sep", i + 1 < a.refs.count ? ", " : "")
            return ref
        })
        row.setText("briefing_title", briefingTitles[e.response.briefing] ?? e.response.briefing)
        row.setText("organisation", e.response.organisation)
        row.setText("team", e.response.team)
        row.setText("what", a.what)
        row.setText("who", a.who)
        row.setText("by_when_iso", a.byWhen?.date?.iso ?? "")
        row.setText("done_when", a.doneWhen)
        row.setText("worked_when", a.workedWhen)
        row.setText("evidence", a.evidence)
        if let days = tracker.daysOverdue(a) { row.set("days_overdue", Self.plural(days, "day", "days") + " overdue") }
        return row
    }

    /// A response as its briefing's page and its organisation's show it: a `ViewObject`, as for `actionRow`.
    func responseView(_ r: TeamResponse, root: String) -> ViewObject {
        let items = itemsByBriefing[r.briefing] ?? [:]
        let briefingHref = root + Routes.briefing(r.briefing)
        let markup = self.markup.markup(for: r)
        var view = ViewObject(symbols, capacity: 16)
        view.set("organisation_href", root + Routes.organisation(r.organisationSlug))
        view.set("briefing_href", briefingHref)
        view.set("learning", r.learning.enumerated().map { index, point -> ViewObject in
            let refs = point.refs.map { id -> ViewObject in
                var ref = ViewObject(symbols, capacity: 3)
                ref.set("id", id)
                ref.set("href", "\(briefingHref)#\(LearningItem.anchor(for: id))")
                ref.set("text", items[id]?.text ?? "")
                return ref
            }
            var view = ViewObject(symbols, capacity: 3)
            view.set("refs", refs)
            view.set("discussion_html", markup.discussions[index])
            // A point citing one question is the team's answer to it: shown under the question.
            if point.refs.count == 1, let only = refs.first, items[point.refs[0]]?.isQuestion ?? false { view.set("question", only) }
            return view
        })
        view.set("heading", "\(r.organisation): \(r.team)")
        var table = ViewObject(symbols, capacity: 3)
        table.set("rows", tracker.entries([r]).map { actionRow($0, root: root, showBriefing: false) })
        table.set("show_team", false)
        table.set("table_label", "Actions of \(r.organisation): \(r.team)")
        view.set("action_table", table)
        view.set("has_actions", !r.actions.isEmpty)
        view.setText("organisation", r.organisation)
        view.setText("team", r.team)
        view.setText("anchor", r.fileStem)
        view.setText("submitted", r.submitted?.long ?? "")
        view.setText("submitted_iso", r.submitted?.iso ?? "")
        view.setText("briefing_title", briefingTitles[r.briefing] ?? r.briefing)
        view.setText("notes_html", markup.notes)
        if hub.config.publishStaffNames, !r.teamManager.isEmpty { view.set("team_manager", r.teamManager) }
        return view
    }

    /// Per briefing: who responded, which findings and recommendations they chose, what they will do.
    func briefingResponses(_ b: Briefing) -> [String: Any] {
        let route = Routes.briefingResponses(b.slug)
        let root = Routes.rootPrefix(from: route)
        var c = base.base(route: route, title: "Responses to \(b.title)", section: "briefings")
        let responses = byBriefing[b.slug] ?? []
        let orgs = Set(responses.map(\.organisationSlug)).count
        c["briefing"] = base.briefingCard(b, root: root).value
        c["count_text"] = "\(Self.plural(responses.count, "team", "teams")) from \(Self.plural(orgs, "organisation", "organisations")) \(responses.count == 1 ? "has" : "have") responded."
        c["has_responses"] = !responses.isEmpty
        c["responses"] = symbols.list(responses.map { responseView($0, root: root) })
        c["action_table"] = ["rows": symbols.list(tracker.entries(responses).map { actionRow($0, root: root, showBriefing: false) }),
                             "show_team": true, "table_label": "Every action on this briefing"] as [String: Any]
        c["has_actions"] = responses.contains { !$0.actions.isEmpty }
        addAsOf(&c)
        c["points"] = pointCoverage(b, responses: responses, root: root)
        // The tally: how many teams chose each finding and recommendation as relevant to them.
        var counts: [String: Int] = [:]
        for r in responses { for id in Set(r.learning.flatMap(\.refs)) { counts[id, default: 0] += 1 } }
        let maxCount = max(counts.values.max() ?? 0, 1)
        let rowHeight = 26, barMax = 320.0
        c["tally"] = b.items.enumerated().map { index, item -> [String: Any] in
            let n = counts[item.id] ?? 0
            let width = Double(n) / Double(maxCount) * barMax
            return ["id": item.id, "text": item.text, "group": item.group, "count": n, "href": "\(root)\(Routes.briefing(b.slug))#\(item.anchor)",
                    "y": index * rowHeight, "text_y": index * rowHeight + 13, "bar_width": ClockFace.fmt(width),
                    "count_x": ClockFace.fmt(60 + width + 6), "teams_text": Self.plural(n, "team", "teams")]
        }
        c["tally_height"] = max(b.items.count * rowHeight, rowHeight)
        return c
    }

    func actionsTracker() -> [String: Any] {
        let route = Routes.actions
        let root = Routes.rootPrefix(from: route)
        var c = base.base(route: route, title: "Actions tracker", section: "responses")
        c["wide"] = true
        let grouped = groupedEntries
        let total = grouped.values.reduce(0) { $0 + $1.count }
        addAsOf(&c)
        c["total_text"] = Self.plural(total, "action", "actions")
        let paged = TrackerPaging.isPaged(ActionTracker.Group.allCases.map { grouped[$0]?.count ?? 0 })
        c["paged"] = paged
        c["groups"] = ActionTracker.Group.allCases.map { g -> [String: Any] in
            let rows = grouped[g] ?? []
            let pages = TrackerPaging.pageCount(rows.count, perPage: TrackerPaging.actionsPerPage)
            var v: [String: Any] = ["title": g.rawValue, "slug": g.slug, "count": rows.count, "has_rows": !rows.isEmpty,
                                    "show_team": true, "sortable": true, "table_label": "Actions: \(g.rawValue)",
                                    "count_text": Self.plural(rows.count, "action", "actions"),
                                    "group_href": root + Routes.actionsGroup(g.slug),
                                    "pages_text": pages == 1 ? "on one page" : "over \(pages) pages"]
            // A split tracker lists each group on its own pages; this page keeps the counts.
            if !paged { v["rows"] = symbols.list(rows.map { actionRow($0, root: root, showBriefing: true) }) }
            return v
        }
        if paged {
            var byOrg: [String: [ActionTracker.Group: Int]] = [:]
            for (g, rows) in grouped { for e in rows { byOrg[e.response.organisationSlug, default: [:]][g, default: 0] += 1 } }
            c["organisation_rows"] = organisations.compactMap { org -> [String: Any]? in
                guard let counts = byOrg[org.slug] else { return nil }
                return ["name": org.name, "href": root + Routes.organisation(org.slug),
                        "counts": ActionTracker.Group.allCases.map { ["n": counts[$0] ?? 0] },
                        "total": counts.values.reduce(0, +)]
            }
            c["group_titles"] = ActionTracker.Group.allCases.map { ["title": $0.rawValue] }
        }
        return c
    }

    func organisationsIndex() -> [String: Any] {
        let route = Routes.organisations
        let root = Routes.rootPrefix(from: route)
        var c = base.base(route: route, title: "Organisations", section: "responses")
        addAsOf(&c)
        let overdue = Dictionary(figures.organisations.map { ($0.slug, $0.overdue.count) }, uniquingKeysWith: { first, _ in first })
        c["organisations"] = organisations.map { org -> [String: Any] in
            let rs = byOrganisation[org.slug] ?? []
            let late = overdue[org.slug] ?? 0
            return ["name": org.name, "href": root + Routes.organisation(org.slug),
                    "overdue_text": Self.plural(late, "action", "actions") + " overdue", "has_overdue": late > 0,
                    "responses_text": Self.plural(rs.count, "response", "responses"),
                    "actions_text": Self.plural(rs.reduce(0) { $0 + $1.actions.count }, "action", "actions")]
        }
        return c
    }

    func organisation(slug: String, name: String, page: Int = 1) -> [String: Any] {
        let route = Routes.organisation(slug, page: page)
        let root = Routes.rootPrefix(from: route)
        let rs = byOrganisation[slug] ?? []
        let pages = organisationPageCount(slug)
        var c = base.base(route: route, title: pages > 1 ? "\(name), page \(page) of \(pages)" : name, section: "responses")
        if page > 1 { c["crumbs"] = [["label": "Organisations", "href": root + Routes.organisations], ["label": name, "href": root + Routes.organisation(slug)]] }
        c["name"] = name
        c["first_page"] = page == 1
        let start = (page - 1) * TrackerPaging.responsesPerPage
        let shown = rs.count > start ? rs[start..<min(rs.count, start + TrackerPaging.responsesPerPage)] : []
        c["responses"] = symbols.list(shown.map { responseView($0, root: root) })
        c["pagination"] = Self.pagination(page: page, of: pages, label: "Pages of \(name)'s responses", root: root) {
            Routes.organisation(slug, page: $0)
        }
        if pages > 1 { c["range_text"] = "Responses \(start + 1) to \(start + shown.count) of \(rs.count)." }
        c["has_responses"] = !rs.isEmpty
        c["summary_text"] = "\(Self.plural(rs.count, "response", "responses")) with \(Self.plural(rs.reduce(0) { $0 + $1.actions.count }, "action", "actions"))."
        let expected = hub.expectedTeams.filter { Slug.name($0.organisation) == slug }
        let outstanding = missing(expected)
        c["has_missing"] = !outstanding.isEmpty
        c["missing"] = outstanding.map { ["team": $0.team.team, "briefing_title": briefingTitles[$0.briefing] ?? $0.briefing,
                                                "briefing_href": root + Routes.briefing($0.briefing)] }
        addAsOf(&c)
        c["status_table_label"] = "Actions of \(name) by status"
        if let figures = figures.organisations.first(where: { $0.slug == slug }) {
            c["statuses"] = statusRows([(name, root + Routes.organisation(slug), figures.statuses)])
            c["statuses_height"] = 40
            c["has_statuses"] = figures.statuses.total > 0
            c["overdue_text"] = Self.plural(figures.overdue.count, "action is", "actions are") + " overdue"
            c["overdue"] = symbols.list(figures.overdue.prefix(TrackerPaging.overdueListed).map { d -> ViewObject in
                var row = actionRow(d.entry, root: root, showBriefing: true)
                row.set("days", d.days)
                return row
            })
            c["has_overdue"] = !figures.overdue.isEmpty
            if figures.overdue.count > TrackerPaging.overdueListed {
                c["overdue_more"] = "The \(TrackerPaging.overdueListed) longest overdue are listed; the actions tracker lists all \(figures.overdue.count)."
            }
        }
        return c
    }

    /// Expected teams with no response, per briefing.
    func missing(_ teams: [ExpectedTeam]) -> [(team: ExpectedTeam, briefing: String)] {
        let stems = teams.map { TeamIdentity.key(organisation: $0.organisation, team: $0.team) }
        var result: [(ExpectedTeam, String)] = []
        for b in hub.briefings {
            for (t, stem) in zip(teams, stems) where t.briefings.isEmpty || t.briefings.contains(b.slug) {
                if !responded.contains("\(b.slug)/\(stem)") { result.append((t, b.slug)) }
            }
        }
        return result
    }

    /// Coverage: briefings by organisation, and the expected teams that have not responded.
    func coverage() -> [String: Any] {
        let route = Routes.responses
        let root = Routes.rootPrefix(from: route)
        var c = base.base(route: route, title: "Responses and coverage", section: "responses")
        c["wide"] = true
        c["briefings"] = coverageRows(root: root)
        let missing = self.missing(hub.expectedTeams)
        c["has_expected"] = !hub.expectedTeams.isEmpty
        c["missing"] = missing.map { ["organisation": $0.team.organisation, "team": $0.team.team,
                                      "briefing_title": briefingTitles[$0.briefing] ?? $0.briefing,
                                      "briefing_href": root + Routes.briefing($0.briefing)] }
        c["has_missing"] = !missing.isEmpty
        let entries = actions.entries
        c["response_count_text"] = Self.plural(hub.responses.count, "response", "responses")
        c["organisation_count_text"] = Self.plural(Set(hub.responses.map(\.organisationSlug)).count, "organisation", "organisations")
        c["overdue_text"] = Self.plural(entries.filter { $0.group == .overdue }.count, "action is", "actions are") + " overdue"
        addAsOf(&c)
        c["missing_teams"] = missingByTeam(missing, root: root)
        return c
    }
}

/// The HTML of responses' discussions and notes, by `<briefing>/<organisation>--<team>` (unique: two
/// records with one key stop the build), shared by the pages rendered on every core.
final class ResponseMarkupCache: @unchecked Sendable {
    struct Markup: Sendable {
        var discussions: [String]
        var notes: String
    }

    private let lock = NSLock()
    /// By response, with the Markdown it was made from: a record edited since gets new HTML.
    private var made: [String: (sources: [String], markup: Markup)] = [:]

    func markup(for r: TeamResponse) -> Markup {
        let key = ResponseContext.key(r)
        let sources = r.learning.map(\.discussion) + [r.notes]
        if let known = lock.withLock({ made[key] }), known.sources == sources { return known.markup }
        // Made outside the lock; two cores asking at once both make the same HTML, and one is kept.
        let markup = Markup(discussions: r.learning.map { ResponseMarkdown.html($0.discussion) }, notes: ResponseMarkdown.html(r.notes))
        lock.withLock { made[key] = (sources, markup) }
        return markup
    }

    /// Forgets the responses that are no longer filed.
    func keep(only responses: [TeamResponse]) {
        let keys = Set(responses.map(ResponseContext.key))
        lock.withLock { made = made.filter { keys.contains($0.key) } }
    }
}
