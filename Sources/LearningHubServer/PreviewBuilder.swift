import Foundation
import LearningHubCore

/// Builds through one `BuildSession`, off Swift's cooperative threads (the build is synchronous and
/// spreads over every core itself). The session reloads only the files that changed, renders only the
/// pages they affect and writes only files whose bytes changed; it writes nothing when the build finds
/// an error, so a failed build leaves the last good site in place to be served.
struct PreviewBuilder: Sendable {
    enum Outcome: Sendable {
        case built(BuildReport, milliseconds: Int)
        /// Every problem, as `path:line:column: error: message` lines, as the terminal shows them.
        case failed([String])
    }

    let options: BuildOptions
    private let session: BuildSession

    init(options: BuildOptions) {
        self.options = options
        self.session = BuildSession(options: options)
    }

    func build() async -> Outcome {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: buildNow())
            }
        }
    }

    func buildNow() -> Outcome {
        let started = Date()
        do {
            let report = try session.build()
            return .built(report, milliseconds: Int(Date().timeIntervalSince(started) * 1000))
        } catch let error as DiagnosticsError {
            return .failed(error.diagnostics.map(\.description))
        } catch {
            return .failed(["\(BuildOptionsDisplay.display(options.output.path)): error: \(error)"])
        }
    }
}

/// What `/__learning-hub/status` answers, as JSON.
public struct BuildStatus: Codable, Sendable, Equatable {
    /// Whether the last build succeeded.
    public var ok: Bool
    /// Counts the good builds: a page reloads when it changes.
    public var generation: Int
    /// The last build's errors and warnings, `path:line:column: error: message`.
    public var diagnostics: [String]
    /// One line about the last build.
    public var summary: String

    public init(ok: Bool, generation: Int, diagnostics: [String], summary: String) {
        self.ok = ok
        self.generation = generation
        self.diagnostics = diagnostics
        self.summary = summary
    }
}

/// The last build's result, shared by the builder and the request handlers.
actor BuildState {
    private(set) var status = BuildStatus(ok: false, generation: 0, diagnostics: [], summary: "Not built yet.")

    @discardableResult
    func record(_ outcome: PreviewBuilder.Outcome) -> BuildStatus {
        switch outcome {
        case .built(let report, _):
            status = BuildStatus(ok: true, generation: status.generation + 1,
                                 diagnostics: report.warnings.map(\.description),
                                 summary: "Built \(report.files) files.")
        case .failed(let lines):
            let errors = lines.filter { $0.contains(": error: ") }.count
            let kept = status.generation > 0 ? "the last good site is still served" : "nothing has built yet"
            status = BuildStatus(ok: false, generation: status.generation, diagnostics: lines,
                                 summary: "Build failed with \(errors) error\(errors == 1 ? "" : "s"); \(kept).")
        }
        return status
    }

    func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(status)) ?? Data("{}".utf8)
    }
}
