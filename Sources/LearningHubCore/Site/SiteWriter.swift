import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What writing the site did.
public struct WriteReport: Sendable, Equatable {
    /// Files created or whose bytes changed.
    public var written = 0
    /// Files already there with exactly the bytes the build made: left alone, modification time and all.
    public var unchanged = 0
    /// Files and folders of the previous site that the build no longer makes.
    public var removed = 0

    public static func + (a: WriteReport, b: WriteReport) -> WriteReport {
        WriteReport(written: a.written + b.written, unchanged: a.unchanged + b.unchanged, removed: a.removed + b.removed)
    }
}

/// Brings the output folder to exactly the files of the finished site: files whose bytes changed
/// are written, files with the same bytes are left alone, and anything the site no longer has is
/// removed. A whole site (`sync`, `stream`) is built beside the output folder and swapped in as one
/// step (see `SiteStream`), so a failed or killed build leaves the previous site as it was; a site
/// already up to date is not swapped in at all.
///
/// `update` (a `BuildSession`'s rebuild of a few pages in its preview folder) changes the folder
/// where it is: every file is complete before it is moved into place (`atomicFiles`, the default),
/// so a web server serving the folder never sends half a file.
public struct SiteWriter: Sendable {
    public var output: URL
    /// Write files on every core (the default), or one at a time.
    public var parallel: Bool
    /// Write each changed file beside itself and rename it into place (the default), rather than
    /// over itself.
    public var atomicFiles: Bool

    public init(output: URL, parallel: Bool = true, atomicFiles: Bool = true) {
        self.output = output
        self.parallel = parallel
        self.atomicFiles = atomicFiles
    }

    /// Makes the output folder a copy of `folder` (the theme's assets, when only they changed);
    /// removes it if `folder` does not exist.
    @discardableResult
    public func write(assetsFrom folder: URL) throws -> WriteReport {
        var isFolder = ObjCBool(false)
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            guard FileManager.default.fileExists(atPath: output.path) else { return WriteReport() }
            try FileTree.remove(output.path)
            return WriteReport(removed: 1)
        }
        var files: [OutputFile] = []
        var folders: [String] = []
        try SiteWriter.collectAssets(at: folder.path, as: "", files: &files, folders: &folders)
        return try sync(files, extraFolders: folders.filter { !$0.isEmpty })
    }

    /// Writes `files` where their bytes changed and removes `removing` (paths relative to the output
    /// folder), then any folder that leaves empty: the change from one build to the next.
    @discardableResult
    public func update(_ files: [OutputFile], removing: Set<String>) throws -> WriteReport {
        let root = output.path
        var report = WriteReport()
        for path in removing.sorted() {
            try FileTree.remove(root + "/" + path)
            report.removed += 1
            var folder = FileTree.parentFolder(of: path)
            while !folder.isEmpty, rmdir(root + "/" + folder) == 0 {
                folder = FileTree.parentFolder(of: folder)
            }
        }
        var folders = Set<String>()
        for file in files { folders.insert(FileTree.parentFolder(of: file.path)) }
        for folder in folders.sorted() where !folder.isEmpty { try FileTree.makeFolders(root + "/" + folder) }
        let outcomes = ParallelResults<Result<Bool, FileTree.Failure>>(count: files.count)
        let atomic = atomicFiles
        let body: @Sendable (Int) -> Void = { i in
            outcomes[i] = FileTree.writeIfChanged(files[i].bytes, to: root + "/" + files[i].path, mayExist: true, atomic: atomic)
        }
        Parallel.forEach(files.count, parallel: parallel, body)
        return try report + Self.tally(outcomes.values)
    }

    static func tally(_ outcomes: [Result<Bool, FileTree.Failure>]) throws -> WriteReport {
        var report = WriteReport()
        for outcome in outcomes {
            switch outcome {
            case .success(true): report.written += 1
            case .success(false): report.unchanged += 1
            case .failure(let error): throw error
            }
        }
        return report
    }

    /// The theme's assets as output files (and their folders, so an empty one is kept as copying would).
    static func collectAssets(at path: String, as prefix: String, files: inout [OutputFile], folders: inout [String]) throws {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return }
        folders.append(prefix)
        for entry in FileTree.entries(of: path).sorted(by: { $0.name < $1.name }) {
            let source = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            if entry.isFolder {
                try collectAssets(at: path + "/" + entry.name, as: source, files: &files, folders: &folders)
            } else {
                guard let data = FileManager.default.contents(atPath: path + "/" + entry.name) else {
                    throw FileTree.Failure(path: path + "/" + entry.name, code: errno == 0 ? EIO : errno)
                }
                files.append(OutputFile(path: source, bytes: data))
            }
        }
    }

    /// Makes the output folder hold exactly `files` (paths relative to it) and `extraFolders`.
    @discardableResult
    public func sync(_ files: [OutputFile], extraFolders: [String] = []) throws -> WriteReport {
        let stream = try self.stream()
        sync(files, into: stream)
        return try stream.finish(extraFolders: extraFolders)
    }

    /// Writes `files` into a site being streamed, on every core unless `parallel` is off.
    func sync(_ files: [OutputFile], into stream: SiteStream) {
        Parallel.forEach(files.count, parallel: parallel) { stream.write(files[$0]) }
    }

    /// Starts writing a whole site as its files are made, so that no more of it is held in memory
    /// than the pages being rendered; `SiteStream.finish` then removes what the site no longer has.
    /// `keepingSpare`: for the whole site's folder only (`SiteStream`); a folder inside the site
    /// (its assets, rewritten on their own) must leave nothing beside it.
    public func stream(keepingSpare: Bool = false) throws -> SiteStream {
        try SiteStream(output: output.path, parallel: parallel, keepsSpare: keepingSpare)
    }
}

/// Plain POSIX file work for the thousands of small files of a site: no per-file `fsync`
/// (Foundation's `Data.write` does one), each folder listed once, files read and written on every core.
public enum FileTree {
    public struct Failure: LocatedError, CustomStringConvertible {
        public var path: String
        public var code: Int32
        /// What could not be done to `path`, for messages: "write" unless said.
        public var doing = "write"
        public var reason: String { String(cString: strerror(code)) }
        public var description: String { "\(path): \(reason)" }
        public var place: String { path }
        public var problem: String {
            (doing == "write" ? "could not write it: " : "could not \(doing) it: ") + ErrorText.words(code)
        }

        public init(path: String, code: Int32, doing: String = "write") {
            self.path = path
            self.code = code
            self.doing = doing
        }
    }

    /// Every file and folder below a folder, by path relative to it.
    public struct Listing: Sendable {
        public var files = Set<String>()
        public var folders = Set<String>()
    }

    /// Lists a folder's tree; the folders one level down are listed on every core.
    public static func list(_ root: String, parallel: Bool = true) -> Listing {
        var listing = Listing()
        var tops: [String] = []
        for entry in entries(of: root) {
            if entry.isFolder {
                listing.folders.insert(entry.name)
                tops.append(entry.name)
            } else {
                listing.files.insert(entry.name)
            }
        }
        let below = ParallelResults<Listing>(count: tops.count)
        let names = tops
        let body: @Sendable (Int) -> Void = { i in
            var part = Listing()
            walk(root + "/" + names[i], relative: names[i], into: &part)
            below[i] = part
        }
        Parallel.forEach(names.count, parallel: parallel, body)
        for part in below.values {
            listing.files.formUnion(part.files)
            listing.folders.formUnion(part.folders)
        }
        return listing
    }

    private static func walk(_ path: String, relative: String, into listing: inout Listing) {
        for entry in entries(of: path) {
            let child = relative + "/" + entry.name
            if entry.isFolder {
                listing.folders.insert(child)
                walk(path + "/" + entry.name, relative: child, into: &listing)
            } else {
                listing.files.insert(child)
            }
        }
    }

    /// Writes `bytes` to `path` unless the file there already holds exactly them; true if it wrote.
    static func writeIfChanged(_ bytes: Data, to path: String, mayExist: Bool, atomic: Bool) -> Result<Bool, Failure> {
        do {
            if mayExist, hasContents(bytes, at: path) { return .success(false) }
            if atomic { try replaceFile(bytes, at: path) } else { try writeFile(bytes, to: path) }
            return .success(true)
        } catch let error as Failure {
            return .failure(error)
        } catch {
            return .failure(Failure(path: path, code: EIO))
        }
    }

    /// Whether two paths name one regular file (hard links to it).
    static func isSameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        guard lstat(a, &x) == 0, lstat(b, &y) == 0, (x.st_mode & S_IFMT) == S_IFREG else { return false }
        return x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    /// Whether the file at `path` holds exactly `bytes`.
    public static func hasContents(_ bytes: Data, at path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        if bytes.isEmpty { return true }
        // Read and compared a chunk at a time through one small buffer, which stays in the cache: a
        // buffer the size of the file was fresh memory for each file, and its page faults and the
        // copy into it were an eighth of a build that writes 770 MB (50,000 responses).
        let chunk = 65_536
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        return bytes.withUnsafeBytes { expected -> Bool in
            guard let base = expected.baseAddress, let into = buffer.baseAddress else { return false }
            var offset = 0
            while offset < expected.count {
                let n = read(fd, into, min(chunk, expected.count - offset))
                if n < 0, errno == EINTR { continue }
                if n <= 0 || memcmp(base + offset, into, n) != 0 { return false }
                offset += n
            }
            // Longer than it was when its size was looked at: not the same.
            return read(fd, into, 1) == 0
        }
    }

    /// Creates or replaces one file with `bytes`, over itself.
    public static func writeFile(_ bytes: Data, to path: String) throws {
        try writeFile(bytes, to: path, mode: 0o666, sync: false, named: path)
    }

    /// Writes `bytes` to `path`, with `fsync` before it is closed when `sync` is set; errors name
    /// `named` (the file a temporary one stands for).
    private static func writeFile(_ bytes: Data, to path: String, mode: mode_t, sync: Bool, named: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(path: named, code: errno) }
        var code: Int32 = 0
        bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    code = errno
                    return
                }
                offset += n
            }
        }
        if code == 0, sync, fsync(fd) != 0 { code = errno }
        if close(fd) != 0, code == 0 { code = errno }
        if code != 0 { throw Failure(path: named, code: code) }
    }

    /// Replaces a file by writing a temporary file beside it and renaming it into place, so a reader
    /// (a browser, a web server) never sees it half-written: the one atomic writer, for the site and
    /// (synced, see `DurableFile`) for the collector's records. `temp` names the temporary file
    /// (`.<name>.tmp-<pid>` beside it unless said); errors name `path`, never the temporary file,
    /// and a temporary file that failed is removed.
    public static func replaceFile(_ bytes: Data, at path: String, temp: String? = nil, mode: mode_t = 0o666,
                                   sync: Bool = false) throws(Failure) {
        let temp = temp ?? {
            let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
            return String(path[..<slash]) + ".\(path[slash...]).tmp-\(getpid())"
        }()
        do {
            try writeFile(bytes, to: temp, mode: mode, sync: sync, named: path)
        } catch {
            unlink(temp)
            throw error
        }
        guard rename(temp, path) == 0 else {
            let code = errno
            unlink(temp)
            throw Failure(path: path, code: code)
        }
    }

    /// The folder a path is in: "" for a relative path at the top, "/" for a file at the root.
    /// (Foundation's `deletingLastPathComponent` stops the process on a one-character path such as
    /// "a" on Linux, Swift 6.3.1; a free page with the slug "a" has the folder "a".)
    public static func parentFolder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return slash == path.utf8.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p`.
    public static func makeFolders(_ path: String) throws {
        if mkdir(path, 0o777) == 0 { return }
        switch errno {
        case EEXIST: return
        case ENOENT:
            try makeFolders(parentFolder(of: path))
            if mkdir(path, 0o777) != 0, errno != EEXIST { throw Failure(path: path, code: errno) }
        default: throw Failure(path: path, code: errno)
        }
    }

    /// The path with every symbolic link on the way resolved, if it exists.
    static func realPathOf(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// Gives `path` the access and modification times of `source`.
    static func copyTimes(from source: String, to path: String) {
        var info = stat()
        guard stat(source, &info) == 0 else { return }
        var times = [info.st_atim, info.st_mtim]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    /// `rm -rf`, the folders one level down on every core (a previous site has tens of thousands of files).
    static func removeInParallel(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return try remove(path) }
        let names = entries(of: path).map(\.name)
        let failures = ParallelResults<Failure>(count: names.count)
        Parallel.forEach(names.count) { i in
            do { try remove(path + "/" + names[i]) } catch { failures[i] = error as? Failure ?? Failure(path: path, code: EIO) }
        }
        if let failure = failures.values.first { throw failure }
        try remove(path)
    }

    /// `rm -rf`.
    public static func remove(_ path: String) throws {
        if unlink(path) == 0 || errno == ENOENT { return }
        guard errno == EISDIR || errno == EPERM else { throw Failure(path: path, code: errno) }
        for entry in entries(of: path) { try remove(path + "/" + entry.name) }
        if rmdir(path) != 0, errno != ENOENT { throw Failure(path: path, code: errno) }
    }

    static func entries(of path: String) -> [(name: String, isFolder: Bool)] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var result: [(String, Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isFolder = lstat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            result.append((name, isFolder))
        }
        return result
    }
}
