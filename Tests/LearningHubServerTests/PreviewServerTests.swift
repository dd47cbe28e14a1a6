import FlyingFox
import Foundation
import LearningHubServer
import Testing

@Suite("learning-hub serve", .serialized)
struct PreviewServerTests {
    @Test func servesPagesWithTheReloadScriptAndTheRightTypes() async throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        try await withPreview(prepare: { hub in
            try png.write(to: hub.theme.appendingPathComponent("assets/pixel.png"))
            try Data([0, 0, 1, 0]).write(to: hub.theme.appendingPathComponent("assets/favicon.ico"))
        }) { server, base, hub in
            #expect(base.host == "127.0.0.1")
            let home = try await RawClient.get(base, "/")
            #expect(home.status == 200)
            #expect(home.header("Content-Type") == "text/html; charset=utf-8")
            #expect(home.text.components(separatedBy: ReloadScript.tag).count == 2)
            #expect(home.text.contains(ReloadScript.tag + "\n</head>"))
            // Injected when served, never written into the preview folder.
            let written = try String(contentsOf: hub.site.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(!written.contains("__learning-hub"))

            let types: [(String, String)] = [
                ("/assets/style.css", "text/css; charset=utf-8"),
                ("/assets/favicon.svg", "image/svg+xml; charset=utf-8"),
                ("/assets/pixel.png", "image/png"),
                ("/assets/favicon.ico", "image/x-icon"),
                ("/actions.csv", "text/csv; charset=utf-8"),
                ("/responses.json", "application/json; charset=utf-8"),
                ("/sitemap.xml", "application/xml; charset=utf-8"),
                ("/__learning-hub/reload.js", "text/javascript; charset=utf-8"),
                ("/__learning-hub/status", "application/json; charset=utf-8"),
            ]
            for (path, type) in types {
                let response = try await RawClient.get(base, path)
                #expect(response.status == 200, "\(path)")
                #expect(response.header("Content-Type") == type, "\(path)")
                #expect(!response.text.contains(ReloadScript.tag), "\(path)")
            }
            #expect(try await RawClient.get(base, "/assets/pixel.png").body == png)

            let folder = try await RawClient.get(base, "/briefings")
            #expect(folder.status == 301)
            #expect(folder.header("Location") == "/briefings/")
            let nested = try await RawClient.get(base, "/briefings/ben?x=1")
            #expect(nested.status == 301)
            #expect(nested.header("Location") == "/briefings/ben/?x=1")
            let index = try await RawClient.get(base, "/briefings/ben/")
            #expect(index.status == 200)
            #expect(index.text.contains("Ben"))
            #expect(index.text.contains(ReloadScript.tag))

            let missing = try await RawClient.get(base, "/no/such/page/")
            #expect(missing.status == 404)
            #expect(missing.header("Content-Type") == "text/html; charset=utf-8")
            #expect(missing.text.contains("Page not found"))
            #expect(missing.text.contains(ReloadScript.tag))

            let head = try await RawClient.get(base, "/", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(try await RawClient.get(base, "/", method: "POST").status == 405)
        }
    }

    @Test func refusesPathsThatLeaveTheFolder() async throws {
        try await withPreview { server, base, hub in
            // Planted after the build (each build replaces the folder): links that point out of it.
            let fm = FileManager.default
            try fm.createSymbolicLink(atPath: hub.site.appendingPathComponent("escape").path, withDestinationPath: hub.root.path)
            try fm.createSymbolicLink(atPath: hub.site.appendingPathComponent("linked.swift").path,
                                      withDestinationPath: hub.root.appendingPathComponent("Package.swift").path)
            try fm.createSymbolicLink(atPath: hub.site.appendingPathComponent("assets/up").path, withDestinationPath: "../..")
            for target in ["/../Package.swift", "/%2e%2e/Package.swift", "/%2E%2E/Package.swift", "/..%2fPackage.swift",
                           "/assets/../../Package.swift", "/assets/%2e%2e/%2e%2e/Package.swift", "/assets/..%2f..%2fPackage.swift",
                           "/..\\Package.swift", "/assets\\..\\..\\Package.swift", "/%5c..%5cPackage.swift",
                           "/escape/Package.swift", "/escape/", "/escape", "/linked.swift", "/assets/up/Package.swift",
                           "/./index.html", "/%00/index.html", "//../Package.swift"] {
                let response = try await RawClient.get(base, target)
                #expect(response.status == 404, "\(target)")
                #expect(!response.text.contains(TempHub.secret), "\(target)")
            }
            // A link that stays inside is followed.
            try fm.createSymbolicLink(atPath: hub.site.appendingPathComponent("alias").path, withDestinationPath: "briefings")
            #expect(try await RawClient.get(base, "/alias/ben/").status == 200)
            _ = server
        }
    }

    @Test func rebuildsAndReloadsOnSave() async throws {
        try await withPreview { server, base, hub in
            let socket = try BlockingSocket(port: UInt16(base.port!))
            defer { socket.close() }
            let handshake = try await socket.run { s -> String in
                try s.send("GET /__learning-hub/socket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                return try s.readHead()
            }
            #expect(handshake.hasPrefix("HTTP/1.1 101"))
            #expect(handshake.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
            #expect(await eventually { await server.connectedPages() == 1 })

            let before = try await RawClient.get(base, "/about/")
            #expect(!before.text.contains("Freshly saved words"))
            let about = try hub.read("Content/pages/about.md")
            try hub.write("Content/pages/about.md", about + "\nFreshly saved words.\n")
            let started = Date()

            // The page open on the socket is told, as a text frame (FIN + opcode 1), unmasked.
            let message = try await socket.run { s -> String in
                let head = try s.read(2)
                guard head[0] == 0x81, head[1] < 126 else { throw RawClient.ClientError("unexpected frame \(head)") }
                return String(decoding: try s.read(Int(head[1])), as: UTF8.self)
            }
            #expect(message.contains(#""type":"build""#))
            #expect(message.contains(#""ok":true"#))
            #expect(Date().timeIntervalSince(started) < 2)
            #expect(try await RawClient.get(base, "/about/").text.contains("Freshly saved words"))
            #expect(await server.status().generation == 2)
        }
    }

    @Test func showsBuildErrorsAndKeepsTheLastGoodSite() async throws {
        try await withPreview { server, base, hub in
            let ben = try hub.read("Content/briefings/ben.md")
            let good = try await RawClient.get(base, "/briefings/ben/")
            #expect(good.status == 200)

            try hub.write("Content/briefings/ben.md", ben.replacingOccurrences(of: "\ntitle: ", with: "\ntitel: "))
            #expect(try await eventually {
                (try await RawClient.get(base, "/__learning-hub/status")).text.contains(#""ok":false"#)
            })
            let response = try await RawClient.get(base, "/__learning-hub/status")
            let status = try JSONDecoder().decode(BuildStatus.self, from: response.body)
            #expect(!status.ok)
            #expect(status.generation == 1)
            #expect(status.summary.hasPrefix("Build failed with"))
            let line = try #require(status.diagnostics.first { $0.contains(": error: ") })
            #expect(line.hasPrefix(hub.content.path + "/briefings/ben.md:"))
            // path:line:column: error: message
            #expect(line.range(of: #"^.+/briefings/ben\.md:\d+:\d+: error: .+"#, options: .regularExpression) != nil)

            let stillServed = try await RawClient.get(base, "/briefings/ben/")
            #expect(stillServed.status == 200)
            #expect(stillServed.body == good.body)

            try hub.write("Content/briefings/ben.md", ben)
            #expect(await eventually { await server.status().ok })
            let fixed = await server.status()
            #expect(fixed.generation == 2)
            #expect(fixed.diagnostics.allSatisfy { !$0.contains(": error: ") })
        }
    }

    @Test func watchesHubYmlAndTheTheme() async throws {
        try await withPreview { server, base, hub in
            let css = try hub.read("Theme/assets/style.css")
            try hub.write("Theme/assets/style.css", css + "\n/* saved */\n")
            #expect(try await eventually { (try await RawClient.get(base, "/assets/style.css")).text.contains("/* saved */") })
            let yml = try hub.read("Content/hub.yml")
            try hub.write("Content/hub.yml", yml.replacingOccurrences(of: "title: Learning Hub", with: "title: Renamed Hub"))
            #expect(try await eventually { (try await RawClient.get(base, "/")).text.contains("Renamed Hub") })
        }
    }

    @Test func aTemporaryPreviewFolderIsRemovedWhenTheServerStops() async throws {
        let hub = try TempHub()
        defer { hub.remove() }
        let server = PreviewServer(options: .init(content: hub.content, theme: hub.theme, port: 0))
        let base = try await server.start()
        let folder = server.outputFolder
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path))
        #expect(!folder.path.hasPrefix(packageRoot.path))
        #expect(try await RawClient.get(base, "/").status == 200)
        await server.stop()
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        await #expect(throws: (any Error).self) { _ = try await RawClient.get(base, "/") }
        await server.stop() // twice is fine
    }

    @Test func aFailedFirstBuildStillServesTheErrors() async throws {
        try await withPreview(prepare: { hub in try hub.write("Content/hub.yml", "title: [unclosed\n") }) { server, base, hub in
            #expect(await server.status().ok == false)
            let page = try await RawClient.get(base, "/")
            #expect(page.status == 404)
            let status = try await RawClient.get(base, "/__learning-hub/status")
            #expect(status.text.contains("hub.yml"))
        }
    }

    @Test func saysSoWhenThePortIsTaken() async throws {
        try await withPreview { _, base, hub in
            let second = PreviewServer(options: .init(content: hub.content, theme: hub.theme,
                                                      output: hub.root.appendingPathComponent("site2"), port: UInt16(base.port!)))
            do {
                try await second.start()
                Issue.record("a second server started on a port in use")
            } catch let error as PreviewServer.StartError {
                #expect(error.description.contains("in use"))
            }
            await second.stop()
            #expect(try await RawClient.get(base, "/").status == 200)
        }
    }

    @Test func refusesAHostThatIsNotAnAddress() async throws {
        let hub = try TempHub()
        defer { hub.remove() }
        let server = PreviewServer(options: .init(content: hub.content, theme: hub.theme, output: hub.site, host: "example.org", port: 0))
        await #expect(throws: PreviewServer.StartError.self) { try await server.start() }
        await server.stop()
    }
}
