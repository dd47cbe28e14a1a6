import Foundation

/// A file of the finished site, relative to the output folder.
public struct OutputFile: Sendable {
    public var path: String
    public var bytes: Data
}

/// Renders every page of the hub from the model, in parallel, in a fixed order.
public struct SiteRenderer: Sendable {
    public let templates: TemplateSet

    public init(templates: TemplateSet) { self.templates = templates }

    enum Job: Sendable {
        case home, briefingsIndex, themesIndex, notFound
        case briefing(Int), theme(Int), page(Int)
        case briefingResponses(Int), actions, organisations, organisation(String, String), coverage
    }

    public func render(_ hub: Hub) -> [OutputFile] {
        let context = PageContext(hub: hub)
        let responses = ResponseContext(hub: hub, base: context)
        let jobs: [Job] = [.home, .briefingsIndex, .themesIndex, .notFound, .actions, .organisations, .coverage]
            + hub.briefings.indices.map(Job.briefing) + hub.themes.indices.map(Job.theme) + hub.pages.indices.map(Job.page)
            + hub.briefings.indices.map(Job.briefingResponses) + responses.organisations.map { Job.organisation($0.slug, $0.name) }
        let results = ParallelResults<OutputFile>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            results[i] = render(jobs[i], hub: hub, context: context, responses: responses)
        }
        let exports = Exports(hub: hub)
        return results.values + [
            OutputFile(path: "sitemap.xml", bytes: Data(SitemapWriter(hub: hub, organisations: responses.organisations.map(\.slug)).xml().utf8)),
            OutputFile(path: "actions.csv", bytes: exports.actionsCSV()),
            OutputFile(path: "responses.json", bytes: exports.responsesJSON()),
        ]
    }

    private func render(_ job: Job, hub: Hub, context: PageContext, responses: ResponseContext) -> OutputFile {
        let (route, template, values): (String, String, [String: Any])
        switch job {
        case .home: (route, template, values) = (Routes.home, "home", context.home())
        case .briefingsIndex: (route, template, values) = (Routes.briefingsIndex, "briefings", context.briefingsIndex())
        case .themesIndex: (route, template, values) = (Routes.themesIndex, "themes", context.themesIndex())
        case .notFound: return OutputFile(path: "404.html", bytes: Data(templates.render(context.notFound(), template: "404").utf8))
        case .briefing(let i): (route, template, values) = (Routes.briefing(hub.briefings[i].slug), "briefing", context.briefing(hub.briefings[i]))
        case .theme(let i): (route, template, values) = (Routes.theme(hub.themes[i].slug), "theme", context.theme(hub.themes[i]))
        case .page(let i): (route, template, values) = (Routes.page(hub.pages[i].slug), "page", context.page(hub.pages[i]))
        case .briefingResponses(let i):
            (route, template, values) = (Routes.briefingResponses(hub.briefings[i].slug), "briefing-responses", responses.briefingResponses(hub.briefings[i]))
        case .actions: (route, template, values) = (Routes.actions, "actions", responses.actionsTracker())
        case .organisations: (route, template, values) = (Routes.organisations, "organisations", responses.organisationsIndex())
        case .organisation(let slug, let name): (route, template, values) = (Routes.organisation(slug), "organisation", responses.organisation(slug: slug, name: name))
        case .coverage: (route, template, values) = (Routes.responses, "responses", responses.coverage())
        }
        return OutputFile(path: route + "index.html", bytes: Data(templates.render(values, template: template).utf8))
    }
}

/// Slots that parallel workers fill by index; each slot is written by exactly one worker.
final class ParallelResults<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    var values: [Value] { lock.withLock { storage.compactMap { $0 } } }
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
        entries += [(Routes.responses, nil), (Routes.actions, nil), (Routes.organisations, nil)]
        entries += hub.briefings.map { (Routes.briefingResponses($0.slug), nil) }
        entries += organisations.map { (Routes.organisation($0), nil) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for (route, date) in entries {
            out += "  <url><loc>\(XMLEscape.text(base + (route.isEmpty && base.isEmpty ? "./" : route)))</loc>"
            if let date { out += "<lastmod>\(date.iso)</lastmod>" }
            out += "</url>\n"
        }
        return out + "</urlset>\n"
    }
}

public enum XMLEscape {
    public static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
