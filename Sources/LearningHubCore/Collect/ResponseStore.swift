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

    public func loadResponses(for hub: Hub, log: inout DiagnosticLog) -> [TeamResponse] {
        let fm = FileManager.default
        let root = contentDirectory.appendingPathComponent("responses")
        let reader = ResponseFileReader(csv: CSVResponseMapper(overrides: hub.config.responseColumns))
        let validator = ResponseValidator(catalogue: BriefingCatalogue(hub: hub))
        var responses: [TeamResponse] = []
        let folders = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for folder in folders {
            let names = ((try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [])
                .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
            for name in names {
                let path = "\(displayRoot)/responses/\(folder)/\(name)"
                guard let data = fm.contents(atPath: root.appendingPathComponent(folder).appendingPathComponent(name).path) else { continue }
                var fileLog = DiagnosticLog()
                for entry in reader.read(data, path: path, log: &fileLog) {
                    guard let response = validator.validate(entry.raw, notes: entry.body, log: &fileLog) else { continue }
                    if Slug.make(response.briefing) != folder {
                        fileLog.error(SourceLocation(path: path), "this response is to the briefing '\(response.briefing)' but is filed under '\(folder)'; move it to responses/\(Slug.make(response.briefing))/")
                    } else {
                        responses.append(response)
                    }
                }
                // The collector's own warnings were shown when it filed the record; only errors stop a build.
                log.append(contentsOf: fileLog.diagnostics.filter { $0.severity == .error })
            }
        }
        var seen: [String: Int] = [:]
        for r in responses { seen["\(r.briefing)/\(r.fileStem)", default: 0] += 1 }
        for (key, count) in seen where count > 1 {
            log.error(SourceLocation(path: "\(displayRoot)/responses/\(key).md"), "\(count) records are from the same team for the same briefing; keep one and move the others to history/")
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
