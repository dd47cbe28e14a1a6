/// What is being done about each learning point, and who is still to respond: the views that
/// answer "what is being done about R3?" and "who have we not heard from?".
extension ResponseContext {
    /// For each of the briefing's points (whatever IDs its items have), the actions that cite it,
    /// by whom and in what state; a point no action cites is a gap.
    func pointCoverage(_ b: Briefing, responses: [TeamResponse], root: String) -> [String: Any] {
        var citing: [String: [ActionTracker.Entry]] = [:]
        for e in tracker.entries(responses) {
            for id in Set(e.action.refs) { citing[id, default: []].append(e) }
        }
        let briefingHref = root + Routes.briefing(b.slug)
        let points = b.items.map { item -> [String: Any] in
            let entries = citing[item.id] ?? []
            return ["id": item.id, "text": item.text, "href": "\(briefingHref)#\(item.anchor)", "anchor": "point-\(item.anchor)",
                    "has_actions": !entries.isEmpty, "count_text": Self.plural(entries.count, "action", "actions"),
                    "actions": entries.map { e -> [String: Any] in
                        ["organisation": e.response.organisation, "team": e.response.team,
                         "organisation_href": root + Routes.organisation(e.response.organisationSlug),
                         "what": e.action.what, "group": e.group.rawValue, "group_slug": e.group.slug,
                         "status": e.action.status.rawValue.prefix(1).uppercased() + e.action.status.rawValue.dropFirst(),
                         "days_overdue": tracker.daysOverdue(e.action).map { Self.plural($0, "day", "days") + " overdue" } ?? ""]
                            .droppingEmptyText
                    }]
        }
        let gaps = points.filter { $0["has_actions"] as? Bool == false }
        return ["points": points, "gaps": gaps, "has_gaps": !gaps.isEmpty, "has_points": !points.isEmpty,
                "gaps_text": gaps.isEmpty ? "Every point has at least one action."
                    : "\(Self.plural(gaps.count, "point has", "points have")) no action yet: \(gaps.compactMap { $0["id"] as? String }.joined(separator: ", "))."]
    }

    /// Each expected team that is missing a response, listed once, with the briefings it has not
    /// responded to.
    func missingByTeam(_ missing: [(team: ExpectedTeam, briefing: String)], root: String) -> [[String: Any]] {
        var order: [String] = []
        var byTeam: [String: (team: ExpectedTeam, briefings: [String])] = [:]
        for (team, briefing) in missing {
            let key = "\(Slug.make(team.organisation))--\(Slug.make(team.team))"
            if byTeam[key] == nil { order.append(key); byTeam[key] = (team, []) }
            if byTeam[key]?.briefings.contains(briefing) == false { byTeam[key]?.briefings.append(briefing) }
        }
        let all = hub.briefings.count
        return order.compactMap { byTeam[$0] }.map { entry -> [String: Any] in
            let n = entry.briefings.count
            return ["organisation": entry.team.organisation, "team": entry.team.team,
                    "organisation_href": root + Routes.organisation(Slug.make(entry.team.organisation)),
                    "count_text": n == all && all > 1 ? "none of the \(all) briefings" : Self.plural(n, "briefing", "briefings"),
                    "briefings": entry.briefings.enumerated().map { i, slug in
                        ["title": briefingTitles[slug] ?? slug, "href": root + Routes.briefing(slug),
                         "sep": i + 1 < entry.briefings.count ? ", " : ""] }]
        }
    }

    /// Per briefing: how many teams and organisations have responded, against the teams expected,
    /// and the organisations with an expected team still to respond. One row a briefing, five
    /// columns, however many organisations there are.
    func coverageRows(root: String) -> [[String: Any]] {
        let missing = self.missing(hub.expectedTeams)
        let missingOrgs = Dictionary(grouping: missing, by: \.briefing).mapValues { list -> [String] in
            var seen = Set<String>()
            return list.map(\.team.organisation).filter { seen.insert(Slug.make($0)).inserted }
        }
        let rates = Dictionary(figures.rates.map { ($0.briefing, $0.rate) }, uniquingKeysWith: { first, _ in first })
        return hub.briefings.map { b -> [String: Any] in
            let rs = byBriefing[b.slug] ?? []
            let rate = rates[b.slug] ?? BoardFigures.Rate()
            let outstanding = missingOrgs[b.slug] ?? []
            var row: [String: Any] = ["title": b.title,
                    "total_text": Self.plural(rs.count, "team", "teams"),
                    "organisations_text": Self.plural(Set(rs.map(\.organisationSlug)).count, "organisation", "organisations"),
                    "rate_text": rate.expected == 0 ? "None expected" : "\(rate.respondedExpected) of \(rate.expected) (\(rate.percent ?? 0)%)",
                    "outstanding_text": outstanding.isEmpty ? (rate.expected == 0 ? "" : "None") : outstanding.joined(separator: ", ")]
            if let href = base.responsesHref(b.slug, root: root) { row["href"] = href }
            return row
        }
    }
}
