import Foundation
import Testing
@testable import LearningHubCore
@testable import LearningHubImport

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let systemPath = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)

/// A copy of the repository's Content/ and Theme/ in a temporary folder, to import into and build.
final class ImportHub {
    let root: URL
    var content: URL { root.appendingPathComponent("Content") }
    var briefings: URL { content.appendingPathComponent("briefings") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("learning-hub-import-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repoRoot.appendingPathComponent("Content"), to: content)
        try FileManager.default.copyItem(at: repoRoot.appendingPathComponent("Theme"), to: root.appendingPathComponent("Theme"))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A file for the test to make a fixture in.
    func scratch(_ name: String) -> URL { root.appendingPathComponent("sources").appendingPathComponent(name) }

    func importing(_ files: [URL], as slug: String? = nil, dryRun: Bool = false, searchPath: [String] = systemPath) -> ImportReport {
        let options = ImportOptions(sources: files.map { .init(url: $0, display: $0.lastPathComponent) }, content: content,
                                    dryRun: dryRun, newSlug: slug, searchPath: searchPath)
        return Importer(options: options).run()
    }

    var pipeline: BuildPipeline {
        BuildPipeline(options: BuildOptions(content: content, theme: root.appendingPathComponent("Theme"), output: root.appendingPathComponent("Public")))
    }

    func briefing(_ slug: String) throws -> Briefing {
        let (hub, _) = try pipeline.loadHub()
        return try #require(hub.briefings.first { $0.slug == slug })
    }

    /// The repository's own briefings, copied in: what an import that writes nothing leaves.
    var originalBriefings: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: repoRoot.appendingPathComponent("Content/briefings").path)) ?? []).sorted()
    }

    func briefingNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: briefings.path).sorted()
    }
}

func problems(_ report: ImportReport) -> String { report.problems.map(\.description).joined(separator: "\n") }

/// Runs a real converter to make a fixture; a failure is the test's failure, with what it said.
@discardableResult
func run(_ tool: String, _ arguments: [String], in folder: URL? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    if let folder { process.currentDirectoryURL = folder }
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString).log")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: output) }
    let handle = try FileHandle(forWritingTo: output)
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    let said = String(decoding: (try? Data(contentsOf: output)) ?? Data(), as: UTF8.self)
    if process.terminationStatus != 0 {
        throw FixtureError(description: "\(tool) \(arguments.joined(separator: " ")) failed: \(said)")
    }
    return said
}

struct FixtureError: Error, CustomStringConvertible { var description: String }

/// Fixtures made at test time from the tests' own fictional Markdown, by the real converters.
enum Fixtures {
    /// `.docx` or `.odt` through pandoc: `#` headings become Word's (or Writer's) heading styles.
    static func document(_ markdown: String, at url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let source = url.deletingPathExtension().appendingPathExtension("source.md")
        try Data(markdown.utf8).write(to: source)
        try run("pandoc", ["--from", "markdown", source.path, "-o", url.path])
    }

    /// Bullets printed as text, as Word's PDFs print them (Chromium draws list markers as shapes).
    static let printCSS = """
    body { font-family: sans-serif; max-width: 40em; }
    ul, ol { list-style: none; }
    ul > li::before { content: "\\2022  "; }
    ul ul > li::before { content: "o  "; }
    ol > li::before { content: counter(list-item) ". "; }
    """

    /// A PDF as a partnership's would be: pandoc makes HTML, headless Chromium prints it.
    static func pdf(_ markdown: String, at url: URL, headersAndFooters: Bool = false) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let source = url.deletingPathExtension().appendingPathExtension("source.md")
        let css = url.deletingPathExtension().appendingPathExtension("css")
        let html = url.deletingPathExtension().appendingPathExtension("html")
        try Data(markdown.utf8).write(to: source)
        try Data(printCSS.utf8).write(to: css)
        try run("pandoc", ["--from", "markdown", "--standalone", "--metadata", "pagetitle=Briefing", "--css", css.lastPathComponent,
                           source.lastPathComponent, "-o", html.lastPathComponent], in: url.deletingLastPathComponent())
        try printHTML(html, to: url, headersAndFooters: headersAndFooters)
    }

    static func printHTML(_ html: URL, to pdf: URL, headersAndFooters: Bool = false) throws {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        try run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                             "--print-to-pdf=\(pdf.path)"] + (headersAndFooters ? [] : ["--no-pdf-header-footer"]) + [html.absoluteString])
        guard FileManager.default.fileExists(atPath: pdf.path) else { throw FixtureError(description: "Chromium wrote no PDF") }
    }
}
