import FlyingFox
import FlyingSocks
import Foundation
import LearningHubCore

/// `learning-hub serve`: builds the hub into a preview folder, serves that folder over HTTP, and
/// rebuilds it and reloads the open pages whenever a file under the content or theme folder changes.
///
/// Wiring only: `FileServer` maps paths to files, `ChangeWatcher` notices saves, `ReloadBroadcaster`
/// holds the open pages' websockets, `PreviewBuilder` runs the build, `BuildState` remembers the last
/// result for `/__learning-hub/status`.
public actor PreviewServer {
    public struct Options: Sendable {
        public var content: URL
        public var theme: URL
        /// Where the preview is built. `nil`: a new temporary folder, removed when the server stops.
        public var output: URL?
        /// An IPv4 or IPv6 address (or `localhost`) to listen on.
        public var host: String
        /// 0 picks a free port; `start()` returns the one used.
        public var port: UInt16
        public var asOf: CalendarDate?
        public var pollInterval: Duration
        /// Connections served at once; more are answered 503. `nil`: as many as the limit on open
        /// files allows (see `RequestLimits`).
        public var connectionLimit: Int?
        /// Where progress lines go (the terminal's standard output in the CLI).
        public var log: @Sendable (String) -> Void
        /// Where build problems go (standard error in the CLI).
        public var logError: @Sendable (String) -> Void

        public init(content: URL, theme: URL, output: URL? = nil, host: String = "127.0.0.1", port: UInt16 = 8080,
                    asOf: CalendarDate? = nil, pollInterval: Duration = .milliseconds(300), connectionLimit: Int? = nil,
                    log: @escaping @Sendable (String) -> Void = { _ in },
                    logError: @escaping @Sendable (String) -> Void = { _ in }) {
            self.content = content
            self.theme = theme
            self.output = output
            self.host = host
            self.port = port
            self.asOf = asOf
            self.pollInterval = pollInterval
            self.connectionLimit = connectionLimit
            self.log = log
            self.logError = logError
        }
    }

    /// Why the server did not start, about the address (or the option) it names.
    public struct StartError: LocatedError, CustomStringConvertible {
        public var place: String
        public var problem: String
        public var description: String { "\(place): \(problem)" }
    }

    public let options: Options
    /// The folder the site is built into and served from.
    public nonisolated let outputFolder: URL
    private let ownsOutput: Bool
    private let builder: PreviewBuilder
    private let state = BuildState()
    private let broadcaster = ReloadBroadcaster()
    private var http: HTTPServer?
    private var serverTask: Task<Void, Never>?
    private var front: FrontDoor?
    private var frontTask: Task<Void, Never>?
    private var watchTask: Task<Void, Never>?
    private var stopped = false

    public init(options: Options) {
        self.options = options
        if let output = options.output {
            outputFolder = output.standardizedFileURL
            ownsOutput = false
        } else {
            outputFolder = FileManager.default.temporaryDirectory
                .appendingPathComponent("learning-hub-preview-\(getpid())-\(UUID().uuidString.prefix(8))", isDirectory: true)
            ownsOutput = true
        }
        builder = PreviewBuilder(options: BuildOptions(content: options.content, theme: options.theme,
                                                      output: outputFolder, asOf: options.asOf))
    }

    /// Builds once, starts listening and watching. Returns the address to open, such as
    /// `http://127.0.0.1:8080/`. A failed first build still starts the server: the pages say what is wrong.
    @discardableResult
    public func start() async throws -> URL {
        guard http == nil, !stopped else { throw StartError(place: "\(options.host):\(options.port)", problem: "the preview server was already started") }
        let address = try Self.socketAddress(host: options.host, port: options.port)
        let watcher = ChangeWatcher(paths: [options.content, options.theme], interval: options.pollInterval)
        // Taken before the first build, so that a save during it is not missed.
        let before = watcher.snapshot()
        await rebuild(changed: [])

        let handler = PreviewHandler(files: FileServer(root: outputFolder), state: state,
                                     socket: WebSocketHTTPHandler(handler: MessageFrameWSHandler(handler: ReloadSocketHandler(broadcaster: broadcaster))))
        // FlyingFox listens where only this process can reach it; `FrontDoor` listens on the port.
        let backend = sockaddr_un.unix(abstractNamespace: "learning-hub-preview-\(getpid())-\(UUID().uuidString.prefix(8))")
        let server = HTTPServer(config: .init(address: backend, timeout: 30, logger: .disabled), handler: handler)
        http = server
        let failure = FailureBox()
        serverTask = Task {
            do { try await server.run() } catch { await failure.set(error) }
        }
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        while await server.listeningAddress == nil {
            if let error = await failure.error {
                await stop()
                throw StartError(place: "\(options.host):\(options.port)", problem: "cannot start the preview server (\(Self.plain(error)))")
            }
            guard ContinuousClock.now < deadline else {
                await stop()
                throw StartError(place: "\(options.host):\(options.port)", problem: "cannot start the preview server (it did not start listening within 5 seconds)")
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        let door: FrontDoor
        do {
            var limits = RequestLimits()
            limits.connections = options.connectionLimit
            door = try FrontDoor(address: address, backend: backend, limits: limits)
        } catch {
            await stop()
            let reason = "\(error)".contains("Address already in use")
                ? "the port is in use (another preview?); choose another with --port" : Self.plain(error)
            throw StartError(place: "\(options.host):\(options.port)", problem: "cannot listen on this address: \(reason)")
        }
        front = door
        frontTask = Task { await door.run() }
        guard let bound = door.boundAddress else {
            await stop()
            throw StartError(place: "\(options.host):\(options.port)", problem: "cannot listen on this address")
        }
        // Holds the server until `stop()` cancels it.
        watchTask = Task {
            await watcher.run(from: before) { changed in
                await self.rebuild(changed: changed)
            }
        }
        return Self.url(for: bound, host: options.host, port: options.port)
    }

    /// Stops watching, says goodbye to the open pages, closes the listening socket, and removes the
    /// preview folder if it was a temporary one. Safe to call more than once.
    public func stop() async {
        guard !stopped else { return }
        stopped = true
        watchTask?.cancel()
        await watchTask?.value
        await broadcaster.closeAll()
        front?.stop()
        frontTask?.cancel()
        await frontTask?.value
        // In-flight answers get a moment to finish; the socket pool then stops at once.
        if let http { await http.stop(timeout: 0.2) }
        await serverTask?.value
        if ownsOutput {
            try? FileTree.remove(outputFolder.path)
        }
    }

    /// The result of the last build, as `/__learning-hub/status` reports it.
    public func status() async -> BuildStatus { await state.status }

    /// How many pages are connected to the reload websocket.
    public func connectedPages() async -> Int { await broadcaster.clientCount }

    /// Rebuilds now and tells the open pages. Called by the watcher on every change.
    public func rebuild(changed: [String]) async {
        if !changed.isEmpty {
            let names = changed.prefix(3).map(BuildOptionsDisplay.display).joined(separator: ", ")
            options.log("Changed: \(names)\(changed.count > 3 ? " and \(changed.count - 3) more" : "")")
        }
        let outcome = await builder.build()
        let status = await state.record(outcome)
        switch outcome {
        case .built(let report, let ms):
            for warning in report.warnings { options.logError(warning.description) }
            options.log("Built \(report.files) files in \(ms) ms.")
        case .failed(let diagnostics):
            for line in diagnostics { options.logError(line) }
            options.logError(status.summary)
        }
        await broadcaster.broadcast(#"{"type":"build","ok":\#(status.ok),"generation":\#(status.generation)}"#)
    }

    // MARK: - Addresses

    /// A socket error in plain words, not FlyingSocks' own ("SocketError. bind(98): ...").
    static func plain(_ error: Error) -> String {
        switch error as? SocketError {
        case .failed(_, let code, _)?: ErrorText.words(code)
        case .timeout?: "it timed out"
        case .unsupportedAddress?: "the address is not one this computer can listen on"
        default: error.localizedDescription
        }
    }

    static func socketAddress(host: String, port: UInt16) throws -> any SocketAddress {
        let name = host == "localhost" ? "127.0.0.1" : host
        do {
            if name.contains(":") {
                return try sockaddr_in6.inet6(ip6: name.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port)
            }
            return try sockaddr_in.inet(ip4: name, port: port)
        } catch {
            throw StartError(place: "--host", problem: "should be an IP address such as 127.0.0.1 or ::1, not '\(host)'")
        }
    }

    static func url(for address: Socket.Address, host: String, port: UInt16) -> URL {
        switch address {
        case let .ip4(ip, port: bound):
            let shown = ip == "0.0.0.0" ? "127.0.0.1" : ip
            return URL(string: "http://\(shown):\(bound)/")!
        case let .ip6(ip, port: bound):
            let shown = ip == "::" ? "::1" : ip
            return URL(string: "http://[\(shown)]:\(bound)/")!
        default:
            return URL(string: "http://\(host):\(port)/")!
        }
    }
}

/// Paths in messages, relative to the current folder when they can be, as the build shows them.
enum BuildOptionsDisplay {
    static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}

private actor FailureBox {
    var error: (any Error)?
    func set(_ error: any Error) { self.error = error }
}
