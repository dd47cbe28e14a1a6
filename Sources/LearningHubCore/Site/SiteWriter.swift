import Foundation

/// Writes the finished site into a fresh folder beside the output and swaps it in only when every
/// file is written, so a failed build leaves the previous site exactly as it was.
public struct SiteWriter {
    public var output: URL

    public init(output: URL) { self.output = output }

    public func write(_ files: [OutputFile], assets: URL) throws {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let staging = parent.appendingPathComponent("\(name).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        let retired = parent.appendingPathComponent("\(name).old-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.bytes.write(to: url)
            }
            if fm.fileExists(atPath: assets.path) {
                try fm.copyItem(at: assets, to: staging.appendingPathComponent("assets"))
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        // Two renames: the old site stays whole until the new one is in place.
        if fm.fileExists(atPath: output.path) {
            try? fm.removeItem(at: retired)
            try fm.moveItem(at: output, to: retired)
        }
        do {
            try fm.moveItem(at: staging, to: output)
        } catch {
            try? fm.moveItem(at: retired, to: output)
            throw error
        }
        try? fm.removeItem(at: retired)
    }
}
