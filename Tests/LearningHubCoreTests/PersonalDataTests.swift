import Foundation
import Testing
@testable import LearningHubCore

private typealias F = CollectorFixtures

@Suite struct PersonalDataTests {
    static let found: [(String, PersonalData.Kind, String)] = [
        ("Questions to jo.bloggs@example.org please", .email, "jo.bloggs@example.org"),
        ("Ring the duty desk on 0161 496 0000 first", .phone, "0161 496 0000"),
        ("mobile 07700 900123.", .phone, "07700 900123"),
        ("call +44 (0)20 7946 0958 or", .phone, "+44 (0)20 7946 0958"),
        ("on (0113) 496 0000", .phone, "(0113) 496 0000"),
        ("the boy's NHS number is 943 476 5919 and", .nhsNumber, "943 476 5919"),
        ("NHS no. 9434765919", .nhsNumber, "9434765919"),
        ("Child A, DOB 03/04/2015, was seen", .dateOfBirth, "03/04/2015"),
        ("she was born on 3 April 2015 in", .dateOfBirth, "3 April 2015"),
        ("date of birth: 2015-04-03", .dateOfBirth, "2015-04-03"),
        ("lives at LS1 4AP with", .postcode, "LS1 4AP"),
        ("near SW1A 1AA", .postcode, "SW1A 1AA"),
        ("M1 1AE.", .postcode, "M1 1AE"),
    ]

    @Test(arguments: found.indices)
    func eachKindIsFound(i: Int) {
        let (text, kind, piece) = Self.found[i]
        let matches = PersonalData.matches(in: text)
        #expect(matches.map(\.kind) == [kind] && matches.map(\.text) == [piece], "\(text): \(matches)")
        #expect(PersonalData.redact(text) == text.replacingOccurrences(of: piece, with: "[removed]"))
    }

    /// What teams write all the time and must not be flagged.
    static let notPersonal = [
        "The strategy meeting on 20/11/2026 agreed this.",
        "Met on 01-12-2026 10:00 and again on 2026-12-15 at 14:00.",
        "Cites F2, R3.1 and F1.1; see also R3 and F12.",
        "An audit of 20 strategy meetings showed police attended all 20.",
        "By 31 March 2027, 120 staff trained (95%).",
        "Reference 943 476 5918 on the audit sheet.",
        "Review meeting 12 March 2026, action 2 of 10.",
        "Version 2.1.1 of the procedure, page 14.",
    ]

    @Test(arguments: notPersonal)
    func ordinaryTextIsLeftAlone(text: String) {
        #expect(PersonalData.matches(in: text).isEmpty, "\(PersonalData.matches(in: text))")
    }

    @Test func theSearchRedactorUsesTheSameDetector() {
        let response = TeamResponse(briefing: "ben", organisation: "O", team: "T", teamManager: "", contact: "", submitted: nil,
                                    learning: [], actions: [], notes: "")
        #expect(Redactor(response: response)("Child DOB 03/04/2015, NHS 943 476 5919, at LS1 4AP; met 20/11/2026")
                == "Child DOB [removed], NHS [removed], at [removed]; met 20/11/2026")
    }

    static let withPersonalData = F.markdownResponse(
        learning: "  - refs: [F1]\n    discussion: |\n      We talked about Child A.\n      Her mum can be reached on 07700 900123.\n",
        body: "Notes from the meeting.\nContact jo.bloggs@example.org for the minutes.\n")

    @Test func theCollectorWarnsWithTheFieldAndLine() throws {
        let (responses, log) = F.validate(Self.withPersonalData, name: "team.md")
        try #require(responses.count == 1, "\(F.listing(log.diagnostics))")
        var warnings: [Diagnostic] = []
        var again = DiagnosticLog()
        let entry = try #require(ResponseFileReader().read(Data(Self.withPersonalData.utf8), path: "team.md", log: &again).first)
        #expect(PersonalData.warnings(in: entry.raw, body: entry.body, bodyLine: entry.bodyLine, log: &again) == 2)
        warnings = again.warnings.filter { $0.message.contains("personal data") }
        let phoneLine = F.line(of: "07700 900123", in: Self.withPersonalData)
        let emailLine = F.line(of: "jo.bloggs@example.org", in: Self.withPersonalData)
        #expect(warnings.map(\.description) == [
            "team.md:\(phoneLine):1: warning: learning point 1, the discussion may hold personal data: '07700 900123' looks like a telephone number. Responses are published: take it out unless it is meant to be public",
            "team.md:\(emailLine):1: warning: the notes below the answers may hold personal data: 'jo.bloggs@example.org' looks like an email address. Responses are published: take it out unless it is meant to be public",
        ], "\(warnings)")
    }

    @Test func aHeldResponseWaitsUntilReleased() throws {
        let sandbox = try CollectorSandbox()
        let hubFile = sandbox.content.appendingPathComponent("hub.yml")
        try (String(contentsOf: hubFile, encoding: .utf8) + "personal_data: hold\n").write(to: hubFile, atomically: true, encoding: .utf8)
        try sandbox.drop("team.md", Self.withPersonalData)
        try sandbox.drop("clean.md", F.markdownResponse(organisation: "Northshire NHS Trust"))
        let dry = try sandbox.collect(dryRun: true)
        #expect(dry.counts[.held] == 1 && F.names(in: sandbox.inbox) == ["clean.md", "team.md"], "\(dry.lines)")
        let report = try sandbox.collect()
        #expect(report.counts[.held] == 1 && report.counts[.accepted] == 1, "\(report.lines)")
        #expect(report.summary.contains("held 1 for personal data"))
        let held = sandbox.inbox.appendingPathComponent("held")
        #expect(F.names(in: held) == ["team.md"])
        #expect(F.names(in: sandbox.benResponses) == ["northshire-nhs-trust--childrens-social-care-team-a.md"])
        #expect(report.lines.contains { $0.contains("learning-hub collect --release inbox/held/team.md") || $0.hasSuffix("/inbox/held/team.md") }, "\(report.lines)")
        // Another run leaves it held; --release files it, and it leaves held/ for processed/.
        #expect(try sandbox.collect().lines.isEmpty)
        let released = try sandbox.collect([held.appendingPathComponent("team.md")], dryRun: false, release: true)
        #expect(released.counts[.accepted] == 1, "\(released.lines)")
        #expect(F.names(in: held).isEmpty && F.names(in: sandbox.processed) == ["clean.md", "team.md"])
        #expect(F.names(in: sandbox.benResponses).contains("northshire-council--childrens-social-care-team-a.md"))
    }

    @Test func aWrongSettingIsAnError() throws {
        let sandbox = try CollectorSandbox()
        let hubFile = sandbox.content.appendingPathComponent("hub.yml")
        try (String(contentsOf: hubFile, encoding: .utf8) + "personal_data: maybe\n").write(to: hubFile, atomically: true, encoding: .utf8)
        let thrown = #expect(throws: DiagnosticsError.self) { try sandbox.loadHub() }
        #expect(thrown?.description.contains("'personal_data' should be 'warn'") ?? false)
    }
}
