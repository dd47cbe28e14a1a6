import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What identifies one version of a file without reading it.
struct FileStamp: Hashable, Sendable {
    var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
    }

    /// Every file under a folder (and its sub-folders) with its stamp.
    static func all(under folder: String) -> [String: FileStamp] {
        var result: [String: FileStamp] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return result }
        for case let path as String in enumerator {
            if let stamp = FileStamp(folder + "/" + path) { result[path] = stamp }
        }
        return result
    }
}

/// What was made from each file, kept until the file's stamp changes, or until the `context` it
/// was made in does: what lets a build session read again only the files that changed. A load with
/// no cache reads every file; the results are the same.
final class FileCache<Context: Equatable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var context: Context?
    private var entries: [String: (stamp: FileStamp, value: Value)] = [:]

    init() {}

    /// Starts a load: everything is forgotten if the context is not the last load's.
    func begin(_ context: Context) {
        lock.withLock {
            if self.context != context { entries = [:] }
            self.context = context
        }
    }

    /// The value kept for the file at `path` (by its path in messages and caches), if its stamp is
    /// the same and `valid` accepts it.
    func value(for path: String, stamp: FileStamp?, valid: (Value) -> Bool = { _ in true }) -> Value? {
        guard let stamp, let entry = lock.withLock({ entries[path] }), entry.stamp == stamp, valid(entry.value) else { return nil }
        return entry.value
    }

    /// Keeps `value` for the file, or forgets the file when `value` is nil.
    func store(_ value: Value?, for path: String, stamp: FileStamp?) {
        lock.withLock { entries[path] = value.flatMap { v in stamp.map { ($0, v) } } }
    }

    /// Ends a load: files no longer there are forgotten.
    func end(keeping paths: Set<String>) {
        lock.withLock { entries = entries.filter { paths.contains($0.key) } }
    }
}
