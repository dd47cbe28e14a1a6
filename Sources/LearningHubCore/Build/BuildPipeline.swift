import Foundation

/// Where a build reads from and writes to.
public struct BuildOptions: Sendable {
    public var content: URL
    public var theme: URL
    public var output: URL
    /// Paths in messages are shown relative to the current folder when they can be.
    public var displayContent: String
    public var displayTheme: String
    /// The day "overdue" is judged against; else `as_of` in hub.yml; else today.
    public var asOf: CalendarDate?
    /// Load, render and write on every core (the default). False does it all on one thread; the
    /// bytes written are the same either way.
    public var parallel: Bool

    public init(content: URL, theme: URL, output: URL, asOf: CalendarDate? = nil, parallel: Bool = true) {
        self.asOf = asOf
        self.parallel = parallel
        self.content = content.standardizedFileURL
        self.theme = theme.standardizedFileURL
        self.output = output.standardizedFileURL
        displayContent = Self.display(self.content)
        displayTheme = Self.display(self.theme)
    }

    static func display(_ url: URL) -> String { display(path: url.path) }

    static func display(path: String, cwd: String = FileManager.default.currentDirectoryPath) -> String {
        ErrorText.shown(path, cwd: cwd)
    }
}

public struct BuildReport: Sendable {
    public var briefings = 0, themes = 0, pages = 0, responses = 0, files = 0
    public var warnings: [Diagnostic] = []
    /// Content files read and parsed: all of them on a full build, the changed ones on a rebuild.
    public var loaded = 0
    /// Pages and other files made this time: all of them on a full build, those a change touched on a rebuild.
    public var rendered = 0
    /// Files written because they were new or their bytes changed; files left alone because their
    /// bytes were the same; files and folders removed because the site no longer has them.
    public var written = 0, unchanged = 0, removed = 0
    /// Whether a `BuildSession` reused its previous build.
    public var incremental = false
    /// How long each stage took, in order.
    public var timings: [StageTiming] = []

    public init() {}
}

/// One stage of a build and how long it took.
public struct StageTiming: Sendable, CustomStringConvertible {
    public var stage: String
    public var seconds: Double
    public var description: String { "\(stage): \(String(Int((seconds * 1000).rounded()))) ms" }
}

/// Times the stages of a build.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var timings: [StageTiming] = []

    mutating func lap(_ stage: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        timings.append(StageTiming(stage: stage, seconds: Double(now - last) / 1e9))
        last = now
    }
}

/// The whole build, top to bottom: load the content into the model, check it, render the pages,
/// write the site. Each stage is its own type; this one only wires them and stops at the first
/// stage that found errors, having reported all of that stage's errors.
public struct BuildPipeline: Sendable {
    public var options: BuildOptions

    public init(options: BuildOptions) { self.options = options }

    /// Loads and checks everything; throws every problem found.
    public func loadHub() throws -> (Hub, [Diagnostic]) {
        var clock = StageClock()
        return try loadHub(clock: &clock)
    }

    func loadHub(clock: inout StageClock) throws -> (Hub, [Diagnostic]) {
        var log = DiagnosticLog()
        var hub = HubContent.load(content: options.content, displayContent: options.displayContent, parallel: options.parallel,
                                  log: &log) { clock.lap($0) }
        try log.throwIfErrors()
        let store = ResponseStore(contentDirectory: options.content, displayRoot: options.displayContent)
        hub.responses = store.loadResponses(for: hub, log: &log, parallel: options.parallel)
        hub.expectedTeams = store.loadExpectedTeams(briefings: Set(hub.briefings.map(\.slug)), log: &log)
        hub.asOf = options.asOf ?? hub.config.asOf ?? CalendarDate.today()
        AsOfCheck.warn(hub, options: options, log: &log)
        clock.lap("load responses")
        try log.throwIfErrors()
        return (hub, log.warnings)
    }

    /// The whole build; with `options.parallel` off, on one thread throughout (see `Parallel`).
    @discardableResult
    public func run() throws -> BuildReport {
        try Parallel.serially(unless: options.parallel) { try runStages() }
    }

    private func runStages() throws -> BuildReport {
        var clock = StageClock()
        var log = DiagnosticLog()
        BuildStages.checkOutputFolder(options, log: &log)
        BuildStages.checkLinks(options, log: &log)
        let templates = TemplateSet.load(themeDirectory: options.theme, displayRoot: options.displayTheme, log: &log)
        clock.lap("load templates")
        var hub: Hub?
        do {
            let (loaded, warnings) = try loadHub(clock: &clock)
            hub = loaded
            log.append(contentsOf: warnings)
        } catch let error as DiagnosticsError {
            log.append(contentsOf: error.diagnostics)
        }
        try log.throwIfErrors()
        guard let hub, let templates else { throw DiagnosticsError(log.diagnostics) }
        var renderer = SiteRenderer(templates: templates)
        renderer.parallel = options.parallel
        // The search index first, so that its working data (documents, postings) is freed before the pages are rendered.
        renderer.searchIndexFiles = { _ in [] }
        let (written, paths) = try BuildStages.writeWhole(hub, renderer: renderer, options: options,
                                                          first: { SearchIndexFiles.files(for: hub) })
        clock.lap("render and write")
        let fileCount = paths.count
        var report = BuildReport()
        report.briefings = hub.briefings.count
        report.themes = hub.themes.count
        report.pages = hub.pages.count
        report.responses = hub.responses.count
        report.files = fileCount
        report.warnings = DiagnosticsError(log.warnings).diagnostics
        report.loaded = hub.briefings.count + hub.themes.count + hub.pages.count
        report.rendered = fileCount
        report.written = written.written
        report.unchanged = written.unchanged
        report.removed = written.removed
        report.timings = clock.timings
        return report
    }
}

/// Steps shared by `BuildPipeline` and `BuildSession`.
enum BuildStages {
    static let placeholderConfig = HubConfig.placeholder

    /// The output folder is replaced whole: it must never be, or hold, the sources.
    static func checkOutputFolder(_ options: BuildOptions, log: inout DiagnosticLog) {
        for (name, source) in [("content", options.content), ("theme", options.theme)] {
            let out = options.output.path.hasSuffix("/") ? options.output.path : options.output.path + "/"
            let src = source.path.hasSuffix("/") ? source.path : source.path + "/"
            if src.hasPrefix(out) {
                log.error(SourceLocation(path: BuildOptions.display(options.output)),
                          "the output folder would replace the \(name) folder \(BuildOptions.display(source)); choose another --output, such as Public")
            }
        }
    }

    /// Symbolic links that leave the content or theme folder are errors (see `SourceLinks`).
    static func checkLinks(_ options: BuildOptions, log: inout DiagnosticLog) {
        SourceLinks.check(options.content, display: options.displayContent, skipHidden: true, log: &log)
        SourceLinks.check(options.theme, display: options.displayTheme, skipHidden: false, log: &log)
    }

    /// Renders the whole site and writes it into the output folder, each file as soon as it is made
    /// (see `SiteStream`, which writes the new site beside the old and swaps it in whole). The
    /// theme's assets are read before anything is written, so one that cannot be read is an error
    /// that leaves the output as it was. `first` makes files to write before the pages (the search
    /// index, whose working data is then freed). Returns what was written and the paths of the
    /// files made, assets left out.
    static func writeWhole(_ hub: Hub, renderer: SiteRenderer, options: BuildOptions,
                           first: () -> [OutputFile] = { [] }) throws -> (WriteReport, Set<String>) {
        var assets: [OutputFile] = []
        var assetFolders: [String] = []
        do {
            try SiteWriter.collectAssets(at: options.theme.appendingPathComponent("assets").path, as: "assets",
                                         files: &assets, folders: &assetFolders)
        } catch let failure as FileTree.Failure {
            throw DiagnosticsError([.error(SourceLocation(path: BuildOptions.display(path: failure.path)),
                                           "this file of the theme cannot be read (\(String(cString: strerror(failure.code))))")])
        }
        do {
            // Images and documents kept beside the words, copied as they are with the same relative paths.
            try SiteWriter.collectAssets(at: options.content.appendingPathComponent(ContentFiles.folder).path, as: ContentFiles.folder,
                                         files: &assets, folders: &assetFolders)
        } catch let failure as FileTree.Failure {
            throw DiagnosticsError([.error(SourceLocation(path: BuildOptions.display(path: failure.path)),
                                           "this file cannot be read (\(String(cString: strerror(failure.code))))")])
        }
        let writer = SiteWriter(output: options.output, parallel: options.parallel)
        do {
            let stream = try writer.stream()
            writer.sync(first(), into: stream)  // a temporary, let go before the pages are rendered
            renderer.render(hub, emit: stream.write)
            writer.sync(assets, into: stream)
            let report = try stream.finish(extraFolders: assetFolders)
            return (report, stream.paths.subtracting(assets.map(\.path)))
        } catch let failure as FileTree.Failure {
            throw DiagnosticsError([writeError(failure, options: options)])
        }
    }

    /// A file or folder of the new site that could not be written, named where it would have gone
    /// (the new site is written beside the output folder, then swapped in whole, so the previous site
    /// is still there as it was).
    static func writeError(_ failure: FileTree.Failure, options: BuildOptions) -> Diagnostic {
        let output = BuildOptions.display(options.output)
        let what = failure.doing == "write" ? "this file of the site could not be written" : "could not \(failure.doing) this folder"
        return .error(SourceLocation(path: BuildOptions.display(path: failure.path)),
                      "\(what) (\(failure.reason)); \(output)/ was left as the last build made it")
    }

    /// Loads content files, in parallel unless told otherwise, in the order given.
    static func load(_ entries: [ContentInventory.Entry], with loader: ContentFileLoader, parallel: Bool) -> [LoadedFile] {
        let loaded = ParallelResults<LoadedFile>(count: entries.count)
        let body: @Sendable (Int) -> Void = { i in loaded[i] = loader.load(entries[i]) }
        Parallel.forEach(entries.count, parallel: parallel, body)
        return loaded.values
    }
}
