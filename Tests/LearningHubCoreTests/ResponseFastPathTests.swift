import Foundation
import Testing
@testable import LearningHubCore

/// The fast reader and writer of response records against Yams, side by side: wherever the fast
/// path gives an answer it must be Yams' answer, places included, and it must give one for the
/// records the collector writes.
@Suite struct ResponseFastPathTests {
    /// A RawValue with every place, for comparing.
    static func dump(_ v: RawValue) -> String {
        func at(_ l: LearningHubCore.SourceLocation) -> String { "@\(l.line):\(l.column)" }
        switch v {
        case .text(let t, let l): return "\(t.debugDescription)\(at(l))"
        case .list(let items, let l): return "[\(items.map(dump).joined(separator: ", "))]\(at(l))"
        case .fields(let entries, let l):
            return "{\(entries.map { "\($0.name)\(at($0.location))=\(dump($0.value))" }.joined(separator: ", "))}\(at(l))"
        }
    }

    static func yams(_ text: String) -> String? {
        var log = DiagnosticLog()
        return ResponseFileReader().yamsValue(text, path: "r.md", lineOffset: 1, log: &log).map(dump)
    }

    static func fast(_ text: String) -> String? {
        ResponseYAMLReader.parse(text, path: "r.md", lineOffset: 1).map(dump)
    }

    static let documents: [String] = [
        "briefing: ben\norganisation: \"Org\"\nteam: 'Team''s'\nlearning:\n  - refs: [F1, F2.1]\n    discussion: \"x\"\n",
        "briefing: ben\nlearning:\n- refs: [F1, \"R2\"]\n  discussion: \"x \\\"y\\\" \\\\ z \\u00e9 \\U0001F600 \\t\"\nactions: []\n",
        "a: b # comment\n# full comment\n\nc:   d   \ne:\nf: ~\ng: null\nh: \"\"\n",
        "learning:\n  -   refs: []\n      discussion: |\n        one\n\n        two\n      x: y\n",
        "a: |-\n  keep\n   more\n\nb: |+\n  kept\n\n\nc: z\n",
        "a: |\n  text\n",
        "a: |\n  text",
        "a:\n  b: c\n  d:\n    - e\n    - f\n",
        "a: [x, y]\nb: [ x ,y ]\nc: []\n",
        "a: b: c\n", "a: - b\n", "a: &x b\n", "a: *x\n", "a: !!str b\n", "a: >\n  folded\n", "a: {b: c}\n",
        "a: \"multi\n  line\"\n", "a: plain\n  continued\n", "a: b\na: c\n", "  a: b\n", "a: [x,]\n", "a: [x: y]\n",
        "a: \"\\q\"\n", "a: 'x'y\n", "a: \"x\" y\n", "- a\n- b\n", "just text\n", "", "# only\n", "a:x\n", "a: b\n b: c\n",
        "a:\n- b\n- c\nd: e\n", "a:\n  - b\n  -\n", "x: é [ü]\ny: [é, ü, F1]\n", "a: 12\nb: 1.5\nc: true\nd: 2026-01-01\n",
        "a: ?x\nb: -x\nc: :x\nd: x:y\ne: x#y\nf: x #y\n", "a: |\n   \n  x\n", "a: |\n  x\n   \n  y\n",
        "a: |\nb: c\n", "a: |2\n   x\n", "a: |\n    x\n  y\n", "what: \"ok\"\n...\n", "a: b\n---\nc: d\n",
        "a: \"tab\\there\"\nb: 'it''s'\n",
        "actions:\n- what: \"x\"\n  refs: [R1, F2.1]\n  who: \"y\"\n- what: \"z\"\n  refs: []\n", "a: b\n\n\n", "key-with-dash: v\nkey_2: v\n", "a: \"\\x41\\/\\ \\N\\_\"\n",
    ]

    /// The places in `documents` of those the fast reader reads; every other one it must leave to
    /// Yams (a block scalar it does not take, a flow mapping, an anchor, a tag, a syntax error...).
    static let readFast: Set<Int> = [0, 1, 2, 3, 4, 5, 7, 8, 31, 33, 34, 35, 43, 44, 45, 46, 47]

    @Test("The fast reader reads as Yams does, or not at all", arguments: documents.indices)
    func readerAgreesWithYams(_ index: Int) throws {
        let text = Self.documents[index]
        if Self.readFast.contains(index) {
            let fast = try #require(Self.fast(text), "the fast reader gave up on \(text.debugDescription)")
            #expect(fast == Self.yams(text), "\(text.debugDescription)")
        } else {
            #expect(Self.fast(text) == nil, "the fast reader read \(text.debugDescription), which it should leave to Yams")
        }
    }

    @Test func theFastReaderReadsWhatTheCollectorWrites() throws {
        for r in Self.records() {
            let stored = ResponseWriter.markdown(r)
            let file = try FrontMatterFile.split(stored, path: "r.md")
            #expect(ResponseYAMLReader.parse(file.yaml, path: "r.md", lineOffset: 1) != nil || r.hasLineBreak, "\(stored)")
            if let fast = Self.fast(file.yaml) { #expect(fast == Self.yams(file.yaml), "\(stored)") }
        }
    }

    @Test func theDirectWriterWritesWhatYamsWrites() {
        var direct = 0
        for r in Self.records() {
            if let yaml = ResponseWriter.directYAML(r) {
                direct += 1
                #expect(yaml == ResponseWriter.yamsYAML(r), "\(r)")
            }
        }
        #expect(direct > Self.records().count / 3)
    }

    /// Records made of texts teams might type, tricky ones included, cycled deterministically.
    static func records() -> [TeamResponse] {
        let texts = ["Plain words.", "", "It's \"quoted\"", "back\\slash", "colon: here", "# hash", "- dash", "é ü ß 中文",
                     "emoji 🧒🏽", "tab\there", "two\nlines", "trailing  ", " leading", "null", "~", "yes", "123", "[x]",
                     "{y}", "a\u{2028}b", "nbsp\u{A0}x", "bom\u{FEFF}", "ctl\u{7}", "del\u{7F}", "…", "'single'", "%x", "@x", "`x`"]
        let refs = [["F1"], [], ["F2.1", "R10"], ["R3", "F1a"], ["true"], ["1.5"], ["F"], ["Y1"]]
        var out: [TeamResponse] = []
        for i in 0..<120 {
            // Most records hold only texts the direct writer takes; one in four has anything.
            func t(_ k: Int) -> String { i % 4 == 0 ? texts[(i * 7 + k * 3) % texts.count] : texts[(i * 7 + k * 3) % 9] }
            let learning = (0..<(i % 3)).map { LearningPoint(refs: refs[(i + $0) % refs.count], discussion: t($0 + 5)) }
            let actions = (0..<(i % 4)).map { k in
                ResponseAction(what: t(k), who: t(k + 1), byWhen: k == 1 ? nil : DueDate(written: k == 0 ? "2026-10-31" : t(k + 2)),
                               doneWhen: t(k + 3), workedWhen: t(k + 4), status: ActionStatus.allCases[(i + k) % 3], evidence: t(k + 6),
                               refs: refs[(i + k + 1) % (i % 4 == 0 ? refs.count : 4)])
            }
            out.append(TeamResponse(briefing: i % 5 == 0 ? t(9) : "ben-\(i)", organisation: i % 2 == 0 ? "Org" : t(1), team: t(2),
                                    teamManager: t(3), contact: t(4), submitted: i % 6 == 0 ? nil : CalendarDate(year: 2026, month: 1 + i % 12, day: 1 + i % 28),
                                    learning: learning, actions: actions, notes: i % 4 == 0 ? "" : t(8)))
        }
        return out
    }
}

extension TeamResponse {
    /// Whether any text of the record has a character the direct writer leaves to Yams.
    var hasLineBreak: Bool {
        let texts = [briefing, organisation, team, teamManager, contact] + learning.map(\.discussion)
            + actions.flatMap { [$0.what, $0.who, $0.byWhen?.written ?? "", $0.doneWhen, $0.workedWhen, $0.evidence] }
        return texts.contains { !ResponseWriter.plainQuotable($0) } || learning.contains { !$0.refs.allSatisfy(ResponseWriter.isPlainID) }
            || actions.contains { !$0.refs.allSatisfy(ResponseWriter.isPlainID) }
    }
}

extension ResponseFastPathTests {
    /// Records with one edit each (a character added, removed or changed, where a hand edit would
    /// make it): wherever the fast reader still takes the text, Yams must read the same.
    @Test func editedRecordsReadAsYamsReadsThem() throws {
        let alphabet: [String] = [" ", "\n", ":", "-", "#", "\"", "'", "[", "]", ",", "|", "a", "é", "\\", "  ", "- ", ": ", "~", "{", "&", ">"]
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        var taken = 0
        for r in Self.records().prefix(40) {
            let yaml = try FrontMatterFile.split(ResponseWriter.markdown(r), path: "r.md").yaml
            for _ in 0..<60 {
                var chars = Array(yaml)
                let at = next(chars.count)
                switch next(3) {
                case 0: chars.insert(contentsOf: Array(alphabet[next(alphabet.count)]), at: at)
                case 1: chars.remove(at: at)
                default: chars[at] = Array(alphabet[next(alphabet.count)])[0]
                }
                let text = String(chars)
                if let fast = Self.fast(text) {
                    taken += 1
                    #expect(fast == Self.yams(text), "\(text)")
                }
            }
        }
        #expect(taken > 500)
    }
}

