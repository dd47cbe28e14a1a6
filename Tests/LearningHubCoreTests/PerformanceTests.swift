import Foundation
import Mustache
import Testing
@testable import LearningHubCore
import TemplateEngine

/// The speed-ups of issue #7 must not change a byte: parallel and single-threaded builds agree,
/// the fast paths agree with the slow paths they stand in for, and writing skips only what is
/// already there. (How fast is measured by `make bench`, not here.)
@Suite("Fast paths give the same bytes")
struct PerformanceTests {
    /// A hub with enough of everything for the parallel loops to interleave.
    private func makeHub() throws -> TempHub {
        let hub = try TempHub(copySeedContent: true)
        for i in 1...40 {
            try hub.write("briefings/case-\(i).md", Fixture.briefing(
                title: "Case \(i): “quotes”, <angles> & 'apostrophes'", published: i % 3 == 0 ? "2026-01-15" : "2025-06-0\(i % 9 + 1)",
                themes: i % 2 == 0 ? ["strategy-meetings", "graded-care-profile"] : ["voice-of-the-child"],
                body: Fixture.body([4: "## 04 The review\n\nSee [Strategy meetings](../themes/strategy-meetings.md) and [Ben](ben.md#F2.1).\n"])))
        }
        return hub
    }

    @Test func aParallelBuildGivesTheSameBytesAsASingleThreadedOne() throws {
        let hub = try makeHub()
        let single = hub.root.appendingPathComponent("Single")
        try BuildPipeline(options: BuildOptions(content: hub.content, theme: hub.theme, output: hub.output, parallel: true)).run()
        try BuildPipeline(options: BuildOptions(content: hub.content, theme: hub.theme, output: single, parallel: false)).run()
        let a = try snapshot(of: hub.output), b = try snapshot(of: single)
        #expect(a.count > 100)
        #expect(a.keys.sorted() == b.keys.sorted())
        for path in a.keys.sorted() where a[path] != b[path] { Issue.record("\(path) differs between the two builds") }
        // A session's first build is a full build too.
        let sessionOutput = hub.root.appendingPathComponent("Session")
        try BuildSession(options: BuildOptions(content: hub.content, theme: hub.theme, output: sessionOutput, parallel: false)).build()
        #expect(try snapshot(of: sessionOutput) == a)
    }

    @Test func aSecondBuildOfTheSameContentWritesNothingAndStaleFilesGo() throws {
        let hub = try makeHub()
        let first = try hub.build()
        #expect(first.written > 100 && first.unchanged == 0)
        let before = try FileManager.default.attributesOfItem(atPath: hub.output.appendingPathComponent("index.html").path)[.modificationDate] as? Date
        try Data("old".utf8).write(to: hub.output.appendingPathComponent("briefings/stale.html"))
        try FileManager.default.createDirectory(at: hub.output.appendingPathComponent("gone/deeper"), withIntermediateDirectories: true)
        let second = try hub.build()
        #expect(second.written == 0)
        #expect(second.removed == 3, "a file and two folders")
        #expect(second.unchanged == first.written)
        let after = try FileManager.default.attributesOfItem(atPath: hub.output.appendingPathComponent("index.html").path)[.modificationDate] as? Date
        #expect(before == after, "an unchanged file was written again")
        #expect(!FileManager.default.fileExists(atPath: hub.output.appendingPathComponent("gone").path))
        // The site replaced is kept as the spare, for the next build to write into.
        #expect(try hub.siblingsOfOutput() == [".Public.spare", "Content", "Public", "Theme"])
    }

    /// The next build writes into the spare (the site the last one replaced). Many of its files are
    /// hard links to the live site's: if one were written through, the live site would change
    /// under the web server. The third build must give a full build's bytes, and the site it
    /// replaced must become the spare exactly as it was served.
    @Test func buildsWriteIntoTheSpareWithoutTouchingTheLiveSite() throws {
        let hub = try makeHub()
        func caseBriefing(_ i: Int, _ words: String) -> String {
            Fixture.briefing(title: "Case \(i): “quotes”, <angles> & 'apostrophes'", published: "2025-06-0\(i % 9 + 1)",
                             themes: ["voice-of-the-child"], body: Fixture.body([4: "## 04 The review\n\n\(words)\n"]))
        }
        try hub.write("pages/gone.md", "---\ntitle: Gone soon\norder: 6\n---\n\nA page the third build does not have.\n")
        try hub.build()
        // Case 3's page is the same in the first two builds, so the spare's copy of it is a hard
        // link to the live one when the third build changes it.
        try hub.write("briefings/case-1.md", caseBriefing(1, "What the second build says."))
        try hub.build()
        let served = try snapshot(of: hub.output)
        try hub.write("briefings/case-3.md", caseBriefing(3, "What the third build says."))
        try hub.remove("pages/gone.md")
        try hub.build()
        let fresh = hub.root.appendingPathComponent("fresh")
        try BuildPipeline(options: BuildOptions(content: hub.content, theme: hub.theme, output: fresh)).run()
        #expect(try snapshot(of: hub.output) == snapshot(of: fresh))
        #expect(try snapshot(of: hub.root.appendingPathComponent(".Public.spare")) == served)
        #expect(served["gone/index.html"] != nil)
        #expect(try snapshot(of: hub.output)["gone/index.html"] == nil)
    }

    /// The previous site's file is compared a chunk at a time: a difference anywhere, or a length
    /// that is not the same, means the new bytes are written.
    @Test func aFileIsTheSameOnlyIfEveryChunkAndItsLengthAre() throws {
        let hub = try TempHub()
        let path = hub.root.appendingPathComponent("big.json").path
        let bytes = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(FileTree.hasContents(bytes, at: path))
        for position in [0, 65_535, 65_536, 150_001, 199_999] {
            var changed = bytes
            changed[position] ^= 0xFF
            #expect(!FileTree.hasContents(changed, at: path), "a difference at byte \(position) was not seen")
        }
        #expect(!FileTree.hasContents(bytes.prefix(199_999), at: path))
        #expect(!FileTree.hasContents(bytes + Data([1]), at: path))
    }

    /// A page the same as the live site's, whose file in the spare is already the live one (a hard
    /// link), is left as it is: after the build the live site, the spare and the page agree.
    @Test func aSpareFileThatIsAlreadyTheLiveOneIsKept() throws {
        let hub = try makeHub()
        try hub.build()
        try hub.build()
        let page = "about/index.html"
        let live = hub.output.appendingPathComponent(page).path
        let spare = hub.root.appendingPathComponent(".Public.spare/\(page)").path
        #expect(FileTree.isSameFile(live, spare))
        try hub.write("briefings/case-2.md", Fixture.briefing(title: "Case 2 again", published: "2025-06-03", themes: ["voice-of-the-child"],
                                                               body: Fixture.body([:])))
        try hub.build()
        let fresh = hub.root.appendingPathComponent("fresh")
        try BuildPipeline(options: BuildOptions(content: hub.content, theme: hub.theme, output: fresh)).run()
        #expect(try snapshot(of: hub.output) == snapshot(of: fresh))
        #expect(FileTree.isSameFile(live, hub.root.appendingPathComponent(".Public.spare/\(page)").path))
    }

    /// Files are written as they are rendered, before the previous site's leftovers are removed, so
    /// a file of the old site may stand where the new one needs a folder, and the other way round.
    @Test func writingAsPagesArriveReplacesFilesAndFoldersThatSwapPlaces() throws {
        let hub = try TempHub()
        let out = hub.root.appendingPathComponent("Out")
        let writer = SiteWriter(output: out, parallel: true)
        func file(_ path: String, _ text: String) -> OutputFile { OutputFile(path: path, bytes: Data(text.utf8)) }
        try writer.sync([file("a/index.html", "old a"), file("b", "b was a file"), file("c/d/e.html", "deep"), file("kept.html", "same")])
        let report = try writer.sync([file("a", "a is a file now"), file("b/index.html", "b is a folder now"), file("kept.html", "same"),
                                      file("new/x.html", "x")], extraFolders: ["empty"])
        // Folders are listed with a slash and no bytes: "c/" and "c/d/" are gone, "empty/" is kept.
        #expect(try snapshot(of: out) == ["a": Data("a is a file now".utf8), "b/": Data(), "b/index.html": Data("b is a folder now".utf8),
                                          "kept.html": Data("same".utf8), "new/": Data(), "new/x.html": Data("x".utf8), "empty/": Data()])
        #expect(report.written == 3 && report.unchanged == 1)
        // Gone: the files a/index.html, b and c/d/e.html, and the folders a/, c/ and c/d/.
        #expect(report.removed == 6)
    }

    // MARK: The fast HTML escaping

    @Test func theFastEscapingRendersWhatSwiftMustachesOwnRenders() throws {
        let template = """
        {{#items}}<li{{#nested}} class="n"{{/nested}}>{{id}} {{text}} {{{html}}} {{site.title}} {{root}}</li>
        {{/items}}{{^items}}none{{/items}}{{#page}}{{title}}{{/page}}{{uppercased(root)}}
          {{>part}}
        """
        var plain = MustacheLibrary(), fast = MustacheLibrary()
        for (name, text) in [("page", template), ("part", "<p>{{root}}</p>\n<p>{{site.title}}</p>\n")] {
            plain.register(try MustacheTemplate(string: text), named: name)
            fast.register(try MustacheTemplate(string: FastHTMLContentType.pragma + text), named: name)
        }
        for text in Self.samples + ["a < b & \"c\" 'd'", "e\u{301}<f>", "<\u{301}", "&\u{200D}x", "\u{0600}<", "’smart’ & <b>"] {
            let values: [String: Any] = [
                "root": "../", "site": ["title": text], "page": ["title": text],
                "items": [["id": "F1", "text": text, "html": "<b>\(text)</b>", "nested": false],
                          ["id": "F1.1", "text": text, "html": "", "nested": true]],
            ]
            #expect(fast.render(values, withTemplate: "page") == plain.render(values, withTemplate: "page"), "for \(text.debugDescription)")
        }
    }

    @Test func escapingBytesGivesWhatEscapingCharactersGave() {
        // swift-mustache 2.1.1's own loop.
        func original(_ text: String) -> String {
            let table: [Character: String] = ["<": "&lt;", ">": "&gt;", "&": "&amp;", "\"": "&quot;", "'": "&#39;"]
            var out = ""
            for c in text { if let r = table[c] { out += r } else { out.append(c) } }
            return out
        }
        for text in Self.samples + ["<a href=\"x\">'q'</a> & more", "<\u{301}>", "\u{0600}<", "&\u{200D}", "é<é", "<"] {
            #expect(HTMLEscaping.text(text) == original(text), "\(text.debugDescription)")
        }
    }

    // MARK: Text helpers that stand in for Foundation and Character-based code

    static let samples = ["", " ", "word", "  two  words ", "tab\tand\nnew line\r\nand CRLF", "non\u{A0}breaking and\u{2003}em space",
                          "e\u{301}t\u{E9} caf\u{E9}", "a \u{301}b", "\u{0600} x", "’curly’ “quotes” – dash — dash", "日本語 の テキスト",
                          "emoji 👩‍👩‍👧 family", "\r\r\nodd", "line\u{2028}separator", "x\u{85}y", "trailing\n", "\nleading"]

    @Test func wordCountsAndCollapsedWhiteSpaceMatchSplittingOnCharacters() {
        for text in Self.samples {
            #expect(MarkdownProcessor.wordCount(text) == text.split(whereSeparator: { $0.isWhitespace }).count, "\(text.debugDescription)")
            #expect(MarkdownProcessor.collapsingWhitespace(text) == text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "),
                    "\(text.debugDescription)")
        }
    }

    @Test func trimmingMatchesFoundation() {
        for text in Self.samples + ["x ", " x", "\u{A0}x\u{A0}", "x\u{2029}"] {
            #expect(text.trimmedWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(text.trimmedWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }

    @Test func frontMatterIsSplitAsOnCharacters() throws {
        let files = ["---\ntitle: x\n---\nbody\n", "---\n---\n", "---\r\na: b\r\n---\r\nbody\r\nmore", "---  \na: 1\n--- \t\n\n## 01\n",
                     "---\na: |\n  ---\n---\nafter", "---\u{301}\na: b\n---\n", "---\na: b\n---\u{A0}\nx\n---\n", "\u{FEFF}---\na: b\n---",
                     "---\na: b\n---", "---\na: b\r\r\n---\r\nbody", "---\na: b\n", "no front matter\n", "---\na: é\n---\nbödy ünïcode\n"]
        for text in files {
            var fixed = text
            if fixed.hasPrefix("\u{FEFF}") { fixed.removeFirst() }
            fixed = fixed.replacingOccurrences(of: "\r\n", with: "\n")
            let fast = Result { try FrontMatterFile.split(text, path: "x.md") }
            let slow = Result { try FrontMatterFile.splitCharacterwise(fixed, path: "x.md") }
            switch (fast, slow) {
            case let (.success(a), .success(b)):
                #expect(a.yaml == b.yaml && a.body == b.body && a.bodyFirstLine == b.bodyFirstLine, "\(text.debugDescription)")
            case let (.failure(a), .failure(b)):
                #expect((a as? DiagnosticsError)?.description == (b as? DiagnosticsError)?.description, "\(text.debugDescription)")
            default:
                Issue.record("one split failed and the other did not for \(text.debugDescription)")
            }
        }
    }

    @Test func datesAndAnchorsAreWrittenAsBefore() throws {
        for (y, m, d) in [(1900, 1, 1), (2026, 11, 27), (2999, 12, 31), (2024, 2, 29)] {
            let date = try #require(CalendarDate(year: y, month: m, day: d))
            #expect(date.iso == String(format: "%04d-%02d-%02d", y, m, d))
        }
        for position in 1...12 {
            let section = RenderedSection(position: position, number: nil, title: "", role: .narrative, html: "", source: SourceLocation(path: ""))
            #expect(section.anchor == String(format: "section-%02d", position))
        }
        for id in ["F1", "F2.1", "R3.1.2", "F10.11"] { #expect(LearningItem.anchor(for: id) == id.replacingOccurrences(of: ".", with: "-")) }
    }
}
