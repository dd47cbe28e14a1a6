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

    public init(content: URL, theme: URL, output: URL, asOf: CalendarDate? = nil) {
        self.asOf = asOf
        self.content = content.standardizedFileURL
        self.theme = theme.standardizedFileURL
        self.output = output.standardizedFileURL
        displayContent = Self.display(self.content)
        displayTheme = Self.display(self.theme)
    }

    static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.path
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }
}

public struct BuildReport: Sendable {
    public var briefings = 0, themes = 0, pages = 0, responses = 0, files = 0
    public var warnings: [Diagnostic] = []
}

/// The whole build, top to bottom: load the content into the model, check it, render the pages,
/// write the site. Each stage is its own type; this one only wires them and stops at the first
/// stage that found errors, having reported all of that stage's errors.
public struct BuildPipeline: Sendable {
    public var options: BuildOptions

    public init(options: BuildOptions) { self.options = options }

    /// Loads and checks everything; throws every problem found.
    public func loadHub() throws -> (Hub, [Diagnostic]) {
        var log = DiagnosticLog()
        let config = HubConfig.load(contentDirectory: options.content, displayRoot: options.displayContent, log: &log)
        let inventory = ContentInventory.scan(contentDirectory: options.content)
        let loader = ContentFileLoader(contentDirectory: options.content, displayRoot: options.displayContent, routes: inventory.routes)
        let loaded = ParallelResults<LoadedFile>(count: inventory.entries.count)
        DispatchQueue.concurrentPerform(iterations: inventory.entries.count) { i in
            loaded[i] = loader.load(inventory.entries[i])
        }
        let placeholder = HubConfig(title: "", partnership: "", responsesEmail: "", description: "", baseURL: nil,
                                    basePath: "/", publishStaffNames: false, asOf: nil)
        var hub = HubAssembler(displayRoot: options.displayContent).assemble(config: config ?? placeholder, files: loaded.values, log: &log)
        try log.throwIfErrors()
        let store = ResponseStore(contentDirectory: options.content, displayRoot: options.displayContent)
        hub.responses = store.loadResponses(for: hub, log: &log)
        hub.expectedTeams = store.loadExpectedTeams(briefings: Set(hub.briefings.map(\.slug)), log: &log)
        hub.asOf = options.asOf ?? hub.config.asOf ?? CalendarDate.today()
        try log.throwIfErrors()
        return (hub, log.warnings)
    }

    public func run() throws -> BuildReport {
        var log = DiagnosticLog()
        // The output folder is replaced whole: it must never be, or hold, the sources.
        for (name, source) in [("content", options.content), ("theme", options.theme)] {
            let out = options.output.path.hasSuffix("/") ? options.output.path : options.output.path + "/"
            let src = source.path.hasSuffix("/") ? source.path : source.path + "/"
            if src.hasPrefix(out) {
                log.error(SourceLocation(path: BuildOptions.display(options.output)),
                          "the output folder would replace the \(name) folder \(BuildOptions.display(source)); choose another --output, such as Public")
            }
        }
        let templates = TemplateSet.load(themeDirectory: options.theme, displayRoot: options.displayTheme, log: &log)
        var hub: Hub?
        do {
            let (loaded, warnings) = try loadHub()
            hub = loaded
            log.append(contentsOf: warnings)
        } catch let error as DiagnosticsError {
            log.append(contentsOf: error.diagnostics)
        }
        try log.throwIfErrors()
        guard let hub, let templates else { throw DiagnosticsError(log.diagnostics) }
        let files = SiteRenderer(templates: templates).render(hub)
        try SiteWriter(output: options.output).write(files, assets: options.theme.appendingPathComponent("assets"))
        return BuildReport(briefings: hub.briefings.count, themes: hub.themes.count, pages: hub.pages.count,
                           responses: hub.responses.count, files: files.count, warnings: DiagnosticsError(log.warnings).diagnostics)
    }
}
