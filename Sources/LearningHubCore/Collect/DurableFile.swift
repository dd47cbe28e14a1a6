import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The collector's writes: each file complete on disk before it has its name, each name on disk
/// before anything that depends on it happens (an inbox file leaves the inbox only once its record
/// is durable). `fsync` on the files and the folders that must survive, never a machine-wide `sync()`.
public enum DurableFile {
    /// Every temporary file the collector makes starts with this; a run removes those a killed run left.
    public static let tempPrefix = ".collect-tmp-"

    /// Writes `bytes` to `path` through a temporary file beside it, synced, then renamed into place.
    /// The folder is not synced here: the caller syncs each folder once, after all its files.
    /// `sync: false` leaves the file to one `syncFileSystem` after many (new records: an fsync
    /// costs about 9 ms on ext4, 450 s for 50,000 records). Errors name `path`, never the temporary file.
    public static func write(_ bytes: Data, to path: String, sync: Bool = true) throws(FileProblem) {
        let folder = FileTree.parentFolder(of: path)
        // Short, whatever the name: a long record or inbox file name must not make its temp name too long.
        let temp = (folder.isEmpty ? "" : folder + "/") + tempPrefix + Slug.shortHash(path) + "-\(getpid())"
        do {
            try FileTree.replaceFile(bytes, at: path, temp: temp, mode: 0o644, sync: sync || !canSyncFileSystem)
        } catch {
            throw FileProblem(path: path, code: error.code)
        }
    }

    /// Makes the names written in a folder (renames, new files, removals) durable.
    public static func syncFolder(_ path: String) throws(FileProblem) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileProblem(path: path, code: errno) }
        defer { close(fd) }
        if fsync(fd) != 0, errno != EINVAL { throw FileProblem(path: path, code: errno) }
    }

    /// Makes everything written on the file system that holds `path` durable, files and names
    /// alike: one `syncfs` for that file system, not a `sync()` of every disk of the machine.
    public static func syncFileSystem(of path: String) throws(FileProblem) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileProblem(path: path, code: errno) }
        defer { close(fd) }
        #if os(Linux)
        if linuxSyncfs(fd) != 0 { throw FileProblem(path: path, code: errno) }
        #else
        if fsync(fd) != 0 { throw FileProblem(path: path, code: errno) }
        #endif
    }

    /// Linux has `syncfs`; elsewhere every file is synced as it is written instead.
    #if os(Linux)
    static let canSyncFileSystem = true
    #else
    static let canSyncFileSystem = false
    #endif

    /// Moves a file to a name that is free: the caller holds the collector's lock and reserved the
    /// name from the folder's listing, so nothing is replaced. One rename: a crash leaves the file
    /// either where it was or where it went, never in both or neither.
    public static func move(_ from: String, to destination: String) throws(FileProblem) {
        var info = stat()
        guard lstat(destination, &info) != 0 else { throw FileProblem(path: destination, code: EEXIST) }
        if rename(from, destination) == 0 { return }
        let code = errno
        throw FileProblem(path: code == ENOENT ? from : destination, code: code)
    }

    /// `mkdir -p`, with the folder's parent synced when the folder is new (`sync: false` when a
    /// `syncFileSystem` follows anyway: 1,000 briefings' folders were 1,000 fsyncs).
    public static func makeFolders(_ path: String, sync: Bool = true) throws(FileProblem) {
        var info = stat()
        if stat(path, &info) == 0 { return }
        do { try FileTree.makeFolders(path) } catch { throw FileProblem(error, path: path) }
        if sync { try syncFolder(FileTree.parentFolder(of: path).isEmpty ? "." : FileTree.parentFolder(of: path)) }
    }

    /// Whether `name` is a temporary file of the collector, or of the versions before it
    /// (`.<name>.tmp-<pid>`), which a killed run can leave behind.
    public static func isLeftover(_ name: String) -> Bool {
        if name.hasPrefix(tempPrefix) { return true }
        guard name.hasPrefix("."), let range = name.range(of: ".tmp-", options: .backwards) else { return false }
        let pid = name[range.upperBound...]
        return !pid.isEmpty && pid.allSatisfy(\.isASCII) && pid.allSatisfy(\.isNumber)
    }
}

/// A file-system error, in words a learning officer understands, for the file it happened to.
public struct FileProblem: LocatedError, Sendable, CustomStringConvertible {
    public var path: String
    public var code: Int32

    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }

    /// Any error from a file operation: its POSIX code if it has one.
    public init(_ error: Error, path: String) {
        self.path = path
        if let problem = error as? FileProblem { self = problem; return }
        if let failure = error as? FileTree.Failure { code = failure.code; return }
        code = ErrorText.posixCode(of: error) ?? EIO
    }

    public var words: String {
        code == ENOENT ? "the file or folder is no longer there (moved or deleted while collect was running?)" : ErrorText.words(code)
    }

    public var description: String { words }
    public var place: String { path }
    public var problem: String { words }
}

#if os(Linux)
/// glibc's `syncfs(2)`, which Swift's Glibc module does not show (it is declared only with _GNU_SOURCE).
@_silgen_name("syncfs")
private func linuxSyncfs(_ fd: Int32) -> Int32
#endif
