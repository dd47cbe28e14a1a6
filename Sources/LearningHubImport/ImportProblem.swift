/// Where in a *source* document a problem is: a line of a text file, a page of a PDF, or the whole
/// file (a Word document converted by pandoc has no line a user could go to).
public enum SourcePlace: Sendable, Hashable, Comparable {
    case file
    case page(Int)
    case line(Int)
}

/// One problem or note about an imported document, worded for the learning officer who imports it.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var path: String
    public var place: SourcePlace
    public var severity: Severity
    public var message: String

    public init(_ path: String, _ place: SourcePlace, _ severity: Severity, _ message: String) {
        self.path = path
        self.place = place
        self.severity = severity
        self.message = message
    }

    /// `path:line: warning: ...` for text, `path: page 2: warning: ...` for a PDF, `path: error: ...`
    /// for the whole file: the compilers' form wherever the source has lines an editor can open.
    public var description: String {
        switch place {
        case .file: "\(path): \(severity.rawValue): \(message)"
        case let .page(n): "\(path): page \(n): \(severity.rawValue): \(message)"
        case let .line(n): "\(path):\(n): \(severity.rawValue): \(message)"
        }
    }
}

/// Thrown when one file cannot be imported; nothing is written for it.
struct ImportFailure: Error {
    var problems: [ImportProblem]
    init(_ problem: ImportProblem) { problems = [problem] }
}
