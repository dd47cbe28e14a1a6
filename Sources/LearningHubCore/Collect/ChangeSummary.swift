import Foundation

/// What a resubmission changes against the record it replaces, in a line the officer can scan:
/// "action 2: in progress → done; evidence added". An odd or mistaken update (an action gone,
/// a done action back to not started) is then noticed when it is collected, not months later.
public enum ChangeSummary {
    /// The changes, or nil when the earlier record cannot be read to compare.
    static func describe(replacing old: Data, with new: TeamResponse, catalogue: BriefingCatalogue) -> String? {
        var ignored = DiagnosticLog()
        guard let entry = ResponseFileReader().read(old, path: "record.md", log: &ignored).first,
              let previous = ResponseValidator(catalogue: catalogue).validate(entry.raw, notes: entry.body, log: &ignored)
        else { return nil }
        let changes = changes(from: previous, to: new)
        return changes.isEmpty ? "nothing but the date" : changes.joined(separator: "; ")
    }

    public static func changes(from old: TeamResponse, to new: TeamResponse) -> [String] {
        var out: [String] = []
        func changed(_ a: String, _ b: String, _ what: String) {
            if a == b { return }
            out.append(a.isEmpty ? "\(what) added" : b.isEmpty ? "\(what) removed" : "\(what) changed")
        }
        changed(old.teamManager, new.teamManager, "team manager")
        changed(old.contact, new.contact, "contact details")
        let oldRefs = Set(old.learning.flatMap(\.refs)), newRefs = Set(new.learning.flatMap(\.refs))
        let added = newRefs.subtracting(oldRefs), removed = oldRefs.subtracting(newRefs)
        if !added.isEmpty { out.append("learning \(ids(added)) added") }
        if !removed.isEmpty { out.append("learning \(ids(removed)) removed") }
        if old.learning.map(\.discussion) != new.learning.map(\.discussion), added.isEmpty, removed.isEmpty {
            out.append("discussion changed")
        }
        for i in 0..<max(old.actions.count, new.actions.count) {
            let n = "action \(i + 1)"
            guard i < new.actions.count else { out.append("\(n) removed (\(clip(old.actions[i].what)))"); continue }
            guard i < old.actions.count else { out.append("\(n) added (\(clip(new.actions[i].what)))"); continue }
            let (a, b) = (old.actions[i], new.actions[i])
            var parts: [String] = []
            if a.what != b.what { parts.append("what needs to happen changed") }
            if a.status != b.status { parts.append("\(a.status.rawValue) → \(b.status.rawValue)") }
            if a.byWhen?.written != b.byWhen?.written {
                parts.append("by when \(a.byWhen?.written ?? "(none)") → \(b.byWhen?.written ?? "(none)")")
            }
            if a.who != b.who { parts.append("who changed") }
            if a.doneWhen != b.doneWhen || a.workedWhen != b.workedWhen { parts.append("how you will know changed") }
            if a.evidence != b.evidence { parts.append(a.evidence.isEmpty ? "evidence added" : b.evidence.isEmpty ? "evidence removed" : "evidence changed") }
            if !parts.isEmpty { out.append("\(n): " + parts.joined(separator: "; ")) }
        }
        changed(old.notes, new.notes, "notes")
        return out
    }

    static func ids(_ set: Set<String>) -> String { set.sorted().joined(separator: ", ") }

    static func clip(_ text: String) -> String {
        text.count <= 40 ? "'\(text)'" : "'\(text.prefix(39))…'"
    }
}
