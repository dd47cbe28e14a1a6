import Foundation
import LearningHubServer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The package's own folder, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A temporary copy of the sample hub's Content/ and Theme/, with a folder for the preview beside
/// them and a decoy `Package.swift` one level above the served folder (what an escaping request would get).
struct TempHub {
    let root: URL
    var content: URL { root.appendingPathComponent("Content") }
    var theme: URL { root.appendingPathComponent("Theme") }
    var site: URL { root.appendingPathComponent("site") }
    static let secret = "SECRET-OUTSIDE-THE-SITE"

    init() throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("learning-hub-serve-tests-\(UUID().uuidString)")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        try fm.copyItem(at: packageRoot.appendingPathComponent("Content"), to: content)
        try fm.copyItem(at: packageRoot.appendingPathComponent("Theme"), to: theme)
        try Data(Self.secret.utf8).write(to: root.appendingPathComponent("Package.swift"))
    }

    func file(_ path: String) -> URL { root.appendingPathComponent(path) }

    func read(_ path: String) throws -> String { try String(contentsOf: file(path), encoding: .utf8) }

    func write(_ path: String, _ text: String) throws { try Data(text.utf8).write(to: file(path)) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Starts a preview server on a free port for `body`, and always stops it and removes the files.
func withPreview<T>(temporaryOutput: Bool = false, prepare: (TempHub) throws -> Void = { _ in },
                    _ body: (PreviewServer, URL, TempHub) async throws -> T) async throws -> T {
    let hub = try TempHub()
    defer { hub.remove() }
    try prepare(hub)
    let options = PreviewServer.Options(content: hub.content, theme: hub.theme,
                                        output: temporaryOutput ? nil : hub.site,
                                        port: 0, pollInterval: .milliseconds(50))
    let server = PreviewServer(options: options)
    let base: URL
    do { base = try await server.start() } catch { await server.stop(); throw error }
    do {
        let result = try await body(server, base, hub)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Polls `condition` until it holds or `seconds` pass.
func eventually(within seconds: Double = 2, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    } while Date() < deadline
    return try await condition()
}

struct RawResponse {
    var status: Int
    var headers: [String: String]
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// A deliberately plain HTTP/1.1 client on a blocking socket, so that request targets such as
/// `/../Package.swift` reach the server exactly as written (URLSession would tidy them up).
enum RawClient {
    static func get(_ base: URL, _ target: String, method: String = "GET") async throws -> RawResponse {
        let data = try await exchange(port: UInt16(base.port!),
                                      request: "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                                      readUntilClose: true)
        return try parse(data)
    }

    static func parse(_ data: Data) throws -> RawResponse {
        let bytes = [UInt8](data)
        guard let end = find([13, 10, 13, 10], in: bytes) else { throw ClientError("no header end in \(data.count) bytes") }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw ClientError("bad status line \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return RawResponse(status: status, headers: headers, body: Data(bytes[(end + 4)...]))
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    /// Sends `request` and reads the answer, off the cooperative threads, with a 5 s timeout.
    static func exchange(port: UInt16, request: String, readUntilClose: Bool) async throws -> Data {
        let socket = try BlockingSocket(port: port)
        defer { socket.close() }
        return try await socket.run { try $0.send(request); return try $0.readAll() }
    }

    struct ClientError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// A connected TCP socket to 127.0.0.1 with a read timeout; its blocking calls run on a Dispatch queue.
final class BlockingSocket: @unchecked Sendable {
    let fd: Int32

    init(port: UInt16, timeout: Int = 5) throws {
        #if canImport(Glibc)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw RawClient.ClientError("socket() failed") }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw RawClient.ClientError("connect() failed: \(errno)")
        }
    }

    func run<T: Sendable>(_ work: @escaping @Sendable (BlockingSocket) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work(self) })
            }
        }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw RawClient.ClientError("send() failed") }
            sent += n
        }
    }

    /// Reads exactly `count` bytes.
    func read(_ count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while result.count < count {
            let n = recv(fd, &buffer, min(buffer.count, count - result.count), 0)
            guard n > 0 else { throw RawClient.ClientError("connection closed or timed out after \(result.count) of \(count) bytes") }
            result += buffer[..<n]
        }
        return result
    }

    /// Reads until the header's blank line.
    func readHead() throws -> String {
        var result: [UInt8] = []
        while !result.suffix(4).elementsEqual([13, 10, 13, 10]) { result += try read(1) }
        return String(decoding: result, as: UTF8.self)
    }

    func readAll() throws -> Data {
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { return result }
            guard n > 0 else { throw RawClient.ClientError("read failed or timed out after \(result.count) bytes") }
            result.append(contentsOf: buffer[..<n])
        }
    }

    func close() { Glibc.close(fd) }
}
