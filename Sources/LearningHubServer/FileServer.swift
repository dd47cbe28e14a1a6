import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps request paths to files inside one folder, and nothing outside it.
///
/// A path is refused (as not found) when it has a `..` or `.` segment, before or after percent-decoding
/// (`/../x`, `/%2e%2e/x`, `/..%2fx`), a backslash or a NUL byte, or when the file it names is, through a
/// symbolic link anywhere on the way, outside the folder. Folders serve their `index.html`; a folder
/// asked for without its trailing slash is redirected to the slash form, so relative links work.
public struct FileServer: Sendable {
    public enum Resolution: Equatable, Sendable {
        /// A regular file inside the root, by its real (symlink-free) path.
        case file(String)
        /// A folder asked for without its trailing slash: redirect to this path.
        case redirect(String)
        case notFound
    }

    /// The folder served, as given; it is resolved afresh for each request because a rebuild replaces it.
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// Resolves the request target's path, still percent-encoded as it came from the client.
    public func resolve(rawPath: String) -> Resolution {
        guard rawPath.hasPrefix("/"),
              !rawPath.contains("\\"), !rawPath.contains("\0"),
              let decoded = rawPath.removingPercentEncoding,
              !decoded.contains("\\"), !decoded.contains("\0")
        else { return .notFound }
        // Segments are checked both as sent and as decoded: `%2f` must not smuggle in a `..`.
        let rawSegments = rawPath.split(separator: "/", omittingEmptySubsequences: true)
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for segment in rawSegments.map(String.init) + segments where segment == "." || segment == ".." {
            return .notFound
        }
        guard let realRoot = Self.realPath(root.path) else { return .notFound }
        let candidate = segments.isEmpty ? realRoot : realRoot + "/" + segments.joined(separator: "/")
        guard let real = Self.realPath(candidate), Self.isInside(real, realRoot) else { return .notFound }
        switch Self.kind(of: real) {
        case .file:
            return decoded.hasSuffix("/") ? .notFound : .file(real)
        case .folder:
            // One slash at the start, whatever was sent: `//briefings/` would be an address on
            // another host (a protocol-relative URL), not this folder.
            guard rawPath.hasSuffix("/") else { return .redirect("/" + rawPath.drop { $0 == "/" } + "/") }
            guard let index = Self.realPath(real + "/index.html"), Self.isInside(index, realRoot),
                  Self.kind(of: index) == .file
            else { return .notFound }
            return .file(index)
        case .other:
            return .notFound
        }
    }

    /// The site's own not-found page, if it has one inside the root.
    public func notFoundPage() -> String? {
        guard let realRoot = Self.realPath(root.path),
              let page = Self.realPath(realRoot + "/404.html"),
              Self.isInside(page, realRoot), Self.kind(of: page) == .file
        else { return nil }
        return page
    }

    /// The `Content-Type` of a file by its extension; text types say they are UTF-8.
    public static func contentType(forPath path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "svg": return "image/svg+xml; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "pdf": return "application/pdf"
        default: return "application/octet-stream"
        }
    }

    // MARK: - File system

    enum Kind { case file, folder, other }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return .other
        }
    }
}
