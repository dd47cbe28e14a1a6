import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A build that remembers the one before, for building the same hub again and again (the preview
/// server, and the benchmark's `learning-hub build --rebuild-on-input`).
///
/// Each `build()` gives exactly the site a full `BuildPipeline` build of the same sources gives, and
/// keeps the same promises: every problem is reported, and nothing is written unless the build found
/// no error. What it saves:
///
/// - Content files and filed responses are read again only when their size, modification time or
///   inode changed (every file is still checked, with one `stat` each). A file added or removed
///   makes every content file load again, because links are resolved against the list of files.
/// - The checks across files (links, anchors, themes, slugs) run on every build: they are cheap.
/// - Pages the change cannot have touched are not rendered (see `PageReuse`): after editing one
///   briefing, its page, its responses page, the pages that list it (the briefings index, its themes,
///   the home page if it is among the latest) and the files that change with it are made again.
/// - Only files whose bytes changed are written, each one complete before it is renamed into place;
///   files the site no longer has are removed.
///
/// The session assumes nothing else writes to the output folder between builds; if the folder has
/// gone, the next build writes it whole. A failed build changes nothing on disk, and the next build
/// is compared with the last one that succeeded. One build runs at a time.
public final class BuildSession: @unchecked Sendable {
    public let options: BuildOptions
    private let lock = NSLock()

    /// What identifies one version of a file without reading it.
    struct Stamp: Hashable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int

        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            seconds = Int(info.st_mtim.tv_sec)
            nanoseconds = Int(info.st_mtim.tv_nsec)
        }
    }

    /// Content files as last loaded, by path under `Content/`.
    private var contentFiles: [String: (stamp: Stamp, file: LoadedFile)] = [:]
    private var routes: [String: String] = [:]
    /// What of hub.yml the loading of each file depends on: when it changes, every file is read again.
    private var loaderSettings: (RoleVocabulary, PartnershipType)?
    /// `Content/files/` as last seen: a file added or removed changes which links are good.
    private var knownFiles: [String: Int] = [:]
    /// Filed responses as last read and checked (only those without errors), by path under `Content/`,
    /// with the IDs of the briefing they were checked against.
    private var responseFiles: [String: (stamp: Stamp, ids: [String]?, result: ResponseFileLoader.Result)] = [:]
    private var templateStamps: [String: Stamp]?

    /// The last build that succeeded: its model, the files it made (not counting assets) and the
    /// state of the theme's assets it copied.
    private struct Built {
        var hub: Hub
        var paths: Set<String>
        var assets: [String: Stamp]
        /// `Content/files/` as it was copied.
        var files: [String: Int]
    }
    private var last: Built?
    /// The last search index, so that a rebuild makes again only what changed in it.
    private let search = SearchIndexCache()

    public init(options: BuildOptions) { self.options = options }

    /// Builds the hub, reusing what the previous build of this session did where the sources did not change.
    /// With `options.parallel` off, on one thread throughout (see `Parallel`).
    @discardableResult
    public func build() throws -> BuildReport {
        try Parallel.serially(unless: options.parallel) { try buildOnce() }
    }

    private func buildOnce() throws -> BuildReport {
        lock.lock()
        defer { lock.unlock() }
        var clock = StageClock()
        var report = BuildReport()
        var log = DiagnosticLog()
        BuildStages.checkOutputFolder(options, log: &log)
        BuildStages.checkLinks(options, log: &log)

        // The theme: loaded every time (a few small files); whether it changed decides what can be reused.
        let templateFolder = options.theme.appendingPathComponent("templates").path
        let stamps = Self.stamps(under: templateFolder)
        let templates = TemplateSet.load(themeDirectory: options.theme, displayRoot: options.displayTheme, log: &log)
        let themeChanged = stamps != templateStamps
        templateStamps = stamps
        clock.lap("load templates")

        // Content: only new and changed files are read.
        var contentLog = DiagnosticLog()
        let config = HubConfig.load(contentDirectory: options.content, displayRoot: options.displayContent, log: &contentLog)
        let inventory = ContentInventory.scan(contentDirectory: options.content)
        let settings = (config?.vocabulary ?? RoleVocabulary(), config?.partnershipType ?? .children)
        if inventory.routes != routes || inventory.files != knownFiles || loaderSettings.map({ $0.0 != settings.0 || $0.1 != settings.1 }) ?? true {
            contentFiles = [:]
            routes = inventory.routes
            knownFiles = inventory.files
            loaderSettings = settings
        }
        var files: [LoadedFile?] = []
        var toLoad: [Int] = []
        // Paths as strings: a URL per file was a measurable part of checking 50,000 records.
        let contentPath = options.content.path
        var fileStamps: [Stamp?] = []
        for (i, entry) in inventory.entries.enumerated() {
            let stamp = Stamp(contentPath + "/" + entry.contentPath)
            fileStamps.append(stamp)
            if let stamp, let cached = contentFiles[entry.contentPath], cached.stamp == stamp {
                files.append(cached.file)
            } else {
                files.append(nil)
                toLoad.append(i)
            }
        }
        var loader = ContentFileLoader(contentDirectory: options.content, displayRoot: options.displayContent, routes: inventory.routes, config: config)
        loader.files = inventory.files
        let fresh = BuildStages.load(toLoad.map { inventory.entries[$0] }, with: loader, parallel: options.parallel)
        for (i, file) in zip(toLoad, fresh) {
            files[i] = file
            if let stamp = fileStamps[i] { contentFiles[file.entry.contentPath] = (stamp, file) }
        }
        let present = Set(inventory.entries.map(\.contentPath))
        contentFiles = contentFiles.filter { present.contains($0.key) }
        report.loaded = toLoad.count
        clock.lap("load content")

        var hub = HubAssembler(displayRoot: options.displayContent)
            .assemble(config: config ?? BuildStages.placeholderConfig, files: files.compactMap { $0 }, log: &contentLog)
        clock.lap("check content")
        if !contentLog.hasErrors {
            hub.responses = loadResponses(for: hub, log: &contentLog)
            let store = ResponseStore(contentDirectory: options.content, displayRoot: options.displayContent)
            hub.expectedTeams = store.loadExpectedTeams(briefings: Set(hub.briefings.map(\.slug)), log: &contentLog)
            hub.asOf = options.asOf ?? hub.config.asOf ?? CalendarDate.today()
            AsOfCheck.warn(hub, options: options, log: &contentLog)
        }
        log.append(contentsOf: contentLog.diagnostics)
        clock.lap("load responses")
        try log.throwIfErrors()
        guard let templates else { throw DiagnosticsError(log.diagnostics) }

        // Render what the change touched, or everything the first time.
        let writer = SiteWriter(output: options.output, parallel: options.parallel)
        let assetsFolder = options.theme.appendingPathComponent("assets").path
        let assetStamps = Self.stamps(under: assetsFolder)
        var outputExists = ObjCBool(false)
        let previous = FileManager.default.fileExists(atPath: options.output.path, isDirectory: &outputExists) && outputExists.boolValue
            && !themeChanged ? last : nil
        var renderer = SiteRenderer(templates: templates)
        renderer.parallel = options.parallel
        let reused = PathRecorder()
        if let previous {
            let reusable = PageReuse(old: previous.hub, new: hub).reusable(from: previous.paths)
            renderer.reusable = { path in reusable.contains(path) && reused.record(path) }
        }
        // The search index's files that did not change are kept like reused pages; when the
        // output is written whole, all of them are made.
        let search = self.search
        let writeAll = previous == nil
        renderer.searchIndexFiles = { hub in
            let (changed, paths) = search.files(for: hub, all: writeAll)
            let made = Set(changed.map(\.path))
            for path in paths where !made.contains(path) { _ = reused.record(path) }
            return changed
        }
        last = nil  // Until the output is written whole again.
        let paths: Set<String>
        if let previous {
            let rendered = renderer.render(hub)
            clock.lap("render")
            paths = Set(rendered.map(\.path)).union(reused.paths)
            var result = try writer.update(rendered, removing: previous.paths.subtracting(paths))
            if assetStamps != previous.assets {
                result = result + (try SiteWriter(output: options.output.appendingPathComponent("assets"), parallel: options.parallel)
                    .write(assetsFrom: URL(fileURLWithPath: assetsFolder)))
            }
            if inventory.files != previous.files {
                result = result + (try SiteWriter(output: options.output.appendingPathComponent(ContentFiles.folder), parallel: options.parallel)
                    .write(assetsFrom: options.content.appendingPathComponent(ContentFiles.folder)))
            }
            (report.written, report.unchanged, report.removed) = (result.written, result.unchanged, result.removed)
            report.rendered = rendered.count
            report.incremental = true
        } else {
            let (result, made) = try BuildStages.writeWhole(hub, renderer: renderer, options: options)
            clock.lap("render and write")
            paths = made.union(reused.paths)
            (report.written, report.unchanged, report.removed) = (result.written, result.unchanged, result.removed)
            report.rendered = made.count
        }
        last = Built(hub: hub, paths: paths, assets: assetStamps, files: inventory.files)
        clock.lap("write")

        report.briefings = hub.briefings.count
        report.themes = hub.themes.count
        report.pages = hub.pages.count
        report.responses = hub.responses.count
        report.files = paths.count
        report.warnings = DiagnosticsError(log.warnings).diagnostics
        report.timings = clock.timings
        return report
    }

    /// The filed responses, each file read again only when it changed or the briefing it answers did.
    private func loadResponses(for hub: Hub, log: inout DiagnosticLog) -> [TeamResponse] {
        let store = ResponseStore(contentDirectory: options.content, displayRoot: options.displayContent)
        let list = store.responseFiles()
        if list.isEmpty {
            responseFiles = [:]
            return store.collate([], log: &log)
        }
        let catalogue = BriefingCatalogue(hub: hub)
        let loader = ResponseFileLoader(store: store, hub: hub, catalogue: catalogue)
        var results: [ResponseFileLoader.Result?] = []
        var toLoad: [Int] = []
        let contentPath = options.content.path
        var stamps: [Stamp?] = []
        for (i, file) in list.enumerated() {
            let stamp = Stamp(contentPath + "/" + file.relativePath)
            stamps.append(stamp)
            if let stamp, let cached = responseFiles[file.relativePath], cached.stamp == stamp,
               cached.ids == catalogue.orderedIDs[file.folder] {
                results.append(cached.result)
            } else {
                results.append(nil)
                toLoad.append(i)
            }
        }
        let fresh = ParallelResults<ResponseFileLoader.Result>(count: toLoad.count)
        let work = toLoad
        let body: @Sendable (Int) -> Void = { j in fresh[j] = loader.load(list[work[j]]) }
        Parallel.forEach(work.count, parallel: options.parallel, body)
        for (j, i) in toLoad.enumerated() {
            let result = fresh[j] ?? ResponseFileLoader.Result()
            results[i] = result
            // A record with errors is read again next time: its messages may name other briefings.
            if let stamp = stamps[i], result.errors.isEmpty {
                responseFiles[list[i].relativePath] = (stamp, catalogue.orderedIDs[list[i].folder], result)
            } else {
                responseFiles[list[i].relativePath] = nil
            }
        }
        let present = Set(list.map(\.relativePath))
        responseFiles = responseFiles.filter { present.contains($0.key) }
        return store.collate(results.compactMap { $0 }, log: &log)
    }

    /// Every file under a folder (one level of sub-folders and more) with its stamp.
    static func stamps(under folder: String) -> [String: Stamp] {
        var result: [String: Stamp] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return result }
        for case let path as String in enumerator {
            if let stamp = Stamp(folder + "/" + path) { result[path] = stamp }
        }
        return result
    }
}

/// The paths a renderer was told it need not render, noted as it asks (from every core).
final class PathRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded = Set<String>()

    /// Notes `path`; always true, so it can end a condition.
    func record(_ path: String) -> Bool {
        lock.withLock { _ = recorded.insert(path) }
        return true
    }

    var paths: Set<String> { lock.withLock { recorded } }
}
