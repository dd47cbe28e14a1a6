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
        subcommands: [Build.self]
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

    func run() throws {
        let started = Date()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let options = BuildOptions(content: URL(fileURLWithPath: content, relativeTo: cwd),
                                   theme: URL(fileURLWithPath: theme, relativeTo: cwd),
                                   output: URL(fileURLWithPath: output, relativeTo: cwd))
        do {
            let report = try BuildPipeline(options: options).run()
            for warning in report.warnings { printError(warning.description) }
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            print("Built \(report.briefings) briefing\(report.briefings == 1 ? "" : "s"), \(report.themes) theme\(report.themes == 1 ? "" : "s"), \(report.pages) page\(report.pages == 1 ? "" : "s") (\(report.files) files) into \(output)/ in \(ms) ms.")
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
