import Yams

/// The key a theme is matched by, whether a briefing names it by its name or by its slug:
/// "Voix de l'enfant", "voix-de-l-enfant" and "VOIX DE L'ENFANT" are one theme.
enum ThemeKey {
    static func make(_ text: String) -> String { Slug.make(RoleVocabulary.fold(text)) }
}

/// The optional front-matter fields of a briefing that need more than reading a line of text.
enum BriefingFields {
    /// `kind:` (or `review_kind:`, the older name): shown as written, and recognised for its wording.
    static func kind(_ fields: inout YAMLFields, partnership: PartnershipType) -> (String, BriefingKind) {
        let written = fields.string("kind", required: false)
        let older = fields.string("review_kind", required: false)
        if written != nil, older != nil {
            fields.log.warning(fields.location(of: "review_kind"), "'kind' and 'review_kind' are the same field; 'review_kind' is ignored")
        }
        guard let text = written ?? older, !text.isEmpty else { return (partnership.defaultKindText, partnership.defaultKind) }
        if let kind = BriefingKind.recognise(text) {
            let words: [BriefingKind: String] = [.caseReview: "Child Safeguarding Practice Review", .adultsReview: "Safeguarding Adults Review",
                                                 .thematic: "Thematic briefing", .audit: "Audit or national review"]
            // A bare category ("thematic", "case review") reads better written out.
            let bare = RoleVocabulary.fold(text) == RoleVocabulary.fold(kind.rawValue) || RoleVocabulary.fold(text) == "thematic"
            return (bare ? words[kind] ?? text : text, kind)
        }
        return (text, partnership.defaultKind)
    }

    /// `child:`, `adult:` or `person:`: the pseudonym of the person the review is about.
    static func subject(_ fields: inout YAMLFields, kind: BriefingKind) -> ReviewSubject? {
        let child = fields.string("child", required: false)
        let adult = fields.string("adult", required: false)
        let person = fields.string("person", required: false)
        if let child, !child.isEmpty {
            if kind == .adultsReview {
                fields.log.warning(fields.location(of: "child"), "this briefing is a Safeguarding Adults Review, but names the person as 'child'; write 'adult: \(child)' instead")
                return ReviewSubject(name: child, label: "Adult", note: "(not their real name)")
            }
            return ReviewSubject(name: child, label: "Child", note: "(not the child's real name)")
        }
        if let adult, !adult.isEmpty { return ReviewSubject(name: adult, label: "Adult", note: "(not their real name)") }
        if let person, !person.isEmpty { return ReviewSubject(name: person, label: "About", note: "(not their real name)") }
        return nil
    }

    /// `sections: {4: findings, "Good practice to build on": good-practice}`.
    static func sectionOverrides(_ fields: inout YAMLFields, vocabulary: RoleVocabulary) -> [SectionOverride] {
        fields.accept("sections")
        guard let node = fields.node("sections") else { return [] }
        guard let mapping = node.mapping else {
            fields.log.error(fields.location(of: node), "'sections' should be a group of lines like '4: findings' or '\"What we found\": findings'")
            return []
        }
        var result: [SectionOverride] = []
        for (k, v) in mapping {
            let written = k.string?.trimmedWhitespace() ?? ""
            let at = fields.location(of: k)
            guard let roleName = v.string, let role = vocabulary.role(named: roleName) else {
                fields.log.error(fields.location(of: v), "'sections: \(written)' should name a role: one of \(vocabulary.names.joined(separator: ", "))")
                continue
            }
            let key: SectionOverride.Key = Int(written).map { .number($0) } ?? .title(RoleVocabulary.fold(BriefingBodyParser.recognise(written).1))
            result.append(SectionOverride(key: key, written: written, role: role, location: at))
        }
        return result
    }
}
