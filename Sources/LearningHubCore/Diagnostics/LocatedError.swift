import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An error about one place (a file, a folder, an address), which every command shows the one way:
/// `place: error: problem`, in plain English.
public protocol LocatedError: Error {
    /// The file or folder (as the user named it where possible), or an address.
    var place: String { get }
    /// What went wrong, in words a learning officer understands.
    var problem: String { get }
}

public enum ErrorText {
    /// The lines a command prints for any error it ends with: the compiler's form for problems in
    /// the content, `place: error: problem` for everything else, never a raw system error.
    public static func lines(_ error: Error) -> [String] {
        if let error = error as? DiagnosticsError { return error.diagnostics.map(\.description) }
        if let error = error as? LocatedError { return ["\(shown(error.place)): error: \(error.problem)"] }
        let ns = error as NSError
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        if let path, let code = posixCode(of: ns) { return ["\(shown(path)): error: \(words(code))"] }
        return ["learning-hub: error: \(error.localizedDescription)"]
    }

    /// A path below the current folder, relative to it, as the user typed it.
    public static func shown(_ path: String, cwd: String = FileManager.default.currentDirectoryPath) -> String {
        path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }

    /// The POSIX code of a Foundation error, where it has one (its own, an underlying one, or the
    /// one its Cocoa code stands for).
    public static func posixCode(of error: Error) -> Int32? {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        guard ns.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileWriteFileExists: return EEXIST
        default: return EIO
        }
    }

    /// A system error code in plain words.
    public static func words(_ code: Int32) -> String {
        switch code {
        case ENAMETOOLONG: "the name is too long for the file system"
        case EACCES, EPERM: "permission denied: this account may not change that folder"
        case ENOSPC, EDQUOT: "the disk is full"
        case EROFS: "the disk or folder is read-only"
        case ENOENT: "there is no such file or folder"
        case ENOTDIR: "a file is in the way where a folder should be"
        case EEXIST: "a file of that name is already there"
        case EMFILE, ENFILE: "too many files are open at once"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}
