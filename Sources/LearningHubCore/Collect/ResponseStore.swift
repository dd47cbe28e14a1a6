import Foundation

/// Loads what the collector filed in `Content/responses/` (not its `history/`) and the optional
/// `Content/teams.yml`, checking both again against the hub: a record edited by hand, or a briefing
/// whose findings were renumbered, is reported like any other content error.
public struct ResponseStore {
    public var contentDirectory: URL
    public var displayRoot: String

    public init(contentDirectory: URL, displayRoot: String) {
        self.contentDirectory = contentDirectory
        self.displayRoot = displayRoot
    }

    /// A record's result, with the IDs of the briefing it was checked against.
    struct CheckedFile: Sendable {
        var ids: [String]?
        var result: ResponseFileLoader.Result
    }

    /// What a build session keeps of the records it read (see `FileCache`).
    typealias Cache = FileCache<Bool, CheckedFile>

    /// Every filed record, read and checked; with a cache, only those whose file changed, or whose
    /// briefing's IDs did, are read again.
    func loadResponses(for hub: Hub, log: inout DiagnosticLog, parallel: Bool = true, cache: Cache? = nil) -> [TeamResponse] {
        let files = responseFiles()
        cache?.begin(true)
        if files.isEmpty {
            cache?.end(keeping: [])
            return collate([], log: &log)
        }
        let catalogue = BriefingCatalogue(hub: hub)
        let loader = ResponseFileLoader(store: self, hub: hub, catalogue: catalogue)
        let results = ParallelResults<ResponseFileLoader.Result>(count: files.count)
        let contentPath = contentDirectory.path
        Parallel.forEach(files.count, parallel: parallel) { i in
            let file = files[i]
            let ids = catalogue.orderedIDs[file.folder]
            let stamp = cache.flatMap { _ in FileStamp(contentPath + "/" + file.relativePath) }
            if let kept = cache?.value(for: file.relativePath, stamp: stamp, valid: { $0.ids == ids }) {
                results[i] = kept.result
                return
            }
            let result = loader.load(file)
            // A record with errors is read again next time: its messages may name other briefings.
            cache?.store(result.errors.isEmpty ? CheckedFile(ids: ids, result: result) : nil, for: file.relativePath, stamp: stamp)
            results[i] = result
        }
        cache?.end(keeping: Set(files.map(\.relativePath)))
        return collate(results.values, log: &log)
    }

    /// One record filed under `responses/`: its briefing folder and its file name.
    public struct ResponseFile: Sendable, Hashable {
        public var folder: String
        public var name: String
        public var relativePath: String { "responses/\(folder)/\(name)" }
    }

    /// Every record to read, in the order they are read: folders, then names, sorted.
    public func responseFiles() -> [ResponseFile] {
        let fm = FileManager.default
        let root = contentDirectory.appendingPathComponent("responses")
        var files: [ResponseFile] = []
        let folders = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for folder in folders {
            let names = ((try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [])
                .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
            files += names.map { ResponseFile(folder: folder, name: $0) }
        }
        return files
    }

    /// The responses of every file, in file order, checked together: one record per team per briefing, sorted.
    public func collate(_ results: [ResponseFileLoader.Result], log: inout DiagnosticLog) -> [TeamResponse] {
        var responses: [TeamResponse] = []
        for result in results {
            responses += result.responses
            log.append(contentsOf: result.errors)
        }
        // The same team is the same names, whatever files they are in (see `TeamIdentity`).
        var seen: [String: [String]] = [:]
        for r in responses { seen["\(r.briefing)/\(r.identity)", default: []].append("\(r.briefing)/\(r.fileStem)") }
        for (_, files) in seen where files.count > 1 {
            log.error(SourceLocation(path: "\(displayRoot)/responses/\(files.sorted()[0]).md"), "\(files.count) records are from the same team for the same briefing (\(files.sorted().map { "\($0).md" }.joined(separator: ", "))); keep one and move the others to history/")
        }
        return responses.sorted { ($0.briefing, $0.organisation.lowercased(), $0.team.lowercased()) < ($1.briefing, $1.organisation.lowercased(), $1.team.lowercased()) }
    }

    /// `teams.yml`: `teams:` then a list of `organisation`, `team` and optionally `briefings`.
    public func loadExpectedTeams(briefings: Set<String>, log: inout DiagnosticLog) -> [ExpectedTeam] {
        let url = contentDirectory.appendingPathComponent("teams.yml")
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        let path = "\(displayRoot)/teams.yml"
        guard let text = ResponseFileReader.decode(data, path: path, log: &log) else { return [] }
        var fields = YAMLFields(yaml: text, path: path)
        var result: [ExpectedTeam] = []
        guard let list = fields.node("teams") else {
            fields.log.error(SourceLocation(path: path), "teams.yml should start with 'teams:' followed by a list of teams")
            log.append(contentsOf: fields.log.diagnostics)
            return []
        }
        fields.accept("teams")
        for item in list.array() {
            let at = fields.location(of: item)
            guard let org = item["organisation"]?.string, let team = item["team"]?.string, !org.isEmpty, !team.isEmpty else {
                fields.log.error(at, "each team needs an 'organisation' and a 'team'")
                continue
            }
            let wanted = item["briefings"]?.array().compactMap(\.string) ?? []
            for slug in wanted where !briefings.contains(slug) {
                fields.log.error(at, "the team '\(team)' is expected to respond to '\(slug)', which is not a briefing")
            }
            result.append(ExpectedTeam(organisation: org, team: team, briefings: wanted))
        }
        fields.warnAboutUnknownFields()
        log.append(contentsOf: fields.log.diagnostics)
        return result
    }
}

/// Reads and checks one filed record. Pure: it touches nothing but the file it is given, so records
/// are read in parallel, and a build session can keep a record's result until the file changes.
public struct ResponseFileLoader: Sendable {
    public struct Result: Sendable {
        public var responses: [TeamResponse] = []
        /// Only errors: the collector's own warnings were shown when it filed the record.
        public var errors: [Diagnostic] = []
    }

    let root: URL
    let rootPath: String
    let displayRoot: String
    let reader: ResponseFileReader
    let validator: ResponseValidator

    public init(store: ResponseStore, hub: Hub, catalogue: BriefingCatalogue? = nil) {
        root = store.contentDirectory.appendingPathComponent("responses")
        rootPath = root.path
        displayRoot = store.displayRoot
        reader = ResponseFileReader(csv: CSVResponseMapper(overrides: hub.config.responseColumns))
        validator = ResponseValidator(catalogue: catalogue ?? BriefingCatalogue(hub: hub))
    }

    public func load(_ file: ResponseStore.ResponseFile) -> Result {
        var result = Result()
        let path = "\(displayRoot)/responses/\(file.folder)/\(file.name)"
        // The path as a string: two URL appends per record were a measurable part of reading 50,000.
        guard let data = FileManager.default.contents(atPath: rootPath + "/" + file.folder + "/" + file.name) else {
            return result
        }
        var fileLog = DiagnosticLog()
        for entry in reader.read(data, path: path, log: &fileLog) {
            guard var response = validator.validate(entry.raw, notes: entry.body, log: &fileLog) else { continue }
            response.recordStem = String(file.name.dropLast(3))
            if Slug.make(response.briefing) != file.folder {
                fileLog.error(SourceLocation(path: path), "this response is to the briefing '\(response.briefing)' but is filed under '\(file.folder)'; move it to responses/\(Slug.make(response.briefing))/")
            } else {
                result.responses.append(response)
            }
        }
        result.errors = fileLog.diagnostics.filter { $0.severity == .error }
        return result
    }
}
