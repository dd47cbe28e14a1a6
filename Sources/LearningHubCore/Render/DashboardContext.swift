import TemplateEngine

/// The board's dashboard (`responses/dashboard/`): the figures of `BoardFigures` as small SVG bar
/// charts, each with its figures in a table beside it, so that nothing is told by colour or by
/// the picture alone and the page needs no script. Every length is worked out here, so the same
/// model gives the same bytes.
extension ResponseContext {
    /// Width of a chart's drawing area, in SVG units; bars are scaled to fit it.
    static let chartWidth = 440.0
    /// The most actions falling due soon that the dashboard lists; the tracker has them all.
    static let dueSoonListed = 50

    func dashboard() -> [String: Any] {
        let route = Routes.dashboard
        let root = Routes.rootPrefix(from: route)
        var c = base.base(route: route, title: "Dashboard", section: "responses")
        c["crumbs"] = [["label": "Responses", "href": root + Routes.responses]]
        c["wide"] = true
        addAsOf(&c)
        let f = figures
        c["has_expected"] = !hub.expectedTeams.isEmpty
        c["overall"] = rateView(f.overall, label: "All briefings")
        c["rates"] = rateRows(f.rates.map { (briefingTitles[$0.briefing] ?? $0.briefing, base.responsesHref($0.briefing, root: root), $0.rate) })
        c["rates_height"] = max(f.rates.count, 1) * 40
        // The whole partnership's bar is drawn on its own scale, so that it does not dwarf the organisations'.
        let overallRow = ("All organisations", root + Routes.actions, f.statuses)
        let organisationRows = f.organisations.filter { $0.statuses.total > 0 }.map { ($0.name, root + Routes.organisation($0.slug), $0.statuses) }
        c["overall_status"] = ["statuses": statusRows([overallRow]), "statuses_height": 40] as [String: Any]
        c["statuses_chart"] = ["statuses": statusRows(organisationRows), "statuses_height": max(organisationRows.count, 1) * 40] as [String: Any]
        c["statuses"] = statusRows([overallRow] + organisationRows)
        c["status_table_label"] = "Actions by status, by organisation"
        c["action_count_text"] = Self.plural(f.statuses.total, "action", "actions")
        let ranking = f.overdueRanking
        let mostOverdue = max(ranking.first?.overdue.count ?? 0, 1)
        c["overdue"] = ranking.enumerated().map { i, org -> [String: Any] in
            let width = Double(org.overdue.count) / Double(mostOverdue) * Self.chartWidth * 0.85
            return ["rank": i + 1, "name": org.name, "href": root + Routes.organisation(org.slug),
                    "count": org.overdue.count, "count_text": Self.plural(org.overdue.count, "action", "actions"),
                    "most_days_text": Self.plural(org.mostDaysOverdue, "day", "days"),
                    "y": i * 40, "label_y": i * 40 + 12, "bar_y": i * 40 + 18, "bar_width": ClockFace.fmt(max(width, 2)),
                    "count_x": ClockFace.fmt(max(width, 2) + 6), "count_y": i * 40 + 27]
        }
        c["has_overdue"] = !ranking.isEmpty
        c["overdue_height"] = max(ranking.count, 1) * 40
        c["overdue_text"] = Self.plural(f.overdueCount, "action is", "actions are") + " overdue"
        c["due_soon"] = symbols.list(f.dueSoon.prefix(Self.dueSoonListed).map { d -> ViewObject in
            var row = actionRow(d.entry, root: root, showBriefing: true)
            row.set("days_text", d.days == 0 ? "today" : "in " + Self.plural(d.days, "day", "days"))
            return row
        })
        c["has_due_soon"] = !f.dueSoon.isEmpty
        c["due_soon_text"] = Self.plural(f.dueSoon.count, "action falls", "actions fall") + " due in the next 30 days"
        c["due_soon_more"] = f.dueSoon.count > Self.dueSoonListed
            ? "The \(Self.dueSoonListed) soonest are listed; the actions tracker has all \(f.dueSoon.count)." : ""
        c["months"] = monthRows(f.months)
        c["has_months"] = !f.months.isEmpty
        c["months_height"] = max(f.months.count, 1) * 34
        c["undated_text"] = f.undatedResponses == 0 ? ""
            : "\(Self.plural(f.undatedResponses, "response has", "responses have")) no date submitted and \(f.undatedResponses == 1 ? "is" : "are") not counted by month."
        return c.droppingEmptyText
    }

    /// "As of" for a summary page, and the warning when hub.yml pins a day before the newest content.
    func addAsOf(_ c: inout [String: Any]) {
        c["as_of"] = hub.asOf.long
        c["as_of_iso"] = hub.asOf.iso
        if let newest = newestSubmitted, newest > hub.asOf {
            c["as_of_stale"] = "These figures are judged on \(hub.asOf.long), but the hub has content from \(newest.long): what is overdue or due soon may have changed since."
        }
    }

    func rateView(_ rate: BoardFigures.Rate, label: String) -> [String: Any] {
        let percent = rate.percent
        return ["label": label, "percent_text": percent.map { "\($0)%" } ?? "No teams expected",
                "detail_text": "\(rate.respondedExpected) of \(Self.plural(rate.expected, "expected team", "expected teams")) responded; \(Self.plural(rate.received, "response", "responses")) received in all",
                "expected": rate.expected, "responded": rate.respondedExpected, "received": rate.received,
                "bar_width": ClockFace.fmt(Double(percent ?? 0) / 100 * Self.chartWidth * 0.85)]
    }

    func rateRows(_ rows: [(String, String?, BoardFigures.Rate)]) -> [[String: Any]] {
        rows.enumerated().map { i, row in
            var v = rateView(row.2, label: row.0)
            let width = Double(row.2.percent ?? 0) / 100 * Self.chartWidth * 0.85
            if let href = row.1 { v["href"] = href }
            v["label_y"] = i * 40 + 12
            v["bar_y"] = i * 40 + 18
            v["track_width"] = ClockFace.fmt(Self.chartWidth * 0.85)
            v["count_x"] = ClockFace.fmt(Self.chartWidth * 0.85 + 6)
            v["count_y"] = i * 40 + 27
            v["bar_width"] = ClockFace.fmt(width)
            return v
        }
    }

    /// One stacked bar a row: not started, in progress, done without and with evidence, each its own pattern.
    func statusRows(_ rows: [(String, String, BoardFigures.StatusCounts)]) -> [[String: Any]] {
        let most = Double(max(rows.map(\.2.total).max() ?? 0, 1))
        return rows.enumerated().map { i, row in
            let s = row.2
            let parts = [("not-started", "Not started", s.notStarted), ("in-progress", "In progress", s.inProgress),
                         ("done-no-evidence", "Done, no evidence yet", s.doneNoEvidence), ("done-with-evidence", "Done, with evidence", s.doneWithEvidence)]
            var x = 0.0
            let segments = parts.filter { $0.2 > 0 }.map { slug, title, n -> [String: Any] in
                let width = Double(n) / most * Self.chartWidth * 0.85
                defer { x += width }
                return ["slug": slug, "title": title, "x": ClockFace.fmt(x), "width": ClockFace.fmt(width), "y": i * 40 + 18]
            }
            return ["label": row.0, "href": row.1, "label_y": i * 40 + 12, "segments": segments, "total": s.total,
                    "total_x": ClockFace.fmt(x + 6), "total_y": i * 40 + 27,
                    "not_started": s.notStarted, "in_progress": s.inProgress, "done_no_evidence": s.doneNoEvidence,
                    "done_with_evidence": s.doneWithEvidence]
        }
    }

    func monthRows(_ months: [BoardFigures.Month]) -> [[String: Any]] {
        let most = Double(max(months.map { max($0.responses, $0.completed) }.max() ?? 0, 1))
        let barMax = Self.chartWidth - 160
        return months.enumerated().map { i, m in
            let r = Double(m.responses) / most * barMax, d = Double(m.completed) / most * barMax
            return ["label": "\(CalendarDate.monthNames[m.month - 1].prefix(3)) \(m.year)", "long": "\(CalendarDate.monthNames[m.month - 1]) \(m.year)",
                    "key": m.key, "responses": m.responses, "completed": m.completed, "label_y": i * 34 + 15,
                    "r_y": i * 34 + 2, "r_width": ClockFace.fmt(r), "r_text_x": ClockFace.fmt(100 + r + 6), "r_text_y": i * 34 + 9,
                    "d_y": i * 34 + 16, "d_width": ClockFace.fmt(d), "d_text_x": ClockFace.fmt(100 + d + 6), "d_text_y": i * 34 + 23]
        }
    }
}

/// The day the summaries are judged on, against the content: a pinned `as_of` earlier than the
/// newest briefing or response makes "overdue" wrong without anyone noticing.
public enum AsOfCheck {
    /// The newest `submitted` date of a response: what the overdue figures depend on (a briefing
    /// published after the day does not change them; the sample hub has one).
    public static func newest(_ hub: Hub) -> CalendarDate? {
        hub.responses.compactMap(\.submitted).max()
    }
}
