import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Symbolic links in `Content/` and `Theme/` may point only inside their own folder. A link out
/// (`Theme/assets/x.css` to `/etc/passwd`) would otherwise be followed, and what it points to
/// published in `Public/` and served by `learning-hub serve`.
enum SourceLinks {
    /// Reports every link under `folder` that leaves it, by the link's own path. `skipHidden`: names
    /// starting with "." are not looked at (the content loaders never read them, and editors keep
    /// lock files there as links to nowhere).
    static func check(_ folder: URL, display: String, skipHidden: Bool, log: inout DiagnosticLog) {
        guard let root = FileTree.realPathOf(folder.path) else { return }
        walk(root, display: display, root: root, rootDisplay: display, skipHidden: skipHidden, log: &log)
    }

    private static func walk(_ path: String, display: String, root: String, rootDisplay: String, skipHidden: Bool,
                             log: inout DiagnosticLog) {
        guard let dir = opendir(path) else { return }
        var children: [(name: String, type: UInt8)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || (skipHidden && name.hasPrefix(".")) { continue }
            children.append((name, entry.pointee.d_type))
        }
        closedir(dir)
        for (name, type) in children.sorted(by: { $0.name < $1.name }) {
            let child = path + "/" + name, shown = display + "/" + name
            var kind = type
            if kind == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(child, &info) == 0 else { continue }
                kind = (info.st_mode & S_IFMT) == S_IFLNK ? UInt8(DT_LNK) : (info.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : UInt8(DT_REG)
            }
            if kind == UInt8(DT_DIR) {
                walk(child, display: shown, root: root, rootDisplay: rootDisplay, skipHidden: skipHidden, log: &log)
            } else if kind == UInt8(DT_LNK), let target = outsideTarget(of: child, folder: path, root: root) {
                log.error(SourceLocation(path: shown),
                          "this is a symbolic link to \(target), outside \(rootDisplay)/; the build reads only files inside \(rootDisplay)/, so copy the file in instead of linking to it")
            }
        }
    }

    /// Where a link points, if that is outside `root` (following every link on the way); nil if it
    /// stays inside. A link to nothing is judged by where it would point.
    static func outsideTarget(of link: String, folder: String, root: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(link, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        let written = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let resolved = FileTree.realPathOf(link)
            ?? URL(fileURLWithPath: written.hasPrefix("/") ? written : folder + "/" + written).standardizedFileURL.path
        return resolved == root || resolved.hasPrefix(root + "/") ? nil : written
    }
}
