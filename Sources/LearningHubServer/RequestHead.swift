import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much `serve` takes from a client before it gives up on it, and what it answers then.
struct RequestLimits: Sendable {
    /// The longest line (the request line or one header), as nginx's default: FlyingFox's time to
    /// read a line grows with the square of its length.
    var lineBytes = 8 * 1024
    /// The longest request line and headers together.
    var headBytes = 16 * 1024
    /// Connections open at once; more are answered 503 and closed. `nil`: as many as the
    /// descriptors allow.
    var connections: Int?
    /// The limit on open files, and how many of them stay free for the build, the file watcher and
    /// Dispatch (whose thread pool stops the process when it cannot open a file).
    var descriptorLimit: Int
    var spareDescriptors: Int

    init(descriptorLimit: Int = RequestLimits.openFileLimit()) {
        self.descriptorLimit = descriptorLimit
        spareDescriptors = min(64, max(8, descriptorLimit / 4))
    }

    /// Descriptors open now (counted once, when the server starts).
    static func openDescriptors(below limit: Int) -> Int {
        (0..<Int32(clamping: limit)).reduce(0) { $0 + (fcntl($1, F_GETFD) >= 0 ? 1 : 0) }
    }

    static func answer(_ code: Int, _ reason: String, _ body: String, retry: Bool = false) -> Data {
        let text = body + "\n"
        return Data(("HTTP/1.1 \(code) \(reason)\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(text.utf8.count)\r\n" + (retry ? "Retry-After: 1\r\n" : "")
            + "Connection: close\r\n\r\n" + text).utf8)
    }

    static let uriTooLong = answer(414, "URI Too Long", "The address asked for is too long.")
    static let headersTooLarge = answer(431, "Request Header Fields Too Large", "The request's headers are too long.")
    static let unavailable = answer(503, "Service Unavailable", "The preview has too many connections open; try again in a moment.", retry: true)

    /// The soft limit on open files, first raised to the hard limit (at most 8,192): a preview
    /// needs few, but the usual 1,024 is soon reached by a browser's connections and a build at once.
    static func openFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        let wanted = min(limit.rlim_max, 8192)
        if limit.rlim_cur < wanted {
            var raised = limit
            raised.rlim_cur = wanted
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }
}

/// Follows the bytes a client sends, request by request, so that a request line or head that is
/// too long never reaches FlyingFox (whose parser takes time that grows with the square of a
/// head's length, and waits for the rest of a head cut off part-way). Each head is held back until
/// it is complete, so it keeps at most one head's worth of bytes.
struct RequestHeadScanner {
    enum Verdict: Equatable {
        /// Pass these bytes on (none, while a head is still arriving).
        case forward([UInt8])
        /// Answer this instead, and close.
        case refuse(Data)
    }

    let limits: RequestLimits
    private enum Mode { case head, body(remaining: Int), tunnel }
    private var mode = Mode.head
    private var head: [UInt8] = []
    /// Where the line being read starts in `head`.
    private var lineStart = 0

    init(limits: RequestLimits) { self.limits = limits }

    /// Whether the bytes so far end between two requests (not in a head or a body).
    var isBetweenRequests: Bool {
        if case .head = mode { return head.allSatisfy { $0 == 0x0D || $0 == 0x0A } }
        return false
    }

    /// Reads the next bytes from the client.
    mutating func feed(_ bytes: [UInt8]) -> Verdict {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            switch mode {
            case .tunnel:
                out += bytes[i...]
                i = bytes.count
            case .body(let remaining):
                let taken = min(remaining, bytes.count - i)
                out += bytes[i..<(i + taken)]
                i += taken
                mode = remaining == taken ? .head : .body(remaining: remaining - taken)
            case .head:
                let byte = bytes[i]
                head.append(byte)
                i += 1
                if byte == 0x0A {
                    lineStart = head.count
                    if let next = endOfHead() {
                        mode = next
                        out += head
                        head.removeAll(keepingCapacity: true)
                        lineStart = 0
                    }
                } else if head.count > limits.headBytes || head.count - lineStart > limits.lineBytes {
                    return .refuse(head.contains(0x0A) ? RequestLimits.headersTooLarge : RequestLimits.uriTooLong)
                }
            }
        }
        return .forward(out)
    }

    /// After a line feed: the mode that follows if the head is complete (a blank line ends it).
    private func endOfHead() -> Mode? {
        let n = head.count
        let blank = (n >= 2 && head[n - 2] == 0x0A) || (n >= 3 && head[n - 2] == 0x0D && head[n - 3] == 0x0A)
        // Empty lines before a request line are allowed (RFC 9112 §2.2) and are not a head.
        if head.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) { return .head }
        guard blank else { return nil }
        var length = 0
        for line in String(decoding: head, as: UTF8.self).split(whereSeparator: \.isNewline).dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            // A websocket, or a body whose end only FlyingFox can find: passed on as it comes.
            if name == "upgrade" || name == "transfer-encoding" { return .tunnel }
            if name == "content-length" { length = Int(value) ?? 0 }
        }
        return length > 0 ? .body(remaining: length) : .head
    }
}
