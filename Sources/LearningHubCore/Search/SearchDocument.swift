import Foundation

/// What a search result is. The order here is the order of document numbers in the index, so that a
/// kind filter is a range check and, between equally good results, themes come before briefings,
/// briefings before their findings, findings before recommendations.
public enum SearchKind: String, CaseIterable, Sendable {
    case theme, page, briefing, finding, recommendation, point, section, action

    /// Findings and recommendations have kinds of their own; every other citable point is a `point`.
    static func of(_ item: LearningItem) -> SearchKind {
        switch item.role.name {
        case SectionRole.findings.name: .finding
        case SectionRole.recommendations.name: .recommendation
        default: .point
        }
    }

    /// The label of the filter checkbox.
    public var pluralLabel: String {
        switch self {
        case .theme: "Themes"
        case .page: "Pages"
        case .briefing: "Briefings"
        case .finding: "Findings"
        case .recommendation: "Recommendations"
        case .point: "Other learning points"
        case .section: "Sections of briefings"
        case .action: "Teams' actions"
        }
    }

    /// The label shown on each result.
    public var label: String {
        switch self {
        case .theme: "Theme"
        case .page: "Page"
        case .briefing: "Briefing"
        case .finding: "Finding"
        case .recommendation: "Recommendation"
        case .point: "Learning point"
        case .section: "Section"
        case .action: "Team action"
        }
    }
}

/// One entry of the search index: something a result can link to.
public struct SearchDocument: Sendable, Equatable {
    public var kind: SearchKind
    /// What the result is called: a title, or a finding's own words.
    public var title: String
    /// Relative to the site's root, with the anchor: `briefings/ben/#F2-1`.
    public var url: String
    /// Theme slugs, for the theme filter.
    public var themes: [String]
    /// Plain text the result's excerpt is cut from.
    public var excerpt: String
    /// A line that places the result: the briefing it is from, the team an action is by.
    public var context: String
    /// A finding's or recommendation's ID, like `F2.1`.
    public var itemID: String?
    /// What is indexed, and how much a match in it counts.
    var fields: [SearchField]
}

/// A piece of a document's text and what a match in it is worth.
struct SearchField: Sendable, Equatable {
    enum Role: Sendable, Equatable {
        /// An item's ID: the strongest match.
        case id
        /// A title, or a finding's or recommendation's own words; `weight` is what one match counts.
        case title(weight: Int)
        /// The names of the themes a document is tagged with.
        case themes(weight: Int)
        /// Running text: counts by how often the word occurs.
        case body
        /// Where the document belongs (its briefing's title, a team's name): lets a query such as
        /// "ben F2" find Ben's F2, but never makes a result on its own.
        case context
    }

    var text: String
    var role: Role
}

/// Builds the search documents from the typed model. Only what the published pages show goes in:
/// never a team's contact details, and never a team manager's name.
public struct SearchDocumentBuilder: Sendable {
    public let hub: Hub
    /// The longest excerpt text kept for a document, in characters.
    public static let excerptLimit = 600

    public init(hub: Hub) { self.hub = hub }

    /// Every document, in index order: grouped by kind in `SearchKind` order, each kind in the hub's order.
    public func documents() -> [SearchDocument] { documents(cache: nil) }

    /// The same documents, reusing from `cache` those of briefings and responses that did not change.
    func documents(cache: SearchIndexCache?) -> [SearchDocument] {
        let themeNames = Dictionary(hub.themes.map { ($0.slug, $0.name) }, uniquingKeysWith: { first, _ in first })
        func names(_ slugs: [String]) -> String { slugs.map { themeNames[$0] ?? $0 }.joined(separator: ". ") }
        var byKind: [SearchKind: [SearchDocument]] = [:]
        func add(_ d: SearchDocument) { byKind[d.kind, default: []].append(d) }

        for t in hub.themes {
            let text = t.text
            add(SearchDocument(kind: .theme, title: t.name, url: Routes.theme(t.slug), themes: [t.slug],
                               excerpt: Self.clip(join(t.description, text)), context: "",
                               fields: [.init(text: t.name, role: .title(weight: 8)), .init(text: t.description, role: .body),
                                        .init(text: text, role: .body)]))
        }
        for p in hub.pages {
            let text = p.text
            add(SearchDocument(kind: .page, title: p.title, url: Routes.page(p.slug), themes: [],
                               excerpt: Self.clip(join(p.summary ?? "", text)), context: "",
                               fields: [.init(text: p.title, role: .title(weight: 8)), .init(text: p.summary ?? "", role: .body),
                                        .init(text: text, role: .body)]))
        }
        // Each briefing's documents (and each response's) are made on all cores.
        let builder = self
        let ofBriefing: @Sendable (Briefing) -> [SearchDocument] = { builder.documents(of: $0, themeNames: themeNames) }
        for docs in cache?.briefingDocuments(hub.briefings, themeNames: themeNames, make: ofBriefing)
            ?? ParallelResults<[SearchDocument]>.map(hub.briefings, chunk: 16, ofBriefing) {
            docs.forEach(add)
        }
        let briefings = Dictionary(hub.briefings.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let ofResponse: @Sendable (TeamResponse, Briefing) -> [SearchDocument] = { builder.actions(of: $0, in: $1, themeNames: themeNames) }
        for docs in cache?.actionDocuments(hub.responses, briefings: briefings, themeNames: themeNames, make: ofResponse)
            ?? ParallelResults<[SearchDocument]>.map(hub.responses, chunk: 64, { r in briefings[r.briefing].map { ofResponse(r, $0) } ?? [] }) {
            docs.forEach(add)
        }
        return SearchKind.allCases.flatMap { byKind[$0] ?? [] }
    }

    /// The briefing, its findings and recommendations, and its sections.
    private func documents(of b: Briefing, themeNames: [String: String]) -> [SearchDocument] {
        func names(_ slugs: [String]) -> String { slugs.map { themeNames[$0] ?? $0 }.joined(separator: ". ") }
        let place = b.subject.map { "\($0.name). \(b.title)" } ?? b.title
        var docs = [SearchDocument(kind: .briefing, title: b.title, url: Routes.briefing(b.slug), themes: b.themes,
                                   excerpt: b.summary, context: b.published.map { "\(b.reviewKind), published \($0.long)" } ?? b.reviewKind,
                                   fields: [.init(text: b.title, role: .title(weight: 8)), .init(text: b.summary, role: .body),
                                            .init(text: b.reviewKind, role: .body), .init(text: b.subject?.name ?? "", role: .body),
                                            .init(text: names(b.themes), role: .themes(weight: 3))])]
        for item in b.items {
            // Items a theme names explicitly are about it; a theme with no theme_items entry covers
            // the whole briefing, which says nothing about this item in particular.
            let explicit = b.themes.filter { b.themeItems[$0]?.contains(item.id) ?? false }
            let implicit = b.themes.filter { b.themeItems[$0] == nil }
            let kind = SearchKind.of(item)
            docs.append(SearchDocument(kind: kind, title: item.text,
                                       url: Routes.briefing(b.slug) + "#" + item.anchor, themes: explicit + implicit,
                                       excerpt: item.text, context: kind == .point ? "\(item.group). \(b.title)" : b.title, itemID: item.id,
                                       fields: [.init(text: item.id, role: .id), .init(text: item.text, role: .title(weight: 8)),
                                                .init(text: names(explicit), role: .themes(weight: 2)),
                                                .init(text: names(implicit), role: .context), .init(text: place, role: .context)]))
        }
        for s in b.sections {
            let text = s.text
            docs.append(SearchDocument(kind: .section, title: s.number.map { "\($0) \(s.title)" } ?? s.title,
                                       url: Routes.briefing(b.slug) + "#" + s.anchor, themes: b.themes,
                                       excerpt: Self.clip(text), context: b.title,
                                       fields: [.init(text: s.title, role: .title(weight: 6)), .init(text: text, role: .body),
                                                .init(text: place, role: .context), .init(text: names(b.themes), role: .context)]))
        }
        return docs
    }

    /// A team's actions: what they will do, never who they are beyond their organisation and team.
    private func actions(of r: TeamResponse, in b: Briefing, themeNames: [String: String]) -> [SearchDocument] {
        let names = b.themes.map { themeNames[$0] ?? $0 }.joined(separator: ". ")
        let redact = Redactor(response: r)
        return r.actions.map { a in
            let what = redact(a.what)
            let more: [String] = [a.doneWhen, a.workedWhen, a.evidence].map { redact($0) }
            return SearchDocument(kind: .action, title: Self.clip(what, limit: 200),
                                  url: Routes.briefingResponses(b.slug) + "#" + r.fileStem, themes: b.themes,
                                  excerpt: Self.clip(join(what, more[0], more[1])),
                                  context: "\(r.organisation): \(r.team). \(b.title)",
                                  fields: [SearchField(text: what, role: .title(weight: 4))] + more.map { SearchField(text: $0, role: .body) }
                                      + [.init(text: "\(r.organisation) \(r.team)", role: .context),
                                         .init(text: b.subject.map { "\($0.name). \(b.title)" } ?? b.title, role: .context),
                                         .init(text: names, role: .context)])
        }
    }

    /// A scalar that is always a Character of its own, whatever is next to it: printable ASCII,
    /// Latin-1 and Latin Extended letters and signs (not the soft hyphen, a control for grapheme
    /// breaking), and the general punctuation of U+2010 to U+2027 (dashes, quotes, ellipsis).
    static func standsAlone(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (v >= 0x20 && v <= 0x7E) || (v >= 0xA0 && v <= 0x2FF && v != 0xAD) || (v >= 0x2010 && v <= 0x2027)
    }

    private func join(_ parts: String...) -> String { Self.join(parts) }

    /// The parts' words, single-spaced. Splitting on Characters was a twentieth of building 50,000
    /// responses; a part whose every scalar is a Character of its own is split on its bytes instead.
    static func join(_ parts: [String]) -> String {
        var out: [UInt8] = []
        for part in parts {
            let words: [UInt8]
            if part.unicodeScalars.allSatisfy({ standsAlone($0) || $0 == "\n" || $0 == "\t" }) {
                var w: [UInt8] = []
                var space = false
                for b in part.utf8 {
                    if b == 0x20 || b == 0x0A || b == 0x09 {
                        space = !w.isEmpty
                    } else {
                        if space { w.append(0x20) }
                        space = false
                        w.append(b)
                    }
                }
                words = w
            } else {
                words = Array(part.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ").utf8)
            }
            guard !words.isEmpty else { continue }
            if !out.isEmpty { out.append(0x20) }
            out += words
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let trimmedAtEnds = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters)

    /// At most `limit` characters, cut at a space, with an ellipsis.
    static func clip(_ text: String, limit: Int = excerptLimit) -> String {
        guard text.utf8.count > limit else { return text }
        // Counting and cutting by Characters was a tenth of a build. In text where every Unicode
        // scalar is a Character of its own (most text: letters, accents, typographic quotes and
        // dashes), the same cut is made on scalars; anything else is cut by Characters as before.
        let scalars = text.unicodeScalars
        if scalars.allSatisfy(Self.standsAlone) {
            guard let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex),
                  end != scalars.endIndex else { return text }
            let cut = scalars[..<end].lastIndex(of: " ") ?? end
            // Trimmed on scalars too: Foundation's trimming goes through NSString (a fortieth of a build).
            var low = scalars.startIndex, high = cut
            while low < high, trimmedAtEnds.contains(scalars[low]) { low = scalars.index(after: low) }
            while high > low, trimmedAtEnds.contains(scalars[scalars.index(before: high)]) { high = scalars.index(before: high) }
            return String(scalars[low..<high]) + "…"
        }
        guard text.count > limit else { return text }
        let head = text.prefix(limit)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return cut.trimmingCharacters(in: trimmedAtEnds) + "…"
    }
}

/// Takes contact details out of what a team wrote: the response's contact and team manager, and
/// anything that looks like personal data to `PersonalData` (the detector the collector warns with).
struct Redactor {
    let names: [String]

    init(response: TeamResponse) {
        names = [response.contact, response.teamManager]
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { $0.count >= 3 }
    }

    /// False only when `text` certainly does not hold `name` (ignoring case and accents): both are
    /// ASCII and no ASCII case-insensitive match exists. Foundation's search, run for every text of
    /// every action against two names, was a tenth of building 50,000 responses.
    static func mayContain(_ text: String, _ name: String) -> Bool {
        let t = Array(text.utf8), n = Array(name.utf8)
        guard !n.isEmpty, t.allSatisfy({ $0 < 0x80 }), n.allSatisfy({ $0 < 0x80 }) else { return true }
        guard t.count >= n.count else { return false }
        @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
        let first = lower(n[0])
        var i = 0
        while i + n.count <= t.count {
            if lower(t[i]) == first {
                var j = 1
                while j < n.count, lower(t[i + j]) == lower(n[j]) { j += 1 }
                if j == n.count { return true }
            }
            i += 1
        }
        return false
    }

    func callAsFunction(_ text: String) -> String {
        var out = text
        for name in names where Self.mayContain(out, name) {
            out = out.replacingOccurrences(of: name, with: "[removed]", options: [.caseInsensitive, .diacriticInsensitive])
        }
        // Emails, telephone and NHS numbers, dates of birth, postcodes: the collector's detector.
        return PersonalData.redact(out)
    }
}
