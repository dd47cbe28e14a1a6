import Foundation

/// `Content/` as the model: hub.yml and every briefing, theme and page, loaded (on every core) and
/// checked. Not the filed responses nor teams.yml: a build adds those (`BuildSession`); `collect`
/// needs only this, for the settings, the briefings' IDs and titles.
public enum HubContent {
    /// What the loading of every file depends on besides the file itself: when it changes, a
    /// session reads every file again. Links are resolved against the list of files.
    struct LoadContext: Equatable, Sendable {
        var routes: [String: String]
        var files: [String: Int]
        var vocabulary: RoleVocabulary
        var partnershipType: PartnershipType
    }

    typealias Cache = FileCache<LoadContext, LoadedFile>

    /// The hub without its responses; every problem goes into `log` (the caller decides whether to
    /// stop). `lap` is told when the files are loaded and when they are checked, for timings.
    public static func load(content: URL, displayContent: String, parallel: Bool = true,
                            log: inout DiagnosticLog, lap: (String) -> Void = { _ in }) -> Hub {
        load(content: content, displayContent: displayContent, parallel: parallel, cache: nil, log: &log, lap: lap).hub
    }

    /// The same, reading only the files that changed since the cache was last given (all of them
    /// without one); also says how many files were read, and which files `Content/files/` holds.
    static func load(content: URL, displayContent: String, parallel: Bool, cache: Cache?,
                     log: inout DiagnosticLog, lap: (String) -> Void) -> (hub: Hub, read: Int, files: [String: Int]) {
        let config = HubConfig.load(contentDirectory: content, displayRoot: displayContent, log: &log)
        let inventory = ContentInventory.scan(contentDirectory: content)
        cache?.begin(LoadContext(routes: inventory.routes, files: inventory.files, vocabulary: config?.vocabulary ?? RoleVocabulary(),
                                 partnershipType: config?.partnershipType ?? .children))
        var loader = ContentFileLoader(contentDirectory: content, displayRoot: displayContent, routes: inventory.routes, config: config)
        loader.files = inventory.files
        let entries = inventory.entries
        // Paths as strings: a URL per file was a measurable part of checking 50,000 records.
        let contentPath = content.path
        let loaded = ParallelResults<LoadedFile>(count: entries.count)
        let read = ParallelResults<Bool>(count: entries.count)
        let files = loader
        Parallel.forEach(entries.count, parallel: parallel) { i in
            let path = entries[i].contentPath
            let stamp = cache.flatMap { _ in FileStamp(contentPath + "/" + path) }
            if let kept = cache?.value(for: path, stamp: stamp) {
                loaded[i] = kept
            } else {
                let file = files.load(entries[i])
                cache?.store(file, for: path, stamp: stamp)
                loaded[i] = file
                read[i] = true
            }
        }
        cache?.end(keeping: Set(entries.map(\.contentPath)))
        lap("load content")
        let hub = HubAssembler(displayRoot: displayContent).assemble(config: config ?? HubConfig.placeholder,
                                                                     files: loaded.values, log: &log)
        lap("check content")
        return (hub, read.values.count, inventory.files)
    }
}
