import ArgumentParser
import Foundation
import LearningHubCore

@main
struct LearningHub: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learning-hub",
        abstract: "Publish 7-minute briefings from safeguarding practice reviews as a static intranet site.",
        discussion: """
        A hub is a folder of Markdown (Content/) and a theme (Theme/). 'learning-hub build' turns them
        into a static site in Public/ that any web server can host, under any sub-path.

        Start with: learning-hub build
        Then open Public/index.html through a web server, e.g. python3 -m http.server -d Public
        See docs/content.md for how to write a briefing.
        """,
        subcommands: [Build.self, Collect.self]
    )
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site from Content/ and Theme/ into Public/.",
        discussion: """
        Every problem in the content or the theme is printed as 'path:line:column: error: message' and
        the build stops with exit status 1, leaving the previous site untouched. Warnings do not stop it.
        The same input always gives byte-identical output.
        """
    )

    @Option(name: .long, help: ArgumentHelp("The content folder: hub.yml, briefings/, themes/, pages/.", valueName: "dir"))
    var content = "Content"

    @Option(name: .long, help: ArgumentHelp("The theme folder: templates/ and assets/.", valueName: "dir"))
    var theme = "Theme"

    @Option(name: .long, help: ArgumentHelp("Where to write the site. It is replaced only once the new site is complete.", valueName: "dir"))
    var output = "Public"

    @Option(name: .long, help: ArgumentHelp("Judge overdue actions on this day (YYYY-MM-DD) instead of 'as_of' in hub.yml or today.", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of should be a date written as YYYY-MM-DD, like 2026-11-27")
        }
    }

    func run() throws {
        let started = Date()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let options = BuildOptions(content: URL(fileURLWithPath: content, relativeTo: cwd),
                                   theme: URL(fileURLWithPath: theme, relativeTo: cwd),
                                   output: URL(fileURLWithPath: output, relativeTo: cwd),
                                   asOf: asOf.flatMap(CalendarDate.init(iso:)))
        do {
            let report = try BuildPipeline(options: options).run()
            for warning in report.warnings { printError(warning.description) }
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            print("Built \(report.briefings) briefing\(report.briefings == 1 ? "" : "s"), \(report.themes) theme\(report.themes == 1 ? "" : "s"), \(report.pages) page\(report.pages == 1 ? "" : "s") and the summaries of \(report.responses) response\(report.responses == 1 ? "" : "s") (\(report.files) files) into \(output)/ in \(ms) ms.")
        } catch let error as DiagnosticsError {
            for d in error.diagnostics { printError(d.description) }
            let count = error.diagnostics.filter { $0.severity == .error }.count
            printError("Build failed with \(count) error\(count == 1 ? "" : "s"); \(output)/ was left as it was.")
            throw ExitCode(1)
        }
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

struct Collect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "File the response forms teams send into Content/responses/.",
        discussion: """
        Give it the files teams sent, or folders holding them (an inbox). Each response (.md with
        YAML front matter, .json, or a .csv export with one response per row; see docs/responses.md)
        is checked against the hub's briefings and written to
        Content/responses/<briefing>/<organisation>--<team>.md.

        Nothing is lost: a team that resubmits replaces its record and the earlier version moves to
        history/ beside it; each file taken from an inbox moves to processed/ or, with a .errors.txt
        saying what is wrong, to rejected/. Running it again on the same inbox changes nothing.
        Then run 'learning-hub build' to update the summary pages.

        Exit status: 0 when every file was accepted, 1 when any was rejected.
        Example: learning-hub collect examples/inbox --dry-run
        """
    )

    @Argument(help: ArgumentHelp("Response files, or folders of them.", valueName: "inbox"))
    var inputs: [String]

    @Option(name: .long, help: ArgumentHelp("The content folder the responses are filed in.", valueName: "dir"))
    var content = "Content"

    @Option(name: .long, help: ArgumentHelp("The theme folder (only to check the hub as a whole).", valueName: "dir"))
    var theme = "Theme"

    @Flag(name: .long, help: "Check every file and say what would happen, without moving or writing anything.")
    var dryRun = false

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let contentURL = URL(fileURLWithPath: content, relativeTo: cwd)
        let build = BuildOptions(content: contentURL, theme: URL(fileURLWithPath: theme, relativeTo: cwd),
                                 output: URL(fileURLWithPath: "Public", relativeTo: cwd))
        do {
            let (hub, _) = try BuildPipeline(options: build).loadHub()
            let options = CollectOptions(inputs: inputs.map { URL(fileURLWithPath: $0, relativeTo: cwd) },
                                         content: contentURL, dryRun: dryRun)
            let report = try Collector(options: options, hub: hub).run()
            for d in report.diagnostics { printError(d.description) }
            if !report.diagnostics.isEmpty { printError("") }
            for line in report.lines { print(line) }
            print((dryRun ? "Dry run, nothing moved or written. " : "") + report.summary)
            if report.rejected > 0 { throw ExitCode(1) }
        } catch let error as DiagnosticsError {
            for d in error.diagnostics { printError(d.description) }
            printError("Nothing was collected.")
            throw ExitCode(1)
        }
    }
}
