import Foundation
import TemplateEngine

/// Renders every page and file that `PageKind.all` declares, in parallel.
///
/// Given the keys of the previous build's pages, a page whose key is the same (what it depends on,
/// see `PageInputs`) is not rendered or handed on: its file already holds those bytes. Working out
/// a key reads the model only, so a rebuild costs what its changed pages cost, not what the site does.
public struct SiteRenderer: Sendable {
    public let templates: TemplateSet
    /// Render on every core (the default), or one page at a time; the bytes are the same.
    public var parallel = true
    /// Work out each page's key, for the next build to compare with. Off for a build that will not
    /// be followed by another.
    var keyed = false
    /// Each response's discussions and notes as HTML, made once and kept across builds of a session.
    var markup = ResponseMarkupCache()

    public init(templates: TemplateSet) { self.templates = templates }

    /// What a render made: the key of every page and file of the site (by path; empty when not
    /// keyed), and how many it handed on.
    struct Result: Sendable {
        var keys: [String: Int]
        var paths: [String]
        var made: Int
    }

    /// Every file of the site, sorted by path.
    public func render(_ hub: Hub) -> [OutputFile] {
        let files = ParallelResults<OutputFile>(count: 0)
        _ = render(hub, previous: nil) { files.append($0) }
        return files.values.sorted { $0.path < $1.path }
    }

    /// Renders the site and hands each file to `emit` as soon as it is made, from whichever core
    /// made it, so that a writer can write it and let it go (see `SiteStream`). Pages whose key is
    /// in `previous` unchanged are skipped.
    func render(_ hub: Hub, previous: [String: Int]?, emit: @escaping @Sendable (OutputFile) -> Void) -> Result {
        var pageContext = PageContext(hub: hub)
        pageContext.symbols = templates.viewSymbols
        // Fragments that are the same on many pages: rendered once here, from their own partials.
        pageContext.blankActionsHTML = templates.renderFragment(pageContext.blankActionsFragment(), template: "respond-actions")
        let responses = ResponseContext(hub: hub, base: pageContext, markup: markup, symbols: templates.viewSymbols)
        let views = SiteViews(hub: hub, pages: pageContext, responses: responses, exports: Exports(hub: hub, actions: responses.actions))
        var pages: [(page: SitePage, template: String?)] = PageKind.all.flatMap { kind in kind.pages(views).map { ($0, kind.template) } }
        let sitemap = SitemapWriter(hub: hub, pages: pages.map(\.page))
        let sitemapKey = sitemap.key
        pages.append((SitePage(path: "sitemap.xml", content: .file { Data(sitemap.xml().utf8) }, key: { _, h in h.combine(sitemapKey) }), nil))

        let list = pages
        let inputs = keyed || previous != nil ? PageInputs(hub: hub, knownOrganisations: pageContext.knownOrganisations) : nil
        let keys = ParallelResults<Int>(count: inputs == nil ? 0 : list.count)
        let made = ParallelResults<Bool>(count: list.count)
        Parallel.forEach(list.count, parallel: parallel) { i in
            let (page, template) = list[i]
            if let inputs {
                var hasher = Hasher()
                if template != nil { hasher.combine(inputs.chrome) }
                page.key(inputs, &hasher)
                let key = hasher.finalize()
                keys[i] = key
                if previous?[page.path] == key { return }
            }
            let bytes: Data
            switch page.content {
            case .view(let make): bytes = templates.renderData(make(), template: template ?? "")
            case .file(let make): bytes = make()
            }
            made[i] = true
            emit(OutputFile(path: page.path, bytes: bytes))
        }
        var byPath: [String: Int] = [:]
        if inputs != nil {
            byPath.reserveCapacity(list.count)
            for i in list.indices { if let key = keys[i] { byPath[list[i].page.path] = key } }
        }
        return Result(keys: byPath, paths: list.map(\.page.path), made: made.values.count)
    }
}

/// `sitemap.xml`: the pages whose kind lists them (see `PageKind.all`), in that order. Search
/// engines want absolute addresses; without `base_url` in hub.yml the addresses are relative to the
/// site's root, which intranet crawlers resolve against the sitemap's own address.
struct SitemapWriter: Sendable {
    let hub: Hub
    let pages: [SitePage]

    /// What the sitemap lists, hashed: its key.
    var key: Int {
        var h = Hasher()
        h.combine(hub.config.baseURL)
        for case let (route, date)? in pages.map(\.listed) { h.combine(route); h.combine(date) }
        return h.finalize()
    }

    func xml() -> String {
        let base = hub.config.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for case let (route, date)? in pages.map(\.listed) {
            out += "  <url><loc>\(HTMLEscaping.text(base + (route.isEmpty && base.isEmpty ? "./" : route)))</loc>"
            if let date { out += "<lastmod>\(date.iso)</lastmod>" }
            out += "</url>\n"
        }
        return out + "</urlset>\n"
    }
}

