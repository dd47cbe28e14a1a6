import Foundation
import TemplateEngine

/// Renders every page of the hub from the model, in parallel, in a fixed order.
public struct SiteRenderer: Sendable {
    public let templates: TemplateSet
    /// Render on every core (the default), or one page at a time; the bytes are the same.
    public var parallel = true
    /// Output paths the caller already has the right bytes for (see `BuildSession`): those pages are
    /// not rendered, and are missing from what `render` returns.
    public var reusable: (@Sendable (String) -> Bool)?
    /// Makes the search index's files; a `BuildSession` gives one that returns only those that changed.
    public var searchIndexFiles: @Sendable (Hub) -> [OutputFile] = SearchIndexFiles.files(for:)

    public init(templates: TemplateSet) { self.templates = templates }

    enum Job: Sendable {
        case home, briefingsIndex, themesIndex, notFound
        case briefing(Int), theme(Int), page(Int)
        case briefingResponses(Int), respond(Int), actions, organisations, organisation(String, String, Int), coverage, dashboard
        case actionsGroup(ActionTracker.Group, Int)
        case search, aToZ
    }

    /// Every file of the site, in a fixed order.
    public func render(_ hub: Hub) -> [OutputFile] {
        let files = ParallelResults<OutputFile>(count: 0)
        render(hub) { files.append($0) }
        return files.values.sorted { $0.path < $1.path }
    }

    /// Renders every file of the site and hands each to `emit` as soon as it is made, from whichever
    /// core made it, so that a writer can write it and let it go (see `SiteStream`).
    public func render(_ hub: Hub, emit: @escaping @Sendable (OutputFile) -> Void) {
        var pageContext = PageContext(hub: hub)
        // Fragments that are the same on many pages: rendered once here, from their own partials.
        pageContext.blankActionsHTML = templates.renderFragment(pageContext.blankActionsFragment(), template: "respond-actions")
        let context = pageContext
        let responses = ResponseContext(hub: hub, base: context)
        let jobs: [Job] = [.home, .briefingsIndex, .themesIndex, .notFound, .actions, .organisations, .coverage, .dashboard, .search, .aToZ]
            + hub.briefings.indices.map(Job.briefing) + hub.themes.indices.map(Job.theme) + hub.pages.indices.map(Job.page)
            + hub.briefings.indices.map(Job.briefingResponses) + hub.briefings.indices.map(Job.respond)
            + responses.organisations.flatMap { org in (1...responses.organisationPageCount(org.slug)).map { Job.organisation(org.slug, org.name, $0) } }
            + responses.trackerGroupPages.map { Job.actionsGroup($0.group, $0.page) }
        forEach(jobs.count) { i in render(jobs[i], hub: hub, context: context, responses: responses).map(emit) }
        let exports = Exports(hub: hub, actions: responses.actions)
        let files: [(String, @Sendable () -> Data)] = [
            ("sitemap.xml", { Data(SitemapWriter(hub: hub, organisations: responses.organisations.map(\.slug)).xml().utf8) }),
            ("actions.csv", exports.actionsCSV),
            ("responses.json", exports.responsesJSON),
        ] + hub.briefings.map { b in
            (Routes.responseTemplate(b.slug), { Data(ResponseTemplateFile.text(for: b, config: hub.config).utf8) })
        }
        forEach(files.count) { i in
            let (path, bytes) = files[i]
            if !reused(path) { emit(OutputFile(path: path, bytes: bytes())) }
        }
        let search = searchIndexFiles(hub)
        forEach(search.count) { emit(search[$0]) }
    }

    /// Runs `body` for 0..<count, on every core unless `parallel` is off.
    private func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        Parallel.forEach(count, parallel: parallel, body)
    }

    private func reused(_ path: String) -> Bool { reusable?(path) ?? false }

    /// The page a job makes; nil when the caller already has it.
    private func render(_ job: Job, hub: Hub, context: PageContext, responses: ResponseContext) -> OutputFile? {
        let (route, template, values): (String, String, () -> [String: Any])
        switch job {
        case .home: (route, template, values) = (Routes.home, "home", { context.home() })
        case .briefingsIndex: (route, template, values) = (Routes.briefingsIndex, "briefings", { context.briefingsIndex() })
        case .themesIndex: (route, template, values) = (Routes.themesIndex, "themes", { context.themesIndex() })
        case .notFound:
            return reused("404.html") ? nil : OutputFile(path: "404.html", bytes: templates.renderData(context.notFound(), template: "404"))
        case .briefing(let i): (route, template, values) = (Routes.briefing(hub.briefings[i].slug), "briefing", { context.briefing(hub.briefings[i]) })
        case .theme(let i): (route, template, values) = (Routes.theme(hub.themes[i].slug), "theme", { context.theme(hub.themes[i]) })
        case .page(let i): (route, template, values) = (Routes.page(hub.pages[i].slug), "page", { context.page(hub.pages[i]) })
        case .briefingResponses(let i):
            (route, template, values) = (Routes.briefingResponses(hub.briefings[i].slug), "briefing-responses", { responses.briefingResponses(hub.briefings[i]) })
        case .respond(let i): (route, template, values) = (Routes.respond(hub.briefings[i].slug), "respond", { context.respond(hub.briefings[i]) })
        case .actions: (route, template, values) = (Routes.actions, "actions", { responses.actionsTracker() })
        case .organisations: (route, template, values) = (Routes.organisations, "organisations", { responses.organisationsIndex() })
        case .organisation(let slug, let name, let page):
            (route, template, values) = (Routes.organisation(slug, page: page), "organisation", { responses.organisation(slug: slug, name: name, page: page) })
        case .actionsGroup(let group, let page):
            (route, template, values) = (Routes.actionsGroup(group.slug, page: page), "actions-group", { responses.actionsGroupPage(group, page: page) })
        case .coverage: (route, template, values) = (Routes.responses, "responses", { responses.coverage() })
        case .dashboard: (route, template, values) = (Routes.dashboard, "dashboard", { responses.dashboard() })
        case .search: (route, template, values) = (Routes.search, "search", { context.searchPage() })
        case .aToZ: (route, template, values) = (Routes.aToZ, "a-z", { context.aToZ() })
        }
        let path = route + "index.html"
        return reused(path) ? nil : OutputFile(path: path, bytes: templates.renderData(values(), template: template))
    }
}

/// `sitemap.xml`. Search engines want absolute addresses; without `base_url` in hub.yml the
/// addresses are relative to the site's root, which intranet crawlers resolve against the sitemap's own address.
struct SitemapWriter {
    let hub: Hub
    /// Slugs of the organisation pages, as the response views found them.
    let organisations: [String]

    func xml() -> String {
        let base = hub.config.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        var entries: [(String, CalendarDate?)] = [(Routes.home, nil), (Routes.briefingsIndex, nil), (Routes.themesIndex, nil)]
        entries += hub.briefings.map { (Routes.briefing($0.slug), $0.published) }
        entries += hub.themes.map { (Routes.theme($0.slug), nil) }
        entries += hub.pages.map { (Routes.page($0.slug), nil) }
        entries += [(Routes.responses, nil), (Routes.dashboard, nil), (Routes.actions, nil), (Routes.organisations, nil)]
        entries += hub.briefings.map { (Routes.briefingResponses($0.slug), nil) }
        entries += hub.briefings.map { (Routes.respond($0.slug), nil) }
        entries += organisations.map { (Routes.organisation($0), nil) }
        entries += [(Routes.search, nil), (Routes.aToZ, nil)]
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for (route, date) in entries {
            out += "  <url><loc>\(HTMLEscaping.text(base + (route.isEmpty && base.isEmpty ? "./" : route)))</loc>"
            if let date { out += "<lastmod>\(date.iso)</lastmod>" }
            out += "</url>\n"
        }
        return out + "</urlset>\n"
    }
}

