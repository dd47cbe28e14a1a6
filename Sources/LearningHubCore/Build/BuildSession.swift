import Foundation

/// The build, top to bottom: load `Content/` into the model, check it, render the pages, write the
/// site. It is the one engine: `learning-hub build` is a session's first (and only) build; the
/// preview server and `build --rebuild-on-input` keep a session and build again after each change.
///
/// Each build gives exactly the site a first build of the same sources gives, and keeps the same
/// promises: every problem is reported, and nothing is written unless the build found no error.
/// What a later build saves:
///
/// - Content files and filed responses are read again only when their size, modification time or
///   inode changed (see `FileCache`; every file is still checked, with one `stat` each).
/// - The checks across files (links, anchors, themes, slugs) run on every build: they are cheap.
/// - A page whose key (what it depends on, see `PageKind.all`) is the same as last time is not
///   rendered or written (see `SiteRenderer`);
///   the search index makes again only what changed (`SearchIndexCache`).
/// - Only files whose bytes changed are written, each complete before it is renamed into place;
///   files the site no longer has are removed.
///
/// The session assumes nothing else writes to the output folder between builds; if the folder has
/// gone, or the templates changed, the next build writes it whole. A failed build changes nothing
/// on disk, and the next build is compared with the last one that succeeded. One build runs at a time.
public final class BuildSession: @unchecked Sendable {
    public let options: BuildOptions
    /// Whether this session keeps what a build did for the next one. A one-off build does not, which
    /// spares it the pages' keys and lets the search index's working data go before the pages are made.
    private let remembers: Bool
    private let lock = NSLock()

    private let contentCache: HubContent.Cache?
    private let responseCache: ResponseStore.Cache?
    private let search: SearchIndexCache
    private let markup = ResponseMarkupCache()
    private var templateStamps: [String: FileStamp]?

    /// The last build that succeeded: the keys and paths of the files it made (not counting
    /// assets), and the state of the assets it copied.
    private struct Built {
        var keys: [String: Int]
        var paths: Set<String>
        var assets: [String: FileStamp]
        /// `Content/files/` as it was copied.
        var files: [String: Int]
    }
    private var last: Built?

    /// A session whose builds after the first reuse what the one before did.
    public convenience init(options: BuildOptions) { self.init(options: options, remembers: true) }

    init(options: BuildOptions, remembers: Bool) {
        self.options = options
        self.remembers = remembers
        contentCache = remembers ? HubContent.Cache() : nil
        responseCache = remembers ? ResponseStore.Cache() : nil
        search = SearchIndexCache(remembering: remembers)
    }

    /// Builds the hub; with `options.parallel` off, on one thread throughout (see `Parallel`).
    @discardableResult
    public func build() throws -> BuildReport {
        try Parallel.serially(unless: options.parallel) { try lock.withLock { try buildOnce() } }
    }

    /// Loads and checks everything without rendering; throws every problem found.
    public func loadHub() throws -> (Hub, [Diagnostic]) {
        var clock = StageClock()
        var log = DiagnosticLog()
        let (hub, _, _) = Parallel.serially(unless: options.parallel) { lock.withLock { loadModel(clock: &clock, log: &log) } }
        try log.throwIfErrors()
        return (hub, log.warnings)
    }

    private func buildOnce() throws -> BuildReport {
        var clock = StageClock()
        var log = DiagnosticLog()
        BuildStages.checkOutputFolder(options, log: &log)
        BuildStages.checkLinks(options, log: &log)

        // 1. The theme: loaded every time (a few small files); if it changed, nothing is reused.
        let stamps = FileStamp.all(under: options.theme.appendingPathComponent("templates").path)
        let templates = TemplateSet.load(themeDirectory: options.theme, displayRoot: options.displayTheme, log: &log)
        let themeChanged = stamps != templateStamps
        templateStamps = stamps
        clock.lap("load templates")

        // 2. The model: content, then responses, each file read only if it changed.
        let (hub, read, inventoryFiles) = loadModel(clock: &clock, log: &log)
        try log.throwIfErrors()
        guard let templates else { throw DiagnosticsError(log.diagnostics) }

        // 3. Render and write: only what changed since the last build, or everything.
        var isDirectory = ObjCBool(false)
        let outputThere = FileManager.default.fileExists(atPath: options.output.path, isDirectory: &isDirectory) && isDirectory.boolValue
        let previous = outputThere && !themeChanged ? last : nil
        last = nil  // Until this build has written the site.
        var renderer = SiteRenderer(templates: templates)
        renderer.parallel = options.parallel
        renderer.keyed = remembers
        renderer.markup = markup
        markup.keep(only: hub.responses)
        let assetStamps = FileStamp.all(under: options.theme.appendingPathComponent("assets").path)

        var report = BuildReport()
        let result: SiteRenderer.Result
        let searchPaths: [String]
        let searchMade: Int
        if let previous {
            let made = ParallelResults<OutputFile>(count: 0)
            let index = search.files(for: hub, all: false)
            (searchPaths, searchMade) = (index.paths, index.changed.count)
            result = renderer.render(hub, previous: previous.keys) { made.append($0) }
            clock.lap("render")
            let paths = Set(result.paths).union(searchPaths)
            let writer = SiteWriter(output: options.output, parallel: options.parallel)
            var written = try writer.update(index.changed + made.values, removing: previous.paths.subtracting(paths))
            if assetStamps != previous.assets {
                written = written + (try SiteWriter(output: options.output.appendingPathComponent("assets"), parallel: options.parallel)
                    .write(assetsFrom: options.theme.appendingPathComponent("assets")))
            }
            if inventoryFiles != previous.files {
                written = written + (try SiteWriter(output: options.output.appendingPathComponent(ContentFiles.folder), parallel: options.parallel)
                    .write(assetsFrom: options.content.appendingPathComponent(ContentFiles.folder)))
            }
            (report.written, report.unchanged, report.removed) = (written.written, written.unchanged, written.removed)
            report.incremental = true
        } else {
            // The search index first, so that a one-off build lets its working data go before the pages are made.
            var index: [String] = []
            let written: WriteReport
            (written, result) = try BuildStages.writeWhole(options: options) { stream in
                // In a scope of its own, so that the index's bytes are not held while the pages are made.
                do {
                    let files = self.search.files(for: hub, all: true)
                    index = files.paths
                    stream(files.changed)
                }
                return renderer.render(hub, previous: nil) { stream([$0]) }
            }
            (searchPaths, searchMade) = (index, index.count)
            clock.lap("render and write")
            (report.written, report.unchanged, report.removed) = (written.written, written.unchanged, written.removed)
        }
        let paths = Set(result.paths).union(searchPaths)
        if remembers {
            last = Built(keys: result.keys, paths: paths, assets: assetStamps, files: inventoryFiles)
        }
        clock.lap("write")

        report.briefings = hub.briefings.count
        report.themes = hub.themes.count
        report.pages = hub.pages.count
        report.responses = hub.responses.count
        report.files = paths.count
        report.loaded = read
        report.rendered = result.made + searchMade
        report.warnings = DiagnosticsError(log.warnings).diagnostics
        report.timings = clock.timings
        return report
    }

    /// The checked model: the content, then the filed responses and teams.yml, unless the content
    /// had errors (responses are checked against the briefings). Also how many content files were
    /// read, and what `Content/files/` holds.
    private func loadModel(clock: inout StageClock, log: inout DiagnosticLog) -> (Hub, Int, [String: Int]) {
        var contentLog = DiagnosticLog()
        var (hub, read, files) = HubContent.load(content: options.content, displayContent: options.displayContent, parallel: options.parallel,
                                          cache: contentCache, log: &contentLog) { clock.lap($0) }
        if !contentLog.hasErrors {
            let store = ResponseStore(contentDirectory: options.content, displayRoot: options.displayContent)
            hub.responses = store.loadResponses(for: hub, log: &contentLog, parallel: options.parallel, cache: responseCache)
            hub.expectedTeams = store.loadExpectedTeams(briefings: Set(hub.briefings.map(\.slug)), log: &contentLog)
            hub.asOf = options.asOf ?? hub.config.asOf ?? CalendarDate.today()
            AsOfCheck.warn(hub, options: options, log: &contentLog)
        }
        log.append(contentsOf: contentLog.diagnostics)
        clock.lap("load responses")
        return (hub, read, files)
    }
}
