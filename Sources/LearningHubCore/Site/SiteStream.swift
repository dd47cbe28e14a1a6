import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A whole site written, file by file as its pages are rendered, into a new folder beside the output
/// folder, and swapped in as one step once every file is there (`finish`). Until then the output
/// folder is not touched, so a build that fails, or is killed at any moment, leaves the last site
/// exactly as it was; a web server never serves a mix of two builds.
///
/// A file whose bytes are the same as the previous site's is hard-linked from it, not written: it
/// keeps its inode and so its modification time (rsync and web servers' `Last-Modified` see only
/// what changed), and no new inode is made for it. Creating tens of thousands of new files costs far
/// more than the rest of a build on ext4, which avoids reusing freshly freed inodes; linking does not.
///
/// Folders likewise: the site the last build replaced is kept beside the output folder as a spare
/// (`.Public.spare`) and the next build writes into it, so its folders are used again. Each of its
/// files is unlinked before a page is written at its path (never written through: most are hard
/// links to the live site's files), and what the new site does not have is removed before the
/// swap. Making and removing 8,000 folders a build was an eighth of the CPU of 4,000 briefings
/// and most of the wait at the end (ext4 discards each freed folder's block as it goes).
public final class SiteStream: @unchecked Sendable {
    /// The output folder (its real path, if it was given through a symbolic link).
    let output: String
    /// Where this build writes until it is swapped in.
    let staging: String
    /// How the output folder is named in messages.
    private let display: (String) -> String
    /// What was in the output folder before this build.
    private let existing: FileTree.Listing
    private let lock = NSLock()
    private var folders = Set<String>()
    /// What the spare held when this build took it: files to unlink before their paths are
    /// written (or at the end), folders that need no `mkdir` (and are removed if left unused).
    private let staleFiles: Set<String>
    private let staleFolders: Set<String>
    private var written = Set<String>()
    private var report = WriteReport()
    private var failure: FileTree.Failure?
    private var finished = false

    /// Whether the replaced site is kept as the next build's spare (see above).
    private let keepsSpare: Bool

    init(output: String, parallel: Bool, keepsSpare: Bool = false, display: @escaping (String) -> String = { $0 }) throws {
        let output = Publication.realOutput(output)
        self.output = output
        self.keepsSpare = keepsSpare
        self.display = display
        try FileTree.makeFolders(FileTree.parentFolder(of: output))
        Publication.removeLeftovers(of: output)
        staging = Publication.leftoverName(of: output, kind: .publishing, pid: getpid())
        try? FileTree.remove(staging)
        // One rename takes the spare: of two builds at once, one gets it and the other starts empty.
        if keepsSpare, rename(Publication.spareName(of: output), staging) == 0 {
            let claimed = FileTree.list(staging, parallel: parallel)
            (staleFiles, staleFolders) = (claimed.files, claimed.folders)
        } else {
            (staleFiles, staleFolders) = ([], [])
            guard mkdir(staging, 0o777) == 0 else {
                throw FileTree.Failure(path: FileTree.parentFolder(of: output), code: errno, doing: "make a folder in")
            }
        }
        var info = stat()
        existing = lstat(output, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            ? FileTree.list(output, parallel: parallel) : FileTree.Listing()
    }

    deinit {
        // A stream let go without `finish` (the build stopped): its folder is not left behind.
        if !finished { try? FileTree.remove(staging) }
    }

    /// The paths of the files written or found already right so far.
    public var paths: Set<String> { lock.withLock { written } }

    /// Writes one file of the site; safe to call from several threads at once. A failure is kept
    /// for `finish` to report, by the file's path in the output folder.
    public func write(_ file: OutputFile) {
        do {
            try makeFolder(of: file.path)
            let wrote = try writeOrLink(file)
            lock.withLock {
                written.insert(file.path)
                if wrote { report.written += 1 } else { report.unchanged += 1 }
            }
        } catch let error as FileTree.Failure {
            // Named by where the file goes, not by the folder it is written in first.
            var failure = error
            if failure.path.hasPrefix(staging) { failure.path = output + failure.path.dropFirst(staging.count) }
            lock.withLock { if self.failure == nil { self.failure = failure } }
        } catch {
            lock.withLock { if self.failure == nil { self.failure = FileTree.Failure(path: output + "/" + file.path, code: EIO) } }
        }
    }

    /// Links the previous site's file if it has exactly these bytes; otherwise writes them. True if it wrote.
    private func writeOrLink(_ file: OutputFile) throws -> Bool {
        let old = output + "/" + file.path, new = staging + "/" + file.path
        let inOld = existing.files.contains(file.path)
        if staleFiles.contains(file.path) {
            // Already the live site's file (a hard link to it), and that has these bytes: it is
            // what the link below would make, so it stays as it is.
            if inOld, FileTree.isSameFile(old, new), FileTree.hasContents(file.bytes, at: old) { return false }
            // Otherwise unlinked, not written into: it may still be the live site's.
            if unlink(new) != 0, errno != ENOENT { throw FileTree.Failure(path: new, code: errno) }
        }
        if staleFolders.contains(file.path) { try FileTree.remove(new) }
        if inOld, FileTree.hasContents(file.bytes, at: old) {
            if link(old, new) == 0 { return false }
            // No hard links here (some network and FAT file systems): a copy with the old times.
            try FileTree.writeFile(file.bytes, to: new)
            FileTree.copyTimes(from: old, to: new)
            return false
        }
        try FileTree.writeFile(file.bytes, to: new)
        return true
    }

    /// Creates the folders above a file once. The `mkdir`s are made outside the lock (holding it
    /// through them kept the other core waiting for much of a build): two pages of one new folder
    /// may both make it, and the second is told it exists, which is all it needs.
    private func makeFolder(of path: String) throws {
        var folder = FileTree.parentFolder(of: path)
        let missing: [String] = lock.withLock {
            var missing: [String] = []
            while !folder.isEmpty, !folders.contains(folder) {
                missing.append(folder)
                folder = FileTree.parentFolder(of: folder)
            }
            return missing
        }
        guard !missing.isEmpty else { return }
        for folder in missing.reversed() where !staleFolders.contains(folder) {
            let full = staging + "/" + folder
            if staleFiles.contains(folder), unlink(full) != 0, errno != ENOENT { throw FileTree.Failure(path: output + "/" + folder, code: errno) }
            if mkdir(full, 0o777) != 0, errno != EEXIST { throw FileTree.Failure(path: output + "/" + folder, code: errno) }
        }
        lock.withLock { folders.formUnion(missing) }
    }

    /// Once every file has been written: makes `extraFolders` (empty folders the site keeps) and
    /// swaps the new site in for the old, which is then removed. If any write failed, throws it and
    /// removes the new site instead, leaving the old one as it was. A site identical to the old one
    /// is not swapped in at all.
    public func finish(extraFolders: [String] = []) throws -> WriteReport {
        try lock.withLock {
            finished = true
            do {
                if let failure { throw failure }
                for folder in extraFolders where !folder.isEmpty {
                    var parent = folder, chain: [String] = []
                    while !parent.isEmpty, !folders.contains(parent) {
                        chain.append(parent)
                        parent = FileTree.parentFolder(of: parent)
                    }
                    for folder in chain.reversed() where !staleFolders.contains(folder) {
                        if staleFiles.contains(folder) { _ = unlink(staging + "/" + folder) }
                        if mkdir(staging + "/" + folder, 0o777) != 0, errno != EEXIST {
                            throw FileTree.Failure(path: output + "/" + folder, code: errno)
                        }
                        folders.insert(folder)
                    }
                }
                try removeStale()
                // Every file and folder of the previous site that this one does not have as such counts
                // as removed, including those replaced by a folder or a file of the same name.
                report.removed += existing.files.subtracting(written).count + existing.folders.subtracting(folders).count
                var info = stat()
                let outputIsFolder = lstat(output, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
                if !outputIsFolder, lstat(output, &info) == 0 { report.removed += 1 }
                if outputIsFolder, report.written == 0, report.removed == 0, folders.isSubset(of: existing.folders) {
                    try finishWith(staging)
                    return report
                }
                try Publication.swap(staging, into: output)
            } catch {
                try? FileTree.removeInParallel(staging)
                throw error
            }
            // `staging` now holds the previous site: the next build's spare.
            try? finishWith(staging)
            return report
        }
    }

    /// What becomes of the folder left over at the end (the replaced site, or an unneeded new one).
    private func finishWith(_ folder: String) throws {
        if keepsSpare { Publication.keepAsSpare(folder, of: output) } else { try FileTree.removeInParallel(folder) }
    }

    /// Removes what the spare had that this site does not: its files not written again, then its
    /// folders not used, the deepest first (anything unexpected in one goes with it).
    private func removeStale() throws {
        for path in staleFiles where !written.contains(path) && !folders.contains(path) {
            if unlink(staging + "/" + path) != 0, errno != ENOENT, errno != EISDIR { throw FileTree.Failure(path: staging + "/" + path, code: errno) }
        }
        // A folder whose path is now a page's file was removed when the page was written.
        let unused = staleFolders.subtracting(folders).subtracting(written).sorted { $0.utf8.count > $1.utf8.count }
        for folder in unused {
            let path = staging + "/" + folder
            if rmdir(path) == 0 || errno == ENOENT || errno == ENOTDIR { continue }
            guard errno == ENOTEMPTY || errno == EEXIST else { throw FileTree.Failure(path: path, code: errno) }
            try FileTree.remove(path)
        }
    }
}

/// Swapping a finished site in, and clearing up after a build that did not get to finish.
enum Publication {
    enum Leftover: String { case publishing, replaced }

    /// `<parent>/.Public.publishing-<pid>`: beside the output folder, on the same file system, so it
    /// can be renamed into place; hidden, so a web server serving the parent folder does not list it.
    static func leftoverName(of output: String, kind: Leftover, pid: pid_t) -> String {
        let parent = FileTree.parentFolder(of: output)
        let name = output.dropFirst(parent.count + 1)
        return parent + "/." + name + "." + kind.rawValue + "-" + String(pid)
    }

    /// `<parent>/.Public.spare`: the site the last build replaced, for the next build to write into.
    static func spareName(of output: String) -> String {
        let parent = FileTree.parentFolder(of: output)
        return parent + "/." + output.dropFirst(parent.count + 1) + ".spare"
    }

    /// Keeps a replaced site as the spare; if there is one already (another build's), removes it instead.
    static func keepAsSpare(_ folder: String, of output: String) {
        if rename(folder, spareName(of: output)) != 0 { try? FileTree.removeInParallel(folder) }
    }

    /// The folder to replace: the output folder's real path if it is a symbolic link to a folder,
    /// so that the link stays and what it points to is updated.
    static func realOutput(_ output: String) -> String {
        var info = stat()
        guard lstat(output, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, let real = FileTree.realPathOf(output) else { return output }
        return real
    }

    /// Removes what builds killed part-way left beside the output folder (those of processes still
    /// running are theirs). If one was killed between the two renames of the fallback swap, the
    /// previous site is put back first.
    static func removeLeftovers(of output: String) {
        let parent = FileTree.parentFolder(of: output)
        let name = String(output.dropFirst(parent.count + 1))
        var info = stat()
        for entry in FileTree.entries(of: parent) {
            for kind in [Leftover.publishing, .replaced] {
                let prefix = "." + name + "." + kind.rawValue + "-"
                guard entry.name.hasPrefix(prefix), let pid = pid_t(entry.name.dropFirst(prefix.count)),
                      pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) else { continue }
                let path = parent + "/" + entry.name
                if kind == .replaced, lstat(output, &info) != 0, rename(path, output) == 0 { continue }
                try? FileTree.removeInParallel(path)
            }
        }
    }

    /// Puts `staging` where `output` is in one step (Linux's `renameat2` with `RENAME_EXCHANGE`), so
    /// `output` is at every moment either the old site or the new one; `staging` is then the old
    /// site. Where the exchange is not available, two renames: for a moment there is no `output`,
    /// and a build killed just then has the old site put back by the next (`removeLeftovers`).
    static func swap(_ staging: String, into output: String) throws {
        var info = stat()
        guard lstat(output, &info) == 0 else {
            if rename(staging, output) != 0 { throw FileTree.Failure(path: output, code: errno, doing: "put the new site in") }
            return
        }
        if let exchange = renameat2, exchange(AT_FDCWD, staging, AT_FDCWD, output, renameExchange) == 0 { return }
        let replaced = leftoverName(of: output, kind: .replaced, pid: getpid())
        try? FileTree.remove(replaced)
        guard rename(output, replaced) == 0 else { throw FileTree.Failure(path: output, code: errno, doing: "replace") }
        guard rename(staging, output) == 0 else {
            let code = errno
            _ = rename(replaced, output)
            throw FileTree.Failure(path: output, code: code, doing: "put the new site in")
        }
        _ = rename(replaced, staging)
    }

    private static let renameExchange: UInt32 = 1 << 1
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc's `renameat2` (2.28 and later), looked up when first needed: Swift's Glibc module does
    /// not declare it, and where it is missing the two-rename fallback is used.
    private static let renameat2: RenameAt2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
}
