import Foundation
import Testing
@testable import LearningHubCore

/// The package's root folder, found from this file's own path (Tests/LearningHubCoreTests/TestSupport.swift).
let repoRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

let seedContent = repoRoot.appendingPathComponent("Content")
let seedTheme = repoRoot.appendingPathComponent("Theme")

/// A hub built in its own temporary folder: `Content/`, a copy of the real `Theme/`, and `Public/`.
/// Every test gets a fresh one, so tests can run in parallel.
final class TempHub {
    let root: URL
    var content: URL { root.appendingPathComponent("Content") }
    var theme: URL { root.appendingPathComponent("Theme") }
    var output: URL { root.appendingPathComponent("Public") }

    /// - Parameters:
    ///   - copySeedContent: start from a copy of the repository's `Content/` rather than the small fixture.
    init(copySeedContent: Bool = false) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("learning-hub-tests-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        try fm.copyItem(at: seedTheme, to: theme)
        if copySeedContent {
            try fm.copyItem(at: seedContent, to: content)
        } else {
            try write("hub.yml", Fixture.hubYML)
            try write("themes/strategy-meetings.md", Fixture.theme(name: "Strategy meetings"))
            try write("themes/voice-of-the-child.md", Fixture.theme(name: "Voice of the child"))
            try write("briefings/ben.md", Fixture.briefing())
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var options: BuildOptions { BuildOptions(content: content, theme: theme, output: output) }
    var pipeline: BuildPipeline { BuildPipeline(options: options) }

    /// How the builder names a content file in its messages.
    func display(_ contentPath: String) -> String { "\(options.displayContent)/\(contentPath)" }
    /// How the builder names a template in its messages.
    func displayTemplate(_ name: String) -> String { "\(options.displayTheme)/templates/\(name).mustache" }

    /// Writes a file under `Content/` (creating folders as needed).
    func write(_ contentPath: String, _ text: String) throws {
        try writeFile(content.appendingPathComponent(contentPath), text)
    }

    /// Writes (or overwrites) a template under `Theme/templates/`.
    func writeTemplate(_ name: String, _ text: String) throws {
        try writeFile(theme.appendingPathComponent("templates/\(name).mustache"), text)
    }

    func readTemplate(_ name: String) throws -> String {
        try String(contentsOf: theme.appendingPathComponent("templates/\(name).mustache"), encoding: .utf8)
    }

    func remove(_ contentPath: String) throws {
        try FileManager.default.removeItem(at: content.appendingPathComponent(contentPath))
    }

    @discardableResult
    func build() throws -> BuildReport { try pipeline.run() }

    /// Runs a build that must fail and returns every diagnostic it reported (nil if it did not fail as expected).
    func failingBuild(sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic]? {
        do {
            _ = try pipeline.run()
            Issue.record("the build succeeded, but it should have failed", sourceLocation: sourceLocation)
            return nil
        } catch let error as DiagnosticsError {
            return error.diagnostics
        } catch {
            Issue.record("the build failed with \(error), not with DiagnosticsError", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Reads a page of the built site.
    func page(_ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    /// Names in the hub's own folder: the build must leave no staging or retired folders behind.
    func siblingsOfOutput() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
    }
}

private func writeFile(_ url: URL, _ text: String) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

/// Every file under `folder`, by relative path, with its bytes. Folders are listed too (with no bytes),
/// so that an extra empty folder counts as a difference.
func snapshot(of folder: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let fm = FileManager.default
    guard let enumerator = fm.enumerator(atPath: folder.path) else { return result }
    for case let path as String in enumerator {
        let url = folder.appendingPathComponent(path)
        var isDir: ObjCBool = false
        _ = fm.fileExists(atPath: url.path, isDirectory: &isDir)
        result[isDir.boolValue ? path + "/" : path] = isDir.boolValue ? Data() : try Data(contentsOf: url)
    }
    return result
}

/// 1-based line of the first line of `text` containing `needle`, and the 1-based column where it starts.
func position(of needle: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int) {
    var seen = 0
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        if let range = line.range(of: needle) {
            seen += 1
            if seen == occurrence {
                return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
    }
    Issue.record("fixture does not contain '\(needle)'")
    return (0, 0)
}

/// The diagnostics as the command line prints them, for failure messages.
func listing(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map(\.description).joined(separator: "\n")
}

/// Finds the error at `path` whose message contains `containing`, and checks its line (and column).
@discardableResult
func expectError(_ diagnostics: [Diagnostic], path: String, line: Int? = nil, column: Int? = nil,
                 containing: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
    let matches = diagnostics.filter {
        $0.severity == .error && $0.location.path == path && $0.message.contains(containing)
    }
    guard let found = matches.first(where: { (line == nil || $0.location.line == line) && (column == nil || $0.location.column == column) })
            ?? matches.first else {
        Issue.record("no error at \(path) containing '\(containing)'; got:\n\(listing(diagnostics))", sourceLocation: sourceLocation)
        return nil
    }
    if let line {
        #expect(found.location.line == line, "wrong line for '\(containing)':\n\(listing(diagnostics))", sourceLocation: sourceLocation)
    }
    if let column {
        #expect(found.location.column == column, "wrong column for '\(containing)':\n\(listing(diagnostics))", sourceLocation: sourceLocation)
    }
    return found
}

/// Small, valid content for fixtures. Each function returns a whole file.
enum Fixture {
    static let hubYML = """
    title: Test Hub
    partnership: Test Safeguarding Children Partnership
    responses_email: learning@example.org
    description: A hub built by the tests.
    base_path: /
    """

    static func theme(name: String, body: String = "What this theme is about.\n") -> String {
        """
        ---
        name: \(name)
        description: About \(name.lowercased()).
        ---

        \(body)
        """
    }

    /// A valid briefing; any part can be replaced.
    static func briefing(title: String = "Ben: a test briefing",
                         published: String = "2026-11-27",
                         themes: [String] = ["strategy-meetings", "voice-of-the-child"],
                         extraFrontMatter: String = "",
                         body: String = Fixture.body()) -> String {
        var front = """
        ---
        title: "\(title)"
        published: \(published)
        review_kind: Child Safeguarding Practice Review
        child: Ben
        themes:

        """
        for t in themes { front += "  - \(t)\n" }
        front += "summary: A one-line summary.\n"
        front += extraFrontMatter
        front += "---\n"
        return front + body
    }

    /// The seven sections, each replaceable.
    static func body(_ overrides: [Int: String] = [:], extra: String = "") -> String {
        let defaults: [Int: String] = [
            1: "## 01 Background\n\nBen lived with his mother.\n",
            2: "## 02 Safeguarding concerns\n\nNeglect.\n",
            3: "## 03 The incident\n\nBruising was found.\n",
            4: "## 04 The review\n\nSee [Strategy meetings](../themes/strategy-meetings.md).\n",
            5: "## 05 The findings\n\n- First finding.\n  - A point under it.\n- Second finding.\n",
            6: "## 06 Recommendations\n\n- First recommendation.\n- Second recommendation.\n",
            7: "## 07 Implementing change\n\n- Discuss it.\n",
        ]
        var text = "\n"
        for n in 1...7 {
            let section = overrides[n] ?? defaults[n]!
            if !section.isEmpty { text += section + "\n" }
        }
        return text + extra
    }
}
