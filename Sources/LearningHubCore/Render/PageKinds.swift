import Foundation

/// Every kind of page and file the builder makes, declared once: where its pages go, the template
/// they are rendered with, their view, whether `sitemap.xml` lists them, and what each page depends
/// on (its key, from `PageInputs`). The renderer renders this list, the sitemap lists what it says,
/// a theme must have each template it names (`TemplateSet.required`), and a rebuild skips a page
/// whose key did not change (`SiteRenderer`). A view that starts showing something new says so in
/// its key, here; IncrementalBuildTests catch a key that forgot.
/// Adding a page kind is one declaration here, a route in `Routes` and a template
/// (docs/contributing.md, "Adding a page kind").
///
/// The order is the sitemap's; within a kind, its pages come in the model's order.
extension PageKind {
    static let all: [PageKind] = [
        PageKind("home", template: "home") { v in [
            .view(Routes.home, listed: true, key: { i, h in h.combine(i.latestCards); h.combine(i.themeCards); h.combine(pageSummaries(v.hub)) }) { v.pages.home() },
        ] },
        PageKind("briefings index", template: "briefings") { v in [.view(Routes.briefingsIndex, listed: true, key: { i, h in h.combine(i.allCards) }) { v.pages.briefingsIndex() }] },
        PageKind("themes index", template: "themes") { v in [.view(Routes.themesIndex, listed: true, key: { i, h in h.combine(i.themeCards) }) { v.pages.themesIndex() }] },
        PageKind("briefing", template: "briefing") { v in
            v.hub.briefings.map { b in
                .view(Routes.briefing(b.slug), listed: true, lastModified: b.published, key: { i, h in h.combine(i.briefing[b.slug]); h.combine(i.responseCount[b.slug]) }) { v.pages.briefing(b) }
            }
        },
        PageKind("theme", template: "theme") { v in
            v.hub.themes.map { t in
                .view(Routes.theme(t.slug), listed: true, key: { i, h in h.combine(t); h.combine(i.themeCards); h.combine(i.briefingsOfTheme[t.slug]) }) { v.pages.theme(t) }
            }
        },
        PageKind("free page", template: "page") { v in v.hub.pages.map { p in .view(Routes.page(p.slug), listed: true, key: { _, h in h.combine(p) }) { v.pages.page(p) } } },
        PageKind("responses", template: "responses") { v in [
            .view(Routes.responses, listed: true, key: { i, h in h.combine(i.responses); h.combine(i.expected); h.combine(i.asOf); h.combine(i.titles) }) { v.responses.coverage() },
        ] },
        PageKind("dashboard", template: "dashboard") { v in [
            .view(Routes.dashboard, listed: true, key: { i, h in h.combine(i.responses); h.combine(i.expected); h.combine(i.asOf); h.combine(i.allTitlesAndItems) }) { v.responses.dashboard() },
        ] },
        PageKind("actions tracker", template: "actions") { v in [
            .view(Routes.actions, listed: true, key: { i, h in h.combine(i.responses); h.combine(i.asOf); h.combine(i.titles) }) { v.responses.actionsTracker() },
        ] },
        PageKind("organisations", template: "organisations") { v in [
            .view(Routes.organisations, listed: true, key: { i, h in h.combine(i.responses); h.combine(i.expected); h.combine(i.asOf) }) { v.responses.organisationsIndex() },
        ] },
        // Only for briefings that a team has responded to (`PageContext.responsesHref`).
        PageKind("briefing's responses", template: "briefing-responses") { v in
            v.hub.briefings.filter { v.pages.responsesHref($0.slug, root: "") != nil }.map { b in
                .view(Routes.briefingResponses(b.slug), listed: true, key: { i, h in h.combine(i.briefing[b.slug]); h.combine(i.responsesOfBriefing[b.slug]); h.combine(i.asOf) }) {
                    v.responses.briefingResponses(b)
                }
            }
        },
        PageKind("response form", template: "respond") { v in
            v.hub.briefings.map { b in
                .view(Routes.respond(b.slug), listed: true, key: { i, h in h.combine(i.titleAndItems[b.slug]); h.combine(i.knownOrganisations) }) { v.pages.respond(b) }
            }
        },
        // Each organisation's responses, over numbered pages; the sitemap lists the first. A page
        // lists the organisation's expected teams against every briefing, by title.
        PageKind("organisation", template: "organisation") { v in
            v.responses.organisations.flatMap { org in
                (1...v.responses.organisationPageCount(org.slug)).map { n in
                    .view(Routes.organisation(org.slug, page: n), listed: n == 1, key: { i, h in
                        h.combine(org.name); h.combine(i.responsesOfOrganisation[org.slug]); h.combine(i.asOf); h.combine(i.citedByOrganisation[org.slug])
                        if let expected = i.expectedOfOrganisation[org.slug] { h.combine(expected); h.combine(i.titles) }
                    }) { v.responses.organisation(slug: org.slug, name: org.name, page: n) }
                }
            }
        },
        PageKind("search", template: "search") { v in [
            .view(Routes.search, listed: true, key: { i, h in
                h.combine(i.themes); h.combine(v.hub.pages.isEmpty); h.combine(v.hub.responses.contains { !$0.actions.isEmpty })
            }) { v.pages.searchPage() },
        ] },
        PageKind("A to Z", template: "a-z") { v in [
            .view(Routes.aToZ, listed: true, key: { i, h in h.combine(i.themes); h.combine(i.allCards); h.combine(i.allTitlesAndItems) }) { v.pages.aToZ() },
        ] },
        PageKind("not found", template: "404") { v in [SitePage(path: "404.html", content: .view { v.pages.notFound() }, key: { i, h in h.combine(i.latestCards) })] },
        // The tracker split into a page per group, when one page would be too long to open.
        PageKind("actions tracker group", template: "actions-group") { v in
            v.responses.trackerGroupPages.map { g in
                .view(Routes.actionsGroup(g.group.slug, page: g.page), key: { i, h in h.combine(i.responses); h.combine(i.asOf); h.combine(i.titles) }) {
                    v.responses.actionsGroupPage(g.group, page: g.page)
                }
            }
        },
        PageKind("exports", template: nil) { v in [
            SitePage(path: "actions.csv", content: .file { v.exports.actionsCSV() }, key: { i, h in h.combine(i.responses); h.combine(i.asOf); h.combine(i.titles) }),
            SitePage(path: "responses.json", content: .file { v.exports.responsesJSON() }, key: { i, h in h.combine(i.responses); h.combine(i.asOf) }),
        ] },
        // The blank response file the form offers to teams without JavaScript.
        PageKind("blank response file", template: nil) { v in
            let fields = ResponseTemplateFile.Fields(config: v.hub.config)
            return v.hub.briefings.map { b in
                SitePage(path: Routes.responseTemplate(b.slug), content: .file { Data(fields.text(for: b).utf8) },
                         key: { i, h in h.combine(i.chrome); h.combine(i.titleAndItems[b.slug]) })
            }
        },
    ]

    /// What the home page lists of the free pages.
    private static func pageSummaries(_ hub: Hub) -> [String] {
        hub.pages.flatMap { [$0.slug, $0.title, $0.summary ?? ""] }
    }
}

/// A kind of page: see `PageKind.all`.
struct PageKind: Sendable {
    let name: String
    /// The template its pages are rendered with; nil for files made without one.
    let template: String?
    let pages: @Sendable (SiteViews) -> [SitePage]

    init(_ name: String, template: String?, pages: @escaping @Sendable (SiteViews) -> [SitePage]) {
        self.name = name
        self.template = template
        self.pages = pages
    }

    /// The templates the kinds render pages with, in the order of the list.
    static var templates: [String] {
        var seen = Set<String>()
        return all.compactMap(\.template).filter { seen.insert($0).inserted }
    }
}

/// One file of the site, before it is made.
struct SitePage: Sendable {
    enum Content: Sendable {
        /// A page: the view its kind's template is rendered with.
        case view(@Sendable () -> [String: Any])
        /// Any other file, made directly.
        case file(@Sendable () -> Data)
    }

    /// Feeds what a page shows into its key (see `PageInputs`). A page rendered with a template
    /// also shows `PageInputs.chrome`, which the renderer adds.
    typealias Key = @Sendable (PageInputs, inout Hasher) -> Void

    let path: String
    let content: Content
    /// What the page depends on: a rebuild whose key for this page is the same does not make it.
    let key: Key
    /// The route `sitemap.xml` lists, when it lists this page, and the date it gives.
    var listed: (route: String, lastModified: CalendarDate?)? = nil

    init(path: String, content: Content, key: @escaping Key, listed: (route: String, lastModified: CalendarDate?)? = nil) {
        self.path = path
        self.content = content
        self.key = key
        self.listed = listed
    }

    /// The page at `route` (`<route>index.html`), rendered with its kind's template.
    static func view(_ route: String, listed: Bool = false, lastModified: CalendarDate? = nil, key: @escaping Key,
                     make: @escaping @Sendable () -> [String: Any]) -> SitePage {
        SitePage(path: route + "index.html", content: .view(make), key: key, listed: listed ? (route, lastModified) : nil)
    }
}

/// What the kinds make their pages from: the model and the views worked out once for the whole site.
struct SiteViews: Sendable {
    let hub: Hub
    let pages: PageContext
    let responses: ResponseContext
    let exports: Exports
}
