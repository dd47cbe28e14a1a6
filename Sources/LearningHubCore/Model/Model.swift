/// The typed model of a hub: what `Content/` says, after loading and checking.
/// Value types throughout, so that pages can be rendered in parallel.

/// A citable learning point with the ID a team cites in its response (F2, F2.1, R3, G1, Q2).
public struct LearningItem: Sendable, Hashable {
    public var id: String
    /// The item's own text as plain text, without its nested items: shown on other pages
    /// (theme pages, the response form), where the briefing's relative links would not hold.
    public var text: String
    public var depth: Int
    /// The role of the section it is in (`findings`, `questions`...).
    public var role: SectionRole
    /// What the point's group is called, in the author's words: its section's title, or for
    /// whole-section points ("Learning point 2: ...") the role's label.
    public var group: String
    public var anchor: String { Self.anchor(for: id) }
    public var isQuestion: Bool { role.name == SectionRole.questions.name }

    public static func anchor(for id: String) -> String {
        guard id.utf8.contains(0x2E) else { return id }
        return String(decoding: id.utf8.map { $0 == 0x2E ? 0x2D : $0 }, as: UTF8.self)
    }
}

/// Consecutive points with the same group label: how the form, theme pages and A to Z list them.
public struct PointGroup: Sendable, Hashable {
    public var label: String
    public var role: SectionRole
    public var items: [LearningItem]

    static func grouping(_ items: [LearningItem]) -> [PointGroup] {
        var groups: [PointGroup] = []
        for item in items {
            if let last = groups.last, last.label == item.group, last.role == item.role {
                groups[groups.count - 1].items.append(item)
            } else {
                groups.append(PointGroup(label: item.group, role: item.role, items: [item]))
            }
        }
        return groups
    }
}

public struct RenderedSection: Sendable, Hashable {
    /// Its place in the briefing, from 1: the section's anchor and clock segment.
    public var position: Int
    /// The author's own number as written (`04`, `4`), if the heading has one.
    public var number: String?
    /// The author's own title for the section, without its number.
    public var title: String
    public var role: SectionRole
    /// The whole section as one citable point ("Learning point 2: ..."), if it is one.
    public var point: LearningItem?
    public var html: String
    public var source: SourceLocation
    /// The words the section shows, for the search index (its HTML's text, each tag a word break).
    public var text: String = ""
    public var anchor: String { "section-" + (position < 10 ? "0\(position)" : "\(position)") }
    /// What the contents list and the clock show: the author's number, or the place.
    public var label: String { number ?? "\(position)" }
}

public struct Briefing: Sendable, Identifiable, Hashable {
    public var id: String { slug }
    public var slug: String
    public var source: String
    public var title: String
    public var published: CalendarDate?
    /// What kind of review, as the author wrote it (or the hub's default).
    public var reviewKind: String
    public var kind: BriefingKind
    /// The person the review is about; nil for a thematic briefing or when not given.
    public var subject: ReviewSubject?
    /// Theme slugs.
    public var themes: [String]
    /// For a theme, the IDs of the points about it. A theme the briefing
    /// is tagged with but that has no entry here covers the whole briefing.
    public var themeItems: [String: [String]]
    public var summary: String
    /// Text before the first section, as HTML (empty if none).
    public var introduction: String = ""
    public var sections: [RenderedSection]
    /// Every citable point, in the order of the page.
    public var items: [LearningItem]
    public var wordCount: Int
    public var readingMinutes: Int { max(1, Int((Double(wordCount) / 200).rounded(.up))) }
    public var findings: [LearningItem] { items.filter { $0.role.name == SectionRole.findings.name } }
    public var recommendations: [LearningItem] { items.filter { $0.role.name == SectionRole.recommendations.name } }
    public var questions: [LearningItem] { items.filter(\.isQuestion) }
    public var pointGroups: [PointGroup] { PointGroup.grouping(items) }

    /// The points a theme page lists for this briefing.
    public func items(forTheme theme: String) -> [LearningItem] {
        guard let ids = themeItems[theme] else { return items }
        let wanted = Set(ids)
        return items.filter { wanted.contains($0.id) }
    }
}

public struct Theme: Sendable, Identifiable, Hashable {
    public var id: String { slug }
    public var slug: String
    public var source: String
    public var name: String
    public var description: String
    public var html: String
    /// The words the body shows, for the search index.
    public var text: String = ""
}

public struct Page: Sendable, Identifiable, Hashable {
    public var id: String { slug }
    public var slug: String
    public var source: String
    public var title: String
    public var summary: String?
    public var order: Int
    public var html: String
    /// The words the body shows, for the search index.
    public var text: String = ""
}

public struct Hub: Sendable {
    public var config: HubConfig
    public var briefings: [Briefing]
    public var themes: [Theme]
    public var pages: [Page]
    /// Team responses filed by the collector, in `Content/responses/`.
    public var responses: [TeamResponse] = []
    /// The teams expected to respond, from `Content/teams.yml` (optional).
    public var expectedTeams: [ExpectedTeam] = []
    /// The day "overdue" is judged against.
    public var asOf: CalendarDate = .distantPast
}

/// A team the partnership expects to respond, from `Content/teams.yml`.
public struct ExpectedTeam: Sendable, Hashable {
    public var organisation: String
    public var team: String
    /// The briefings it should respond to; empty means every briefing.
    public var briefings: [String]
}
