import Foundation
import Testing
@testable import LearningHubCore

private typealias F = CollectorFixtures

/// Workbooks made at test time by real spreadsheet writers from PyPI: XlsxWriter (shared strings and
/// formulas with saved results, as Excel and Microsoft Forms write them) and openpyxl (inline strings,
/// formulas without a saved result). `bash Tests/site/install-deps.sh` installs both.
enum Spreadsheet {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `script` (Python, with `out` the path to save to) and returns the workbook's bytes.
    static func make(_ script: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("export.xlsx")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys\nout = sys.argv[1]\n" + script, out.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            if message.contains("ModuleNotFoundError") {
                throw Missing(description: "the .xlsx tests need Python's openpyxl and xlsxwriter, which are missing: "
                              + "run `bash Tests/site/install-deps.sh` (or `pip install openpyxl xlsxwriter`)\n\(message)")
            }
            throw Missing(description: "the Python script that makes the test workbook failed:\n\(message)")
        }
        return try Data(contentsOf: out)
    }

    /// The questions as a Microsoft Forms export has them: its own columns first, then the form's.
    static let formsHeader = #"["ID", "Start time", "Completion time", "Email", "Name", "Briefing", "Name of Organisation", "Team Manager", "Name of Section & Team", "Contact Details", "Date", "Relevant learning", "Discussion", "What needs to happen? 1", "Who will do it? 1", "By When? 1", "How will you know when it has been done? 1", "How will you know if it has worked? 1", "Status 1", "What needs to happen? 2", "By When? 2", "Status 2"]"#
}

@Suite struct XLSXCollectTests {
    /// A Microsoft Forms-like export by XlsxWriter: shared strings, dates as serial numbers in date
    /// formats (with a time, as Forms' own columns are), an empty row, a merged organisation cell
    /// across two teams' rows, and a formula whose saved result is the cited ID.
    static let formsExport = """
    import xlsxwriter, datetime
    wb = xlsxwriter.Workbook(out)
    ws = wb.add_worksheet("Sheet1")
    day = wb.add_format({"num_format": "dd/mm/yyyy"})
    stamp = wb.add_format({"num_format": "m/d/yy h:mm"})
    header = \(Spreadsheet.formsHeader)
    for c, h in enumerate(header): ws.write_string(0, c, h)
    def row(r, org, team, refs, when, status, second_when):
        ws.write_number(r, 0, r)
        ws.write_datetime(r, 1, datetime.datetime(2026, 11, 20, 9, 30), stamp)
        ws.write_datetime(r, 2, datetime.datetime(2026, 11, 20, 9, 52), stamp)
        ws.write_string(r, 3, "anonymous")
        ws.write_string(r, 5, "ben")
        if org: ws.write_string(r, 6, org)
        ws.write_string(r, 7, "Jo Example")
        ws.write_string(r, 8, team)
        ws.write_string(r, 9, "team@example.org")
        ws.write_datetime(r, 10, datetime.datetime(2026, 11, 20), day)
        if refs: ws.write_string(r, 11, refs)
        ws.write_string(r, 12, "We talked about strategy meetings.")
        ws.write_string(r, 13, "Add strategy meetings to the induction")
        ws.write_string(r, 14, "Team manager")
        ws.write_datetime(r, 15, when, day)
        ws.write_string(r, 16, "Every new starter has had the session")
        ws.write_string(r, 17, "Staff ask for strategy meetings")
        ws.write_string(r, 18, status)
        ws.write_string(r, 19, "Audit case files")
        ws.write_datetime(r, 20, second_when, day)
        ws.write_string(r, 21, "Not started")
    row(1, "Northshire Council", "Childrens Social Care Team A", "F1, F1.1", datetime.datetime(2027, 1, 31), "In progress", datetime.datetime(2027, 3, 1))
    # row 3 (index 2) is left empty, as a deleted response leaves it
    row(3, "Northshire NHS Trust", "Health Visiting", None, datetime.datetime(2027, 2, 28), "Done", datetime.datetime(2028, 2, 29))
    ws.write_formula(3, 11, '="F"&"2"', None, "F2")
    row(4, None, "School Nursing", "F3", datetime.datetime(2027, 4, 30), "Not started", datetime.datetime(2027, 5, 1))
    ws.merge_range(3, 6, 4, 6, "Northshire NHS Trust")
    wb.close()
    """

    @Test func aFormsExportIsReadAsItWasDownloaded() throws {
        let (responses, log) = F.validate(try Spreadsheet.make(Self.formsExport), name: "forms.xlsx")
        #expect(F.errors(log).isEmpty, "\(F.listing(log.diagnostics))")
        // Forms' own columns (ID, Start time …) are read past without a warning each.
        #expect(!F.warnings(log).contains { $0.message.contains("column") }, "\(F.listing(log.diagnostics))")
        try #require(responses.count == 3, "\(responses)")
        let first = responses[0]
        #expect(first.organisation == "Northshire Council" && first.team == "Childrens Social Care Team A")
        #expect(first.submitted == CalendarDate(year: 2026, month: 11, day: 20))
        #expect(first.learning.first?.refs == ["F1", "F1.1"])
        #expect(first.actions.map(\.byWhen?.date) == [CalendarDate(year: 2027, month: 1, day: 31), CalendarDate(year: 2027, month: 3, day: 1)])
        #expect(first.actions.map(\.status) == [.inProgress, .notStarted])
        // The formula's saved result, and a leap day from its serial number.
        #expect(responses[1].learning.first?.refs == ["F2"])
        #expect(responses[1].actions.last?.byWhen?.date == CalendarDate(year: 2028, month: 2, day: 29))
        #expect(responses[1].actions.first?.status == .done)
        // The merged organisation cell belongs to both rows it spans.
        #expect(responses[2].organisation == "Northshire NHS Trust" && responses[2].team == "School Nursing")
    }

    /// Inline strings, a number, a named sheet chosen by hub.yml, and each problem at its cell.
    static let openpyxlExport = """
    import openpyxl, datetime
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active["A1"] = "Not the answers"
    ws = wb.create_sheet("Responses")
    ws.append(["Briefing", "Name of Organisation", "Name of Section & Team", "Team Manager", "Contact Details", "Date", "Relevant learning", "Discussion", "What needs to happen?", "By When?", "Status", "Favourite colour"])
    ws.append(["ben", "Riverside Primary School", "Pastoral Team", "Jo Example", "jo@example.org", datetime.date(2026, 11, 21), "F9", "We talked", "Invite the school nurse", 2027, "Finished", "blue"])
    ws.append(["ben", "Riverside Primary School", "Office", "Jo Example", "jo@example.org", datetime.date(2026, 11, 21), "F2", "We talked", "Check contacts", "=TODAY()", "Done", None])
    wb.save(out)
    """

    @Test func eachProblemNamesItsSheetAndCell() throws {
        let data = try Spreadsheet.make(Self.openpyxlExport)
        var hub = F.seedHub
        hub.config.responseSheet = "responses"
        let (responses, log) = F.validate(data, name: "inbox/forms.xlsx", hub: hub)
        let text = log.diagnostics.map(\.description)
        #expect(text.contains("inbox/forms.xlsx: sheet 'Responses' cell L1: warning: the column 'Favourite colour' is not one of the form's questions and is ignored"), "\(text)")
        #expect(text.contains { $0.hasPrefix("inbox/forms.xlsx: sheet 'Responses' cell G2: error: learning point 1 cites 'F9'") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("inbox/forms.xlsx: sheet 'Responses' cell K2: error: action 1: status 'Finished'") }, "\(text)")
        // A number is read as the number shown, not "2027.0".
        #expect(text.contains { $0.hasPrefix("inbox/forms.xlsx: sheet 'Responses' cell J2: warning: action 1: 'by_when' is '2027'") }, "\(text)")
        // openpyxl saves no result for a formula: the cell is read as empty, and said so.
        #expect(text.contains { $0.hasPrefix("inbox/forms.xlsx: sheet 'Responses' cell J3: warning: the cell has a formula with no saved result") }, "\(text)")
        #expect(responses.map(\.team) == ["Office"], "\(text)")
    }

    @Test func aMissingSheetAndAFileThatIsNoWorkbookAreErrors() throws {
        var hub = F.seedHub
        hub.config.responseSheet = "Answers"
        let (_, missing) = F.validate(try Spreadsheet.make(Self.openpyxlExport), name: "forms.xlsx", hub: hub)
        #expect(F.listing(missing.diagnostics) == "forms.xlsx:1:1: error: the workbook has no sheet called 'Answers' (the sheet 'response_sheet' in hub.yml names); its sheets are: Notes, Responses")
        let (_, notZip) = F.validate(Data("Briefing,Team\nben,A\n".utf8), name: "renamed.xlsx")
        #expect(F.listing(notZip.diagnostics).hasPrefix("renamed.xlsx:1:1: error: the file is not a readable Excel workbook"), "\(F.listing(notZip.diagnostics))")
        let empty = try Spreadsheet.make("import openpyxl\nopenpyxl.Workbook().save(out)")
        let (_, emptyLog) = F.validate(empty, name: "empty.xlsx")
        #expect(F.listing(emptyLog.diagnostics) == "empty.xlsx: sheet 'Sheet' row 1: error: the sheet is empty; it needs a header row (the form's questions) and one row per response")
    }

    @Test func collectFilesAWorkbookAndRejectsABrokenOne() throws {
        let sandbox = try CollectorSandbox()
        try sandbox.drop("forms.xlsx", try Spreadsheet.make(Self.formsExport))
        try sandbox.drop("broken.xlsx", Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0]))
        let report = try sandbox.collect()
        #expect(report.counts[.accepted] == 3, "\(report.lines)")
        #expect(F.names(in: sandbox.benResponses).contains("northshire-nhs-trust--school-nursing.md"))
        #expect(F.names(in: sandbox.processed) == ["forms.xlsx"])
        #expect(F.names(in: sandbox.rejected) == ["broken.xlsx", "broken.xlsx.errors.txt", "broken.xlsx.reply.txt"])
    }

    @Test func serialNumbersAreDays() {
        #expect(XLSXSheet.day(serial: 1, uses1904: false) == "1900-01-01")
        #expect(XLSXSheet.day(serial: 61, uses1904: false) == "1900-03-01")
        #expect(XLSXSheet.day(serial: 46418.75, uses1904: false) == "2027-01-31")
        #expect(XLSXSheet.day(serial: 0, uses1904: true) == "1904-01-01")
        #expect(XLSXSheet.day(serial: 44956, uses1904: true) == "2027-01-31")
        #expect(XLSXWorkbook.isDateFormat("dd/mm/yyyy") && XLSXWorkbook.isDateFormat("[$-809]d mmmm yyyy;@"))
        #expect(!XLSXWorkbook.isDateFormat("h:mm") && !XLSXWorkbook.isDateFormat("0.00") && !XLSXWorkbook.isDateFormat("\"day\" 0"))
    }
}
