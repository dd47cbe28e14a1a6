import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One collector at a time: an exclusive `flock` on the hub's `responses/` folder and on each inbox
/// folder, held for the whole run and let go when the process ends, however it ends (a killed run
/// leaves no stale lock). A second run waits for the first, saying so, and only then lists its inbox,
/// so it never reads a file the first has moved.
public final class CollectLock {
    private var descriptors: [Int32] = []

    /// Locks `folders` in the order given (callers sort them, so two runs cannot wait on each other).
    /// `waiting` is told once, for the first folder another run holds, before this run waits for it.
    public init(_ folders: [String], shown: (String) -> String, waiting: (String) -> Void) throws(DiagnosticsError) {
        var told = false
        for folder in folders {
            let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else {
                let problem = FileProblem(path: folder, code: errno)
                release()
                throw DiagnosticsError([.error(SourceLocation(path: shown(folder)), "the folder cannot be opened to collect into: \(problem.words)")])
            }
            descriptors.append(fd)
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { continue }
            if errno == EWOULDBLOCK, !told {
                waiting("Another 'learning-hub collect' is working on \(shown(folder))/; waiting for it to finish…")
                told = true
            }
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let problem = FileProblem(path: folder, code: errno)
                    release()
                    throw DiagnosticsError([.error(SourceLocation(path: shown(folder)), "the folder could not be locked for collecting: \(problem.words)")])
                }
            }
        }
    }

    public func release() {
        for fd in descriptors { close(fd) }
        descriptors = []
    }

    deinit { release() }
}

/// The names in a folder as the file system has them, bytes and all: a name that is not UTF-8 is
/// reported, not skipped as Foundation's listing skips it.
enum RawFolder {
    struct Entry {
        /// The name, or nil if it is not valid UTF-8.
        var name: String?
        /// The name with each byte that is not UTF-8 written as \xNN, for messages.
        var shown: String
        var isFolder: Bool
    }

    static func entries(of path: String) throws(FileProblem) -> [Entry] {
        guard let dir = opendir(path) else { throw FileProblem(path: path, code: errno) }
        defer { closedir(dir) }
        var result: [Entry] = []
        while let entry = readdir(dir) {
            let bytes: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            let name = String(validating: bytes, as: UTF8.self)
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) || entry.pointee.d_type == UInt8(DT_LNK) {
                var info = stat()
                let full = Array(path.utf8) + [0x2F] + bytes + [0]
                isFolder = full.withUnsafeBufferPointer { p in
                    p.withMemoryRebound(to: CChar.self) { stat($0.baseAddress!, &info) == 0 } && (info.st_mode & S_IFMT) == S_IFDIR
                }
            }
            result.append(Entry(name: name, shown: name ?? escapedBytes(bytes), isFolder: isFolder))
        }
        return result.sorted { $0.shown < $1.shown }
    }

    static func escapedBytes(_ bytes: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < bytes.count {
            // The longest valid UTF-8 character from here, if there is one.
            var decoded: String?
            for length in (1...4).reversed() where i + length <= bytes.count {
                if let s = String(validating: bytes[i..<(i + length)], as: UTF8.self), s.unicodeScalars.count == 1 {
                    decoded = s
                    i += length
                    break
                }
            }
            if let decoded { out += decoded } else {
                out += "\\x" + (bytes[i] < 16 ? "0" : "") + String(bytes[i], radix: 16, uppercase: true)
                i += 1
            }
        }
        return out
    }
}

extension String {
    /// A name with its control characters written as escapes (`\n`, `\t`, `\u{1B}`), so that a
    /// file name with a line break in it cannot break the collector's lines of output.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: Self.isControl) else { return self }
        var out = ""
        for u in unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Self.isControl(u): out += "\\u{\(String(u.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
    }
}
