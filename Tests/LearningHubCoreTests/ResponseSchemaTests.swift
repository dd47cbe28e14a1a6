import Foundation
import Testing
@testable import LearningHubCore

/// `ResponseSchema` lists each field of a response once. These check that what reads responses
/// (the validator, the CSV mapper) takes every field it lists and no other, and that the response
/// form's markup and scripts, which cannot be made from it, name the same fields.
@Suite("The response schema is what the collector reads and the form writes")
struct ResponseSchemaTests {
    /// A value of the field's kind that the seed briefing `ben` accepts, as a file and a CSV cell give it.
    static func sample(_ f: ResponseField) -> (yaml: String, cell: String) {
        switch f.kind {
        case .slug: ("ben", "ben")
        case .text, .longText, .body: ("\"Sample \(f.key)\"", "Sample \(f.key)")
        case .date: ("2026-11-20", "20/11/2026")
        case .dueDate: ("\"31/03/2027\"", "31/03/2027")
        case .status: ("in progress", "in progress")
        case .refs: ("[F2]", "F2")
        case .list: ("", "")
        }
    }

    /// What the validated record holds for `f`, as the sample wrote it.
    static func expectStored(_ value: FieldValue?, _ f: ResponseField, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        switch value {
        case .text(let t)?: #expect(t == (f.kind == .slug ? "ben" : "Sample \(f.key)"), "\(f.key)", sourceLocation: sourceLocation)
        case .date(let d)?: #expect(d?.iso == "2026-11-20", "\(f.key)", sourceLocation: sourceLocation)
        case .due(let d)?: #expect(d?.date?.iso == "2027-03-31", "\(f.key)", sourceLocation: sourceLocation)
        case .status(let s)?: #expect(s == .inProgress, "\(f.key)", sourceLocation: sourceLocation)
        case .refs(let r)?: #expect(r == ["F2"], "\(f.key)", sourceLocation: sourceLocation)
        case .points(let p)?: #expect(p.count == 1, "\(f.key)", sourceLocation: sourceLocation)
        case .actions(let a)?: #expect(a.count == 1, "\(f.key)", sourceLocation: sourceLocation)
        case nil: Issue.record("no value for '\(f.key)'", sourceLocation: sourceLocation)
        }
    }

    static func expectEveryField(_ r: TeamResponse) {
        for f in ResponseSchema.top { expectStored(f.value(r), f) }
        for p in r.learning { for f in ResponseSchema.learningPoint { expectStored(f.value(p), f) } }
        for a in r.actions { for f in ResponseSchema.action { expectStored(f.value(a), f) } }
    }

    /// A response file with every field of the schema, and `extra` at each level.
    static func fileWithEveryField(extra: String? = nil) -> String {
        func entry(_ fields: [ResponseField]) -> [String] {
            fields.enumerated().map { i, f in (i == 0 ? "  - " : "    ") + "\(f.key): \(sample(f).yaml)" } + (extra.map { ["    \($0): x"] } ?? [])
        }
        var lines = ["---"]
        for f in ResponseSchema.top {
            switch f.entries {
            case .learningPoint?: lines += ["\(f.key):"] + entry(ResponseSchema.learningPoint)
            case .action?: lines += ["\(f.key):"] + entry(ResponseSchema.action)
            default: lines.append("\(f.key): \(sample(f).yaml)")
            }
        }
        if let extra { lines.append("\(extra): x") }
        return (lines + ["---", ""]).joined(separator: "\n")
    }

    @Test func theValidatorReadsEveryFieldOfTheSchemaIntoTheRecord() throws {
        let (responses, log) = CollectorFixtures.validate(Self.fileWithEveryField(), name: "every.md")
        #expect(CollectorFixtures.errors(log).isEmpty, "\(CollectorFixtures.listing(log.diagnostics))")
        #expect(!log.diagnostics.contains { $0.message.contains("unknown field") }, "\(CollectorFixtures.listing(log.diagnostics))")
        let r = try #require(responses.first)
        Self.expectEveryField(r)
    }

    @Test func theValidatorNamesTheSchemasFieldsForAnUnknownOne() {
        let (_, log) = CollectorFixtures.validate(Self.fileWithEveryField(extra: "colour"), name: "extra.md")
        let unknown = log.warnings.map(\.message).filter { $0.contains("unknown field") }
        func list(_ fields: [ResponseField]) -> String { Set(fields.map(\.key)).sorted().joined(separator: ", ") }
        #expect(unknown == [
            "unknown field 'colour' is ignored; the fields are: \(list(ResponseSchema.top))",
            "unknown field 'learning point 1: colour' is ignored; the fields are: \(list(ResponseSchema.learningPoint))",
            "unknown field 'action 1: colour' is ignored; the fields are: \(list(ResponseSchema.action))",
        ])
    }

    @Test func theCSVMapperMapsEveryQuestionToItsField() throws {
        let columns = ResponseSchema.fields.filter { $0.question != nil }
        #expect(Set(columns.map(\.column)) == Set(TeamResponse.formQuestions.keys))
        let header = columns.map { TeamResponse.formQuestions[$0.column] ?? "" }
        let row = columns.map { Self.sample($0).cell }
        func csvLine(_ cells: [String]) -> String { cells.map { "\"\($0)\"" }.joined(separator: ",") }
        let (responses, log) = CollectorFixtures.validate(csvLine(header) + "\n" + csvLine(row) + "\n", name: "every.csv")
        #expect(!log.diagnostics.contains { $0.message.contains("not one of the form's questions") || $0.message.contains("unknown field") },
                "\(CollectorFixtures.listing(log.diagnostics))")
        #expect(CollectorFixtures.errors(log).isEmpty, "\(CollectorFixtures.listing(log.diagnostics))")
        let r = try #require(responses.first)
        Self.expectEveryField(r)
    }

    static func recordWithEveryField() throws -> TeamResponse {
        try #require(CollectorFixtures.validate(fileWithEveryField(), name: "every.md").responses.first)
    }

    @Test func theStoredRecordKeepsEveryField() throws {
        let stored = ResponseWriter.markdown(try Self.recordWithEveryField())
        let (responses, log) = CollectorFixtures.validate(stored, name: "stored.md")
        #expect(CollectorFixtures.errors(log).isEmpty, "\(CollectorFixtures.listing(log.diagnostics))")
        Self.expectEveryField(try #require(responses.first))
    }

    @Test func theBlankFileHasEveryFieldButTheNotesInTheSchemasOrder() throws {
        let briefing = try #require(CollectorFixtures.seedHub.briefings.first)
        let text = ResponseTemplateFile.text(for: briefing, config: CollectorFixtures.seedHub.config)
        let keys = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.firstMatch(of: /^\s*(?:- )?(\w+):/)?.output.1 }
        var expected: [String] = []
        for f in ResponseSchema.top where f.kind != .body {
            expected.append(f.key)
            if let level = f.entries { expected += ResponseSchema.fields(of: level).map(\.key) }
        }
        #expect(keys.map(String.init) == expected)
    }

    @Test func theExportsPublishEveryFieldButContactDetails() throws {
        for staff in [false, true] {
            var hub = CollectorFixtures.seedHub
            hub.config.publishStaffNames = staff
            hub.responses = [try Self.recordWithEveryField()]
            let exports = Exports(hub: hub, actions: TrackedActions(hub: hub))
            let json = try JSONSerialization.jsonObject(with: exports.responsesJSON()) as? [String: Any]
            let response = try #require((json?["responses"] as? [[String: Any]])?.first)
            func published(_ level: ResponseField.Level) -> Set<String> {
                Set(ResponseSchema.fields(of: level).filter { $0.audience == .published || ($0.audience == .staffNames && staff) }.map(\.key))
            }
            #expect(Set(response.keys) == published(.top), "publish_staff_names: \(staff)")
            let point = try #require((response["learning"] as? [[String: Any]])?.first)
            #expect(Set(point.keys) == published(.learningPoint))
            let action = try #require((response["actions"] as? [[String: Any]])?.first)
            #expect(Set(action.keys) == published(.action).union(["by_when_date", "group"]))
        }
        // actions.csv: a column for each of an action's fields, each titled.
        let columns = Exports.columns.compactMap { if case .field(let s) = $0 { ResponseSchema.field(s.key, in: s.read.level) } else { nil } }
        #expect(Set(columns.filter { $0.level == .action }.map(\.key)) == Set(ResponseSchema.action.map(\.key)))
        #expect(columns.count == Exports.columns.count { if case .field = $0 { true } else { false } }, "actions.csv has a column the schema does not have")
        for f in columns { #expect(f.exportTitle != nil, "actions.csv has a column '\(f.key)' the schema gives no title") }
    }
}
