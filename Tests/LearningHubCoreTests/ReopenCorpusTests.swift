import Foundation
import Testing
@testable import LearningHubCore

/// The collector's own test records (the fixtures of CollectorValidationTests, ResponseFastPathTests and
/// the blank response file), written out as files with what the collector makes of each, so that the
/// response form's reader (Theme/assets/reopen.js) can be held against it in the browser:
/// Tests/site/test_reopen.py runs this test with REOPEN_CORPUS set to a folder, reads every file in
/// Chromium, and compares, and checks the verdicts with `learning-hub collect --dry-run` too.
@Suite struct ReopenCorpusTests {
    typealias F = CollectorFixtures

    static func md(_ text: String) -> Data { Data(text.utf8) }

    /// Name and bytes of every file; the name's first word says where it comes from.
    static func corpus() -> [(name: String, data: Data)] {
        var files: [(String, Data)] = []
        func add(_ name: String, _ text: String) { files.append((name, md(text))) }
        let defaultText = F.markdownResponse()
        add("fixture-default.md", defaultText)
        // Dates and statuses as people write them (CollectorValidationTests), good and bad.
        let dates = ["2027-01-31", "31/01/2027", "31 January 2027", "31 Jan 2027", "January 2027", "31/02/2027", "2027-13-01",
                     "32 January 2027", "01/31/2027", "ongoing", "31st Jan 2027", "Sept 2027", "+5 Jan 2027", "1.2.2027", "29/02/2028"]
        for (i, d) in dates.enumerated() {
            add("fixture-submitted-\(i).md", F.markdownResponse(submitted: d))
            add("fixture-by-when-\(i).md", F.markdownResponse(actions: CollectorValidationTests.actions(byWhen: d)))
        }
        for (i, s) in ["In progress", "in-progress", "IN_PROGRESS", "Done", "not started", "Not-Started", "finished", "\"\"", "done  ", "complete"].enumerated() {
            add("fixture-status-\(i).md", F.markdownResponse(actions: CollectorValidationTests.actions(byWhen: "2027-01-31", status: s)))
        }
        add("fixture-no-organisation.md", F.markdownResponse(organisation: ""))
        add("fixture-empty-team.md", F.markdownResponse(team: "\"\""))
        add("fixture-no-manager-contact.md", F.markdownResponse(manager: "", contact: ""))
        add("fixture-unknown-briefing.md", defaultText.replacingOccurrences(of: "briefing: ben", with: "briefing: nosuch"))
        add("fixture-other-briefing.md", defaultText.replacingOccurrences(of: "briefing: ben", with: "briefing: margaret"))
        add("fixture-briefing-in-capitals.md", defaultText.replacingOccurrences(of: "briefing: ben", with: "briefing: \" Ben \""))
        add("fixture-no-briefing.md", defaultText.replacingOccurrences(of: "briefing: ben\n", with: ""))
        for (i, refs) in ["[F9]", "[f1, r3.1]", "F1, F2", "F1 & F2", "[F1, R9]", "[]", "[[F1]]", "{a: b}", "F1;F2.1 R1"].enumerated() {
            add("fixture-refs-\(i).md", F.markdownResponse(learning: "  - refs: \(refs)\n    discussion: We talked.\n"))
            add("fixture-action-refs-\(i).md", F.markdownResponse(actions: "  - what: Train the team\n    refs: \(refs)\n    who: Manager\n"))
        }
        add("fixture-unknown-field.md", F.markdownResponse(extra: "colour: blue\n"))
        add("fixture-learning-text.md", F.markdownResponse(learning: "", actions: "  []\n").replacingOccurrences(of: "learning:\nactions:", with: "learning: hello\nactions:"))
        add("fixture-nothing.md", F.markdownResponse(learning: "  []\n", actions: "  []\n"))
        add("fixture-empty-learning-point.md", F.markdownResponse(learning: "  - refs: []\n    discussion: \"\"\n"))
        add("fixture-discussion-only.md", F.markdownResponse(learning: "  - refs: []\n    discussion: A point with no ID.\n"))
        add("fixture-no-what.md", F.markdownResponse(actions: "  - who: Manager\n    status: done\n"))
        add("fixture-what-list.md", F.markdownResponse(actions: "  - what: [a, b]\n"))
        add("fixture-team-list.md", F.markdownResponse(team: "[a, b]"))
        add("fixture-notes-list.md", F.markdownResponse(extra: "notes: [a]\n"))
        add("fixture-notes-and-body.md", F.markdownResponse(extra: "notes: Some notes.\n", body: "And a body.\n"))
        add("fixture-no-body.md", F.markdownResponse(body: ""))
        add("fixture-not-fields.md", "---\n- a\n- b\n---\n")
        add("fixture-empty.md", "---\n# nothing\n---\n")
        add("fixture-no-front-matter.md", "briefing: ben\n")
        add("fixture-unclosed.md", "---\nbriefing: ben\n")
        add("fixture-anchor.md", F.markdownResponse(team: "&a Team"))
        add("fixture-name.txt", defaultText)
        add("fixture-spreadsheet.csv", F.csvHeader)
        files.append(("fixture-bom-crlf.md", Data([0xEF, 0xBB, 0xBF]) + md(defaultText.replacingOccurrences(of: "\n", with: "\r\n"))))
        files.append(("fixture-utf16.md", Data([0xFF, 0xFE]) + (defaultText.data(using: .utf16LittleEndian) ?? Data())))
        files.append(("fixture-nul.md", md(defaultText) + Data([0])))
        files.append(("fixture-latin1.md", defaultText.replacingOccurrences(of: "Team A", with: "Équipe").data(using: .isoLatin1) ?? Data()))
        files.append(("fixture-too-big.md", md(F.markdownResponse(body: String(repeating: "words ", count: 200_000)))))
        files.append(("fixture-control.md", md(F.markdownResponse(team: "\"Team\\u0007 A\""))))
        // JSON, as CollectorFixtures writes it and with its faults.
        add("fixture-json.json", F.jsonResponse())
        add("fixture-json-no-organisation.json", F.jsonResponse(organisation: nil))
        add("fixture-json-unknown-id.json", F.jsonResponse(refs: #"["F9"]"#))
        add("fixture-json-status.json", F.jsonResponse(status: "finished"))
        add("fixture-json-submitted.json", F.jsonResponse(submitted: "soon"))
        add("fixture-json-numbers.json", F.jsonResponse(team: "7").replacingOccurrences(of: #""team": "7""#, with: #""team": 7.50"#))
        add("fixture-json-in-front-matter.md", "---\n" + F.jsonResponse() + "---\n")
        add("fixture-json-trailing-comma.json", F.jsonResponse().replacingOccurrences(of: "\n}", with: ",\n}"))
        add("fixture-json-duplicate.json", F.jsonResponse().replacingOccurrences(of: "\n}", with: ",\n  \"team\": \"Again\"\n}"))
        // The fast reader's documents (ResponseFastPathTests), alone and after a response's first fields.
        let start = "briefing: ben\norganisation: Org\nteam: Team\nlearning:\n  - refs: [F1]\n    discussion: x\n"
        for (i, doc) in ResponseFastPathTests.documents.enumerated() {
            add("fastpath-\(i).md", "---\n\(doc)\(doc.hasSuffix("\n") || doc.isEmpty ? "" : "\n")---\n")
            add("fastpath-\(i).yml", start + doc)
        }
        // Records the collector writes, with texts teams might type, then with one edit each.
        let hub = F.seedHub
        let ids = BriefingCatalogue(hub: hub).orderedIDs["ben"] ?? ["F1"]
        let records = ResponseFastPathTests.records().enumerated().map { i, r in
            var r = r
            r.briefing = "ben"
            for k in r.learning.indices { r.learning[k].refs = r.learning[k].refs.isEmpty ? [] : [ids[(i + k) % ids.count]] }
            for k in r.actions.indices { r.actions[k].refs = r.actions[k].refs.isEmpty ? [] : [ids[(i + 3 * k) % ids.count]] }
            return r
        }
        for (i, r) in records.enumerated() { add("record-\(i).md", ResponseWriter.markdown(r)) }
        for (i, t) in CollectorValidationTests.trickyTexts.enumerated() {
            let r = TeamResponse(briefing: "ben", organisation: "Org", team: "Team", teamManager: t, contact: t, submitted: nil,
                                 learning: [LearningPoint(refs: ["F1"], discussion: t)],
                                 actions: [ResponseAction(what: "x" + t, who: t, byWhen: DueDate(written: t), doneWhen: t, workedWhen: t,
                                                          status: .done, evidence: t, refs: ["R2", "F1"])], notes: t)
            add("record-tricky-\(i).md", ResponseWriter.markdown(r))
        }
        let alphabet: [String] = [" ", "\n", ":", "-", "#", "\"", "'", "[", "]", ",", "|", "a", "é", "\\", "  ", "- ", ": ", "~", "{", "&", ">"]
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for (i, r) in records.prefix(40).enumerated() {
            let text = ResponseWriter.markdown(r)
            for k in 0..<15 {
                var chars = Array(text)
                let at = 4 + next(chars.count - 4)
                switch next(3) {
                case 0: chars.insert(contentsOf: Array(alphabet[next(alphabet.count)]), at: at)
                case 1: chars.remove(at: at)
                default: chars[at] = Array(alphabet[next(alphabet.count)])[0]
                }
                add("edited-\(i)-\(k).md", String(chars))
            }
        }
        // The blank response file, as it is and filled in by hand in the ways its comments allow.
        if let ben = hub.briefings.first(where: { $0.slug == "ben" }) {
            let blank = ResponseTemplateFile.text(for: ben, config: hub.config)
            add("template-blank.md", blank)
            func filled(_ pairs: [(String, String)]) -> String {
                pairs.reduce(blank) { text, pair in text.replacingOccurrences(of: pair.0, with: pair.1) }
            }
            let who = [("organisation: \n", "organisation: Millbrook Medical Practice\n"), ("team: \n", "team: Reception Team\n"),
                       ("team_manager: \n", "team_manager: Dr A Example\n"), ("contact: \n", "contact: reception@example.org\n")]
            add("template-plain.md", filled(who + [("submitted: \n", "submitted: 20/11/2026\n"),
                ("  - refs: []\n    discussion: \n", "  - refs: [F3, R1]\n    discussion: We talked about coding.\n"),
                ("  - what: \n", "  - what: Check the coding of children on a plan\n"), ("    who: \n", "    who: Practice manager\n"),
                ("    by_when: \n", "    by_when: 31/03/2027\n"), ("    status: not started\n", "    status: in progress\n")]))
            add("template-folded.md", filled(who + [("  - refs: []\n    discussion: \n", "  - refs: [F2.3]\n    discussion: >-\n      We talked about\n      siblings.\n\n      And about school.\n"),
                ("  - what: \n", "  - what: >\n      Ask about\n      siblings\n")]))
            add("template-literal.md", filled(who + [("  - refs: []\n    discussion: \n", "  - refs: [F1]\n    discussion: |\n      Line one\n      Line two\n")]))
            add("template-multiline-plain.md", filled(who + [("  - refs: []\n    discussion: \n", "  - refs: [F1]\n    discussion: We talked about\n      strategy meetings\n\n      and more.\n"),
                ("    who: \n", "    who:\n      Team manager\n"), ("  - what: \n", "  - what: Brief the team\n")]))
            add("template-quoted.md", filled(who + [("  - refs: []\n    discussion: \n", "  - refs: [\"F1\", 'R2']\n    discussion: \"Staff said: \\\"we didn't know\\\"\"\n"),
                ("  - what: \n", "  - what: 'It''s agreed: brief the team'\n")]))
            add("template-colon-unquoted.md", filled(who + [("  - refs: []\n    discussion: \n", "  - refs: [F1]\n    discussion: Staff said: we did not know\n")]))
            add("template-removed-id.md", filled(who + [("  - refs: []\n    discussion: \n", "  - refs: [F7]\n    discussion: An old point.\n")]))
            add("template-tab.md", filled(who + [("  - refs: []\n    discussion: \n", "  - refs: [F1]\n    discussion: a\ttab\n")]))
            add("template-no-action.md", filled(who + [("  - refs: []\n    discussion: \n", "  - refs: [F1]\n    discussion: Only learning.\n")]))
        }
        return files
    }

    /// What the collector makes of a file: its response in the terms the form uses, or its errors.
    static func verdict(_ data: Data, name: String) -> [String: Any] {
        let (responses, log) = F.validate(data, name: name)
        guard let r = responses.first, !log.hasErrors else {
            return ["accepted": false, "errors": F.errors(log).map(\.description)]
        }
        let response: [String: Any] = [
            "briefing": r.briefing, "organisation": r.organisation, "team": r.team, "team_manager": r.teamManager,
            "contact": r.contact, "submitted": r.submitted?.iso ?? "", "notes": r.notes,
            "learning": r.learning.map { ["refs": $0.refs, "discussion": $0.discussion] as [String: Any] },
            "actions": r.actions.map { a -> [String: Any] in
                ["what": a.what, "who": a.who, "by_when": a.byWhen?.written ?? "", "by_when_date": a.byWhen?.date?.iso ?? "",
                 "done_when": a.doneWhen, "worked_when": a.workedWhen, "status": a.status.rawValue, "evidence": a.evidence, "refs": a.refs]
            },
        ]
        return ["accepted": true, "response": response]
    }

    @Test func theCorpusIsWrittenForTheBrowsersReader() throws {
        let files = Self.corpus()
        #expect(files.count > 900)
        #expect(Set(files.map(\.name)).count == files.count, "two corpus files share a name")
        let verdicts = files.map { Self.verdict($0.data, name: $0.name) }
        // Both sides are there to be compared: some accepted, some refused, of each kind.
        #expect(verdicts.filter { $0["accepted"] as? Bool == true }.count > 150)
        #expect(verdicts.filter { $0["accepted"] as? Bool == false }.count > 150)
        guard let folder = ProcessInfo.processInfo.environment["REOPEN_CORPUS"] else { return }
        // The files in files/ (an inbox for `collect --dry-run`), the collector's verdicts beside it.
        let root = URL(fileURLWithPath: folder)
        try? FileManager.default.removeItem(at: root.appendingPathComponent("files"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("files"), withIntermediateDirectories: true)
        var manifest: [String: Any] = [:]
        for (file, verdict) in zip(files, verdicts) {
            try file.data.write(to: root.appendingPathComponent("files").appendingPathComponent(file.name))
            manifest[file.name] = verdict
        }
        let json = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .prettyPrinted])
        try json.write(to: root.appendingPathComponent("expected.json"))
    }
}
