/// What the collector and the builder know of each briefing: the IDs a response may cite.
public struct BriefingCatalogue: Sendable {
    public var ids: [String: Set<String>]
    /// IDs in reading order (F1, F1.1, F2 …), for messages and tallies.
    public var orderedIDs: [String: [String]]

    public init(hub: Hub) {
        var ids: [String: Set<String>] = [:]
        var ordered: [String: [String]] = [:]
        for b in hub.briefings {
            ids[b.slug] = Set(b.items.map(\.id))
            ordered[b.slug] = b.items.map(\.id)
        }
        self.ids = ids
        self.orderedIDs = ordered
    }
}

/// Checks a response read from any format and turns it into a `TeamResponse`.
/// Every problem is recorded: errors reject the response, warnings are reported and kept.
public struct ResponseValidator: Sendable {
    public var catalogue: BriefingCatalogue

    public init(catalogue: BriefingCatalogue) { self.catalogue = catalogue }

    static let topFields = Set(ResponseSchema.top.map(\.key))
    static let learningFields = Set(ResponseSchema.learningPoint.map(\.key))
    static let actionFields = Set(ResponseSchema.action.map(\.key))

    /// The schema's warning for a field it asks for, when the team left it empty, after its owner ("action 2 ").
    static func asked(_ key: String, in level: ResponseField.Level, owner: String = "") -> String? {
        guard case .asked(let warning)? = ResponseSchema.field(key, in: level)?.need else { return nil }
        return owner + warning
    }

    /// What the schema says a required field is ("the name of the organisation"), or nil when it is not required.
    static func required(_ key: String, in level: ResponseField.Level) -> String? {
        guard case .required(let what)? = ResponseSchema.field(key, in: level)?.need else { return nil }
        return what
    }

    public func validate(_ raw: RawValue, notes body: String = "", log: inout DiagnosticLog) -> TeamResponse? {
        guard case .fields(let entries, let at) = raw else {
            log.error(raw.location, "a response should be a group of fields (briefing, organisation, team …), not a single value or a list")
            return nil
        }
        warnUnknown(entries, known: Self.topFields, what: "", log: &log)
        let errorsBefore = log.errorCount

        func text(_ name: String) -> String {
            let what = Self.required(name, in: .top)
            guard let value = raw.field(name) else {
                if let what { log.error(at, "the field '\(name)' (\(what)) is missing") }
                return ""
            }
            guard let t = value.text else {
                log.error(value.location, "the field '\(name)' should be text, not a list or a group of fields")
                return ""
            }
            let trimmed = Self.printable(t, field: name, at: value.location, log: &log).trimmedWhitespaceAndNewlines()
            if trimmed.isEmpty, let what { log.error(value.location, "the field '\(name)' (\(what)) is empty") }
            return trimmed
        }

        // Slugs are lower case; "Ben" and "ben " name the same briefing.
        let briefing = text("briefing").lowercased()
        // Composed (NFC), so the same names typed on two systems are stored, and filed, the same.
        let organisation = Self.composed(text("organisation"))
        let team = Self.composed(text("team"))
        let manager = text("team_manager")
        let contact = text("contact")
        if manager.isEmpty, let warning = Self.asked("team_manager", in: .top) { log.warning(at, warning) }
        if contact.isEmpty, let warning = Self.asked("contact", in: .top) { log.warning(at, warning) }
        var submitted: CalendarDate?
        let submittedText = text("submitted")
        if !submittedText.isEmpty {
            submitted = FlexibleDate.parse(submittedText)
            if submitted == nil, let v = raw.field("submitted") {
                log.error(v.location, "'submitted' should be a date, like 2026-11-20 or 20/11/2026, not '\(submittedText)'")
            }
        }

        let known = catalogue.ids[briefing]
        if !briefing.isEmpty, known == nil, let v = raw.field("briefing") {
            let list = catalogue.ids.keys.sorted().joined(separator: ", ")
            log.error(v.location, "there is no briefing '\(briefing)'; the briefings are: \(list)")
        }

        let learning = readLearning(raw.field("learning"), briefing: briefing, known: known, log: &log)
        let actions = readActions(raw.field("actions"), briefing: briefing, known: known, log: &log)
        // Only when nothing was given: a point or action already reported as wrong is not "missing" too.
        let gaveAny = [raw.field("learning"), raw.field("actions")].contains { if case .list(let l, _) = $0 { !l.isEmpty } else { false } }
        if learning.isEmpty, actions.isEmpty, !gaveAny {
            log.error(at, "the response has no learning points and no actions; give at least one of 'learning' or 'actions'")
        }
        let notesField = text("notes")
        let notes = [notesField, body.trimmedWhitespaceAndNewlines()].filter { !$0.isEmpty }.joined(separator: "\n\n")

        let errorsAfter = log.errorCount
        guard errorsAfter == errorsBefore else { return nil }
        return TeamResponse(briefing: briefing, organisation: organisation, team: team, teamManager: manager, contact: contact,
                            submitted: submitted, learning: learning, actions: actions, notes: notes)
    }

    /// NFC, so the same names typed on two systems are stored, and filed, the same; ASCII text is already.
    static func composed(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? text : text.precomposedStringWithCanonicalMapping
    }

    /// Control characters (other than tab and line breaks) and the noncharacters U+FFFE and U+FFFF
    /// show nothing and can break the published pages and exports: they come from pastes out of
    /// other programs, or escapes like "\0" in YAML and JSON. They are removed, with a warning.
    static func printable(_ text: String, field: String, at location: SourceLocation, log: inout DiagnosticLog) -> String {
        // Quick test on bytes: every such character starts with one of these bytes in UTF-8.
        guard text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F || $0 == 0xC2 || $0 == 0xEF })
        else { return text }
        var kept = String.UnicodeScalarView()
        var removed = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF {
                removed += 1
            } else {
                kept.append(scalar)
            }
        }
        guard removed > 0 else { return text }
        log.warning(location, "'\(field)' held \(removed == 1 ? "1 control character" : "\(removed) control characters") (invisible characters a copy from another program can carry); \(removed == 1 ? "it was" : "they were") left out")
        return String(kept)
    }

    private func warnUnknown(_ entries: [(name: String, value: RawValue, location: SourceLocation)], known: Set<String>, what: String, log: inout DiagnosticLog) {
        for entry in entries where !known.contains(entry.name) {
            log.warning(entry.location, "unknown field '\(what)\(entry.name)' is ignored; the fields are: \(known.sorted().joined(separator: ", "))")
        }
    }

    private func items(_ value: RawValue?, name: String, log: inout DiagnosticLog) -> [RawValue] {
        guard let value else { return [] }
        switch value {
        case .list(let list, _): return list
        case .text(let t, _) where t.trimmedWhitespace().isEmpty: return []
        default:
            log.error(value.location, "'\(name)' should be a list, each entry starting with '- '")
            return []
        }
    }

    private func readLearning(_ value: RawValue?, briefing: String, known: Set<String>?, log: inout DiagnosticLog) -> [LearningPoint] {
        var result: [LearningPoint] = []
        for (i, entry) in items(value, name: "learning", log: &log).enumerated() {
            let n = i + 1
            guard case .fields(let fields, let at) = entry else {
                log.error(entry.location, "learning point \(n) should have 'refs' (the IDs it is about) and 'discussion'")
                continue
            }
            warnUnknown(fields, known: Self.learningFields, what: "learning point \(n): ", log: &log)
            let refs = readRefs(entry.field("refs"), of: "learning point \(n)", briefing: briefing, known: known, log: &log)
            let discussionValue = entry.field("discussion")
            let discussion = discussionValue?.text.map {
                Self.printable($0, field: "learning point \(n): discussion", at: discussionValue?.location ?? at, log: &log)
            }?.trimmedWhitespaceAndNewlines() ?? ""
            if refs.isEmpty, discussion.isEmpty {
                log.error(at, "learning point \(n) is empty; give the IDs it is about in 'refs' and the team's discussion in 'discussion'")
                continue
            }
            if discussion.isEmpty, let warning = Self.asked("discussion", in: .learningPoint, owner: "learning point \(n) ") { log.warning(at, warning) }
            result.append(LearningPoint(refs: refs, discussion: discussion))
        }
        return result
    }

    /// The IDs a learning point or an action cites, as a list (`[F2, R4]`) or one text (`F2, R4`),
    /// each checked against the briefing's IDs when the briefing is known.
    private func readRefs(_ value: RawValue?, of owner: String, briefing: String, known: Set<String>?, log: inout DiagnosticLog) -> [String] {
        guard let r = value else { return [] }
        let raw: [RawValue]
        switch r {
        case .list(let l, _): raw = l
        case .text(let t, let loc): raw = t.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).map { .text(String($0), loc) }
        case .fields: raw = []; log.error(r.location, "\(owner): 'refs' should be a list of IDs, like [F2, R4]")
        }
        var refs: [String] = []
        for item in raw {
            guard let id = item.text?.trimmedWhitespace().uppercased(), !id.isEmpty,
                  id != "&", id != "AND" else { continue }
            if let known, !known.contains(id) {
                let ids = catalogue.orderedIDs[briefing]?.joined(separator: ", ") ?? ""
                log.error(item.location, "\(owner) cites '\(id)', which is not in the briefing '\(briefing)'; its IDs are \(ids)")
            }
            refs.append(id)
        }
        return refs
    }

    private func readActions(_ value: RawValue?, briefing: String, known: Set<String>?, log: inout DiagnosticLog) -> [ResponseAction] {
        var result: [ResponseAction] = []
        for (i, entry) in items(value, name: "actions", log: &log).enumerated() {
            let n = i + 1
            guard case .fields(let fields, let at) = entry else {
                log.error(entry.location, "action \(n) should be a group of fields: what, who, by_when, done_when, worked_when, status")
                continue
            }
            warnUnknown(fields, known: Self.actionFields, what: "action \(n): ", log: &log)
            func field(_ name: String) -> String {
                guard let v = entry.field(name) else { return "" }
                guard let t = v.text else {
                    log.error(v.location, "action \(n): '\(name)' should be text, not a list")
                    return ""
                }
                return Self.printable(t, field: "action \(n): \(name)", at: v.location, log: &log).trimmedWhitespaceAndNewlines()
            }
            let what = field("what")
            if what.isEmpty, let required = Self.required("what", in: .action) {
                log.error(at, "action \(n) does not say \(required) ('what' is missing or empty)")
                continue
            }
            let who = field("who"), doneWhen = field("done_when"), workedWhen = field("worked_when"), evidence = field("evidence")
            for (key, text) in [("who", who), ("done_when", doneWhen), ("worked_when", workedWhen)] where text.isEmpty {
                if let warning = Self.asked(key, in: .action, owner: "action \(n) ") { log.warning(at, warning) }
            }
            var status = ActionStatus.notStarted
            var statusIsValid = true
            let statusText = field("status")
            if !statusText.isEmpty {
                if let s = ActionStatus(loose: statusText) { status = s } else if let v = entry.field("status") {
                    log.error(v.location, "action \(n): status '\(statusText)' is not one of: not started, in progress, done")
                    statusIsValid = false
                }
            }
            let byWhenText = field("by_when")
            var due: DueDate?
            // A finished action needs no date; an open one without a date is flagged for the board.
            if byWhenText.isEmpty {
                if status != .done, let warning = Self.asked("by_when", in: .action, owner: "action \(n) ") { log.warning(at, warning) }
            } else {
                due = DueDate(written: byWhenText)
                if due?.date == nil, let v = entry.field("by_when") {
                    log.warning(v.location, "action \(n): 'by_when' is '\(byWhenText)', which is not a date; it is kept as written"
                                + (status == .done ? "" : " and listed under 'no date'"))
                }
            }
            let refs = readRefs(entry.field("refs"), of: "action \(n)", briefing: briefing, known: known, log: &log)
            guard statusIsValid else { continue }
            result.append(ResponseAction(what: what, who: who, byWhen: due, doneWhen: doneWhen, workedWhen: workedWhen,
                                         status: status, evidence: evidence, refs: refs))
        }
        return result
    }
}
