import TemplateEngine
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
    /// What the views there are thousands of (briefing cards, point groups, sections) are built for:
    /// the engine's values, or dictionaries when swift-mustache renders (`ViewObject`).
    var symbols: ViewSymbols = .dictionaries

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
        func link(_ label: String, _ href: String, current: Bool? = nil) -> ViewObject {
            var view = ViewObject(symbols, capacity: 3)
            view.set("label", label)
            view.set("href", href)
            if let current { view.set("current", current) }
            return view
        }
        let nav = [
            link("Home", root, current: section == "home"),
            link("Briefings", root + Routes.briefingsIndex, current: section == "briefings"),
            link("Themes", root + Routes.themesIndex, current: section == "themes"),
            link("Responses", root + Routes.responses, current: section == "responses"),
        ] + hub.pages.filter { $0.order < 100 }.map { page in
            link(page.title, root + Routes.page(page.slug), current: section == "page:\(page.slug)")
        }
        var site = ViewObject(symbols, capacity: 4)
        site.set("title", hub.config.title)
        site.set("partnership", hub.config.partnership)
        site.set("description", hub.config.description)
        site.set("responses_email", hub.config.responsesEmail)
        return [
            "root": root,
            "page_title": title,
            "crumbs": symbols.list(parent.map { [link($0.0, root + $0.1)] } ?? []),
            "is_home": section == "home",
            "site": site.value,
            "nav": symbols.list(nav),
            "footer_pages": symbols.list(hub.pages.map { page in
                var view = ViewObject(symbols, capacity: 2)
                view.set("title", page.title)
                view.set("href", root + Routes.page(page.slug))
                return view
            }),
        ]
    }

    func briefingCard(_ b: Briefing, root: String) -> ViewObject {
        let names = themeNames
        var card = ViewObject(symbols, capacity: 20)
        card.setText("title", b.title)
        card.setText("href", root + Routes.briefing(b.slug))
        card.setText("summary", b.summary)
        card.setText("published", b.published?.long ?? "")
        card.setText("published_iso", b.published?.iso ?? "")
        card.setText("review_kind", b.reviewKind)
        card.setText("slug", b.slug)
        card.set("reading_minutes", b.readingMinutes)
        card.set("reading_time", b.readingMinutes == 1 ? "About 1 minute" : "About \(b.readingMinutes) minutes")
        card.set("finding_count", b.findings.count)
        card.set("recommendation_count", b.recommendations.count)
        card.set("point_count", b.items.count)
        card.set("themes", b.themes.map { slug in
            var theme = ViewObject(symbols, capacity: 2)
            theme.set("name", names[slug] ?? slug)
            theme.set("href", root + Routes.theme(slug))
            return theme
        })
        card.set("has_themes", !b.themes.isEmpty)
        if let subject = b.subject {
            var view = ViewObject(symbols, capacity: 3)
            view.set("label", subject.label)
            view.set("name", subject.name)
            view.set("is_child", subject.label == "Child")
            card.set("subject", view)
            // The older name, for themes written before a briefing could be about an adult or nobody.
            card.setText("child", subject.name)
        }
        return card
    }

    /// Points grouped as the author grouped them, each group labelled in the author's words.
    func pointGroups(_ items: [LearningItem], href: String, key: String = "items") -> [ViewObject] {
        PointGroup.grouping(items).map { g -> ViewObject in
            var group = ViewObject(symbols, capacity: 6)
            group.set("label", g.label)
            group.set("role", g.role.name)
            group.set("role_label", g.role.label)
            group.set("is_questions", g.role.name == SectionRole.questions.name)
            group.set("show_role", !RoleVocabulary.hasWords(RoleVocabulary.fold(g.role.label), in: RoleVocabulary.fold(g.label)))
            group.set(key, g.items.map { item -> ViewObject in
                var view = ViewObject(symbols, capacity: 7)
                view.set("id", item.id)
                view.set("key", item.anchor)
                view.set("text", item.text)
                view.set("depth", item.depth)
                view.set("nested", item.depth > 0)
                view.set("href", "\(href)#\(item.anchor)")
                view.set("is_question", item.isQuestion)
                return view
            })
            return group
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
        c["latest"] = symbols.list(hub.briefings.prefix(5).map { briefingCard($0, root: root) })
        c["briefing_total_text"] = hub.briefings.count == 1 ? "1 briefing" : "\(hub.briefings.count) briefings"
        c["has_pages"] = !hub.pages.isEmpty
        c["themes"] = hub.themes.map { themeCard($0, root: root) }
        c["pages"] = hub.pages.map { (["title": $0.title, "summary": $0.summary ?? "", "href": root + Routes.page($0.slug)] as [String: Any]).droppingEmptyText }
        return c
    }

    func briefingsIndex() -> [String: Any] {
        let route = Routes.briefingsIndex
        var c = base(route: route, title: "Briefings", section: "briefings")
        c["briefings"] = symbols.list(hub.briefings.map { briefingCard($0, root: Routes.rootPrefix(from: route)) })
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
        c["briefing"] = briefingCard(b, root: root).value
        let responded = responseCountByBriefing[b.slug] ?? 0
        if let href = responsesHref(b.slug, root: root) { c["responses_href"] = href }
        c["respond_href"] = root + Routes.respond(b.slug)
        // On paper a link cannot be followed: the form's address is printed instead.
        c["respond_address"] = (hub.config.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "") + Routes.respond(b.slug)
        c["responses_text"] = responded == 1 ? "1 team has responded" : "\(responded) teams have responded"
        if !b.introduction.isEmpty { c["introduction"] = b.introduction }
        c["sections"] = symbols.list(b.sections.map { s -> ViewObject in
            var view = ViewObject(symbols, capacity: 6)
            view.setText("number", s.number ?? "")
            view.setText("title", s.title)
            view.setText("anchor", s.anchor)
            view.setText("html", s.html)
            view.setText("role", s.role.name)
            if let point = s.point {
                var cited = ViewObject(symbols, capacity: 2)
                cited.set("id", point.id)
                cited.set("anchor", point.anchor)
                view.set("point", cited)
            }
            return view
        })
        let face = ClockFace.face(count: b.sections.count)
        c["clock"] = symbols.list(zip(b.sections, face).map { section, segment -> ViewObject in
            var view = ViewObject(symbols, capacity: 6)
            view.set("number", section.label)
            view.set("anchor", section.anchor)
            view.set("title", section.title)
            view.set("path", segment.path)
            view.set("label_x", segment.labelX)
            view.set("label_y", segment.labelY)
            return view
        })
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
        c["briefings"] = symbols.list(tagged.map { b -> ViewObject in
            let href = root + Routes.briefing(b.slug)
            let groups = pointGroups(b.items(forTheme: t.slug), href: href)
            var card = briefingCard(b, root: root)
            card.set("groups", groups)
            card.set("has_points", !groups.isEmpty)
            return card
        })
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
        c["briefings"] = symbols.list(hub.briefings.prefix(5).map { briefingCard($0, root: hub.config.basePath) })
        return c
    }
}
