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
        /// Stays in the inbox, for the next run: it could not be read, or its record not written.
        var leftInInbox = false
        /// Who sent the responses that were not accepted, for the reply.
        var senders: [ReplySender] = []
        /// How many pieces of free text look like personal data (see PersonalData).
        var personalData = 0
        /// Kept in `held/` until released, by hub.yml's `personal_data: hold`.
        var held = false
    }

    /// Collects, turning any file-system error left into a diagnostic (never a raw Foundation error).
    public func run(waiting: (String) -> Void = { _ in }) throws -> CollectReport {
        do {
            return try collect(waiting: waiting)
        } catch let error as DiagnosticsError {
            throw error
        } catch {
            let problem = FileProblem(error, path: options.content.path)
            throw DiagnosticsError([.error(SourceLocation(path: Self.shown(problem.path)), "collecting stopped: \(problem.words)")])
        }
    }

    private func collect(waiting: (String) -> Void) throws -> CollectReport {
        var report = CollectReport()
        let responsesRoot = options.content.path + "/responses"
        let inputs = try resolvedInputs()
        // One run at a time, and the inbox listed only once this run has it to itself.
        var locked = inputs.inboxes
        if !options.dryRun { try DurableFile.makeFolders(responsesRoot) }
        if FileManager.default.fileExists(atPath: responsesRoot) { locked.insert(responsesRoot) }
        let lock = try CollectLock(locked.sorted(), shown: Self.shown, waiting: waiting)
        defer { lock.release() }
        if !options.dryRun {
            for line in try Leftovers(responses: responsesRoot, inboxes: inputs.folders).clean() { report.lines.append(line) }
        }

        let reader = ResponseFileReader(csv: CSVResponseMapper(overrides: hub.config.responseColumns),
                                        sheetName: hub.config.responseSheet)
        let validator = ResponseValidator(catalogue: BriefingCatalogue(hub: hub))
        let holds = hub.config.holdPersonalData && !options.release
        // Each file is read and checked on its own, so on every core; what follows is in file order.
        let listed = try inputFiles(inputs)
        for bad in listed.unnamed {
            report.diagnostics.append(.error(SourceLocation(path: bad), "this file's name is not valid UTF-8 text (\\x marks the bytes that are not), so it cannot be read or moved safely; rename it, for example to response.md, and run collect again. It was left where it is."))
            report.record(.rejected, "left       \(bad): its name is not UTF-8; rename it and collect again")
        }
        let files = listed.files
        let read = ParallelResults<Incoming>(count: files.count)
        Parallel.forEach(files.count) { i in
            let (file, inbox) = files[i]
            let display = Self.shown(file)
            var log = DiagnosticLog()
            var responses: [TeamResponse] = []
            guard let data = FileManager.default.contents(atPath: file.path) else {
                // Gone (another program moved it) or unreadable: not this file's fault, so not rejected.
                let problem = FileProblem(path: file.path, code: errno == 0 ? EIO : errno)
                log.error(SourceLocation(path: display), "the file could not be read: \(problem.words); it was left where it is")
                read[i] = Incoming(file: file, inbox: inbox, display: display, responses: [], problems: log.diagnostics, leftInInbox: true)
                return
            }
            var senders: [ReplySender] = []
            var personalData = 0
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
        var incoming = read.values

        // Oldest first, so that when a team resubmits, the latest version becomes the record.
        var ordered = incoming.indices.filter { !incoming[$0].held }.flatMap { i in incoming[i].responses.map { (item: i, response: $0) } }
            .sorted { ($0.response.submitted ?? CalendarDate.distantPast, incoming[$0.item].display) < ($1.response.submitted ?? CalendarDate.distantPast, incoming[$1.item].display) }
        // The stored form of each response, made on every core too.
        let stored = ParallelResults<Data>(count: ordered.count)
        let toStore = ordered.map(\.response)
        Parallel.forEach(toStore.count) { i in stored[i] = Data(ResponseWriter.markdown(toStore[i]).utf8) }
        var bytes = stored.values
        // One size rule: the record as it will be stored must be one the build reads.
        for i in ordered.indices.reversed() where bytes[i].count > ResponseFileReader.maximumBytes {
            let r = ordered[i].response
            incoming[ordered[i].item].problems.append(.error(SourceLocation(path: incoming[ordered[i].item].display),
                "the response of '\(r.team)' would be stored as \(bytes[i].count / 1024) KB, more than the 1 MiB a response may be; split its learning points and actions between two responses"))
            ordered.remove(at: i)
            bytes.remove(at: i)
        }
        var filing = Filing(root: responsesRoot)
        filing.catalogue = validator.catalogue
        for (i, entry) in ordered.enumerated() where !incoming[entry.item].leftInInbox {
            do {
                try file(entry.response, bytes: bytes[i], item: entry.item, from: incoming[entry.item].display, report: &report, filing: &filing)
            } catch {
                leaveInInbox(&incoming[entry.item], error, writing: filing.lastTarget)
            }
        }
        for (item, error, path) in filing.flush() { leaveInInbox(&incoming[item], error, writing: path) }
        // Every record, history version and folder made durable before any file leaves the inbox.
        if !options.dryRun {
            try filing.syncFolders()
        }
        for item in incoming { report.diagnostics += item.problems }
        var made = Folders()
        for item in incoming {
            do { try settle(item, report: &report, made: &made) } catch {
                let problem = FileProblem(error, path: item.file.path)
                report.diagnostics.append(.error(SourceLocation(path: item.display), "the file could not be moved out of the inbox: \(problem.words) (at \(Self.shown(problem.path))); its responses are filed, so running collect again will find them unchanged"))
                report.record(.rejected, "left       \(item.display): could not be moved out of the inbox")
            }
        }
        if !options.dryRun { try made.syncFolders() }
        return report
    }

    /// A file whose response could not be written stays in the inbox, with the reason: nothing is lost.
    private func leaveInInbox(_ item: inout Incoming, _ error: Error, writing path: String?) {
        let problem = FileProblem(error, path: path ?? item.file.path)
        if !item.leftInInbox {
            item.problems.append(.error(SourceLocation(path: item.display),
                "its response could not be filed: \(problem.words) (writing \(Self.shown(problem.path))); the file was left in the inbox, so nothing is lost: put that right and run collect again"))
        }
        item.leftInInbox = true
    }

    /// Moves a read file to `processed/`, or to `rejected/` with its reasons written first beside it.
    private func settle(_ item: Incoming, report: inout CollectReport, made: inout Folders) throws {
        if item.leftInInbox {
            report.record(.rejected, "left       \(item.display): see the problem above; it stays in the inbox")
            return
        }
        let errors = item.problems.filter { $0.severity == .error }
        let name = item.file.lastPathComponent
        if item.held {
            try hold(item, report: &report, made: &made)
            return
        }
        if errors.isEmpty {
            if !options.dryRun {
                let destination = try made.reserve(name, in: item.inbox.path + "/processed", room: Folders.maximumName - 4)
                try DurableFile.move(item.file.path, to: destination)
                made.moved(from: item.inbox.path)
            }
            return
        }
        let rejectedFolder = item.inbox.path + "/rejected"
        if options.dryRun {
            report.record(.rejected, "rejected   \(item.display): \(errors.count) problem\(errors.count == 1 ? "" : "s")")
            report.replies.append((name, item.senders))
            return
        }
        let moved = try made.reserve(name, in: rejectedFolder, room: Folders.maximumName - ".errors.txt".utf8.count)
        let explanation = Self.explain(errors: errors, warnings: item.problems.filter { $0.severity == .warning },
                                       accepted: item.responses.count)
        let reply = ReplyText(hub: hub).letter(errors: errors, senders: item.senders, accepted: item.responses.count)
        // The reasons first: a crash between them and the move leaves the file in the inbox, to be checked again.
        try DurableFile.write(Data(explanation.utf8), to: moved + ".errors.txt")
        try DurableFile.write(Data(reply.utf8), to: moved + ".reply.txt")
        try DurableFile.move(item.file.path, to: moved)
        report.replies.append((Self.shown(moved) + ".reply.txt", item.senders))
        made.moved(from: item.inbox.path)
        report.record(.rejected, "rejected   \(item.display): \(errors.count) problem\(errors.count == 1 ? "" : "s")"
                      + ", see \(Self.shown(moved)).errors.txt")
    }

    /// A path as the collector shows it: relative to the working folder, control characters escaped.
    static func shown(_ url: URL) -> String { ErrorText.shown(url.path).escapingControlCharacters }
    static func shown(_ path: String) -> String { ErrorText.shown(path).escapingControlCharacters }

    /// Files one response: new, unchanged, or replacing the current record (which moves to history).
    /// The record is the one whose organisation and team are this response's (see `TeamIdentity`):
    /// a different team whose names give the same file name gets a file of its own.
    private func file(_ response: TeamResponse, bytes: Data, item: Int, from display: String, report: inout CollectReport,
                      filing: inout Filing) throws {
        let folder = filing.root + "/" + Slug.make(response.briefing)
        let (stem, current, clash) = filing.record(of: response, in: folder)
        let target = folder + "/" + stem + ".md"
        filing.lastTarget = target
        let shown = Self.shown(target)
        if let clash {
            report.diagnostics.append(.warning(SourceLocation(path: display),
                "another team's record already has the name \(clash).md, so this team's (\(response.organisation), \(response.team)) is \(stem).md"))
        }
        var response = response
        response.recordStem = stem
        guard let current else {
            filing.filed[target] = (response.identity, bytes)
            report.record(.accepted, "accepted   \(display) → \(shown)")
            if !options.dryRun {
                // Not synced here: the new record in it makes the run end with one syncfs.
                if filing.made.insert(folder).inserted { try DurableFile.makeFolders(folder, sync: false) }
                filing.pending.append((item, target, bytes))
            }
            return
        }
        if current == bytes {
            report.record(.unchanged, "unchanged  \(display) (same as \(shown))")
            return
        }
        // Records waiting to be written go first: this one may be among them.
        if !options.dryRun, let (_, error, path) = filing.flush().first { throw FileProblem(error, path: path) }
        let history = folder + "/history"
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
            if !options.dryRun { try filing.keepInHistory(bytes, in: history, stem: "\(stem)--\(response.submitted?.iso ?? "undated")") }
            return
        }
        filing.filed[target] = (response.identity, bytes)
        report.record(.updated, "updated    \(display) → \(shown) (the earlier version is kept in history)")
        if let catalogue = filing.catalogue, let changes = ChangeSummary.describe(replacing: current, with: response, catalogue: catalogue) {
            report.lines.append("           what changed: \(changes)")
        }
        if !options.dryRun {
            // The earlier version is durable in history before the record is replaced.
            try filing.keepInHistory(current, in: history, stem: "\(stem)--\(currentSubmitted?.iso ?? "undated")")
            try DurableFile.write(bytes, to: target)
            filing.touched.insert(folder)
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

    /// Runs `body` for every item on every core; throws the first error, in item order, after all have run.
    static func onEveryCore<T: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) throws -> Void) throws {
        let failures = ParallelResults<Error>(count: items.count)
        Parallel.forEach(items.count) { i in
            do { try body(items[i]) } catch { failures[i] = error }
        }
        if let first = failures.values.first { throw first }
    }
}
