import Foundation
import Testing
@testable import LearningHubCore

/// An action may cite the learning points it answers (`refs`), checked against its briefing's IDs
/// like a learning point's; a record without them stays valid and keeps its bytes.
@Suite("Actions cite the points they answer")
struct ActionRefsTests {
    typealias F = CollectorFixtures

    static func response(actionRefs: String?) -> String {
        """
        ---
        briefing: ben
        organisation: Northshire Police
        team: Public Protection Unit
        team_manager: Jo Example
        contact: ppu@example.org
        submitted: 2026-11-22
        learning: []
        actions:
          - what: Invite GPs to strategy meetings
        \(actionRefs.map { "    refs: \($0)\n" } ?? "")    who: Detective Inspector
            by_when: 2027-03-31
            done_when: GPs are invited
            worked_when: GPs attend
            status: in progress
        ---
        """
    }

    @Test func anActionsRefsAreRead() throws {
        let (responses, log) = F.validate(Self.response(actionRefs: "[r2, F2.1]"), name: "r.md")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        #expect(try #require(responses.first).actions.first?.refs == ["R2", "F2.1"])
        #expect(!log.diagnostics.contains { $0.message.contains("unknown field") })
    }

    @Test func anActionCitingAnIDTheBriefingDoesNotHaveIsAnErrorAtItsPlace() {
        let (responses, log) = F.validate(Self.response(actionRefs: "[R2, R99]"), name: "r.md")
        #expect(responses.isEmpty)
        let error = F.errors(log).first
        #expect(error?.message.contains("action 1 cites 'R99', which is not in the briefing 'ben'") == true, "\(F.listing(log.diagnostics))")
        #expect(error?.location.line == 11, "\(F.listing(log.diagnostics))")
    }

    @Test func anActionWithoutRefsStaysValidAndIsWrittenWithoutThem() throws {
        let (responses, log) = F.validate(Self.response(actionRefs: nil), name: "r.md")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        let r = try #require(responses.first)
        #expect(r.actions.first?.refs == [])
        #expect(!ResponseWriter.markdown(r).contains("refs"))
    }

    @Test func aStoredRecordKeepsItsActionsRefs() throws {
        let (responses, _) = F.validate(Self.response(actionRefs: "[R2, F2.1]"), name: "r.md")
        let r = try #require(responses.first)
        let stored = ResponseWriter.markdown(r)
        #expect(stored.contains("- what: \"Invite GPs to strategy meetings\"\n  refs: [R2, F2.1]\n  who: "), "\(stored)")
        #expect(F.validate(stored, name: "stored.md").responses.first == r)
    }

    @Test func aCSVColumnGivesEachActionItsRefs() throws {
        let csv = "Briefing,Name of Organisation,Team Manager,Name of Section & Team,Contact Details,Date,"
            + "What needs to happen? 1,Learning the action answers 1,Who will do it? 1,What needs to happen? 2,Learning the action answers 2\n"
            + "ben,Northshire Police,Jo,Public Protection Unit,ppu@example.org,2026-11-22,Invite GPs,\"R2, F2.1\",DI,Audit minutes,F1\n"
        let (responses, log) = F.validate(csv, name: "export.csv")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        let r = try #require(responses.first)
        #expect(r.actions.map(\.refs) == [["R2", "F2.1"], ["F1"]])
    }

    @Test func theBlankResponseFileOffersRefsOnEachAction() throws {
        let briefing = try #require(F.seedHub.briefings.first { $0.slug == "ben" })
        let text = ResponseTemplateFile.text(for: briefing, config: F.seedHub.config)
        #expect(text.contains("  - what: \n    refs: []\n"))
    }
}
