import Foundation
import Testing
@testable import LearningHubCore

/// Every figure of the board's dashboard against a small hub counted by hand, judged on
/// 27 November 2026.
@Suite("The board's figures")
struct BoardFiguresTests {
    static let asOf = CalendarDate(year: 2026, month: 11, day: 27)!

    /// The seed briefing under another slug, with two points, F1 and R1.
    static func briefing(_ slug: String) -> Briefing {
        var b = CollectorFixtures.seedHub.briefings[0]
        b.slug = slug
        b.title = slug.capitalized
        var points = Array(b.items.prefix(2))
        for (i, id) in ["F1", "R1"].enumerated() where i < points.count { points[i].id = id }
        b.items = points
        return b
    }

    static func action(_ what: String, _ status: ActionStatus, due: String? = nil, evidence: String = "", refs: [String] = []) -> ResponseAction {
        ResponseAction(what: what, who: "Lead", byWhen: due.map(DueDate.init(written:)), doneWhen: "", workedWhen: "",
                       status: status, evidence: evidence, refs: refs)
    }

    static func response(_ briefing: String, _ organisation: String, _ team: String, submitted: String?, _ actions: [ResponseAction]) -> TeamResponse {
        TeamResponse(briefing: briefing, organisation: organisation, team: team, teamManager: "", contact: "",
                     submitted: submitted.flatMap(CalendarDate.init(iso:)), learning: [], actions: actions, notes: "")
    }

    /// Two briefings; four expected teams (one listed twice, one only for "amy"); five responses.
    static var hub: Hub {
        var hub = Hub(config: CollectorFixtures.seedHub.config, briefings: [briefing("ben"), briefing("amy")], themes: [], pages: [])
        hub.asOf = asOf
        hub.expectedTeams = [
            ExpectedTeam(organisation: "Northshire Police", team: "PPU", briefings: []),
            ExpectedTeam(organisation: "Northshire Council", team: "Team A", briefings: []),
            ExpectedTeam(organisation: "Riverside School", team: "DSL", briefings: ["amy"]),
            ExpectedTeam(organisation: "Northshire Police", team: "PPU", briefings: []),
        ]
        hub.responses = [
            response("ben", "Northshire Police", "PPU", submitted: "2026-10-05", [
                action("Police audit", .inProgress, due: "2026-11-20", refs: ["F1"]),      // overdue, 7 days
                action("Police briefing", .done, due: "2026-10-01", evidence: "Audit"),    // done, with evidence
                action("Police training", .notStarted, due: "2026-12-10", refs: ["F1"]),   // due in 13 days
            ]),
            response("ben", "Northshire Council", "Team A", submitted: "2026-11-02", [
                action("Council review", .notStarted, due: "2026-11-01"),                  // overdue, 26 days
                action("Council list", .done),                                             // done, no evidence
            ]),
            response("ben", "Other Org", "Unexpected Team", submitted: "2027-01-03", [
                action("Other plan", .inProgress),                                         // no date
            ]),
            response("amy", "Northshire Police", "PPU", submitted: "2026-11-20", [
                action("Police today", .inProgress, due: "2026-11-27"),                    // due today: 0 days
                action("Police later", .inProgress, due: "2027-03-01"),                    // due later
            ]),
            response("amy", "Riverside School", "DSL", submitted: nil, [
                action("School assembly", .done, evidence: "Pupils said so"),              // done, with evidence
            ]),
        ]
        return hub
    }

    static var figures: BoardFigures { ResponseContext(hub: hub, base: PageContext(hub: hub)).figures }

    @Test func responseRatesCountEachExpectedTeamOnce() {
        let f = Self.figures
        let rates = Dictionary(uniqueKeysWithValues: f.rates.map { ($0.briefing, $0.rate) })
        #expect(rates["ben"] == BoardFigures.Rate(expected: 2, respondedExpected: 2, received: 3))
        #expect(rates["amy"] == BoardFigures.Rate(expected: 3, respondedExpected: 2, received: 2))
        #expect(rates["ben"]?.percent == 100 && rates["amy"]?.percent == 67)
        #expect(f.overall == BoardFigures.Rate(expected: 5, respondedExpected: 4, received: 5))
        #expect(f.overall.percent == 80)
        #expect(BoardFigures.Rate().percent == nil)
    }

    @Test func actionsByStatusOverallAndPerOrganisation() {
        let f = Self.figures
        #expect(f.statuses == BoardFigures.StatusCounts(notStarted: 2, inProgress: 4, doneNoEvidence: 1, doneWithEvidence: 2))
        #expect(f.statuses.total == 9)
        let byName = Dictionary(uniqueKeysWithValues: f.organisations.map { ($0.name, $0.statuses) })
        #expect(byName["Northshire Police"] == BoardFigures.StatusCounts(notStarted: 1, inProgress: 3, doneNoEvidence: 0, doneWithEvidence: 1))
        #expect(byName["Northshire Council"] == BoardFigures.StatusCounts(notStarted: 1, inProgress: 0, doneNoEvidence: 1, doneWithEvidence: 0))
        #expect(byName["Other Org"]?.inProgress == 1 && byName["Riverside School"]?.doneWithEvidence == 1)
    }

    @Test func overdueByOrganisationIsRankedWithDaysOverdue() {
        let ranking = Self.figures.overdueRanking
        // One overdue action each: the longer overdue ranks first.
        #expect(ranking.map(\.name) == ["Northshire Council", "Northshire Police"])
        #expect(ranking.map(\.mostDaysOverdue) == [26, 7])
        #expect(ranking.first?.overdue.map(\.entry.action.what) == ["Council review"])
        #expect(Self.figures.overdueCount == 2)
        let tracker = ActionTracker(asOf: Self.asOf)
        #expect(tracker.daysOverdue(Self.action("x", .inProgress, due: "2026-11-26")) == 1)
        #expect(tracker.daysOverdue(Self.action("x", .inProgress, due: "2026-11-27")) == nil)
        #expect(tracker.daysOverdue(Self.action("x", .done, due: "2026-01-01")) == nil)
    }

    @Test func dueInTheNextThirtyDaysSoonestFirst() {
        let due = Self.figures.dueSoon
        #expect(due.map(\.entry.action.what) == ["Police today", "Police training"])
        #expect(due.map(\.days) == [0, 13])
    }

    @Test func monthByMonthFromSubmittedDatesWithEmptyMonthsShown() {
        let f = Self.figures
        #expect(f.months.map(\.key) == ["2026-10", "2026-11", "2026-12", "2027-01"])
        #expect(f.months.map(\.responses) == [1, 2, 0, 1])
        #expect(f.months.map(\.completed) == [1, 1, 0, 0])
        #expect(f.undatedResponses == 1)
        #expect(f.newestSubmitted == CalendarDate(year: 2027, month: 1, day: 3))
    }

    @Test func eachPointListsTheActionsThatCiteItAndTheGaps() throws {
        let hub = Self.hub
        let context = ResponseContext(hub: hub, base: PageContext(hub: hub))
        let ben = try #require(hub.briefings.first)
        let view = context.pointCoverage(ben, responses: hub.responses.filter { $0.briefing == "ben" }, root: "../")
        let points = try #require(view["points"] as? [[String: Any]])
        #expect(points.map { $0["id"] as? String } == ["F1", "R1"])
        let f1 = try #require(points.first?["actions"] as? [[String: Any]])
        #expect(f1.map { $0["what"] as? String } == ["Police audit", "Police training"])
        #expect(f1.first?["days_overdue"] as? String == "7 days overdue")
        #expect((view["gaps"] as? [[String: Any]])?.map { $0["id"] as? String } == ["R1"])
        #expect(view["gaps_text"] as? String == "1 point has no action yet: R1.")
    }

    @Test func eachMissingTeamIsListedOnceWithItsBriefings() {
        let hub = Self.hub
        let context = ResponseContext(hub: hub, base: PageContext(hub: hub))
        let teams = context.missingByTeam(context.missing(hub.expectedTeams), root: "../")
        #expect(teams.map { "\($0["organisation"] as? String ?? ""): \($0["team"] as? String ?? "")" } == ["Northshire Council: Team A"])
        #expect((teams.first?["briefings"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Amy"])
    }
}

/// The dashboard and the other summary pages as built, and the warning about a stale `as_of`.
@Suite("The board's pages")
struct BoardPagesTests {
    @Test func theDashboardShowsTheFiguresInTables() throws {
        let sandbox = try SummaryPagesTests.builtHub()
        let html = try sandbox.page("responses/dashboard/index.html")
        // Three expected teams for ben, and Adult Services Liaison (expected for every briefing) for
        // each of the hub's other briefings; one of them responded.
        let others = try sandbox.loadHub().briefings.count - 1
        let expected = 3 + others, percent = (100 + expected / 2) / expected
        #expect(html.contains("<strong class=\"headline-figure__number\">\(percent)%</strong>"), "\(html)")
        #expect(html.contains("1 of \(expected) expected teams responded; 2 responses received in all"))
        // Statuses, by organisation: not started, in progress, done without and with evidence, all.
        #expect(html.contains(#"Northshire Council</a></th><td class="numeric">1</td><td class="numeric">2</td><td class="numeric">0</td><td class="numeric">0</td><td class="numeric">3</td>"#))
        #expect(html.contains(#"Northshire NHS Trust</a></th><td class="numeric">1</td><td class="numeric">0</td><td class="numeric">1</td><td class="numeric">1</td><td class="numeric">3</td>"#))
        #expect(html.contains("1 action is overdue"))
        #expect(html.contains(#"<td class="numeric">1 action</td><td class="numeric">26 days</td>"#))
        #expect(html.contains("Refresh Graded Care Profile training") && html.contains("(in 10 days)"))
        #expect(html.contains("<time datetime=\"2026-11\">November 2026</time></th><td class=\"numeric\">2</td><td class=\"numeric\">2</td>"))
        #expect(html.contains("Figures as of <time datetime=\"2026-11-27\">27 November 2026</time>."))
        #expect(!html.contains("<script"), "the dashboard needs no script")
        let coverage = try sandbox.page("responses/index.html")
        #expect(coverage.range(of: "href=\"dashboard/\"")!.lowerBound < coverage.range(of: "href=\"../actions/\"")!.lowerBound,
                "the dashboard is the first link under Responses")
    }

    @Test func theOrganisationsListShowsOverdueCounts() throws {
        let sandbox = try SummaryPagesTests.builtHub()
        let html = try sandbox.page("organisations/index.html")
        #expect(html.contains(#"<span class="overdue-count">1 action overdue</span>"#), "\(html)")
        #expect(html.contains("<span>0 actions overdue</span>"))
        // An organisation's page has its own status bar, one row high.
        let council = try sandbox.page("organisations/northshire-council/index.html")
        #expect(council.contains(#"<svg class="chart" viewBox="0 0 480 40" width="480" height="40""#), "\(council)")
        let tracker = try sandbox.page("actions/index.html")
        #expect(tracker.contains("<span class=\"days-overdue\">26 days overdue</span>"))
    }

    @Test func aPinnedAsOfBeforeTheNewestResponseIsWarnedAbout() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("late.md", SummaryPagesTests.teamA.replacingOccurrences(of: "submitted: 2026-11-20", with: "submitted: 2026-12-05"))
        try sandbox.collect()
        let report = try BuildPipeline(options: sandbox.buildOptions(asOf: nil)).run()
        let warning = try #require(report.warnings.first { $0.message.contains("'as_of'") }, "\(report.warnings)")
        #expect(warning.location.path.hasSuffix("hub.yml") && warning.location.line > 1, "\(warning)")
        #expect(warning.message.contains("2026-12-05"))
        #expect(try sandbox.page("actions/index.html").contains("but the hub has content from 5 December 2026"))
        // Given on the command line, the day is meant: no warning.
        let pinned = try sandbox.build(asOf: CalendarDate(year: 2026, month: 11, day: 27)!)
        #expect(!pinned.warnings.contains { $0.message.contains("'as_of'") })
    }
}
