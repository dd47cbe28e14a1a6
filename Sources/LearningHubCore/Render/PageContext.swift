extension Dictionary where Key == String, Value == Any {
    /// Mustache treats "" as true, so `{{#summary}}…{{/summary}}` would show an empty paragraph.
    /// Views drop empty texts so that a section on a value means "there is something to show".
    var droppingEmptyText: [String: Any] { filter { !(($0.value as? String)?.isEmpty ?? false) } }

    /// Sets `key` to `text`, or leaves it out when the text is empty (as `droppingEmptyText` would).
    mutating func setText(_ key: String, _ text: String) {
        if !text.isEmpty { self[key] = text }
    }
}

/// Builds the dictionaries the Mustache templates see. Names are snake_case, as theme authors expect.
/// Everything here is data; every value is escaped by the template unless it is cmark's own HTML,
/// which templates place with triple braces.
struct PageContext {
    let hub: Hub
    // Aggregations computed once for the whole site, so that rendering one page never walks them all.
    let briefingCountByTheme: [String: Int]
    let themeNames: [String: String]
    let responseCountByBriefing: [String: Int]
    /// Fragments rendered once per build from their own partials (see `SiteRenderer.render`), placed
    /// by the page templates with triple braces.
    var blankActionsHTML = ""
    /// The organisations every response form suggests (`Hub.knownOrganisations`), worked out once
    /// rather than over every response for each form.
    let knownOrganisations: [String]

    init(hub: Hub) {
        self.hub = hub
        var counts: [String: Int] = [:]
        for b in hub.briefings { for t in b.themes { counts[t, default: 0] += 1 } }
        briefingCountByTheme = counts
        themeNames = Dictionary(hub.themes.map { ($0.slug, $0.name) }, uniquingKeysWith: { first, _ in first })
        var responses: [String: Int] = [:]
        for r in hub.responses { responses[r.briefing, default: 0] += 1 }
        responseCountByBriefing = responses
        knownOrganisations = hub.knownOrganisations
    }

    /// The link to a briefing's page of responses, which only a briefing that a team has responded
    /// to has (`PageKind.all`): a reader would not miss an empty page, and a hub of thousands of
    /// briefings makes thousands fewer files.
    func responsesHref(_ briefing: String, root: String) -> String? {
        responseCountByBriefing[briefing] == nil ? nil : root + Routes.briefingResponses(briefing)
    }

    /// What every page has: the way back to the root, the site's name, the navigation.
    func base(route: String, title: String, section: String, root: String? = nil) -> [String: Any] {
        let root = root ?? Routes.rootPrefix(from: route)
        // The breadcrumb between Home and this page, if there is one.
        let parent: (String, String)? = switch section {
        case "briefings" where route != Routes.briefingsIndex: ("Briefings", Routes.briefingsIndex)
        case "themes" where route != Routes.themesIndex: ("Themes", Routes.themesIndex)
        case "responses" where route != Routes.responses: ("Responses", Routes.responses)
        default: nil
        }
        let nav: [[String: Any]] = [
            ["label": "Home", "href": root, "current": section == "home"],
            ["label": "Briefings", "href": root + Routes.briefingsIndex, "current": section == "briefings"],
            ["label": "Themes", "href": root + Routes.themesIndex, "current": section == "themes"],
            ["label": "Responses", "href": root + Routes.responses, "current": section == "responses"],
        ] + hub.pages.filter { $0.order < 100 }.map { page in
            ["label": page.title, "href": root + Routes.page(page.slug), "current": section == "page:\(page.slug)"]
        }
        return [
            "root": root,
            "page_title": title,
            "crumbs": parent.map { [["label": $0.0, "href": root + $0.1]] } ?? [],
            "is_home": section == "home",
            "site": [
                "title": hub.config.title,
                "partnership": hub.config.partnership,
                "description": hub.config.description,
                "responses_email": hub.config.responsesEmail,
            ],
            "nav": nav,
            "footer_pages": hub.pages.map { ["title": $0.title, "href": root + Routes.page($0.slug)] },
        ]
    }

    func briefingCard(_ b: Briefing, root: String) -> [String: Any] {
        let names = themeNames
        var card: [String: Any] = [
            "title": b.title,
            "href": root + Routes.briefing(b.slug),
            "summary": b.summary,
            "published": b.published?.long ?? "",
            "published_iso": b.published?.iso ?? "",
            "review_kind": b.reviewKind,
            "slug": b.slug,
            "reading_minutes": b.readingMinutes,
            "reading_time": b.readingMinutes == 1 ? "About 1 minute" : "About \(b.readingMinutes) minutes",
            "finding_count": b.findings.count,
            "recommendation_count": b.recommendations.count,
            "point_count": b.items.count,
            "themes": b.themes.map { ["name": names[$0] ?? $0, "href": root + Routes.theme($0)] },
            "has_themes": !b.themes.isEmpty,
        ]
        if let subject = b.subject {
            card["subject"] = ["label": subject.label, "name": subject.name, "is_child": subject.label == "Child"]
            // The older name, for themes written before a briefing could be about an adult or nobody.
            card["child"] = subject.name
        }
        return card.droppingEmptyText
    }

    /// Points grouped as the author grouped them, each group labelled in the author's words.
    static func pointGroups(_ items: [LearningItem], href: String, key: String = "items") -> [[String: Any]] {
        PointGroup.grouping(items).map { g -> [String: Any] in
            ["label": g.label, "role": g.role.name, "role_label": g.role.label, "is_questions": g.role.name == SectionRole.questions.name,
             "show_role": !RoleVocabulary.hasWords(RoleVocabulary.fold(g.role.label), in: RoleVocabulary.fold(g.label)),
             key: g.items.map { item -> [String: Any] in
                 ["id": item.id, "key": item.anchor, "text": item.text, "depth": item.depth, "nested": item.depth > 0,
                  "href": "\(href)#\(item.anchor)", "is_question": item.isQuestion]
             }]
        }
    }

    func themeCard(_ t: Theme, root: String) -> [String: Any] {
        let count = briefingCountByTheme[t.slug] ?? 0
        return (["name": t.name, "description": t.description, "href": root + Routes.theme(t.slug),
                 "briefing_count": count, "briefing_count_text": count == 1 ? "1 briefing" : "\(count) briefings"] as [String: Any]).droppingEmptyText
    }

    func home() -> [String: Any] {
        let route = Routes.home
        var c = base(route: route, title: hub.config.title, section: "home")
        let root = Routes.rootPrefix(from: route)
        c["latest"] = hub.briefings.prefix(5).map { briefingCard($0, root: root) }
        c["briefing_total_text"] = hub.briefings.count == 1 ? "1 briefing" : "\(hub.briefings.count) briefings"
        c["has_pages"] = !hub.pages.isEmpty
        c["themes"] = hub.themes.map { themeCard($0, root: root) }
        c["pages"] = hub.pages.map { (["title": $0.title, "summary": $0.summary ?? "", "href": root + Routes.page($0.slug)] as [String: Any]).droppingEmptyText }
        return c
    }

    func briefingsIndex() -> [String: Any] {
        let route = Routes.briefingsIndex
        var c = base(route: route, title: "Briefings", section: "briefings")
        c["briefings"] = hub.briefings.map { briefingCard($0, root: Routes.rootPrefix(from: route)) }
        return c
    }

    func themesIndex() -> [String: Any] {
        let route = Routes.themesIndex
        var c = base(route: route, title: "Themes", section: "themes")
        c["themes"] = hub.themes.map { themeCard($0, root: Routes.rootPrefix(from: route)) }
        return c
    }

    func briefing(_ b: Briefing) -> [String: Any] {
        let route = Routes.briefing(b.slug)
        let root = Routes.rootPrefix(from: route)
        var c = base(route: route, title: b.title, section: "briefings")
        c["briefing"] = briefingCard(b, root: root)
        let responded = responseCountByBriefing[b.slug] ?? 0
        if let href = responsesHref(b.slug, root: root) { c["responses_href"] = href }
        c["respond_href"] = root + Routes.respond(b.slug)
        // On paper a link cannot be followed: the form's address is printed instead.
        c["respond_address"] = (hub.config.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "") + Routes.respond(b.slug)
        c["responses_text"] = responded == 1 ? "1 team has responded" : "\(responded) teams have responded"
        if !b.introduction.isEmpty { c["introduction"] = b.introduction }
        c["sections"] = b.sections.map { s -> [String: Any] in
            var view: [String: Any] = ["number": s.number ?? "", "title": s.title, "anchor": s.anchor, "html": s.html, "role": s.role.name]
            if let point = s.point { view["point"] = ["id": point.id, "anchor": point.anchor] }
            return view.droppingEmptyText
        }
        let face = ClockFace.face(count: b.sections.count)
        c["clock"] = zip(b.sections, face).map { section, segment -> [String: Any] in
            ["number": section.label, "anchor": section.anchor, "title": section.title,
             "path": segment.path, "label_x": segment.labelX, "label_y": segment.labelY]
        }
        c["clock_heading"] = "The \(ClockFace.word(b.sections.count)) section\(b.sections.count == 1 ? "" : "s")"
        return c
    }

    /// Every point tagged with the theme, grouped by briefing and by the author's groups, each linked to its place.
    func theme(_ t: Theme) -> [String: Any] {
        let route = Routes.theme(t.slug)
        let root = Routes.rootPrefix(from: route)
        var c = base(route: route, title: t.name, section: "themes")
        c["theme"] = themeCard(t, root: root).merging(["html": t.html]) { $1 }
        let tagged = hub.briefings.filter { $0.themes.contains(t.slug) }
        c["briefings"] = tagged.map { b -> [String: Any] in
            let href = root + Routes.briefing(b.slug)
            let groups = Self.pointGroups(b.items(forTheme: t.slug), href: href)
            return briefingCard(b, root: root).merging(["groups": groups, "has_points": !groups.isEmpty]) { $1 }
        }
        c["has_briefings"] = !tagged.isEmpty
        return c
    }

    func page(_ p: Page) -> [String: Any] {
        var c = base(route: Routes.page(p.slug), title: p.title, section: "page:\(p.slug)")
        c["page"] = (["title": p.title, "summary": p.summary ?? "", "html": p.html] as [String: Any]).droppingEmptyText
        return c
    }

    /// The 404 page is served at whatever address was asked for, so its links start from the
    /// configured base path instead of being relative.
    func notFound() -> [String: Any] {
        var c = base(route: "", title: "Page not found", section: "404", root: hub.config.basePath)
        c["briefings"] = hub.briefings.prefix(5).map { briefingCard($0, root: hub.config.basePath) }
        return c
    }
}
