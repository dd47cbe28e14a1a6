import Foundation

/// A file of the finished site, relative to the output folder: what the renderer and the search
/// index make and the site writer writes.
public struct OutputFile: Sendable {
    public var path: String
    public var bytes: Data
}
