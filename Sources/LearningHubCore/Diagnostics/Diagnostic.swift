import Foundation

/// A place in a source file, 1-based, as editors count.
public struct SourceLocation: Sendable, Hashable, Comparable {
    public var path: String
    public var line: Int
    public var column: Int
    /// For a spreadsheet (.xlsx): the sheet's name; `line` is then the row and `column` the
    /// column (0 for the whole row), shown as `sheet 'Sheet1' cell D7` (see XLSXLocation).
    public var sheet: String? = nil

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = max(line, 1)
        self.column = max(column, 1)
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

/// One problem found in the input, worded for the person who wrote that input.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var location: SourceLocation
    public var severity: Severity
    public var message: String

    public init(_ location: SourceLocation, _ severity: Severity = .error, _ message: String) {
        self.location = location
        self.severity = severity
        self.message = message
    }

    public static func error(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(location, .error, message)
    }

    public static func warning(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(location, .warning, message)
    }

    /// `path:line:column: error: message`, the form compilers use, so editors can jump to it.
    public var description: String {
        if let place = XLSXLocation.place(location) { return "\(location.path): \(place): \(severity.rawValue): \(message)" }
        return "\(location.path):\(location.line):\(location.column): \(severity.rawValue): \(message)"
    }
}

/// Thrown when a stage finds problems it cannot build past. Carries every problem, not just the first.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Collects problems across a stage so that one run reports them all.
public struct DiagnosticLog: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(.error(location, message))
    }

    public mutating func warning(_ location: SourceLocation, _ message: String) {
        diagnostics.append(.warning(location, message))
    }

    public mutating func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// Throws every problem collected so far, warnings too (a misspelt field explains a missing one),
    /// if there is an error among them.
    public func throwIfErrors() throws {
        if hasErrors { throw DiagnosticsError(diagnostics) }
    }
}
