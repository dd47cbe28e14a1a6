import ArgumentParser
import Foundation
import LearningHubCore
import LearningHubServer

@main
struct LearningHub: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learning-hub",
        abstract: "Publish 7-minute briefings from safeguarding practice reviews as a static intranet site.",
        discussion: """
        A hub is a folder of Markdown (Content/) and a theme (Theme/). 'learning-hub build' turns them \
        into a static site in Public/ that any web server can host, under any sub-path.

        Start with: learning-hub build
        Then open Public/index.html through a web server, e.g. python3 -m http.server -d Public
        While writing, 'learning-hub serve' shows the hub in your browser and reloads it on every save.
        See docs/content.md for how to write a briefing.
        """,
        subcommands: [Build.self, Collect.self, Serve.self, Import.self]
    )
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site from Content/ and Theme/ into Public/.",
        discussion: """
        Every problem in the content or the theme is printed as 'path:line:column: error: message' and \
        the build stops with exit status 1, leaving the previous site untouched. Warnings do not stop it. \
        The same input always gives byte-identical output.
        """
    )

    @OptionGroup var sources: HubSources

    @Option(name: .long, help: ArgumentHelp("Where to write the site. It is changed only once the whole new site is made; files whose bytes are the same are left alone.", valueName: "dir"))
    var output = "Public"

    @Option(name: .long, help: ArgumentHelp("Judge overdue actions on this day (YYYY-MM-DD) instead of 'as_of' in hub.yml or today.", valueName: "date"))
    var asOf: String?

    // For benchmarks and profiling (see bench/README.md); not in --help.
    @Flag(name: .long, help: .hidden)
    var timings = false

    @Flag(name: .long, help: .hidden)
    var singleThread = false

    @Flag(name: .long, help: .hidden)
    var rebuildOnInput = false

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of should be a date written as YYYY-MM-DD, like 2026-11-27")
        }
    }

    func run() throws {
        let started = Date()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let options = BuildOptions(content: sources.contentURL(cwd),
                                   theme: sources.themeURL(cwd),
                                   output: URL(fileURLWithPath: output, relativeTo: cwd),
                                   asOf: asOf.flatMap(CalendarDate.init(iso:)), parallel: !singleThread)
        if rebuildOnInput { return try rebuildOnInput(options) }
        do {
            let report = try BuildPipeline(options: options).run()
            for warning in report.warnings { printError(warning.description) }
            if timings { printError(report.timings.map(\.description).joined(separator: ", ")) }
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            print("Built \(report.briefings) briefing\(report.briefings == 1 ? "" : "s"), \(report.themes) theme\(report.themes == 1 ? "" : "s"), \(report.pages) page\(report.pages == 1 ? "" : "s") and the summaries of \(report.responses) response\(report.responses == 1 ? "" : "s") (\(report.files) files) into \(output)/ in \(ms) ms.")
        } catch {
            ErrorText.lines(error).forEach(printError)
            let count = (error as? DiagnosticsError)?.diagnostics.filter { $0.severity == .error }.count ?? 1
            printError("Build failed with \(count) error\(count == 1 ? "" : "s"); \(output)/ was left as it was.")
            throw ExitCode(1)
        }
    }

    /// `--rebuild-on-input`: builds through one `BuildSession`, first in full, then again each time a
    /// line arrives on standard input (after the benchmark has changed a file), until it ends. One
    /// line of figures per build, on standard output.
    func rebuildOnInput(_ options: BuildOptions) throws {
        let session = BuildSession(options: options)
        // Unbuffered, so a benchmark reading the pipe sees each line at once.
        func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        var number = 0
        repeat {
            let started = DispatchTime.now().uptimeNanoseconds
            do {
                let r = try session.build()
                let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                say("build \(number): \(r.incremental ? "incremental" : "full") \(String(format: "%.1f", ms)) ms; "
                      + "loaded \(r.loaded), rendered \(r.rendered), written \(r.written), unchanged \(r.unchanged), removed \(r.removed)"
                      + (timings ? "; " + r.timings.map(\.description).joined(separator: ", ") : ""))
            } catch {
                ErrorText.lines(error).forEach(printError)
                say("build \(number): failed")
            }
            number += 1
        } while readLine() != nil
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

struct Collect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "File the response forms teams send into Content/responses/.",
        discussion: """
        Give it the files teams sent, or folders holding them (an inbox). Each response (.md with \
        YAML front matter, .json, or a .csv or .xlsx export with one response per row, such as \
        Microsoft Forms' download; see docs/responses.md) \
        is checked against the hub's briefings and written to \
        Content/responses/<briefing>/<organisation>--<team>.md.

        Nothing is lost: a team that resubmits replaces its record and the earlier version moves to \
        history/ beside it; each file taken from an inbox moves to processed/ or, with a .errors.txt \
        saying what is wrong and a .reply.txt to send the team, to rejected/. An update says what \
        it changes. With 'personal_data: hold' in hub.yml, a response that may hold personal data \
        waits in held/ until you name it with --release. Running it again on the same inbox changes nothing. \
        Then run 'learning-hub build' to update the summary pages.

        Exit status: 0 when every file was accepted, 1 when any was rejected.
        Example: learning-hub collect examples/inbox --dry-run
        """
    )

    @Argument(help: ArgumentHelp("Response files, or folders of them.", valueName: "inbox"))
    var inputs: [String]

    @OptionGroup var sources: HubSources

    @Flag(name: .long, help: "Check every file and say what would happen, without moving or writing anything.")
    var dryRun = false

    @Flag(name: .long, help: "File these responses even if they may hold personal data: for files in held/ that you have checked.")
    var release = false

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let contentURL = sources.contentURL(cwd).standardizedFileURL
        do {
            // Only what collecting needs: the settings and the briefings (their IDs and titles), not
            // every filed response.
            var log = DiagnosticLog()
            let hub = HubContent.load(content: contentURL, displayContent: ErrorText.shown(contentURL.path), log: &log)
            try log.throwIfErrors()
            let options = CollectOptions(inputs: inputs.map { URL(fileURLWithPath: $0, relativeTo: cwd) },
                                         content: contentURL, dryRun: dryRun, release: release)
            let report = try Collector(options: options, hub: hub).run(waiting: { printError($0) })
            for d in report.diagnostics { printError(d.description) }
            if !report.diagnostics.isEmpty { printError("") }
            for line in report.lines { print(line) }
            print((dryRun ? "Dry run, nothing moved or written. " : "") + report.summary)
            for line in report.replyList(dryRun: dryRun) { print(line) }
            if report.rejected > 0 { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            ErrorText.lines(error).forEach(printError)
            printError("Nothing was collected.")
            throw ExitCode(1)
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the hub in a browser while you write: rebuild and reload on every save.",
        discussion: """
        Builds the hub into a preview folder (a new temporary folder, removed when the server \
        stops, unless --output names one: Public/ is never touched unless you name it) and serves it \
        at http://127.0.0.1:8080/.

        Content/, Theme/ and hub.yml are checked for changes every 300 ms, by polling the files' \
        dates and sizes, which works on every system and file system. Each change rebuilds the hub \
        and reloads the pages open in the browser. When a build fails, its errors are printed here \
        as 'path:line:column: error: message' and shown over the page, and the last good version \
        stays served until the problem is fixed.

        Only this computer can see the preview unless --host says otherwise. Stop with Ctrl-C. \
        See docs/preview.md.
        """
    )

    @Option(name: .long, help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "port"))
    var port: UInt16 = 8080

    @Option(name: .long, help: ArgumentHelp("The address to listen on. 127.0.0.1 keeps the preview to this computer.", valueName: "address"))
    var host = "127.0.0.1"

    @OptionGroup var sources: HubSources

    @Option(name: .long, help: ArgumentHelp("Build the preview here instead of a temporary folder. It is replaced on every build.", valueName: "dir"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Judge overdue actions on this day (YYYY-MM-DD) instead of 'as_of' in hub.yml or today.", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of should be a date written as YYYY-MM-DD, like 2026-11-27")
        }
    }

    func run() async throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let options = PreviewServer.Options(
            content: sources.contentURL(cwd),
            theme: sources.themeURL(cwd),
            output: output.map { URL(fileURLWithPath: $0, relativeTo: cwd) },
            host: host, port: port,
            asOf: asOf.flatMap(CalendarDate.init(iso:)),
            log: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
            logError: { printError($0) })
        let server = PreviewServer(options: options)
        let address: URL
        do {
            address = try await server.start()
        } catch {
            ErrorText.lines(error).forEach(printError)
            throw ExitCode(1)
        }
        options.log("Serving the preview at \(address) (built in \(server.outputFolder.path)). Watching \(sources.content)/ and \(sources.theme)/. Press Ctrl-C to stop.")
        _ = await TerminationSignal.wait()
        options.log("Stopping.")
        await server.stop()
    }
}

/// The folders every command reads: the same options, with the same help, everywhere.
struct HubSources: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The content folder: hub.yml, briefings/, themes/, pages/ (and responses/).", valueName: "dir"))
    var content = "Content"

    @Option(name: .long, help: ArgumentHelp("The theme folder: templates/ and assets/.", valueName: "dir"))
    var theme = "Theme"

    func contentURL(_ cwd: URL) -> URL { URL(fileURLWithPath: content, relativeTo: cwd) }
    func themeURL(_ cwd: URL) -> URL { URL(fileURLWithPath: theme, relativeTo: cwd) }
}
