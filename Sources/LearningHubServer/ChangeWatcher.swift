import Foundation

/// Notices changes under some folders and files by polling: every `interval` it lists them and
/// compares each entry's modification date, size and file number with the previous listing.
/// Polling is portable (no inotify or FSEvents) and cheap for a hub of a few hundred files.
public struct ChangeWatcher: Sendable {
    /// What is remembered of one file or folder.
    public struct Stamp: Hashable, Sendable {
        var modified: Double
        var size: UInt64
        var fileNumber: UInt64
        var isFolder: Bool
    }

    public typealias Snapshot = [String: Stamp]

    /// Folders (watched with everything inside them) and single files. Missing ones are fine: their
    /// appearing counts as a change.
    public let paths: [URL]
    public let interval: Duration

    public init(paths: [URL], interval: Duration = .milliseconds(300)) {
        self.paths = paths.map(\.standardizedFileURL)
        self.interval = interval
    }

    /// Everything watched, now. Hidden files (editors' swap and backup files such as `.ben.md.swp`)
    /// and names ending in `~` are left out, as the build leaves them out.
    public func snapshot() -> Snapshot {
        let fm = FileManager.default
        var result: Snapshot = [:]
        for root in paths {
            guard let stamp = Self.stamp(root.path) else { continue }
            result[root.path] = stamp
            guard stamp.isFolder,
                  let walker = fm.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
            else { continue }
            for case let url as URL in walker where !url.lastPathComponent.hasSuffix("~") {
                if let stamp = Self.stamp(url.path) { result[url.path] = stamp }
            }
        }
        return result
    }

    /// The paths that were added, removed or changed between two snapshots, sorted.
    public static func changes(from old: Snapshot, to new: Snapshot) -> [String] {
        var changed = Set<String>()
        for (path, stamp) in new where old[path] != stamp { changed.insert(path) }
        for path in old.keys where new[path] == nil { changed.insert(path) }
        return changed.sorted()
    }

    /// Polls until the task is cancelled, calling `onChange` with the changed paths after each poll
    /// that found any. A poll waits for `onChange` to return, so changes made during a rebuild are
    /// picked up by the next poll, never lost and never built twice at once.
    public func run(from start: Snapshot? = nil, onChange: @Sendable ([String]) async -> Void) async {
        var previous = start ?? snapshot()
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            var current = snapshot()
            var changed = Set(Self.changes(from: previous, to: current))
            // A save is often several writes (an editor's temporary file and rename, a `git checkout`
            // of many files): wait until things are still for a moment, then build once.
            var settles = 0
            while !changed.isEmpty, settles < 10 {
                do { try await Task.sleep(for: .milliseconds(50)) } catch { return }
                let later = snapshot()
                let more = Self.changes(from: current, to: later)
                if more.isEmpty { break }
                changed.formUnion(more)
                current = later
                settles += 1
            }
            previous = current
            if !changed.isEmpty { await onChange(changed.sorted()) }
        }
    }

    static func stamp(_ path: String) -> Stamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return Stamp(modified: (attributes[.modificationDate] as? Date)?.timeIntervalSinceReferenceDate ?? 0,
                     size: (attributes[.size] as? NSNumber)?.uint64Value ?? 0,
                     fileNumber: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
                     isFolder: (attributes[.type] as? FileAttributeType) == .typeDirectory)
    }
}
