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

/// One build of the hub, from nothing remembered: a `BuildSession`'s first build, by a session
/// that keeps nothing for a next one (`learning-hub build`, and the tests).
public struct BuildPipeline: Sendable {
    public var options: BuildOptions

    public init(options: BuildOptions) { self.options = options }

    /// Loads and checks everything; throws every problem found.
    public func loadHub() throws -> (Hub, [Diagnostic]) {
        try BuildSession(options: options, remembers: false).loadHub()
    }

    /// The whole build; with `options.parallel` off, on one thread throughout (see `Parallel`).
    @discardableResult
    public func run() throws -> BuildReport {
        try BuildSession(options: options, remembers: false).build()
    }
}

/// The steps of a `BuildSession` that are not its own state.
enum BuildStages {
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

    /// Writes the whole site into the output folder, each file as soon as `make` hands it over (see
    /// `SiteStream`, which writes the new site beside the old and swaps it in whole), then the
    /// theme's assets and `Content/files/`. Those are read before anything is written, so one that
    /// cannot be read is an error that leaves the output as it was.
    static func writeWhole<Made>(options: BuildOptions,
                                 make: (_ emit: @escaping @Sendable ([OutputFile]) -> Void) throws -> Made) throws -> (WriteReport, Made) {
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
            let stream = try writer.stream(keepingSpare: true)
            let made = try make { files in
                if files.count == 1 { stream.write(files[0]) } else { writer.sync(files, into: stream) }
            }
            writer.sync(assets, into: stream)
            let report = try stream.finish(extraFolders: assetFolders)
            return (report, made)
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
}
