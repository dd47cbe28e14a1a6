import FlyingFox
import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The preview's listening socket, in front of FlyingFox, which listens on a socket only this
/// process knows (a Unix socket in the abstract namespace) and gets each connection's bytes passed
/// on. It does what FlyingFox 0.27.1 does not:
///
/// - **Bounded requests.** A request line or head over 16 KB is answered 414 or 431 as soon as
///   that much has arrived, and never reaches FlyingFox, whose parser takes time that grows with
///   the square of a head's length (a 256 KB header cost 30 s of CPU).
/// - **A cap on connections that keeps the listener.** Connections over `RequestLimits.connections`
///   are answered 503 and closed; when the process is out of descriptors, accepting waits until
///   some are free again. FlyingFox's accept loop ends `run()`, closing its listener for good, on
///   the first `EMFILE`.
/// - **No wait on kept-alive answers.** `TCP_NODELAY` on each connection: FlyingFox writes an
///   answer's head and body separately, and with Nagle's algorithm the body waited for the
///   browser's delayed acknowledgement, about 40 ms a request.
///
/// Upstream, FlyingFox should limit the request line and headers in `HTTPDecoder` (reading them
/// without re-scanning), set `TCP_NODELAY` on accepted sockets or write each answer at once in
/// `HTTPConnection.sendResponse`, take a maximum number of connections in
/// `HTTPServer.Configuration`, and retry `accept` after `EMFILE`, `ENFILE` and `ECONNABORTED`
/// instead of ending `run()`; this type could then go.
final class FrontDoor: @unchecked Sendable {
    private let listener: Socket
    private let backend: sockaddr_un
    private let pool: any AsyncSocketPool
    private let limits: RequestLimits
    /// Connections passed on at once: each costs three descriptors (the browser's, and the two
    /// ends of the one to FlyingFox), out of those not already open when the server started and
    /// not kept spare.
    let capacity: Int
    private let lock = NSLock()
    private var open = 0
    private var stopped = false

    /// Binds and listens on `address` at once, so that a port in use is an error before the preview starts.
    init(address: some SocketAddress, backend: sockaddr_un, limits: RequestLimits = RequestLimits()) throws {
        let socket = try Socket(domain: Int32(type(of: address).family))
        try socket.setValue(true, for: .localAddressReuse)
        try socket.bind(to: address)
        try socket.listen()
        listener = socket
        self.backend = backend
        self.limits = limits
        pool = HTTPServer.defaultPool()
        let free = limits.descriptorLimit - limits.spareDescriptors - RequestLimits.openDescriptors(below: limits.descriptorLimit)
        capacity = max(1, min(limits.connections ?? .max, free / 3))
    }

    var boundAddress: Socket.Address? { try? listener.sockname() }

    /// Connections being passed on now.
    var openConnections: Int { lock.withLock { open } }

    /// Accepts connections until `stop()`.
    func run() async {
        do { try await pool.prepare() } catch { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await self.pool.run() }
            group.addTask { await self.acceptConnections() }
            await group.next()
            group.cancelAll()
        }
    }

    func stop() {
        lock.withLock { stopped = true }
        try? listener.close()
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptConnections() async {
        guard let socket = try? AsyncSocket(socket: listener, pool: pool) else { return }
        await withDiscardingTaskGroup { connections in
            while !isStopped {
                let client: AsyncSocket
                do {
                    client = try await socket.accept()
                } catch {
                    if isStopped || Task.isCancelled { break }
                    // Out of descriptors after all (or a connection gone before it was accepted):
                    // the listener stays open and the connection waits in its queue.
                    try? await Task.sleep(for: .milliseconds(50))
                    continue
                }
                let admitted = lock.withLock { () -> Bool in
                    guard open < capacity else { return false }
                    open += 1
                    return true
                }
                guard admitted else {
                    // Told to come back, at once, and closed at once: its one descriptor comes from
                    // the spare ones, and only for a moment.
                    Self.send(RequestLimits.unavailable, to: client.socket.file.rawValue)
                    Self.dropWaiting(client.socket.file.rawValue)
                    try? client.close()
                    continue
                }
                Self.setNoDelay(client.socket.file.rawValue)
                connections.addTask {
                    await self.pass(client)
                    self.lock.withLock { self.open -= 1 }
                }
            }
            connections.cancelAll()
        }
    }

    /// Passes one connection's bytes to FlyingFox and back until either side closes.
    private func pass(_ client: AsyncSocket) async {
        guard let upstream = try? await AsyncSocket.connected(to: backend, pool: pool) else {
            Self.send(RequestLimits.unavailable, to: client.socket.file.rawValue)
            await Self.closeGently(client)
            return
        }
        let refusal = RefusalBox()
        // FlyingFox's answers to the client, until it closes.
        let answers = Task {
            while let chunk = try? await upstream.read(atMost: 65_536) {
                guard (try? await client.write(Data(chunk))) != nil else { break }
            }
        }
        // The client's bytes, screened, to FlyingFox. When the client is done between two requests,
        // FlyingFox is told there is no more, and answers what it has before it closes; when the
        // client stops part-way through a request, or is refused, FlyingFox is cut off at once (it
        // would wait for the rest of the request).
        let requests = Task {
            var scanner = RequestHeadScanner(limits: self.limits)
            while let chunk = try? await client.read(atMost: 65_536) {
                switch scanner.feed(chunk) {
                case .forward(let bytes):
                    if bytes.isEmpty { continue }
                    guard (try? await upstream.write(Data(bytes))) != nil else { break }
                    continue
                case .refuse(let answer):
                    refusal.answer = answer
                }
                break
            }
            if scanner.isBetweenRequests, refusal.answer == nil {
                shutdown(upstream.socket.file.rawValue, Int32(SHUT_WR))
            } else {
                answers.cancel()
            }
        }
        await answers.value
        if let answer = refusal.answer { try? await client.write(answer) }
        requests.cancel()
        await requests.value
        try? upstream.close()
        await Self.closeGently(client)
    }

    /// Closes a connection after dropping what the client still sends (as nginx's "lingering close"
    /// does): closing with unread bytes resets the connection, and the client may then never see
    /// the answer. It stops at the client's end, after half a second without a byte, or after 5 s.
    static func closeGently(_ client: AsyncSocket) async {
        let fd = client.socket.file.rawValue
        shutdown(fd, Int32(SHUT_WR))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(5))
        var quietSince = clock.now
        while clock.now < deadline, clock.now - quietSince < .milliseconds(500) {
            let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { break }
            if n > 0 {
                quietSince = clock.now
            } else {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        try? client.close()
    }

    /// Reads and drops what a client has sent so far, without waiting.
    static func dropWaiting(_ fd: Int32) {
        shutdown(fd, Int32(SHUT_WR))
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT)) > 0 {}
    }

    static func send(_ data: Data, to fd: Int32) {
        let bytes = [UInt8](data)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if n <= 0 { return }
            sent += n
        }
    }

    static func setNoDelay(_ fd: Int32) {
        var on: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }
}

/// The answer to send once FlyingFox has finished, set by the side that reads the client.
private final class RefusalBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Data?
    var answer: Data? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
