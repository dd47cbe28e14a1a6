/// The typed model of a hub: what `Content/` says, after loading and checking.
/// Value types throughout, so that pages can be rendered in parallel.

/// The seven sections every 7-minute briefing has, recognised by their number.
public enum BriefingSection: Int, Sendable, CaseIterable, Comparable {
    case background = 1, safeguardingConcerns, incident, review, findings, recommendations, implementingChange

    public var number: String { rawValue < 10 ? "0\(rawValue)" : "\(rawValue)" }
    public var anchor: String { "section-\(number)" }

    /// The title used when listing the sections in general (authors word their own).
    public var standardTitle: String {
        switch self {
        case .background: "Background"
        case .safeguardingConcerns: "Safeguarding concerns"
        case .incident: "The incident"
        case .review: "The review"
        case .findings: "The findings"
        case .recommendations: "Recommendations"
        case .implementingChange: "Implementing change"
        }
    }

    /// The letter that prefixes the IDs of the list items in this section, if they get IDs.
    public var itemPrefix: String? {
        switch self {
        case .findings: "F"
        case .recommendations: "R"
        default: nil
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A finding or recommendation with the ID a team cites in its response (F2, F2.1, R3).
public struct LearningItem: Sendable, Hashable {
    public var id: String
    /// The item's own text as plain text, without its nested items: shown on other pages
    /// (theme pages, the response form), where the briefing's relative links would not hold.
    public var text: String
    public var depth: Int
    public var section: BriefingSection
    public var anchor: String { Self.anchor(for: id) }

    public static func anchor(for id: String) -> String {
        guard id.utf8.contains(0x2E) else { return id }
        return String(decoding: id.utf8.map { $0 == 0x2E ? 0x2D : $0 }, as: UTF8.self)
    }
}

public struct RenderedSection: Sendable, Hashable {
    public var section: BriefingSection
    /// The author's own title for the section, without its number.
    public var title: String
    public var html: String
    public var source: SourceLocation
}

public struct Briefing: Sendable, Identifiable, Equatable {
    public var id: String { slug }
    public var slug: String
    public var source: String
    public var title: String
    public var published: CalendarDate
    public var reviewKind: String
    public var childPseudonym: String
    public var themes: [String]
    /// For a theme, the IDs of the findings and recommendations about it. A theme the briefing
    /// is tagged with but that has no entry here covers the whole briefing.
    public var themeItems: [String: [String]]
    public var summary: String
    public var sections: [RenderedSection]
    public var items: [LearningItem]
    public var wordCount: Int
    public var readingMinutes: Int { max(1, Int((Double(wordCount) / 200).rounded(.up))) }
    public var findings: [LearningItem] { items.filter { $0.section == .findings } }

    /// The findings and recommendations a theme page lists for this briefing.
    public func items(forTheme theme: String) -> [LearningItem] {
        guard let ids = themeItems[theme] else { return items }
        let wanted = Set(ids)
        return items.filter { wanted.contains($0.id) }
    }
    public var recommendations: [LearningItem] { items.filter { $0.section == .recommendations } }
}

public struct Theme: Sendable, Identifiable, Equatable {
    public var id: String { slug }
    public var slug: String
    public var source: String
    public var name: String
    public var description: String
    public var html: String
}

public struct Page: Sendable, Identifiable, Equatable {
    public var id: String { slug }
    public var slug: String
    public var source: String
    public var title: String
    public var summary: String?
    public var order: Int
    public var html: String
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
