import FlyingFox
import Foundation
@testable import LearningHubServer
import Testing

@Suite struct FileServerTests {
    @Test func resolvesFilesFoldersAndRefusesEscapes() throws {
        let hub = try TempHub()
        defer { hub.remove() }
        let fm = FileManager.default
        try fm.createDirectory(at: hub.site.appendingPathComponent("briefings/ben"), withIntermediateDirectories: true)
        try Data("home".utf8).write(to: hub.site.appendingPathComponent("index.html"))
        try Data("ben".utf8).write(to: hub.site.appendingPathComponent("briefings/ben/index.html"))
        try Data("a b".utf8).write(to: hub.site.appendingPathComponent("a b.txt"))
        let files = FileServer(root: hub.site)
        let real = { (p: String) in FileServer.realPath(hub.site.appendingPathComponent(p).path)! }
        #expect(files.resolve(rawPath: "/") == .file(real("index.html")))
        #expect(files.resolve(rawPath: "/briefings/ben/") == .file(real("briefings/ben/index.html")))
        #expect(files.resolve(rawPath: "/briefings/ben") == .redirect("/briefings/ben/"))
        #expect(files.resolve(rawPath: "/briefings/") == .notFound) // a folder with no index.html
        #expect(files.resolve(rawPath: "/a%20b.txt") == .file(real("a b.txt")))
        #expect(files.resolve(rawPath: "/index.html/") == .notFound)
        for path in ["", "/..", "/../Package.swift", "/%2e%2e/Package.swift", "/.%2e/Package.swift", "/..%2FPackage.swift",
                     "/briefings/../../Package.swift", "/..\\Package.swift", "/%5C..%5CPackage.swift", "/%zz", "/%00"] {
            #expect(files.resolve(rawPath: path) == .notFound, "\(path)")
        }
    }

    @Test func contentTypes() {
        #expect(FileServer.contentType(forPath: "a/index.html") == "text/html; charset=utf-8")
        #expect(FileServer.contentType(forPath: "x.CSS") == "text/css; charset=utf-8")
        #expect(FileServer.contentType(forPath: "x.js") == "text/javascript; charset=utf-8")
        #expect(FileServer.contentType(forPath: "x.ico") == "image/x-icon")
        #expect(FileServer.contentType(forPath: "x.unknown") == "application/octet-stream")
    }
}

@Suite struct ReloadScriptTests {
    @Test func injectsBeforeTheHeadEnds() {
        let html = Data("<html><HEAD><title>x</title></HEAD><body></body></html>".utf8)
        let out = String(decoding: ReloadScript.inject(into: html), as: UTF8.self)
        #expect(out == "<html><HEAD><title>x</title>" + ReloadScript.tag + "\n</HEAD><body></body></html>")
        let bare = String(decoding: ReloadScript.inject(into: Data("<p>hi</p>".utf8)), as: UTF8.self)
        #expect(bare == ReloadScript.tag + "\n<p>hi</p>")
    }

    @Test func theScriptIsPlainAndShowsAnAccessibleAlert() {
        let js = ReloadScript.javaScript
        #expect(js.contains(#"setAttribute("role", "alert")"#))
        #expect(js.contains("/__learning-hub/") && js.contains("\"status\"") && js.contains("\"socket\""))
        #expect(js.contains("textContent")) // messages are text, never parsed as HTML
        #expect(!js.contains("innerHTML"))
    }
}

@Suite struct ChangeWatcherTests {
    @Test func noticesAddedChangedAndRemovedFiles() throws {
        let hub = try TempHub()
        defer { hub.remove() }
        let watcher = ChangeWatcher(paths: [hub.content, hub.theme, hub.file("missing.yml")])
        let first = watcher.snapshot()
        #expect(first[hub.content.appendingPathComponent("hub.yml").path] != nil)
        #expect(ChangeWatcher.changes(from: first, to: watcher.snapshot()).isEmpty)

        try hub.write("Content/pages/new.md", "---\ntitle: New\n---\n")
        try hub.write("Content/hub.yml", try hub.read("Content/hub.yml") + "\n# more\n")
        try FileManager.default.removeItem(at: hub.file("Theme/assets/print.css"))
        try hub.write("Content/pages/.about.md.swp", "editor junk")
        let changed = ChangeWatcher.changes(from: first, to: watcher.snapshot())
        #expect(changed.contains(hub.file("Content/pages/new.md").path))
        #expect(changed.contains(hub.file("Content/hub.yml").path))
        #expect(changed.contains(hub.file("Theme/assets/print.css").path))
        #expect(!changed.contains { $0.hasSuffix(".swp") })
    }
}

@Suite struct ReloadBroadcasterTests {
    @Test func sendsToEveryClientUntilItLeaves() async {
        let broadcaster = ReloadBroadcaster()
        let (a, streamA) = await broadcaster.connect()
        let (_, streamB) = await broadcaster.connect()
        #expect(await broadcaster.clientCount == 2)
        await broadcaster.broadcast("one")
        await broadcaster.disconnect(a)
        #expect(await broadcaster.clientCount == 1)
        await broadcaster.broadcast("two")
        await broadcaster.closeAll()
        var gotA: [WSMessage] = []
        for await message in streamA { gotA.append(message) }
        var gotB: [WSMessage] = []
        for await message in streamB { gotB.append(message) }
        #expect(gotA == [.text("one")])
        #expect(gotB == [.text("one"), .text("two"), .close(.goingAway)])
        let (_, late) = await broadcaster.connect()
        var gotLate: [WSMessage] = []
        for await message in late { gotLate.append(message) }
        #expect(gotLate.isEmpty)
        #expect(await broadcaster.clientCount == 0)
    }
}
