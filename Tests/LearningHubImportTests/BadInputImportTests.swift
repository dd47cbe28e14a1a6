import Foundation
import Testing
@testable import LearningHubCore
@testable import LearningHubImport

/// Files that cannot be imported: each is a clear error naming the file, and nothing is written.
@Suite("Bad input to the import is a clear error and writes nothing")
struct BadInputImportTests {
    private func expectRefused(_ url: URL, in hub: ImportHub, _ expected: String, searchPath: [String] = systemPath,
                               sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let report = hub.importing([url], as: "anything", searchPath: searchPath)
        #expect(report.failed == 1 && report.imported.isEmpty, sourceLocation: sourceLocation)
        let errors = report.problems.filter { $0.severity == .error }.map(\.description)
        #expect(errors == [expected, "\(url.lastPathComponent): error: nothing was written for this file"], sourceLocation: sourceLocation)
        #expect(try hub.briefingNames() == hub.originalBriefings, sourceLocation: sourceLocation)
    }

    private func write(_ bytes: [UInt8], _ name: String, in hub: ImportHub) throws -> URL {
        let url = hub.scratch(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url
    }

    @Test func anEmptyFile() throws {
        let hub = try ImportHub()
        try expectRefused(try write([], "empty.txt", in: hub), in: hub, "empty.txt: error: the file is empty: there is nothing to import")
        try expectRefused(try write(Array(" \n\n  \n".utf8), "blank.md", in: hub), in: hub, "blank.md: error: the file is empty: there is nothing to import")
    }

    @Test func aTextFileInAnotherEncoding() throws {
        let hub = try ImportHub()
        // Windows-1252, as Notepad used to save: "é" is the single byte E9, on the third line.
        let latin1 = Array("**01**\n**Background**\nThe family moved to a caf".utf8) + [0xE9] + Array(" in town.\n".utf8)
        try expectRefused(try write(latin1, "cafe.txt", in: hub), in: hub,
                          "cafe.txt:3: error: the file is not UTF-8 text (probably Windows-1252 or Latin-1, as older Windows programs save it): save it as UTF-8 and import it again")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "01 Background".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try expectRefused(try write(utf16, "notepad.txt", in: hub), in: hub,
                          "notepad.txt: error: the file is UTF-16 text: save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8) and import it again")
    }

    @Test func aCorruptWordDocument() throws {
        let hub = try ImportHub()
        let url = try write(Array("PK\u{03}\u{04} half of a Word document, cut off in an email".utf8), "cut-off.docx", in: hub)
        let report = hub.importing([url])
        let error = try #require(report.problems.first { $0.severity == .error })
        #expect(error.description.hasPrefix("cut-off.docx: error: the file could not be read as a Word document (.docx): it may be damaged, or saved in another format (pandoc says: "), "\(error)")
        #expect(report.failed == 1 && report.imported.isEmpty)
        #expect(try hub.briefingNames() == hub.originalBriefings)
    }

    @Test func aScannedPDFWithNoText() throws {
        let hub = try ImportHub()
        // A page that is only a picture, as a scanner makes: shapes, no text layer.
        let html = hub.scratch("scan.html")
        try FileManager.default.createDirectory(at: html.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>scan</title></head><body>
        <svg width="600" height="800" xmlns="http://www.w3.org/2000/svg"><rect x="40" y="40" width="500" height="30" fill="#333"/>
        <rect x="40" y="100" width="420" height="12" fill="#777"/><rect x="40" y="125" width="460" height="12" fill="#777"/></svg>
        </body></html>
        """.utf8).write(to: html)
        let pdf = hub.scratch("scan.pdf")
        try Fixtures.printHTML(html, to: pdf)
        try expectRefused(pdf, in: hub, "scan.pdf: error: no text in this PDF: it may be a scan; run it through text recognition (OCR), for example 'ocrmypdf', and import the result")
    }

    @Test func aPasswordProtectedPDF() throws {
        let hub = try ImportHub()
        let pdf = hub.scratch("protected.pdf")
        try FileManager.default.createDirectory(at: pdf.deletingLastPathComponent(), withIntermediateDirectories: true)
        try run("python3", [repoRoot.appendingPathComponent("Tests/LearningHubImportTests/make_protected_pdf.py").path, pdf.path])
        // The fixture is a real protected PDF: with its password, pdftotext reads it.
        #expect(try run("pdftotext", ["-upw", "team-meeting", pdf.path, "-"]).contains("a protected copy"))
        try expectRefused(pdf, in: hub, "protected.pdf: error: this PDF is protected by a password: open it, save or print a copy without the password, and import that")
    }

    @Test func aMissingConverterNamesThePackageToInstall() throws {
        let hub = try ImportHub()
        let pdf = try write(Array("%PDF-1.4\n".utf8), "briefing.pdf", in: hub)
        try expectRefused(pdf, in: hub, "briefing.pdf: error: 'pdftotext' is not installed, and it is needed to read this file: install Debian's 'poppler-utils' package (apt-get install poppler-utils), or run 'make deps'", searchPath: [])
        let docx = try write(Array("PK".utf8), "briefing.docx", in: hub)
        try expectRefused(docx, in: hub, "briefing.docx: error: 'pandoc' is not installed, and it is needed to read this file: install Debian's 'pandoc' package (apt-get install pandoc), or run 'make deps'", searchPath: [])
    }

    @Test func everyProblemOfARunIsReportedAndTheGoodFilesImported() throws {
        let hub = try ImportHub()
        let files = [try write([], "empty.txt", in: hub), try write([0x43, 0xE9, 0x0A], "latin1.txt", in: hub),
                     try write(Array("x".utf8), "notes.rtf", in: hub), repoRoot.appendingPathComponent("seeds/000_bb50d83f98b648c9.txt"),
                     try write(Array("Just a sentence with no headings at all.\n".utf8), "no-headings.txt", in: hub)]
        try FileManager.default.removeItem(at: hub.briefings.appendingPathComponent("ben.md"))
        let report = hub.importing(files)
        let errors = report.problems.filter { $0.severity == .error && !$0.message.hasPrefix("nothing was written") }.map(\.description)
        #expect(errors == [
            "empty.txt: error: the file is empty: there is nothing to import",
            "latin1.txt:1: error: the file is not UTF-8 text (probably Windows-1252 or Latin-1, as older Windows programs save it): save it as UTF-8 and import it again",
            "notes.rtf: error: only .pdf, .docx, .odt, .txt and .md files can be imported",
            "no-headings.txt: error: no section headings were found (like '01 Background', '1. Background' or a heading on a line of its own): a briefing needs at least one",
        ])
        #expect(report.failed == 4)
        #expect(report.imported.map(\.target) == ["Content/briefings/ben.md"])
        #expect(try hub.briefingNames() == hub.originalBriefings)
    }
}
