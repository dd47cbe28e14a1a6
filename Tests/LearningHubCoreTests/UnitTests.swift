import Foundation
import Testing
@testable import LearningHubCore

@Suite("Routes")
struct RoutesTests {
    @Test(arguments: [
        ("", "./"),
        ("briefings/", "../"),
        ("themes/", "../"),
        ("guide/", "../"),
        ("briefings/ben/", "../../"),
        ("themes/strategy-meetings/", "../../"),
    ])
    func rootPrefix(route: String, expected: String) {
        #expect(Routes.rootPrefix(from: route) == expected)
    }

    @Test(arguments: [
        ("", "", "./"),
        ("", "briefings/", "briefings/"),
        ("", "briefings/ben/", "briefings/ben/"),
        ("briefings/", "", "../"),
        ("briefings/", "briefings/ben/", "../briefings/ben/"),
        ("briefings/ben/", "", "../../"),
        ("briefings/ben/", "themes/strategy-meetings/", "../../themes/strategy-meetings/"),
        ("briefings/ben/", "briefings/ben/", "../../briefings/ben/"),
        ("themes/voice/", "guide/", "../../guide/"),
        ("guide/", "briefings/ben/", "../briefings/ben/"),
    ])
    func relative(from: String, to: String, expected: String) {
        #expect(Routes.relative(from: from, to: to) == expected)
    }

    @Test func contentFilesBecomeFolderRoutes() {
        #expect(Routes.route(forContentPath: "briefings/ben.md") == "briefings/ben/")
        #expect(Routes.route(forContentPath: "briefings/Ben Review.md") == "briefings/ben-review/")
        #expect(Routes.route(forContentPath: "themes/Strategy & Meetings.md") == "themes/strategy-and-meetings/")
        #expect(Routes.route(forContentPath: "pages/about.md") == "about/")
        #expect(Routes.route(forContentPath: "pages/about.txt") == nil)
        #expect(Routes.route(forContentPath: "other/about.md") == nil)
        #expect(Routes.route(forContentPath: "briefings/sub/ben.md") == nil)
        #expect(Routes.route(forContentPath: "ben.md") == nil)
    }
}

@Suite("Slug")
struct SlugTests {
    @Test(arguments: [
        ("Ben Review", "ben-review"),
        ("ben-review", "ben-review"),
        ("  Ben   Review!  ", "ben-review"),
        ("Voice of the Child & Lived Experience", "voice-of-the-child-and-lived-experience"),
        ("Child's voice", "childs-voice"),
        ("Child\u{2019}s voice", "childs-voice"),
        ("F2.1", "f2-1"),
        ("2026 Review", "2026-review"),
        ("", "untitled"),
        ("---", "untitled"),
    ])
    func make(text: String, expected: String) {
        #expect(Slug.make(text) == expected)
    }

    @Test(arguments: ["..", "../..", "../../etc/passwd", "/", "a/b", "a\\b", "./.", ".hidden", "..%2F..", "a/../b",
                      "\u{0000}", "\u{202E}evil", "Ω≈ç√", "…", "a..b", "x/../../y"])
    func cannotClimbOutOrMakeFolders(text: String) {
        let slug = Slug.make(text)
        #expect(!slug.isEmpty)
        #expect(!slug.contains("/"))
        #expect(!slug.contains("\\"))
        #expect(!slug.contains(".."))
        #expect(slug != ".")
        #expect(!slug.hasPrefix("-") && !slug.hasSuffix("-"))
        #expect(slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
    }
}

@Suite("Briefing section headings")
struct SectionRecognitionTests {
    @Test(arguments: [
        ("1. Background", "1", "Background"),
        ("01 Background", "01", "Background"),
        ("02: Safeguarding concerns", "02", "Safeguarding concerns"),
        ("3) The incident", "3", "The incident"),
        ("04 - The review", "04", "The review"),
        ("05 \u{2013} The findings", "05", "The findings"),
        ("6 \u{2014} Recommendations", "6", "Recommendations"),
        ("07", "07", ""),
        ("7.", "7", ""),
        ("12 Twelve", "12", "Twelve"),
    ])
    func numbered(heading: String, number: String, title: String) {
        let (n, t) = BriefingBodyParser.recognise(heading)
        #expect(n == number)
        #expect(t == title)
    }

    /// Headings without a number are sections too: their title is the whole heading.
    @Test(arguments: ["Background", "Why it matters", "", "   01 Indented", "Ⅰ Background", "٠١ Background", "99999999999999999999999 Overflow"])
    func unnumbered(heading: String) {
        let (n, t) = BriefingBodyParser.recognise(heading)
        #expect(n == nil)
        #expect(t == heading)
    }

    @Test func rolesAreGuessedFromTitlesByTheLongestPhrase() {
        let vocabulary = RoleVocabulary()
        let cases: [(String, String, Bool)] = [
            ("Background", "narrative", true), ("The findings", "findings", true), ("What the review found", "findings", true),
            ("Recommendations", "recommendations", true), ("What needs to change", "recommendations", true),
            ("Good practice to build on", "good-practice", true), ("Things to look out for", "look-for", true),
            ("What to do", "what-to-do", true), ("Questions for your team", "questions", true),
            ("Implementing change", "questions", true), ("Key messages for practitioners", "key-messages", true),
            ("Further information", "resources", true), ("Über die Familie", "narrative", false), ("Practice in Northshire", "narrative", false),
            ("WHAT WE FOUND", "findings", true), ("Lessons léarned", "key-messages", true), ("Reflective QUESTIONS", "questions", true),
        ]
        for (title, role, sure) in cases {
            let guess = vocabulary.guess(title)
            #expect(guess.role.name == role, "\(title)")
            #expect(guess.sure == sure, "\(title)")
        }
    }

    @Test func sectionAnchorsAndRolePrefixes() {
        let section = RenderedSection(position: 5, number: nil, title: "X", role: .findings, html: "", source: SourceLocation(path: "x"))
        #expect(section.anchor == "section-05")
        #expect(section.label == "5")
        #expect(RenderedSection(position: 12, number: "4", title: "X", role: .findings, html: "", source: SourceLocation(path: "x")).anchor == "section-12")
        #expect(SectionRole.builtIn.compactMap(\.prefix).sorted() == ["D", "F", "G", "K", "L", "Q", "R"])
        #expect(SectionRole.findings.prefix == "F")
        #expect(SectionRole.recommendations.prefix == "R")
        #expect(LearningItem.anchor(for: "F2.1") == "F2-1")
        #expect(LearningItem.anchor(for: "R3.1.2") == "R3-1-2")
    }
}

@Suite("CalendarDate")
struct CalendarDateTests {
    @Test func parsesISODates() throws {
        let d = try #require(CalendarDate(iso: "2026-11-27"))
        #expect((d.year, d.month, d.day) == (2026, 11, 27))
        #expect(d.iso == "2026-11-27")
        #expect(d.long == "27 November 2026")
        #expect(d.description == "2026-11-27")
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "2026-01-05")?.long == "5 January 2026")
    }

    @Test(arguments: ["2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-11-00",
                      "2026-1-05", "26-01-05", "2026/01/05", "27/11/2026", "2026-11-27T10:00", "", "2026-11",
                      "1899-12-31", "3000-01-01", "abcd-ef-gh", " 2026-11-27"])
    func rejectsBadDates(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func rejectsSignedParts() {
        #expect(CalendarDate(iso: "2026-+1-+5") == nil)
    }

    @Test func dayNumberCountsDaysSince1970() throws {
        #expect(CalendarDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(CalendarDate(year: 1970, month: 1, day: 2)?.dayNumber == 1)
        #expect(CalendarDate(year: 1969, month: 12, day: 31)?.dayNumber == -1)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)?.dayNumber == 11017)
        let a = try #require(CalendarDate(iso: "2024-02-28")), b = try #require(CalendarDate(iso: "2024-03-01"))
        #expect(b.dayNumber - a.dayNumber == 2)
        let c = try #require(CalendarDate(iso: "2026-02-28")), d = try #require(CalendarDate(iso: "2026-03-01"))
        #expect(d.dayNumber - c.dayNumber == 1)
    }

    @Test func dayNumberAgreesWithFoundationEveryDayFor1900To2100() throws {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = try #require(TimeZone(identifier: "UTC"))
        var mismatches: [String] = []
        var previous: Int?
        for year in stride(from: 1900, through: 2100, by: 1) {
            for month in 1...12 {
                for day in 1...CalendarDate.daysIn(month: month, year: year) {
                    let date = try #require(CalendarDate(year: year, month: month, day: day))
                    let foundation = try #require(utc.date(from: DateComponents(year: year, month: month, day: day)))
                    let expected = Int((foundation.timeIntervalSince1970 / 86_400).rounded(.down))
                    if date.dayNumber != expected { mismatches.append("\(date.iso): \(date.dayNumber) ≠ \(expected)") }
                    if let previous, date.dayNumber != previous + 1 { mismatches.append("\(date.iso) does not follow the day before") }
                    previous = date.dayNumber
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func ordersByDay() throws {
        let dates = ["2026-11-27", "2025-12-31", "2026-01-01", "2026-11-26"].compactMap(CalendarDate.init(iso:))
        #expect(dates.sorted().map(\.iso) == ["2025-12-31", "2026-01-01", "2026-11-26", "2026-11-27"])
        #expect(dates.sorted().map(\.dayNumber) == dates.map(\.dayNumber).sorted())
    }
}

@Suite("ClockFace")
struct ClockFaceTests {
    /// Pinned so that a change to the geometry, or to the way numbers are written, is noticed.
    static let expected = [
        "M101.7 4.0 A96.0 96.0 0 0 1 174.0 38.8 L132.4 73.2 A42.0 42.0 0 0 0 100.7 58.0 Z",
        "M176.1 41.5 A96.0 96.0 0 0 1 194.0 119.7 L141.1 108.6 A42.0 42.0 0 0 0 133.3 74.4 Z",
        "M193.2 123.0 A96.0 96.0 0 0 1 143.2 185.8 L118.9 137.5 A42.0 42.0 0 0 0 140.8 110.1 Z",
        "M140.1 187.2 A96.0 96.0 0 0 1 59.9 187.2 L82.4 138.2 A42.0 42.0 0 0 0 117.6 138.2 Z",
        "M56.8 185.8 A96.0 96.0 0 0 1 6.8 123.0 L59.2 110.1 A42.0 42.0 0 0 0 81.1 137.5 Z",
        "M6.0 119.7 A96.0 96.0 0 0 1 23.9 41.5 L66.7 74.4 A42.0 42.0 0 0 0 58.9 108.6 Z",
        "M26.0 38.8 A96.0 96.0 0 0 1 98.3 4.0 L99.3 58.0 A42.0 42.0 0 0 0 67.6 73.2 Z",
    ]

    @Test func hasSevenSegmentsWithFixedPaths() {
        #expect(ClockFace.segments.count == 7)
        #expect(ClockFace.segments.map(\.path) == Self.expected)
        #expect(ClockFace.segments.map(\.labelX) == ["129.9", "167.3", "153.9", "100.0", "46.1", "32.7", "70.1"])
        #expect(ClockFace.segments.map(\.labelY) == ["37.8", "84.6", "143.0", "169.0", "143.0", "84.6", "37.8"])
    }

    @Test func numbersAreWrittenWithOneDecimalPlaceAndNoLocale() throws {
        let number = try NSRegularExpression(pattern: #"^-?\d+\.\d$"#)
        for segment in ClockFace.segments {
            let tokens = segment.path.split(separator: " ").map { String($0.drop { "MALZ".contains($0) }) }.filter { !$0.isEmpty }
            for token in tokens + [segment.labelX, segment.labelY] where token.contains(".") {
                #expect(number.firstMatch(in: token, range: NSRange(token.startIndex..., in: token)) != nil, "\(token)")
            }
            #expect(segment.path.hasPrefix("M") && segment.path.hasSuffix(" Z"))
        }
        #expect(ClockFace.fmt(0) == "0.0")
        #expect(ClockFace.fmt(-0.04) == "0.0")
        #expect(ClockFace.fmt(-0.06) == "-0.1")
        #expect(ClockFace.fmt(12.35) == "12.4")
        #expect(ClockFace.fmt(199.99) == "200.0")
    }
}

@Suite("Resolving relative links")
struct ResolveTests {
    @Test(arguments: [
        ("../themes/strategy-meetings.md", "briefings/ben.md", "themes/strategy-meetings.md"),
        ("other.md", "briefings/ben.md", "briefings/other.md"),
        ("./other.md", "briefings/ben.md", "briefings/other.md"),
        ("../briefings/../pages/guide.md", "themes/x.md", "pages/guide.md"),
        ("../briefings/Ben%20Review.md", "themes/x.md", "briefings/Ben Review.md"),
        ("..", "briefings/ben.md", ""),
        ("hub.yml", "notes.md", "hub.yml"),
    ])
    func resolvesWithinContent(link: String, base: String, expected: String) {
        #expect(MarkdownProcessor.resolve(link, against: base) == expected)
    }

    @Test(arguments: [
        ("../../hub.yml", "briefings/ben.md"),
        ("../../../etc/passwd", "briefings/ben.md"),
        ("../..", "themes/x.md"),
        ("a/../../../x.md", "briefings/ben.md"),
        ("..%2F..%2Fsecret.md", "briefings/ben.md"),
        ("%2E%2E/%2E%2E/secret.md", "briefings/ben.md"),
        ("../x.md", "top.md"),
    ])
    func refusesToClimbOutOfContent(link: String, base: String) {
        #expect(MarkdownProcessor.resolve(link, against: base) == nil)
    }

    @Test func splitsFragmentsAndSpotsSchemes() {
        #expect(MarkdownProcessor.splitFragment("ben.md#F2-1") == ("ben.md", "F2-1"))
        #expect(MarkdownProcessor.splitFragment("#top") == ("", "top"))
        #expect(MarkdownProcessor.splitFragment("ben.md") == ("ben.md", nil))
        #expect(MarkdownProcessor.hasScheme("https://example.org"))
        #expect(MarkdownProcessor.hasScheme("mailto:a@example.org"))
        #expect(MarkdownProcessor.hasScheme("javascript:alert(1)"))
        #expect(!MarkdownProcessor.hasScheme("../briefings/ben.md"))
        #expect(!MarkdownProcessor.hasScheme(":nothing"))
    }
}

@Suite("Front matter")
struct FrontMatterTests {
    @Test func splitsAndRemembersWhereTheBodyStarts() throws {
        let file = try FrontMatterFile.split("---\ntitle: A\nchild: B\n---\n\n## 01 Background\n", path: "x.md")
        #expect(file.yaml == "title: A\nchild: B")
        #expect(file.yamlFirstLine == 2)
        #expect(file.bodyFirstLine == 5)
        #expect(file.body == "\n## 01 Background\n")
    }

    @Test func acceptsAByteOrderMarkAndWindowsLineEndings() throws {
        let file = try FrontMatterFile.split("\u{FEFF}---\r\ntitle: A\r\n---\r\nBody\r\n", path: "x.md")
        #expect(file.yaml == "title: A")
        #expect(file.body == "Body\n")
        #expect(file.bodyFirstLine == 4)
    }

    @Test func aFileWithoutFrontMatterIsRefused() {
        #expect(throws: DiagnosticsError.self) { try FrontMatterFile.split("## 01 Background\n", path: "x.md") }
    }

    @Test func fieldsReportTheirOwnLines() {
        var fields = YAMLFields(yaml: "title: A\nthemes: one\norder: [1]\n", path: "x.md", firstLine: 2)
        #expect(fields.string("title") == "A")
        #expect(fields.stringList("themes") == nil)
        #expect(fields.string("order") == nil)
        #expect(fields.string("missing") == nil)
        let lines = fields.log.diagnostics.map(\.location.line)
        #expect(lines == [3, 4, 1], "\(listing(fields.log.diagnostics))")
    }

    @Test func unknownFieldsAreWarnedAbout() {
        var fields = YAMLFields(yaml: "title: A\ntitel: B\n", path: "x.md", firstLine: 2)
        _ = fields.string("title")
        fields.warnAboutUnknownFields()
        #expect(fields.log.diagnostics.count == 1)
        #expect(fields.log.diagnostics.first?.severity == .warning)
        #expect(fields.log.diagnostics.first?.location.line == 3)
        #expect(fields.log.diagnostics.first?.message.contains("'titel'") == true)
    }
}
