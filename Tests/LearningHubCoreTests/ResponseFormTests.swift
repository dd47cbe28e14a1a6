import Foundation
import Testing
@testable import LearningHubCore

/// The response form page (`briefings/<slug>/respond/`) and the blank response file it offers. What the
/// form does in a browser is tested in Tests/site/test_respond.py; these check what the builder writes.
@Suite("Each briefing has a response form and a blank response file")
struct ResponseFormTests {
    private func builtSeed() throws -> TempHub {
        let hub = try TempHub(copySeedContent: true)
        _ = try hub.build()
        return hub
    }

    @Test func theFormAsksEveryQuestionOfTheSeedForm() throws {
        let hub = try builtSeed()
        let html = try hub.page("briefings/ben/respond/index.html")
        for label in ["Name of organisation", "Name of section and team", "Team manager", "Contact details",
                      "What needs to happen?", "Who will do it?", "By when?", "How will you know when it has been done?",
                      "How will you know if it has worked?"] {
            #expect(html.contains(">\(label)<"), "the form has no field labelled '\(label)'")
        }
        // Every finding and recommendation can be ticked, with its ID and text, and has its discussion box.
        let ticked = try captures(#"<input class="checkboxes__input" id="ref-[^"]+" name="refs" type="checkbox" value="([^"]+)">"#, in: html)
        #expect(ticked == ["F1", "F1.1", "F2", "F2.1", "F2.2", "F2.3", "F2.4", "F3", "F3.1", "F4",
                           "R1", "R2", "R3", "R3.1", "R3.2", "R4", "Q1", "Q2"])
        // Grouped and labelled in the author's words; a question is answered, not discussed.
        #expect(try captures(#"<h3 class="checkbox-heading">([^<]+)"#, in: html) == ["The findings", "Recommendations", "Implementing change "])
        #expect(html.contains(#"<span class="checkbox-heading__role">(Questions for reflection)</span>"#))
        #expect(html.contains(#"<label class="label" for="discussion-Q2">Your team's answer to Q2</label>"#))
        #expect(html.contains(#"<label class="label" for="discussion-F2">Summary of your team's discussion of F2</label>"#))
        #expect(html.contains("<span class=\"item-id\">F2</span> The Graded Care Profile is not effectively used by practitioners."))
        #expect(try captures(#"<textarea class="textarea" id="(discussion-[^"]+)""#, in: html).count == ticked.count)
        // A blank printed form has three action rows, each with the GOV.UK date input.
        #expect(try captures(#"<fieldset class="fieldset action" id="(action-\d)""#, in: html) == ["action-1", "action-2", "action-3"])
        for part in ["day", "month", "year"] {
            #expect(html.contains(#"id="action-1-by_when-\#(part)" name="action-1-by_when-\#(part)" type="text" inputmode="numeric""#))
        }
        // No browser validation bubbles, and no field the browser would refuse to submit.
        #expect(html.contains("<form class=\"response-form\" id=\"response-form\" novalidate>"))
        #expect(!html.contains(" required"))
        // The script is a file of the theme (the CSP forbids inline scripts).
        #expect(html.contains(#"<script src="../../../assets/respond.js" defer></script>"#))
        #expect(FileManager.default.fileExists(atPath: hub.output.appendingPathComponent("assets/respond.js").path))
        // Reopening a response file sent before: its own script, after respond.js, and a labelled
        // file control that is hidden until the script shows it (without JavaScript it cannot work).
        #expect(html.contains(#"<script src="../../../assets/respond.js" defer></script>\#n<script src="../../../assets/reopen.js" defer></script>"#))
        #expect(FileManager.default.fileExists(atPath: hub.output.appendingPathComponent("assets/reopen.js").path))
        #expect(html.contains(#"<div class="reopen js-only" id="reopen" hidden>"#))
        #expect(html.contains(#"<label class="label" for="reopen-file">Your response file</label>"#))
    }

    @Test func knownOrganisationsAreOfferedButNoContactDetails() throws {
        let hub = try builtSeed()
        let html = try hub.page("briefings/ben/respond/index.html")
        let offered = try captures(#"<option value="([^"]+)"></option>"#, in: html)
        // The nine that responded and the two in teams.yml that have not (Content/teams.yml).
        #expect(offered.contains("Northshire Police"))
        #expect(offered.contains("Little Acorns Day Nursery"))
        #expect(offered == offered.sorted { $0.lowercased() < $1.lowercased() })
        #expect(Set(offered).count == offered.count)
        for r in CollectorFixtures.seedHub.responses {
            #expect(!html.contains(r.contact), "a team's contact details are on the form page")
            #expect(!html.contains(r.teamManager), "a team manager's name is on the form page")
        }
    }

    @Test func theEmailLinkNamesTheBriefingInAnEncodedSubject() throws {
        let hub = try builtSeed()
        let html = try hub.page("briefings/ben/respond/index.html")
        #expect(html.contains(#"href="mailto:learning.hub@example.org?subject=Response%20to%20the%207-minute%20briefing%3A%20Ben%3A%20bruising"#))
        #expect(PageContext.percentEncoded("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9")
        // The briefing page leads to its form.
        #expect(try hub.page("briefings/ben/index.html").contains(#"<a class="button" href="../../briefings/ben/respond/">Fill in your team's response</a>"#))
    }

    @Test func theBlankResponseFileNamesTheBriefingAndListsItsIDs() throws {
        let hub = try builtSeed()
        let text = try String(contentsOf: hub.output.appendingPathComponent("briefings/ben/response-template.md"), encoding: .utf8)
        #expect(text.hasPrefix("---\n") && text.hasSuffix("---\n"))
        #expect(text.contains("\nbriefing: ben\n"))
        #expect(text.contains("\n#   The findings:\n"))
        #expect(text.contains("\n#       F2.3  Professionals are not consistently hearing a child’s voice and learning of their lived experiences.\n"))
        #expect(text.contains("email it to learning.hub@example.org"))
    }

    @Test func theBlankFileAsItIsIsRefusedWithReasonsAndFilledInIsAccepted() throws {
        let hub = try builtSeed()
        let blank = try String(contentsOf: hub.output.appendingPathComponent("briefings/ben/response-template.md"), encoding: .utf8)
        let untouched = CollectorFixtures.validate(blank, name: "response-ben.md")
        #expect(untouched.responses.isEmpty)
        let errors = CollectorFixtures.errors(untouched.log).map(\.message)
        #expect(errors.contains { $0.contains("'organisation' (the name of the organisation) is empty") }, "\(errors)")
        #expect(errors.contains { $0.contains("learning point 1 is empty") }, "\(errors)")
        #expect(errors.contains { $0.contains("action 1 does not say what needs to happen") }, "\(errors)")

        let filled = blank
            .replacingOccurrences(of: "organisation: \n", with: "organisation: Riverside Primary School\n")
            .replacingOccurrences(of: "team: \n", with: "team: Pastoral Team\n")
            .replacingOccurrences(of: "submitted: \n", with: "submitted: 20/11/2026\n")
            .replacingOccurrences(of: "  - refs: []\n    discussion: \n", with: "  - refs: [F2.3, R3.1]\n    discussion: We talked about it.\n")
            .replacingOccurrences(of: "  - what: \n", with: "  - what: Weekly check-ins\n")
            .replacingOccurrences(of: "    by_when: \n", with: "    by_when: 31/03/2027\n")
        let result = CollectorFixtures.validate(filled, name: "response-ben.md")
        #expect(CollectorFixtures.errors(result.log).isEmpty, "\(CollectorFixtures.listing(result.log.diagnostics))")
        let response = try #require(result.responses.first)
        #expect(response.organisation == "Riverside Primary School")
        #expect(response.learning.first?.refs == ["F2.3", "R3.1"])
        #expect(response.actions.first?.status == .notStarted)
        #expect(response.actions.first?.byWhen?.date == CalendarDate(year: 2027, month: 3, day: 31))
    }

    @Test func theManagerHintFollowsPublishStaffNames() throws {
        let hub = try TempHub(copySeedContent: true)
        _ = try hub.build()
        #expect(try hub.page("briefings/ben/respond/index.html").contains("Their name is not published on the hub."))
        let config = try String(contentsOf: hub.content.appendingPathComponent("hub.yml"), encoding: .utf8)
        try hub.write("hub.yml", config.replacingOccurrences(of: "publish_staff_names: false", with: "publish_staff_names: true"))
        _ = try hub.build()
        #expect(try hub.page("briefings/ben/respond/index.html").contains("Their name is published on the hub with your response."))
    }
}
