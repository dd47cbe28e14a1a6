import Foundation
import Testing
@testable import LearningHubCore

/// Shared helpers of the collector and summary-page tests. Everything lives in `CollectorFixtures` or
/// `CollectorSandbox` so that it cannot clash with helpers in the builder tests of the same module.
enum CollectorFixtures {
    /// The package's root folder, found from this file's path (Tests/LearningHubCoreTests/CollectorFixtures.swift).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    struct LoadFailure: Error, Sendable { var message: String }

    /// The seed hub, loaded once from a temporary copy, for tests that only read and validate.
    static let seedHubResult: Result<Hub, LoadFailure> = {
        do {
            let sandbox = try CollectorSandbox()
            return .success(try sandbox.loadHub())
        } catch {
            return .failure(LoadFailure(message: "\(error)"))
        }
    }()

    /// The seed hub; if it does not load, the test fails (rather than the whole test run crashing).
    static var seedHub: Hub {
        switch seedHubResult {
        case .success(let hub): return hub
        case .failure(let failure):
            Issue.record("the seed hub does not load: \(failure.message)")
            let config = HubConfig(title: "", partnership: "", responsesEmail: "", description: "", baseURL: nil,
                                   basePath: "/", publishStaffNames: false, asOf: nil)
            return Hub(config: config, briefings: [], themes: [], pages: [])
        }
    }

    /// Reads one file's bytes as the collector would, then validates every response in it.
    static func validate(_ data: Data, name: String, hub: Hub = seedHub) -> (responses: [TeamResponse], log: DiagnosticLog) {
        var log = DiagnosticLog()
        let reader = ResponseFileReader(csv: CSVResponseMapper(overrides: hub.config.responseColumns), sheetName: hub.config.responseSheet)
        let validator = ResponseValidator(catalogue: BriefingCatalogue(hub: hub))
        var responses: [TeamResponse] = []
        for entry in reader.read(data, path: name, log: &log) {
            if let r = validator.validate(entry.raw, notes: entry.body, log: &log) { responses.append(r) }
        }
        return (responses, log)
    }

    static func validate(_ text: String, name: String, hub: Hub = seedHub) -> (responses: [TeamResponse], log: DiagnosticLog) {
        validate(Data(text.utf8), name: name, hub: hub)
    }

    /// A response with each due date reduced to the day it means (or its text, if it is not a date),
    /// so that "31/01/2027" and "2027-01-31" compare equal.
    static func comparable(_ r: TeamResponse) -> TeamResponse {
        var r = r
        for i in r.actions.indices {
            if let date = r.actions[i].byWhen?.date { r.actions[i].byWhen = DueDate(written: date.iso) }
        }
        return r
    }

    static func errors(_ log: DiagnosticLog) -> [Diagnostic] { log.diagnostics.filter { $0.severity == .error } }
    static func warnings(_ log: DiagnosticLog) -> [Diagnostic] { log.diagnostics.filter { $0.severity == .warning } }

    static func listing(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.isEmpty ? "(none)" : diagnostics.map(\.description).joined(separator: "\n")
    }

    /// A response form as a team would send it: Markdown with YAML front matter.
    /// `actions` and `learning` are YAML blocks, already indented by two spaces.
    static func markdownResponse(organisation: String = "Northshire Council",
                                 team: String = "Childrens Social Care Team A",
                                 manager: String = "Alex Example",
                                 contact: String = "team.a@example.org",
                                 submitted: String = "2026-11-20",
                                 learning: String = defaultLearning,
                                 actions: String = defaultActions,
                                 extra: String = "",
                                 body: String = "We talked about this at our team meeting.\n") -> String {
        var text = "---\nbriefing: ben\n"
        if !organisation.isEmpty { text += "organisation: \(organisation)\n" }
        text += "team: \(team)\n"
        text += "team_manager: \(manager)\n"
        text += "contact: \(contact)\n"
        if !submitted.isEmpty { text += "submitted: \(submitted)\n" }
        text += extra
        text += "learning:\n\(learning)"
        text += "actions:\n\(actions)"
        text += "---\n"
        return text + body
    }

    static let defaultLearning = """
      - refs: [F1, F1.1]
        discussion: We rarely ask for a strategy meeting ourselves.

    """

    static let defaultActions = """
      - what: Add strategy meetings to the team induction
        who: Team manager
        by_when: 31/01/2027
        done_when: Every new starter has had the session
        worked_when: Staff ask for strategy meetings when they should
        status: In progress

    """

    /// A JSON response form.
    static func jsonResponse(organisation: String? = "Northshire NHS Trust", team: String = "Health Visiting",
                             submitted: String = "21 November 2026", refs: String = #"["F2", "F2.3"]"#,
                             status: String = "not-started") -> String {
        var fields: [String] = [#""briefing": "ben""#]
        if let organisation { fields.append(#""organisation": "\#(organisation)""#) }
        fields += [
            #""team": "\#(team)""#,
            #""team_manager": "Sam Example""#,
            #""contact": "hv@example.org""#,
            #""submitted": "\#(submitted)""#,
            #""learning": [{"refs": \#(refs), "discussion": "We do not always use the Graded Care Profile."}]"#,
            #""actions": [{"what": "Use the Graded Care Profile on every neglect case", "who": "Health visitors", "by_when": "Jan 2027", "done_when": "Audit shows it", "worked_when": "Fewer re-referrals", "status": "\#(status)"}]"#,
        ]
        return "{\n  " + fields.joined(separator: ",\n  ") + "\n}\n"
    }

    /// The seed form's CSV header, one learning point and one action.
    static let csvHeader = "Briefing,Name of Organisation,Team Manager,Name of Section & Team,Contact Details,Date,"
        + "Relevant learning,Discussion,What needs to happen?,Who will do it?,By When?,"
        + "How will you know when it has been done?,How will you know if it has worked?,Status,Evidence\n"

    /// Every diagnostic's place as `path:line`, for checks that a problem names its line.
    static func place(_ d: Diagnostic) -> String { "\(d.location.path):\(d.location.line)" }

    /// 1-based line of the first line of `text` containing `needle`.
    static func line(of needle: String, in text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Int {
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(needle) {
            return i + 1
        }
        Issue.record("'\(needle)' is not in the fixture", sourceLocation: sourceLocation)
        return 0
    }

    /// Every regular file under `folder` (recursively), by path relative to it, with its bytes.
    static func files(under folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(atPath: folder.path) else { return result }
        for case let path as String in enumerator {
            let url = folder.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            result[path] = fm.contents(atPath: url.path) ?? Data()
        }
        return result
    }

    /// Every file and folder under `folder`, folders with a trailing slash and no bytes.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(atPath: folder.path) else { return result }
        for case let path as String in enumerator {
            let url = folder.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: url.path, isDirectory: &isDirectory)
            result[isDirectory.boolValue ? path + "/" : path] = isDirectory.boolValue ? Data() : (fm.contents(atPath: url.path) ?? Data())
        }
        return result
    }

    /// Regular files directly in `folder` (not in its subfolders), sorted.
    static func names(in folder: URL) -> [String] {
        let fm = FileManager.default
        let all = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        return all.filter { name in
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    /// All matches of the first capture group of `pattern`.
    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else {
            Issue.record("bad pattern \(pattern)")
            return []
        }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            Range(m.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}

/// A hub in its own temporary folder: a copy of the repository's `Content/` (without `responses/`
/// and `teams.yml`, which other work may be changing) and `Theme/`, an `inbox/`, and `Public/`.
final class CollectorSandbox {
    let root: URL
    var content: URL { root.appendingPathComponent("Content") }
    var theme: URL { root.appendingPathComponent("Theme") }
    var output: URL { root.appendingPathComponent("Public") }
    var inbox: URL { root.appendingPathComponent("inbox") }
    var benResponses: URL { content.appendingPathComponent("responses/ben") }
    var benHistory: URL { benResponses.appendingPathComponent("history") }
    var processed: URL { inbox.appendingPathComponent("processed") }
    var rejected: URL { inbox.appendingPathComponent("rejected") }

    init() throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("collector-tests-\(UUID().uuidString)")
        try fm.createDirectory(at: content, withIntermediateDirectories: true)
        try fm.createDirectory(at: inbox, withIntermediateDirectories: true)
        let seed = CollectorFixtures.repositoryRoot.appendingPathComponent("Content")
        for name in try fm.contentsOfDirectory(atPath: seed.path) where !["responses", "teams.yml"].contains(name) && !name.hasPrefix(".") {
            try fm.copyItem(at: seed.appendingPathComponent(name), to: content.appendingPathComponent(name))
        }
        try fm.copyItem(at: CollectorFixtures.repositoryRoot.appendingPathComponent("Theme"), to: theme)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func buildOptions(asOf: CalendarDate? = CalendarDate(year: 2026, month: 11, day: 27)) -> BuildOptions {
        BuildOptions(content: content, theme: theme, output: output, asOf: asOf)
    }

    func loadHub() throws -> Hub { try BuildPipeline(options: buildOptions()).loadHub().0 }

    /// The hub as `learning-hub collect` loads it: the settings and the briefings, no responses.
    func loadContent() throws -> Hub {
        var log = DiagnosticLog()
        let hub = HubContent.load(content: content, displayContent: content.path, log: &log)
        try log.throwIfErrors()
        return hub
    }

    /// Runs the collector as `learning-hub collect <inputs> [--dry-run]` does.
    @discardableResult
    func collect(_ inputs: [URL]? = nil, dryRun: Bool = false, release: Bool = false) throws -> CollectReport {
        let options = CollectOptions(inputs: inputs ?? [inbox], content: content, dryRun: dryRun, release: release)
        return try Collector(options: options, hub: try loadContent()).run()
    }

    @discardableResult
    func build(asOf: CalendarDate = CalendarDate(year: 2026, month: 11, day: 27)!) throws -> BuildReport {
        try BuildPipeline(options: buildOptions(asOf: asOf)).run()
    }

    @discardableResult
    func drop(_ name: String, _ text: String, into folder: URL? = nil) throws -> URL {
        try drop(name, Data(text.utf8), into: folder)
    }

    @discardableResult
    func drop(_ name: String, _ data: Data, into folder: URL? = nil) throws -> URL {
        let dir = folder ?? inbox
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    /// Writes a file under `Content/`.
    func writeContent(_ path: String, _ text: String) throws {
        let url = content.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Sets `publish_staff_names` in the copied hub.yml.
    func setPublishStaffNames(_ on: Bool) throws {
        let url = content.appendingPathComponent("hub.yml")
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.hasPrefix("publish_staff_names:") }
        while lines.last == "" { lines.removeLast() }
        lines.append("publish_staff_names: \(on)")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    func record(_ stem: String) -> String? {
        FileManager.default.contents(atPath: benResponses.appendingPathComponent("\(stem).md").path).flatMap { String(data: $0, encoding: .utf8) }
    }

    func page(_ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }
}
