import Foundation
import LearningHubServer
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `serve` holds up against oversized requests, floods of connections and kept-alive connections.
@Suite("serve under load", .serialized)
struct ServeLimitsTests {
    /// Sends `head` (ignoring a send cut short: the server may stop reading once it has refused) and
    /// reads whatever the server answers before it closes.
    static func answer(to head: [UInt8], port: UInt16) async throws -> RawResponse {
        let socket = try BlockingSocket(port: port)
        defer { socket.close() }
        let data = try await socket.run { socket -> Data in
            var sent = 0
            while sent < head.count {
                let n = head[sent...].withUnsafeBytes { Glibc.send(socket.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                sent += n
            }
            do { return try socket.readAll() } catch { throw RawClient.ClientError("\(error) (sent \(sent) of \(head.count) bytes)") }
        }
        return try RawClient.parse(data)
    }

    @Test func aHugeHeaderOrAddressIsRefusedAtOnceAndTheServerGoesOn() async throws {
        try await withPreview { (_, base, _) async throws in
            let port = UInt16(base.port!)
            let header = Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 1 << 20)
                + Array("\r\nConnection: close\r\n\r\n".utf8)
            #expect(try await Self.answer(to: header, port: port).status == 431)
            let address = Array("GET /".utf8) + Array(repeating: UInt8(ascii: "b"), count: 1 << 20)
                + Array(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
            #expect(try await Self.answer(to: address, port: port).status == 414)
            // A cookie of the usual size is fine. (FlyingFox's own parser is slow on long lines,
            // so a longer one could time out in a debug build on a busy machine.)
            let fine = Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ".utf8) + Array(repeating: UInt8(ascii: "c"), count: 1_000)
                + Array("\r\nConnection: close\r\n\r\n".utf8)
            #expect(try await Self.answer(to: fine, port: port).status == 200)
            #expect(try await RawClient.get(base, "/").status == 200)
        }
    }

    @Test func connectionsOverTheCapAreRefusedAndTheListenerStays() async throws {
        let hub = try TempHub()
        defer { hub.remove() }
        let server = PreviewServer(options: .init(content: hub.content, theme: hub.theme, output: hub.site, port: 0,
                                                  pollInterval: .milliseconds(50), connectionLimit: 4))
        let base = try await server.start()
        let port = UInt16(base.port!)
        var held: [BlockingSocket] = []
        for _ in 0..<12 { held.append(try BlockingSocket(port: port)) }
        // Four are being served; a new one is told to come back, at once, rather than left waiting.
        let refused = try await RawClient.get(base, "/")
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "1")
        held.forEach { $0.close() }
        let recovered = await eventually(within: 5) { (try? await RawClient.get(base, "/"))?.status == 200 }
        #expect(recovered, "the server should answer again once the connections are closed")
        await server.stop()
    }

    /// Requests one after another on one kept-alive connection must not each wait for a delayed
    /// acknowledgement (Nagle's algorithm): they should take no longer than as many requests on
    /// connections of their own. Compared as a ratio, not against a time, as the machine is shared,
    /// and in alternating rounds, so that a busy moment slows both kinds alike.
    @Test func keptAliveRequestsAreNotSlowerThanNewConnections() async throws {
        try await withPreview { (_, base, _) async throws in
            let kept = try BlockingSocket(port: UInt16(base.port!))
            defer { kept.close() }
            var keptSeconds = 0.0, separateSeconds = 0.0
            for _ in 0..<6 {
                keptSeconds += try await kept.run { try Self.timeKeptAlive($0, requests: 5) }
                let started = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<5 { _ = try await RawClient.get(base, "/assets/style.css") }
                separateSeconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            }
            #expect(keptSeconds < separateSeconds * 2,
                    "30 kept-alive requests took \(keptSeconds) s, 30 on new connections \(separateSeconds) s")
        }
    }

    /// Seconds taken by `requests` requests, one after another, on one open connection.
    static func timeKeptAlive(_ socket: BlockingSocket, requests: Int) throws -> Double {
        let started = DispatchTime.now().uptimeNanoseconds
        var buffer = [UInt8](repeating: 0, count: 65_536)
        for _ in 0..<requests {
            try socket.send("GET /assets/style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            // Whole reads, as the other client does: the head, then the body by its length.
            var received: [UInt8] = []
            var needed = Int.max
            while received.count < needed {
                let n = recv(socket.fd, &buffer, buffer.count, 0)
                guard n > 0 else { throw RawClient.ClientError("kept-alive connection closed or timed out") }
                received += buffer[..<n]
                if needed == .max, let end = RawClient.find([13, 10, 13, 10], in: received) {
                    let length = try RawClient.parse(Data(received)).header("Content-Length").flatMap { Int($0) } ?? 0
                    needed = end + 4 + length
                }
            }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    @Test func aFolderAskedForWithTwoSlashesIsRedirectedOnThisServer() async throws {
        try await withPreview { (_, base, _) async throws in
            let response = try await RawClient.get(base, "//briefings")
            #expect(response.status == 301)
            #expect(response.header("Location") == "/briefings/", "//briefings/ would be another host")
        }
    }
}
