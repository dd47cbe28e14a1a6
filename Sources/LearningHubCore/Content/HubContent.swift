import Foundation

/// `Content/` as the model: hub.yml and every briefing, theme and page, loaded (on every core) and
/// checked. Not the filed responses nor teams.yml: a build adds those (`BuildPipeline.loadHub`);
/// `collect` needs only this, for the settings, the briefings' IDs and titles.
public enum HubContent {
    /// The hub without its responses; every problem goes into `log` (the caller decides whether to
    /// stop). `lap` is told when the files are loaded and when they are checked, for timings.
    public static func load(content: URL, displayContent: String, parallel: Bool = true,
                            log: inout DiagnosticLog, lap: (String) -> Void = { _ in }) -> Hub {
        let config = HubConfig.load(contentDirectory: content, displayRoot: displayContent, log: &log)
        let inventory = ContentInventory.scan(contentDirectory: content)
        var loader = ContentFileLoader(contentDirectory: content, displayRoot: displayContent, routes: inventory.routes, config: config)
        loader.files = inventory.files
        let entries = inventory.entries
        let loaded = ParallelResults<LoadedFile>(count: entries.count)
        let files = loader
        Parallel.forEach(entries.count, parallel: parallel) { i in loaded[i] = files.load(entries[i]) }
        lap("load content")
        let hub = HubAssembler(displayRoot: displayContent).assemble(config: config ?? HubConfig.placeholder,
                                                                     files: loaded.values, log: &log)
        lap("check content")
        return hub
    }
}
