import Foundation
#if canImport(Glibc)
import Glibc
#endif

public struct CollectOptions: Sendable {
    public var inputs: [URL]
    public var content: URL
    public var dryRun: Bool
    /// `--release`: file these responses even if they may hold personal data (the officer has checked).
    public var release: Bool

    public init(inputs: [URL], content: URL, dryRun: Bool, release: Bool = false) {
        self.inputs = inputs.map(\.standardizedFileURL)
        self.content = content.standardizedFileURL
        self.dryRun = dryRun
        self.release = release
    }
}

public struct CollectReport: Sendable {
    public enum Outcome: String, Sendable { case accepted, updated, unchanged, rejected, historical = "kept in history", held }
    public var lines: [String] = []
    public var counts: [Outcome: Int] = [:]
    public var diagnostics: [Diagnostic] = []
    /// Teams whose files were rejected, with the reply written for each (terminal only: contacts).
    public var replies: [(file: String, senders: [ReplySender])] = []
    public var rejected: Int { counts[.rejected] ?? 0 }
    public var warnings: Int { diagnostics.filter { $0.severity == .warning }.count }

    mutating func record(_ outcome: Outcome, _ line: String) {
        counts[outcome, default: 0] += 1
        lines.append(line)
    }

    public var summary: String {
        "Accepted \(counts[.accepted] ?? 0), updated \(counts[.updated] ?? 0), unchanged \(counts[.unchanged] ?? 0), "
            + "kept in history \(counts[.historical] ?? 0), rejected \(rejected) file\(rejected == 1 ? "" : "s"), "
            + ((counts[.held] ?? 0) > 0 ? "held \(counts[.held] ?? 0) for personal data, " : "") + "warnings \(warnings)."
    }
}

/// `learning-hub collect`: takes the response files teams send, validates them against the hub's
/// briefings, and files each as `Content/responses/<briefing>/<organisation>--<team>.md`.
/// Nothing is ever lost: a replaced record moves to `history/`, every inbox file ends in
/// `processed/` or `rejected/` (with its reasons beside it), and every write is a rename of a complete file.
public struct Collector {
    public var options: CollectOptions
    public var hub: Hub

    static let holdsNoResponse = "the file holds no response"

    public init(options: CollectOptions, hub: Hub) {
        self.options = options
        self.hub = hub
    }

    struct Incoming {
        var file: URL
        var inbox: URL
        var display: String
        var responses: [TeamResponse]
        var problems: [Diagnostic]
        /// Who sent the responses that were not accepted, for the reply.
        var senders: [ReplySender] = []
        /// How many pieces of free text look like personal data (see PersonalData).
        var personalData = 0
        /// Kept in `held/` until released, by hub.yml's `personal_data: hold`.
        var held = false
    }

    public func run() throws -> CollectReport {
        var report = CollectReport()
        let reader = ResponseFileReader(csv: CSVResponseMapper(overrides: hub.config.responseColumns),
                                        sheetName: hub.config.responseSheet)
        let validator = ResponseValidator(catalogue: BriefingCatalogue(hub: hub))
        // Each file is read and checked on its own, so on every core; what follows is in file order.
        let inputs = try inputFiles()
        let holds = hub.config.holdPersonalData && !options.release
        let read = ParallelResults<Incoming>(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { i in
            let (file, inbox) = inputs[i]
            let display = BuildOptions.display(file)
            var log = DiagnosticLog()
            var responses: [TeamResponse] = []
            var senders: [ReplySender] = []
            var personalData = 0
            let data = (try? Data(contentsOf: file)) ?? Data()
            for entry in reader.read(data, path: display, log: &log) {
                if let r = validator.validate(entry.raw, notes: entry.body, log: &log) { responses.append(r) } else {
                    senders.append(ReplySender(entry.raw))
                }
                // Rejected responses too: the officer sees it before the team sends the file again.
                personalData += PersonalData.warnings(in: entry.raw, body: entry.body, bodyLine: entry.bodyLine, log: &log)
            }
            if responses.isEmpty, !log.hasErrors {
                log.error(SourceLocation(path: display), Self.holdsNoResponse)
            }
            read[i] = Incoming(file: file, inbox: inbox, display: display, responses: responses, problems: log.diagnostics,
                               senders: senders, personalData: personalData,
                               held: holds && personalData > 0 && !log.hasErrors)
        }
        let incoming = read.values
        for item in incoming { report.diagnostics += item.problems }

        // Oldest first, so that when a team resubmits, the latest version becomes the record.
        let ordered = incoming.filter { !$0.held }.flatMap { item in item.responses.map { (item.display, $0) } }
            .sorted { ($0.1.submitted ?? CalendarDate.distantPast, $0.0) < ($1.1.submitted ?? CalendarDate.distantPast, $1.0) }
        // The stored form of each response, made on every core too.
        let stored = ParallelResults<Data>(count: ordered.count)
        DispatchQueue.concurrentPerform(iterations: ordered.count) { i in stored[i] = Data(ResponseWriter.markdown(ordered[i].1).utf8) }
        let bytes = stored.values
        var filing = Filing(root: options.content.path + "/responses")
        filing.catalogue = validator.catalogue
        for (i, (display, response)) in ordered.enumerated() {
            try file(response, bytes: bytes[i], from: display, report: &report, filing: &filing)
        }
        try filing.flush()
        // Records are written without a sync each; one sync makes them all durable before any file
        // that was filed leaves the inbox, so a crash can never lose a response.
        if !options.dryRun, !ordered.isEmpty { sync() }
        var made = Folders()
        for item in incoming {
            let errors = item.problems.filter { $0.severity == .error }
            if item.held {
                try hold(item, report: &report, made: &made)
            } else if errors.isEmpty {
                if !options.dryRun {
                    let destination = try made.reserve(item.file.lastPathComponent, in: item.inbox.appendingPathComponent("processed"))
                    made.pending.append((item.file, destination))
                }
            } else {
                let rejectedFolder = item.inbox.appendingPathComponent("rejected")
                let name = item.file.lastPathComponent
                report.record(.rejected, "rejected   \(item.display): \(errors.count) problem\(errors.count == 1 ? "" : "s")"
                              + (options.dryRun ? "" : ", see \(BuildOptions.display(rejectedFolder))/\(name).errors.txt"))
                if !options.dryRun {
                    let moved = try made.reserve(item.file.lastPathComponent, in: rejectedFolder)
                    try Folders.move(item.file, to: moved)
                    let explanation = Self.explain(errors: errors, warnings: item.problems.filter { $0.severity == .warning },
                                                   accepted: item.responses.count)
                    try AtomicFile.write(Data(explanation.utf8), to: moved.appendingPathExtension("errors.txt"))
                    let reply = ReplyText(hub: hub).letter(errors: errors, senders: item.senders, accepted: item.responses.count)
                    try AtomicFile.write(Data(reply.utf8), to: moved.appendingPathExtension("reply.txt"))
                }
                report.replies.append((options.dryRun ? name : BuildOptions.display(rejectedFolder) + "/" + name + ".reply.txt", item.senders))
            }
        }
        try made.flush()
        return report
    }

    /// What this run has filed so far, and the names already in each briefing's folder (read once,
    /// when the run first files there, instead of asking for every record whether its file exists).
    struct Filing {
        let root: String
        let cwd = FileManager.default.currentDirectoryPath
        /// The bytes filed at each path by this run, so that a dry run judges a second file from
        /// the same team against the first, exactly as the real run would.
        var filed: [String: Data] = [:]
        var names: [String: Set<String>] = [:]
        var made = Set<String>()
        /// The briefings' IDs, to read a replaced record for the summary of what changed.
        var catalogue: BriefingCatalogue?

        /// New records to write, written together on every core by `flush` (each to its own path).
        var pending: [(path: String, bytes: Data)] = []

        mutating func flush() throws {
            defer { pending = [] }
            try Collector.onEveryCore(pending) { try FileTree.replaceFile($0.bytes, at: $0.path) }
        }

        mutating func exists(_ name: String, in folder: String) -> Bool {
            if names[folder] == nil { names[folder] = Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []) }
            return names[folder]?.contains(name) ?? false
        }
    }

    /// Files one response: new, unchanged, or replacing the current record (which moves to history).
    private func file(_ response: TeamResponse, bytes: Data, from display: String, report: inout CollectReport,
                      filing: inout Filing) throws {
        let folder = filing.root + "/" + Slug.make(response.briefing)
        let name = "\(response.fileStem).md"
        let target = folder + "/" + name
        let shown = BuildOptions.display(path: target, cwd: filing.cwd)
        let current = filing.filed[target] ?? (filing.exists(name, in: folder) ? FileManager.default.contents(atPath: target) : nil)
        guard let current else {
            filing.filed[target] = bytes
            report.record(.accepted, "accepted   \(display) → \(shown)")
            if !options.dryRun {
                if filing.made.insert(folder).inserted { try FileTree.makeFolders(folder) }
                filing.pending.append((target, bytes))
            }
            return
        }
        if current == bytes {
            report.record(.unchanged, "unchanged  \(display) (same as \(shown))")
            return
        }
        // Records waiting to be written go first: this one may be among them.
        if !options.dryRun { try filing.flush() }
        let history = URL(fileURLWithPath: folder, isDirectory: true).appendingPathComponent("history")
        let currentSubmitted = Self.submittedDate(in: current)
        // An older version arriving late must not replace a newer one, and an undated one never
        // displaces a dated record; either is kept in history all the same.
        let replaces: Bool = switch (response.submitted, currentSubmitted) {
        case let (new?, old?): new >= old
        case (nil, .some): false
        default: true
        }
        if !replaces {
            report.record(.historical, "history    \(display) is older than \(shown) (\(currentSubmitted?.iso ?? "")); kept in history")
            if !options.dryRun { try AtomicFile.writeNew(bytes, in: history, stem: "\(response.fileStem)--\(response.submitted?.iso ?? "undated")") }
            return
        }
        filing.filed[target] = bytes
        report.record(.updated, "updated    \(display) → \(shown) (the earlier version is kept in history)")
        if let catalogue = filing.catalogue, let changes = ChangeSummary.describe(replacing: current, with: response, catalogue: catalogue) {
            report.lines.append("           what changed: \(changes)")
        }
        if !options.dryRun {
            try AtomicFile.writeNew(current, in: history, stem: "\(response.fileStem)--\(currentSubmitted?.iso ?? "undated")")
            try FileTree.replaceFile(bytes, at: target)
        }
    }

    /// The date a filed record was submitted, read as the builder reads it (a record may have been
    /// edited by hand: CRLF line ends, a quoted or day-first date).
    static func submittedDate(in data: Data) -> CalendarDate? {
        var ignored = DiagnosticLog()
        let entries = ResponseFileReader().read(data, path: "record.md", log: &ignored)
        return entries.first?.raw.field("submitted")?.text.flatMap(FlexibleDate.parse)
    }

    static func explain(errors: [Diagnostic], warnings: [Diagnostic], accepted: Int) -> String {
        var text = "This response file was not accepted by the Learning Hub collector.\n"
        if accepted > 0 { text += "\(accepted) response\(accepted == 1 ? " in it was" : "s in it were") accepted; the problems below are in the others.\n" }
        text += "Each problem gives the file, line and column, then what is wrong. Fix them and send the file again.\n\n"
        text += errors.map(\.description).joined(separator: "\n") + "\n"
        if !warnings.isEmpty { text += "\nAlso worth a look (these alone would not stop the file):\n" + warnings.map(\.description).joined(separator: "\n") + "\n" }
        return text
    }

    /// The files to collect, each with the inbox it belongs to. Folders are read one level deep;
    /// `processed/` and `rejected/` inside them are never read again, which makes a re-run change nothing.
    func inputFiles() throws -> [(URL, URL)] {
        var result: [(URL, URL)] = []
        let fm = FileManager.default
        for input in options.inputs {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: input.path, isDirectory: &isDirectory) else {
                throw DiagnosticsError([.error(SourceLocation(path: BuildOptions.display(input)), "there is no such file or folder")])
            }
            if isDirectory.boolValue {
                for name in try fm.contentsOfDirectory(atPath: input.path).sorted() {
                    let url = input.appendingPathComponent(name)
                    var sub: ObjCBool = false
                    guard !name.hasPrefix("."), !name.hasSuffix(".errors.txt"), !name.hasSuffix(".reply.txt"), fm.fileExists(atPath: url.path, isDirectory: &sub), !sub.boolValue else { continue }
                    result.append((url, input))
                }
            } else {
                // A file released from held/ belongs to the inbox held/ is in.
                let folder = input.deletingLastPathComponent()
                result.append((input, folder.lastPathComponent == "held" ? folder.deletingLastPathComponent() : folder))
            }
        }
        return result
    }

    /// The folders files are moved into, each made once, with the names taken in it (read once).
    struct Folders {
        var names: [String: Set<String>] = [:]
        /// Moves whose destinations are reserved, made together on every core by `flush`.
        var pending: [(file: URL, destination: URL)] = []

        /// A name in `folder` not yet taken there, for `name` or `<stem>-2.<ext>` and so on; the
        /// folder is made when first used. Never a name that exists: nothing is ever moved over a file.
        mutating func reserve(_ name: String, in folder: URL) throws -> URL {
            let path = folder.path
            if names[path] == nil {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                names[path] = Set((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            }
            let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
            let (stem, suffix) = dot.map { (String(name[..<$0]), String(name[$0...])) } ?? (name, "")
            var candidate = name
            var n = 2
            while names[path]?.contains(candidate) ?? false {
                candidate = "\(stem)-\(n)\(suffix)"
                n += 1
            }
            names[path]?.insert(candidate)
            return folder.appendingPathComponent(candidate, isDirectory: false)
        }

        /// One rename, without Foundation's checks around it (the name was reserved free).
        static func move(_ file: URL, to destination: URL) throws {
            if rename(file.path, destination.path) != 0 { try FileManager.default.moveItem(at: file, to: destination) }
        }

        mutating func flush() throws {
            defer { pending = [] }
            try Collector.onEveryCore(pending) { try Self.move($0.file, to: $0.destination) }
        }
    }

    /// Runs `body` for every item on every core; throws the first error, in item order, after all have run.
    static func onEveryCore<T: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) throws -> Void) throws {
        let failures = ParallelResults<Error>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            do { try body(items[i]) } catch { failures[i] = error }
        }
        if let first = failures.values.first { throw first }
    }
}

/// Writes that are never half-done: complete temporary file first, then a rename into place.
public enum AtomicFile {
    /// `sync: false` leaves the data to the caller's one `sync()` for many files (the collector's).
    public static func write(_ data: Data, to url: URL, sync: Bool = true) throws {
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        if sync { try data.write(to: temp) } else { try FileTree.writeFile(data, to: temp.path) }
        guard rename(temp.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    /// Writes to `<stem>.md`, or `<stem>-2.md` and so on if that is taken: never replaces a file.
    @discardableResult
    public static func writeNew(_ data: Data, in folder: URL, stem: String) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = unusedName(in: folder, stem: stem, ext: "md")
        try write(data, to: url)
        return url
    }

    static func unusedName(in folder: URL, stem: String, ext: String) -> URL {
        let suffix = ext.isEmpty ? "" : ".\(ext)"
        var candidate = folder.appendingPathComponent(stem + suffix)
        var n = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = folder.appendingPathComponent("\(stem)-\(n)\(suffix)")
            n += 1
        }
        return candidate
    }
}
