import Foundation
import Testing
@testable import LearningHubCore

private typealias F = CollectorFixtures

@Suite struct ChangeSummaryTests {
    static func action(_ what: String, status: ActionStatus, by: String? = "31/01/2027", evidence: String = "") -> ResponseAction {
        ResponseAction(what: what, who: "Team manager", byWhen: by.map(DueDate.init), doneWhen: "d", workedWhen: "w", status: status, evidence: evidence)
    }

    static let first = TeamResponse(briefing: "ben", organisation: "O", team: "T", teamManager: "Jo", contact: "t@example.org", submitted: nil,
                                    learning: [LearningPoint(refs: ["F1", "F1.1"], discussion: "We talked.")],
                                    actions: [action("Induction", status: .notStarted), action("Audit", status: .inProgress)], notes: "")

    @Test func progressAndEvidence() {
        var next = Self.first
        next.actions[1] = Self.action("Audit", status: .done, evidence: "20 of 20 meetings had police")
        #expect(ChangeSummary.changes(from: Self.first, to: next) == ["action 2: in progress → done; evidence added"])
    }

    @Test func everyKindOfChange() {
        var next = Self.first
        next.learning = [LearningPoint(refs: ["F1", "F2"], discussion: "We talked.")]
        next.actions[0] = Self.action("Induction for all new starters", status: .done, by: "28/02/2027")
        next.actions.remove(at: 1)
        next.contact = "new@example.org"
        next.notes = "Updated after the audit."
        #expect(ChangeSummary.changes(from: Self.first, to: next) == [
            "contact details changed", "learning F2 added", "learning F1.1 removed",
            "action 1: what needs to happen changed; not started → done; by when 31/01/2027 → 28/02/2027",
            "action 2 removed ('Audit')", "notes added",
        ])
        #expect(ChangeSummary.changes(from: next, to: Self.first).contains("action 2 added ('Audit')"))
        #expect(ChangeSummary.changes(from: Self.first, to: Self.first).isEmpty)
    }

    @Test func collectAndItsDryRunSayWhatChanged() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("first.md", F.markdownResponse())
        try sandbox.collect()
        let update = F.markdownResponse(submitted: "2026-12-10", actions: F.defaultActions
            .replacingOccurrences(of: "status: In progress", with: "status: Done\n    evidence: Every new starter since December has had it"))
        try sandbox.drop("update.md", update)
        let expected = "           what changed: action 1: in progress → done; evidence added"
        let dry = try sandbox.collect(dryRun: true)
        #expect(dry.lines.contains(expected), "\(dry.lines)")
        let real = try sandbox.collect()
        #expect(real.lines.contains(expected), "\(real.lines)")
        // The same file again changes nothing, and says nothing of changes.
        try sandbox.drop("again.md", update)
        #expect(!(try sandbox.collect()).lines.contains { $0.contains("what changed") })
    }
}
