import Foundation
import Testing
@testable import LearningHubCore

/// The pages the partnership board reads after the learning officer collects responses and builds:
/// the per-briefing summary, the actions tracker, coverage, and the two downloads.
@Suite("Summary pages and exports")
struct SummaryPagesTests {
    typealias F = CollectorFixtures

    static let contactEmail = "team.contact@example.org"

    /// Each action's "what", and the group of the actions tracker it must land in on 27 November 2026.
    static let actionGroups: [(what: String, group: ActionTracker.Group)] = [
        ("Audit strategy meetings held since June", .overdue),
        ("Refresh Graded Care Profile training", .dueSoon),
        ("Keep listening to non verbal children", .noDate),
        ("Share the GP contact list", .doneNoEvidence),
        ("Run a joint GP audit", .doneWithEvidence),
        (#"=HYPERLINK("https://phish.example","click")"#, .dueLater),
    ]

    static let teamA = """
    ---
    briefing: ben
    organisation: Northshire Council
    team: Childrens Social Care Team A
    team_manager: Priya Distinctname
    contact: \(contactEmail)
    submitted: 2026-11-20
    learning:
      - refs: [F1, F2.1]
        discussion: |
          We *rarely* hold strategy meetings early enough.

          <script>alert('xss')</script>

          ![tracking pixel](https://evil.example/x.png)
    actions:
      - what: Audit strategy meetings held since June
        who: Team manager
        by_when: 2026-11-01
        done_when: Audit report written
        worked_when: Meetings held within a day
        status: in progress
      - what: Refresh Graded Care Profile training
        who: Practice educator
        by_when: 2026-12-07
        done_when: Everyone has attended
        worked_when: Profiles are used in every neglect case
        status: not started
      - what: Keep listening to non verbal children
        who: Every social worker
        by_when: ongoing
        done_when: Assessments record it
        worked_when: Audits find it
        status: in progress
    ---
    Our notes, with **emphasis**.

    """

    static let teamB = """
    ---
    briefing: ben
    organisation: Northshire NHS Trust
    team: Health Visiting
    team_manager: Robin Distinctname
    contact: \(contactEmail)
    submitted: 21/11/2026
    learning:
      - refs: [F1, R2]
        discussion: We share what we know with GPs, mostly.
    actions:
      - what: Share the GP contact list
        who: Named nurse
        by_when: 2026-10-01
        done_when: Sent to every health visitor
        worked_when: Calls to GPs are answered
        status: done
      - what: Run a joint GP audit
        who: Named nurse
        by_when: 2026-09-30
        done_when: Audit done
        worked_when: GPs invited to strategy meetings
        status: done
        evidence: The January audit found GPs invited to 9 of 10 meetings
      - what: '=HYPERLINK("https://phish.example","click")'
        who: '+44 lead'
        by_when: 30/06/2027
        done_when: '@channel confirms'
        worked_when: '-5 re-referrals'
        status: not started
    ---

    """

    static let teamsYML = """
    teams:
      - organisation: Northshire Council
        team: Childrens Social Care Team A
        briefings: [ben]
      - organisation: Northshire Police
        team: Missing Persons Unit
        briefings: [ben]
      - organisation: Northshire Council
        team: Adult Services Liaison

    """

    /// Collects the two responses into a copy of the hub, then builds it on 27 November 2026.
    static func builtHub(publishStaffNames: Bool = false) throws -> CollectorSandbox {
        let sandbox = try CollectorSandbox()
        try sandbox.writeContent("teams.yml", teamsYML)
        try sandbox.setPublishStaffNames(publishStaffNames)
        try sandbox.drop("team-a.md", teamA)
        try sandbox.drop("health-visiting.md", teamB)
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 2 && report.rejected == 0, "\(report.lines)\n\(F.listing(report.diagnostics))")
        let build = try sandbox.build()
        #expect(build.responses == 2)
        return sandbox
    }

    /// The HTML of one `<section>` of the actions tracker, by its group.
    static func section(_ group: ActionTracker.Group, in html: String) -> String? {
        guard let start = html.range(of: #"<section class="action-group action-group--\#(group.slug)" id="\#(group.slug)""#),
              let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// How the page shows an action's "what": the HYPERLINK one has quotes, which the page escapes.
    static func shown(_ what: String, in html: String) -> Bool {
        html.contains(what) || html.contains(what.replacingOccurrences(of: "\"", with: "&quot;"))
            || html.contains(what.replacingOccurrences(of: "\"", with: "&#34;")) || html.contains(what.replacingOccurrences(of: "\"", with: "&#x22;"))
    }

    @Test func theBriefingsResponsesPageNamesEveryTeamAndEveryAction() throws {
        let sandbox = try Self.builtHub()
        let html = try sandbox.page("briefings/ben/responses/index.html")
        #expect(html.contains("Northshire Council: Childrens Social Care Team A"))
        #expect(html.contains("Northshire NHS Trust: Health Visiting"))
        #expect(html.contains("2 teams from 2 organisations have responded."))
        for (what, _) in Self.actionGroups {
            #expect(Self.shown(what, in: html), "the action '\(what)' is not on the briefing's responses page")
        }
        // The submitted date, as people read it.
        #expect(html.contains("21 November 2026"))
    }

    @Test func theTallyCountsTheTeamsThatChoseEachFindingAndRecommendation() throws {
        let sandbox = try Self.builtHub()
        let html = try sandbox.page("briefings/ben/responses/index.html")
        let expected = ["F1": "2 teams", "F1.1": "0 teams", "F2": "0 teams", "F2.1": "1 team", "F3": "0 teams", "R2": "1 team", "R4": "0 teams"]
        for (id, text) in expected {
            let escaped = NSRegularExpression.escapedPattern(for: id)
            let cells = F.matches(#"<th scope="row"><a class="item-id" href="[^"]*">\#(escaped)</a></th><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>"#, in: html)
            #expect(cells == [text], "tally row for \(id)")
            let bars = F.matches(#"class="tally__label">\#(escaped)</text>\s*<rect[^>]*></rect>\s*<text[^>]*class="tally__count">(\d+)</text>"#, in: html)
            #expect(bars == [String(text.prefix { $0.isNumber })], "chart bar for \(id)")
        }
        // Every ID of the briefing has its row, in reading order.
        let ids = F.matches(#"<th scope="row"><a class="item-id" href="[^"]*">([^<]+)</a></th>"#, in: html)
        #expect(ids == ["F1", "F1.1", "F2", "F2.1", "F2.2", "F2.3", "F2.4", "F3", "F3.1", "F4", "R1", "R2", "R3", "R3.1", "R3.2", "R4", "Q1", "Q2"])
        // Each row says which part of the briefing, in the author's words, the point is from.
        #expect(html.contains("<td>Reflect on the findings and discuss the implications for your service/practice.</td><td>Implementing change</td>"))
    }

    @Test func theActionsTrackerPutsEachActionInItsGroup() throws {
        let sandbox = try Self.builtHub()
        let html = try sandbox.page("actions/index.html")
        #expect(html.contains("6 actions"))
        for group in ActionTracker.Group.allCases {
            let section = try #require(Self.section(group, in: html), "no section for \(group.rawValue)")
            #expect(section.contains(group.rawValue))
            for (what, expected) in Self.actionGroups {
                if expected == group {
                    #expect(Self.shown(what, in: section), "'\(what)' is not under \(group.rawValue)")
                } else {
                    #expect(!Self.shown(what, in: section), "'\(what)' is under \(group.rawValue), not \(expected.rawValue)")
                }
            }
            #expect(section.contains("(1 action)"), "\(group.rawValue) should hold exactly one action")
        }
        // Overdue comes first.
        let order = ActionTracker.Group.allCases.compactMap { g in html.range(of: #"id="\#(g.slug)-heading""#)?.lowerBound }
        #expect(order.count == 6 && order == order.sorted())
        #expect(try #require(Self.section(.overdue, in: html)).contains(#"<time datetime="2026-11-01">1 November 2026</time>"#))
    }

    @Test func contactDetailsAreNowhereInTheSite() throws {
        let sandbox = try Self.builtHub(publishStaffNames: true)
        let site = F.files(under: sandbox.output)
        #expect(site.count > 10)
        let needle = Data(Self.contactEmail.utf8)
        let leaks = site.filter { $0.value.range(of: needle) != nil }.keys.sorted()
        #expect(leaks.isEmpty, "the contact email is published in \(leaks)")
        // It is kept, for the learning officer, in the filed record.
        #expect(sandbox.record("northshire-nhs-trust--health-visiting")?.contains(Self.contactEmail) == true)
    }

    @Test func teamManagersAreNamedOnlyWhenTheHubAllowsIt() throws {
        let hidden = try Self.builtHub(publishStaffNames: false)
        let leaks = F.files(under: hidden.output).filter { $0.value.range(of: Data("Distinctname".utf8)) != nil }.keys.sorted()
        #expect(leaks.isEmpty, "team managers are named in \(leaks) though publish_staff_names is false")

        let shown = try Self.builtHub(publishStaffNames: true)
        #expect(try shown.page("briefings/ben/responses/index.html").contains("Priya Distinctname"))
        #expect(try shown.page("briefings/ben/responses/index.html").contains("Robin Distinctname"))
        #expect(try shown.page("organisations/northshire-council/index.html").contains("Priya Distinctname"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: shown.output.appendingPathComponent("responses.json"))) as? [String: Any]
        let managers = (json?["responses"] as? [[String: Any]])?.compactMap { $0["team_manager"] as? String }
        #expect(managers?.sorted() == ["Priya Distinctname", "Robin Distinctname"])
    }

    @Test func discussionsAreMarkdownWithoutScriptsOrOutsideImages() throws {
        let sandbox = try Self.builtHub()
        let html = try sandbox.page("briefings/ben/responses/index.html")
        #expect(html.contains("<em>rarely</em>"))
        #expect(html.contains("<strong>emphasis</strong>"), "the notes are Markdown too")
        #expect(!html.contains("<script>alert"))
        // The discussion itself holds no markup that runs or fetches anything.
        let discussion = try #require(F.matches(#"<div class="discussion">(.*?)</div>"#, in: html).first { $0.contains("rarely") })
        #expect(!discussion.contains("<script") && !discussion.contains("<img") && !discussion.contains("<iframe"), "\(discussion)")
        #expect(!html.contains("evil.example"), "an outside image would be requested by every reader")
        // Wherever the discussion is shown.
        for page in ["organisations/northshire-council/index.html"] {
            let other = try sandbox.page(page)
            #expect(other.contains("<em>rarely</em>"))
            #expect(!other.contains("<script>alert") && !other.contains("evil.example"), "\(page)")
        }
        let site = F.files(under: sandbox.output)
        #expect(!site.contains { $0.value.range(of: Data("https://evil.example".utf8)) != nil && $0.key.hasSuffix(".html") })
    }

    @Test func actionsCSVOpensSafelyInExcel() throws {
        let sandbox = try Self.builtHub()
        let data = try Data(contentsOf: sandbox.output.appendingPathComponent("actions.csv"))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF], "actions.csv must start with a UTF-8 byte-order mark")
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        #expect(text.contains("\r\n"))
        #expect(text.contains(#""'=HYPERLINK(""https://phish.example"",""click"")""#), "\(text)")
        #expect(!text.contains(#"",""=HYPERLINK"#) && !text.contains(#","=HYPERLINK"#))
        for cell in ["'+44 lead", "'@channel confirms", "'-5 re-referrals"] {
            #expect(text.contains("\"\(cell)\""), "\(cell) is not neutralised:\n\(text)")
        }
        #expect(!text.contains(Self.contactEmail))

        // Read back as a spreadsheet would: a header and one row per action, each in its group.
        let table = try CSVTable.parse(text.replacingOccurrences(of: "\r\n", with: "\n"))
        let header = try #require(table.rows.first).map(\.text)
        // The points an action answers came later, as a last column, so that columns counted from the left keep their place.
        #expect(header.first == "Briefing" && header.last == "Learning it answers")
        #expect(table.rows.count == 1 + Self.actionGroups.count)
        let whatColumn = try #require(header.firstIndex(of: "What needs to happen?"))
        let groupColumn = try #require(header.firstIndex(of: "Group"))
        for row in table.rows.dropFirst() {
            let what = row[whatColumn].text
            let expected = Self.actionGroups.first { $0.what == what || "'" + $0.what == what }
            #expect(expected != nil, "unexpected action \(what)")
            #expect(row[groupColumn].text == expected?.group.rawValue, "\(what)")
        }
    }

    @Test func responsesJSONHasNoContactDetails() throws {
        let sandbox = try Self.builtHub()
        let data = try Data(contentsOf: sandbox.output.appendingPathComponent("responses.json"))
        #expect(data.range(of: Data(Self.contactEmail.utf8)) == nil)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["as_of"] as? String == "2026-11-27")
        let responses = try #require(json["responses"] as? [[String: Any]])
        #expect(responses.count == 2)
        for r in responses {
            #expect(r["contact"] == nil, "\(r.keys.sorted())")
            #expect(r["team_manager"] == nil, "publish_staff_names is false")
        }
        let actions = responses.flatMap { ($0["actions"] as? [[String: Any]]) ?? [] }
        #expect(actions.count == 6)
        for (what, group) in Self.actionGroups {
            #expect(actions.first { $0["what"] as? String == what }?["group"] as? String == group.rawValue, "\(what)")
        }
        let ongoing = actions.first { $0["what"] as? String == "Keep listening to non verbal children" }
        #expect(ongoing?["by_when"] as? String == "ongoing")
    }

    @Test func expectedTeamsThatHaveNotRespondedAreOnTheCoveragePage() throws {
        let sandbox = try Self.builtHub()
        let html = try sandbox.page("responses/index.html")
        let heading = try #require(html.range(of: "Expected teams that have not responded"))
        let after = String(html[heading.upperBound...])
        let list = try #require(after.range(of: "</ul>").map { String(after[..<$0.lowerBound]) })
        // Each team once: its organisation (a link), its team, and the briefings it has not responded to.
        let items = F.matches(#"<li><a href="[^"]*">([^<]*</a>: [^<]*), to "#, in: list).map { $0.replacingOccurrences(of: "</a>", with: "") }
        #expect(items.sorted() == ["Northshire Council: Adult Services Liaison", "Northshire Police: Missing Persons Unit"], "\(items)")
        #expect(!list.contains("Childrens Social Care Team A"))
        #expect(html.contains("2 responses from 2 organisations"))
        #expect(html.contains("1 action is overdue"))
    }

    @Test func aHandEditedRecordWithAnUnknownIDStopsTheBuild() throws {
        let sandbox = try Self.builtHub()
        let url = sandbox.benResponses.appendingPathComponent("northshire-nhs-trust--health-visiting.md")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "R2", with: "R9")
        try Data(text.utf8).write(to: url)
        let before = F.snapshot(sandbox.output)
        do {
            try sandbox.build()
            Issue.record("the build succeeded with a record citing R9")
        } catch let error as DiagnosticsError {
            #expect(error.diagnostics.contains { $0.location.path.hasSuffix("responses/ben/northshire-nhs-trust--health-visiting.md") && $0.message.contains("'R9'") },
                    "\(error)")
        }
        #expect(F.snapshot(sandbox.output) == before, "a failed build changed Public/")
    }
}

/// Where an action lands, judged on one day: the boundaries of each group.
@Suite("Summary: the actions tracker's groups")
struct SummaryActionTrackerTests {
    static let asOf = CalendarDate(year: 2026, month: 11, day: 27)!

    static func action(_ byWhen: String?, _ status: ActionStatus = .inProgress, evidence: String = "") -> ResponseAction {
        ResponseAction(what: "x", who: "y", byWhen: byWhen.map(DueDate.init(written:)), doneWhen: "", workedWhen: "", status: status, evidence: evidence)
    }

    @Test("Grouped on 27 November 2026", arguments: [
        ("2026-11-26", ActionStatus.inProgress, "", ActionTracker.Group.overdue),
        ("2026-11-27", .notStarted, "", .dueSoon),
        ("2026-12-07", .inProgress, "", .dueSoon),
        ("2026-12-27", .inProgress, "", .dueSoon),
        ("2026-12-28", .inProgress, "", .dueLater),
        ("ongoing", .inProgress, "", .noDate),
        ("", .notStarted, "", .noDate),
        ("2026-01-01", .done, "", .doneNoEvidence),
        ("2026-01-01", .done, "Audit showed it worked", .doneWithEvidence),
        ("ongoing", .done, "Audit showed it worked", .doneWithEvidence),
    ])
    func grouping(_ byWhen: String, _ status: ActionStatus, _ evidence: String, _ expected: ActionTracker.Group) {
        let tracker = ActionTracker(asOf: Self.asOf)
        #expect(tracker.group(Self.action(byWhen.isEmpty ? nil : byWhen, status, evidence: evidence)) == expected)
    }

    @Test func anEmptyHubBuildsItsSummaryPages() throws {
        let sandbox = try CollectorSandbox()
        let report = try sandbox.build()
        #expect(report.responses == 0)
        // A briefing no team has responded to has no page of responses, and its page says so without a link.
        #expect(!FileManager.default.fileExists(atPath: sandbox.output.appendingPathComponent("briefings/ben/responses/index.html").path))
        let briefing = try sandbox.page("briefings/ben/index.html")
        #expect(briefing.contains("No team has responded yet."))
        #expect(!briefing.contains("ben/responses/"))
        #expect(try !sandbox.page("sitemap.xml").contains("briefings/ben/responses/"))
        #expect(try !sandbox.page("responses/index.html").contains("briefings/ben/responses/"))
        #expect(try sandbox.page("actions/index.html").contains("0 actions"))
        let csv = try Data(contentsOf: sandbox.output.appendingPathComponent("actions.csv"))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
    }
}
