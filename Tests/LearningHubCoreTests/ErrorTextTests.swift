import Foundation
import Testing
@testable import LearningHubCore

/// Every error a command ends with reaches the user as `place: error: plain English`.
@Suite struct ErrorTextTests {
    @Test func aFileTreeFailureNamesTheFileInWords() {
        let failure = FileTree.Failure(path: "/nowhere/site/index.html", code: ENOSPC)
        #expect(ErrorText.lines(failure) == ["/nowhere/site/index.html: error: could not write it: the disk is full"])
        let folder = FileTree.Failure(path: "/nowhere/site", code: EACCES, doing: "make a folder in")
        #expect(ErrorText.lines(folder) == ["/nowhere/site: error: could not make a folder in it: permission denied: this account may not change that folder"])
    }

    @Test func aFoundationErrorNamesItsFileInWords() {
        let missing = "/nowhere-\(UUID().uuidString)/hub.yml"
        do {
            _ = try String(contentsOfFile: missing, encoding: .utf8)
            Issue.record("read a file that does not exist")
        } catch {
            #expect(ErrorText.lines(error) == ["\(missing): error: there is no such file or folder"])
        }
    }

    @Test func aPathBelowTheCurrentFolderIsShownAsTyped() {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(ErrorText.lines(FileProblem(path: cwd + "/Content/responses", code: EROFS))
            == ["Content/responses: error: the disk or folder is read-only"])
    }

    @Test func contentProblemsKeepTheCompilersForm() {
        let error = DiagnosticsError([.error(SourceLocation(path: "Content/hub.yml", line: 3, column: 7), "a problem")])
        #expect(ErrorText.lines(error) == ["Content/hub.yml:3:7: error: a problem"])
    }
}

/// A one-thread build runs every parallel loop on the calling thread.
@Suite struct ParallelTests {
    final class Threads: @unchecked Sendable {
        private let lock = NSLock()
        private var seen = Set<String>()
        func note() { let t = "\(pthread_self())"; lock.withLock { _ = seen.insert(t) } }
        var count: Int { lock.withLock { seen.count } }
    }

    @Test func oneThreadMeansOneThread() {
        let threads = Threads()
        Parallel.serially(unless: false) {
            Parallel.forEach(64) { _ in threads.note(); usleep(200) }
            _ = ParallelResults<Int>.map(Array(0..<4096), chunk: 8) { threads.note(); return $0 }
        }
        #expect(threads.count == 1)
        #expect(!Parallel.oneThread)
    }
}

/// `collect` loads the settings and the briefings, not the responses already filed.
@Suite struct CollectLoadsOnlyContentTests {
    @Test func aBrokenFiledRecordDoesNotStopCollecting() throws {
        let sandbox = try CollectorSandbox()
        try FileManager.default.createDirectory(at: sandbox.benResponses, withIntermediateDirectories: true)
        try Data("---\nbriefing: [not, a, slug\n---\n".utf8).write(to: sandbox.benResponses.appendingPathComponent("broken--record.md"))
        // The build refuses it, with its place...
        #expect(throws: DiagnosticsError.self) { try sandbox.loadHub() }
        // ...but collecting needs only the briefings: the hub it loads has none of the responses.
        let hub = try sandbox.loadContent()
        #expect(hub.responses.isEmpty)
        #expect(hub.briefings.contains { $0.slug == "ben" })
    }
}
