import Foundation
import Testing
@testable import LearningHubCore

/// The rules a response must meet, and the leeway it gets: how people really write dates and
/// statuses, files from Windows, odd names, and spreadsheets exported as CSV.
@Suite("Collector: validation rules")
struct CollectorValidationTests {
    typealias F = CollectorFixtures

    static func actions(byWhen: String, status: String = "in progress") -> String {
        """
          - what: Add strategy meetings to the team induction
            who: Team manager
            by_when: \(byWhen)
            done_when: Every new starter has had the session
            worked_when: Staff ask for strategy meetings when they should
            status: \(status)

        """
    }

    // MARK: Dates

    @Test("Every accepted way of writing a date means the same day",
          arguments: ["2027-01-31", "31/01/2027", "31 January 2027", "31 Jan 2027", "January 2027"])
    func acceptedDates(_ written: String) throws {
        #expect(FlexibleDate.parse(written)?.iso == "2027-01-31")

        let (responses, log) = F.validate(F.markdownResponse(submitted: written, actions: Self.actions(byWhen: written)), name: "r.md")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        #expect(!log.diagnostics.contains { $0.message.contains("by_when") }, "\(F.listing(log.diagnostics))")
        let response = try #require(responses.first)
        #expect(response.submitted?.iso == "2027-01-31")
        #expect(response.actions.first?.byWhen?.date?.iso == "2027-01-31")
    }

    @Test("A filed record keeps the day of every accepted date",
          arguments: ["31/01/2027", "31 January 2027", "31 Jan 2027", "January 2027"])
    func filedDates(_ written: String) throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("r.md", F.markdownResponse(submitted: written, actions: Self.actions(byWhen: written)))
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 1, "\(report.lines)\n\(F.listing(report.diagnostics))")
        let record = try #require(sandbox.record("northshire-council--childrens-social-care-team-a"))
        #expect(record.contains("\nsubmitted: 2027-01-31\n"), "\(record)")
        let back = try #require(F.validate(record, name: "record.md").responses.first)
        #expect(back.actions.first?.byWhen?.date?.iso == "2027-01-31", "\(record)")

        // And the summary pages judge it on that day.
        try sandbox.build()
        let csv = try String(decoding: Data(contentsOf: sandbox.output.appendingPathComponent("actions.csv")), as: UTF8.self)
        #expect(csv.contains("\"2027-01-31\""), "\(csv)")
    }

    @Test func controlCharactersAreLeftOutWithAWarning() throws {
        // JSON and YAML escapes can carry them; so can a raw CSV cell pasted from another program.
        let json = F.jsonResponse(team: "Health\\u0007 Visiting")
            .replacingOccurrences(of: "We do not always use", with: "We do\\u0000 not always\\u001b use")
        let fromJSON = F.validate(json, name: "hv.json")
        let r = try #require(fromJSON.responses.first, "\(F.listing(fromJSON.log.diagnostics))")
        #expect(r.team == "Health Visiting")
        #expect(r.learning.first?.discussion == "We do not always use the Graded Care Profile.")
        let warnings = F.warnings(fromJSON.log).map(\.message)
        #expect(warnings.contains("'team' held 1 control character (invisible characters a copy from another program can carry); it was left out"), "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("'learning point 1: discussion' held 2 control characters") }, "\(warnings)")

        let csv = F.csvHeader + "ben,Riverside Primary School,Jo Example,Pastoral\u{7F} Team,jo@example.org,20/11/2026,F2.3,We talked\u{0C}.,"
            + "Weekly check\u{85}-ins,Pastoral lead,31/03/2027,Done,Worked,not started,\n"
        let fromCSV = F.validate(csv, name: "school.csv")
        let c = try #require(fromCSV.responses.first, "\(F.listing(fromCSV.log.diagnostics))")
        #expect(c.team == "Pastoral Team" && c.learning.first?.discussion == "We talked." && c.actions.first?.what == "Weekly check-ins")
        #expect(F.warnings(fromCSV.log).filter { $0.message.contains("control character") }.count == 3)
        // Ordinary text, accents and dashes included, is left as it is and warned about nowhere.
        let plain = F.validate(F.markdownResponse(team: "Équipe – Ünïcødé"), name: "plain.md")
        #expect(plain.responses.first?.team == "Équipe – Ünïcødé")
        #expect(!F.warnings(plain.log).contains { $0.message.contains("control character") })
    }

    @Test func ongoingIsKeptAsWrittenWithAWarningNotAnError() throws {
        let text = F.markdownResponse(actions: Self.actions(byWhen: "ongoing"))
        let (responses, log) = F.validate(text, name: "r.md")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        let warning = try #require(F.warnings(log).first { $0.message.contains("'ongoing'") }, "\(F.listing(log.diagnostics))")
        #expect(warning.location.line == F.line(of: "by_when: ongoing", in: text))
        let due = try #require(responses.first?.actions.first?.byWhen)
        #expect(due.written == "ongoing")
        #expect(due.date == nil)

        // Filed, it stays "ongoing", and the file is accepted (a warning never rejects).
        let sandbox = try CollectorSandbox()
        try sandbox.drop("r.md", text)
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 1 && report.rejected == 0, "\(report.lines)")
        #expect(report.warnings > 0)
        let record = try #require(sandbox.record("northshire-council--childrens-social-care-team-a"))
        #expect(record.contains(#"by_when: "ongoing""#) || record.contains("by_when: ongoing"), "\(record)")
        #expect(F.names(in: sandbox.processed) == ["r.md"])
    }

    @Test func aSubmittedDateThatIsNotADateIsAnError() throws {
        let text = F.markdownResponse(submitted: "last Tuesday")
        let (responses, log) = F.validate(text, name: "r.md")
        #expect(responses.isEmpty)
        let error = try #require(F.errors(log).first { $0.message.contains("'submitted'") }, "\(F.listing(log.diagnostics))")
        #expect(error.location.line == F.line(of: "last Tuesday", in: text))
    }

    @Test("Impossible dates are not dates", arguments: ["31/02/2027", "2027-13-01", "32 January 2027", "01/31/2027"])
    func impossibleDates(_ written: String) {
        #expect(FlexibleDate.parse(written) == nil)
    }

    // MARK: Statuses

    @Test("Statuses as people type them",
          arguments: [("In progress", ActionStatus.inProgress), ("in progress", .inProgress), ("IN_PROGRESS", .inProgress),
                      ("in-progress", .inProgress), ("not-started", .notStarted), ("Not started", .notStarted),
                      ("Done", .done), ("done", .done)])
    func statusVariants(_ written: String, _ expected: ActionStatus) throws {
        let (responses, log) = F.validate(F.markdownResponse(actions: Self.actions(byWhen: "2027-01-31", status: written)), name: "r.md")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        #expect(try #require(responses.first).actions.first?.status == expected)
    }

    @Test func anUnknownStatusIsAnErrorOnItsLine() throws {
        let text = F.markdownResponse(actions: Self.actions(byWhen: "2027-01-31", status: "finished"))
        let (responses, log) = F.validate(text, name: "r.md")
        #expect(responses.isEmpty)
        let error = try #require(F.errors(log).first, "\(F.listing(log.diagnostics))")
        #expect(error.message.contains("status 'finished'"))
        #expect(error.location.line == F.line(of: "status: finished", in: text))
    }

    @Test func aMissingStatusMeansNotStarted() throws {
        let actions = """
          - what: Add strategy meetings to the team induction
            who: Team manager
            by_when: 2027-01-31
            done_when: Every new starter has had the session
            worked_when: Staff ask for strategy meetings when they should

        """
        let (responses, log) = F.validate(F.markdownResponse(actions: actions), name: "r.md")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        #expect(try #require(responses.first).actions.first?.status == .notStarted)
    }

    // MARK: Fields

    @Test func unknownFieldsAreWarningsNamingTheField() throws {
        let text = F.markdownResponse(
            learning: """
              - refs: [F2]
                discussion: We talked.
                priority: high

            """,
            actions: """
              - what: Something
                who: Someone
                by_when: 2027-01-31
                done_when: Soon
                worked_when: Later
                status: done
                cost: none

            """,
            extra: "colour: blue\n")
        let (responses, log) = F.validate(text, name: "r.md")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        #expect(responses.count == 1)
        let warnings = F.warnings(log)
        for (field, needle) in [("colour", "colour: blue"), ("priority", "priority: high"), ("cost", "cost: none")] {
            let w = warnings.first { $0.message.contains("unknown field") && $0.message.contains(field) }
            #expect(w != nil, "no warning about '\(field)':\n\(F.listing(log.diagnostics))")
            #expect(w?.location.line == F.line(of: needle, in: text), "\(F.listing(log.diagnostics))")
        }
    }

    @Test func anUnknownIDIsAnErrorOnItsLineNamingTheIDsThereAre() throws {
        let text = F.markdownResponse(learning: """
          - refs: [F1, F9]
            discussion: One that exists, one that does not.

        """)
        let (responses, log) = F.validate(text, name: "r.md")
        #expect(responses.isEmpty)
        let error = try #require(F.errors(log).first, "\(F.listing(log.diagnostics))")
        #expect(error.message.contains("'F9'"))
        #expect(error.message.contains("F1, F1.1, F2, F2.1, F2.2, F2.3, F2.4, F3, F3.1, F4, R1, R2, R3, R3.1, R3.2, R4"), "\(error.message)")
        #expect(error.location.line == F.line(of: "F9", in: text))
    }

    @Test func idsAreReadInAnyCase() throws {
        let text = F.markdownResponse(learning: """
          - refs: [f2.1, r3.2]
            discussion: Lower case IDs.

        """)
        let (responses, log) = F.validate(text, name: "r.md")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        #expect(responses.first?.learning.first?.refs == ["F2.1", "R3.2"])
    }

    @Test func aMissingOrganisationIsAnError() throws {
        let text = F.markdownResponse(organisation: "")
        let (responses, log) = F.validate(text, name: "r.md")
        #expect(responses.isEmpty)
        let error = try #require(F.errors(log).first, "\(F.listing(log.diagnostics))")
        #expect(error.message.contains("'organisation'") && error.message.contains("missing"))
        #expect(error.location.line == 2, "the response starts on line 2, after '---'")
    }

    @Test func anUnknownBriefingIsAnError() throws {
        let text = F.markdownResponse().replacingOccurrences(of: "briefing: ben", with: "briefing: bne")
        let (responses, log) = F.validate(text, name: "r.md")
        #expect(responses.isEmpty)
        let error = try #require(F.errors(log).first { $0.message.contains("'bne'") }, "\(F.listing(log.diagnostics))")
        #expect(error.message.contains("ben"))
        #expect(error.location.line == 2)
    }

    // MARK: Files from Windows

    @Test func aByteOrderMarkAndWindowsLineEndsAreAccepted() throws {
        let text = F.markdownResponse()
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        let (responses, log) = F.validate(data, name: "r.md")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        let response = try #require(responses.first)
        #expect(response.briefing == "ben")
        #expect(response.organisation == "Northshire Council")
        #expect(response.notes == "We talked about this at our team meeting.")
        #expect(!response.actions.contains { $0.what.contains("\r") })

        // Line numbers still count lines as the team's editor does.
        let bad = F.markdownResponse(learning: "  - refs: [F9]\n    discussion: x\n")
        var badData = Data([0xEF, 0xBB, 0xBF])
        badData.append(Data(bad.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        let error = try #require(F.errors(F.validate(badData, name: "r.md").log).first)
        #expect(error.location.line == F.line(of: "F9", in: bad))

        // And the file is filed.
        let sandbox = try CollectorSandbox()
        try sandbox.drop("windows.md", data)
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 1, "\(report.lines)\n\(F.listing(report.diagnostics))")
        let record = try #require(sandbox.record("northshire-council--childrens-social-care-team-a"))
        #expect(!record.contains("\r") && !record.hasPrefix("\u{FEFF}"))
    }

    @Test func aCSVWithAByteOrderMarkAndWindowsLineEndsIsAccepted() throws {
        let csv = F.csvHeader + "ben,Northshire Police,Jo,Public Protection Unit,ppu@example.org,2026-11-22,F3,We talked,Invite GPs,DI,2027-03-31,GPs attend,Better information,done,Audit\n"
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data(csv.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        let (responses, log) = F.validate(data, name: "export.csv")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        #expect(!log.diagnostics.contains { $0.message.contains("not one of the form's questions") }, "\(F.listing(log.diagnostics))")
        let response = try #require(responses.first)
        #expect(response.briefing == "ben")
        #expect(response.actions.first?.evidence == "Audit")
        #expect(response.actions.first?.status == .done)
    }

    @Test("Text that is not UTF-8 is refused with a reason", arguments: [
        (Data([0x2D, 0x2D, 0x2D, 0x0A, 0x92, 0x0A]), "not UTF-8"),
        (Data([0xFF, 0xFE, 0x2D, 0x00, 0x2D, 0x00]), "UTF-16"),
        (Data([0x2D, 0x2D, 0x2D, 0x00, 0x0A]), "binary"),
    ])
    func notUTF8(_ data: Data, _ reason: String) throws {
        let (responses, log) = F.validate(data, name: "r.md")
        #expect(responses.isEmpty)
        #expect(F.errors(log).contains { $0.message.contains(reason) }, "\(F.listing(log.diagnostics))")
    }

    // MARK: Names that would leave their folder

    @Test func namesWithPathsInThemStayInsideTheBriefingsFolder() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("sneaky.md", F.markdownResponse(organisation: "../../../etc", team: "passwd/../../x"))
        try sandbox.drop("slashes.md", F.markdownResponse(organisation: "\"/\"", team: "\"..\""))
        let before = Set(F.files(under: sandbox.root).keys)
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 2 && report.rejected == 0, "\(report.lines)\n\(F.listing(report.diagnostics))")
        let added = Set(F.files(under: sandbox.root).keys).subtracting(before)
        let records = added.filter { !$0.hasPrefix("inbox/") }.sorted()
        #expect(records == ["Content/responses/ben/etc--passwd-x.md", "Content/responses/ben/untitled--untitled.md"], "\(records)")
        // Nothing outside the sandbox either: the folder above it holds no new 'etc' or 'x'.
        for url in [sandbox.root.deletingLastPathComponent().appendingPathComponent("etc"), sandbox.content.appendingPathComponent("etc")] {
            #expect(!FileManager.default.fileExists(atPath: url.path))
        }
        // The names themselves are kept as written, in the record.
        let record = try #require(sandbox.record("etc--passwd-x"))
        #expect(record.contains(#"organisation: "../../../etc""#), "\(record)")
    }

    @Test("A slug is made only of lower-case letters, digits and dashes",
          arguments: ["../../etc/passwd", "a/b", "..", "/", "C:\\Windows\\System32", "St Mary's & St John's", "  Team\t2 "])
    func slugsCannotEscape(_ name: String) {
        let slug = Slug.make(name)
        #expect(!slug.isEmpty)
        #expect(slug.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }, "\(slug)")
        #expect(!slug.hasPrefix("-") && !slug.hasSuffix("-"))
    }

    // MARK: Records read back

    /// Texts a team might type, each of which the stored record must give back unchanged.
    static let trickyTexts = [
        "Line one\n\n  indented second", "ends with colon:", "# not a comment", "- not a list", "'single'", "\"double\"",
        "multi\nline with trailing spaces   \nend", "emoji 🧒🏽 here", "key: value", "…", "back\\slash", "tab\there",
        "a\n  \nb", "@at", "`tick`", "%percent", "null", "~", "yes", "0123", "[1, 2]", "{a: b}", "| pipe", "> gt",
        "We agreed:\n---\nthen more", "Signature below\n  ---\nJo", "Trailing spaces\n  ---  \nJo",
    ]

    @Test("A filed record reads back as exactly what was filed", arguments: trickyTexts)
    func recordsRoundTrip(_ t: String) throws {
        let r = TeamResponse(briefing: "ben", organisation: "Org", team: "Team", teamManager: t, contact: t,
                             submitted: CalendarDate(year: 2026, month: 11, day: 20),
                             learning: [LearningPoint(refs: ["F1"], discussion: t)],
                             actions: [ResponseAction(what: t, who: t, byWhen: DueDate(written: t), doneWhen: t, workedWhen: t, status: .done, evidence: t, refs: ["R2", "F1"])],
                             notes: t)
        let stored = ResponseWriter.markdown(r)
        // A text with a line that is "---" once trimmed is written in an indented YAML block; reading the
        // record back must not take that line for the end of the front matter.
        let (back, log) = F.validate(stored, name: "record.md")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))\n\(stored)")
        #expect(back.first == r, "\(stored)")
    }

    @Test func aDiscussionWithAHorizontalRuleStillBuilds() throws {
        let sandbox = try CollectorSandbox()
        let json = F.jsonResponse().replacingOccurrences(of: "We do not always use the Graded Care Profile.",
                                                         with: #"We agreed three things.\n---\nThen we ran out of time."#)
        try sandbox.drop("rule.json", json)
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 1, "\(report.lines)\n\(F.listing(report.diagnostics))")
        // The record's indented "---" line must not end its front matter, or the actions would become notes.
        let hub = try sandbox.loadHub()
        let r = try #require(hub.responses.first)
        #expect(r.learning.first?.discussion == "We agreed three things.\n---\nThen we ran out of time.")
        #expect(r.actions.map(\.what) == ["Use the Graded Care Profile on every neglect case"])
        #expect(!r.notes.contains("worked_when"), "\(r.notes)")
        try sandbox.build()
        #expect(try sandbox.page("actions/index.html").contains("Use the Graded Care Profile on every neglect case"))
    }

    // MARK: CSV

    @Test func quotedCSVCellsKeepTheirCommasQuotesAndLineBreaks() throws {
        let text = "a,b,c\n\"one, two\",\"say \"\"hello\"\"\",\"line 1\nline 2\"\nx,,\"\"\n"
        let table = try CSVTable.parse(text)
        #expect(table.rows.map { $0.map(\.text) } == [["a", "b", "c"], ["one, two", "say \"hello\"", "line 1\nline 2"], ["x", "", ""]])
        // The row after a cell with a line break starts on line 4.
        #expect(table.rows[2].map(\.line) == [4, 4, 4])
        #expect(table.rows[1].map(\.column) == [1, 12, 28])
    }

    @Test func aCSVRowsQuotedCellsReachTheResponse() throws {
        let csv = F.csvHeader
            + "ben,\"Northshire Council, Children's Services\",Jo,\"Team \"\"A\"\"\",x@example.org,2026-11-22,\"F1, F2\",\"We discussed:\n- strategy meetings, and\n- the GCP\",\"Audit, then train\",Jo,2027-03-31,Done,Works,In progress,\n"
        let (responses, log) = F.validate(csv, name: "export.csv")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        let r = try #require(responses.first)
        #expect(r.organisation == "Northshire Council, Children's Services")
        #expect(r.team == "Team \"A\"")
        #expect(r.learning.first?.refs == ["F1", "F2"])
        #expect(r.learning.first?.discussion == "We discussed:\n- strategy meetings, and\n- the GCP")
        #expect(r.actions.first?.what == "Audit, then train")
        #expect(r.actions.first?.status == .inProgress)
    }

    @Test func anErrorInALaterCSVRowNamesThatRowsLine() throws {
        // Row 1 is on lines 2-4 (its discussion has two line breaks); row 2 starts on line 5.
        let csv = F.csvHeader
            + "ben,Northshire Police,Jo,Public Protection Unit,ppu@example.org,2026-11-22,F3,\"Line one\nline two\nline three\",Invite GPs,DI,2027-03-31,GPs attend,Better,done,\n"
            + "ben,St Marys School,Pat,Pastoral Team,p@example.org,2026-11-23,\"F1, F9\",We talked,Record the voice,DSL,2027-01-31,Done,Works,finished,\n"
        let (responses, log) = F.validate(csv, name: "export.csv")
        #expect(responses.map(\.organisation) == ["Northshire Police"], "the good row is still read")
        let errors = F.errors(log)
        let unknown = try #require(errors.first { $0.message.contains("'F9'") }, "\(F.listing(log.diagnostics))")
        #expect(unknown.location.line == 5)
        #expect(unknown.location.column == 64, "the column of the 'Relevant learning' cell")
        let status = try #require(errors.first { $0.message.contains("status 'finished'") }, "\(F.listing(log.diagnostics))")
        #expect(status.location.line == 5)
    }

    @Test func aMissingFieldInALaterCSVRowNamesThatRowsLine() throws {
        let csv = F.csvHeader
            + "ben,Northshire Police,Jo,Public Protection Unit,ppu@example.org,2026-11-22,F3,\"Two\nlines\",Invite GPs,DI,2027-03-31,GPs attend,Better,done,\n"
            + "ben,,Pat,Pastoral Team,p@example.org,2026-11-23,F1,We talked,Record the voice,DSL,2027-01-31,Done,Works,done,\n"
        let (_, log) = F.validate(csv, name: "export.csv")
        let error = try #require(F.errors(log).first { $0.message.contains("'organisation'") }, "\(F.listing(log.diagnostics))")
        #expect(error.location.line == 4)
    }

    @Test func anUnclosedQuoteIsReportedWhereItOpens() throws {
        let csv = F.csvHeader
            + "ben,Northshire Police,Jo,Public Protection Unit,ppu@example.org,2026-11-22,F3,We talked,Invite GPs,DI,2027-03-31,GPs attend,Better,done,\n"
            + "ben,St Marys School,Pat,Pastoral Team,p@example.org,2026-11-23,F1,\"We talked, and then,Record the voice,DSL,2027-01-31,Done,Works,done,\n"
            + "ben,Northshire Council,Al,Early Help Hub,e@example.org,2026-11-24,F2,Fine,Do it,Al,2027-01-31,Done,Works,done,\n"
        let thrown = #expect(throws: CSVTable.ParseError.self) { try CSVTable.parse(csv) }
        if case .unclosedQuote(let line, let column)? = thrown {
            #expect(line == 3 && column == 67, "reported at \(line):\(column)")
        }

        let (responses, log) = F.validate(csv, name: "export.csv")
        #expect(responses.isEmpty)
        let error = try #require(F.errors(log).first, "\(F.listing(log.diagnostics))")
        #expect(error.message.contains("closing quote"))
        #expect(error.location.line == 3 && error.location.column == 67)

        // The collector sets the file aside, naming the line.
        let sandbox = try CollectorSandbox()
        try sandbox.drop("export.csv", csv)
        let report = try sandbox.collect()
        #expect(report.rejected == 1)
        let reasons = try String(contentsOf: sandbox.rejected.appendingPathComponent("export.csv.errors.txt"), encoding: .utf8)
        #expect(reasons.contains("export.csv:3:67:") && reasons.contains("closing quote"), "\(reasons)")
        #expect(F.names(in: sandbox.benResponses).isEmpty)
    }

    @Test func anUnknownCSVColumnIsAWarning() throws {
        let csv = F.csvHeader.replacingOccurrences(of: "Evidence\n", with: "Evidence,Favourite colour\n")
            + "ben,Northshire Police,Jo,Public Protection Unit,ppu@example.org,2026-11-22,F3,We talked,Invite GPs,DI,2027-03-31,GPs attend,Better,done,,blue\n"
        let (responses, log) = F.validate(csv, name: "export.csv")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        #expect(responses.count == 1)
        let w = try #require(F.warnings(log).first { $0.message.contains("Favourite colour") }, "\(F.listing(log.diagnostics))")
        #expect(w.location.line == 1)
    }

    @Test func numberedCSVColumnsGiveSeveralActions() throws {
        let csv = "Briefing,Name of Organisation,Team Manager,Name of Section & Team,Date,Relevant learning 1,Discussion 1,Relevant learning (2),Discussion (2),"
            + "What needs to happen? 1,Status 1,What needs to happen? 2,Status 2\n"
            + "ben,Northshire Police,Jo,PPU,2026-11-22,F1,First,R2,Second,Audit,done,Train,not started\n"
        let (responses, log) = F.validate(csv, name: "export.csv")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        let r = try #require(responses.first)
        #expect(r.learning.map(\.refs) == [["F1"], ["R2"]])
        #expect(r.actions.map(\.what) == ["Audit", "Train"])
        #expect(r.actions.map(\.status) == [.done, .notStarted])
    }
}
