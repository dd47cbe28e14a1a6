import Foundation
import TemplateEngine

/// Renders every page and file that `PageKind.all` declares, in parallel.
///
/// Given the fingerprints of the previous build's pages, a page whose view fingerprints the same
/// (the same values for every name its template uses, with the same templates) is not rendered or
/// handed on: its file already holds those bytes. A file made without a template is fingerprinted by
/// its bytes. Nothing here knows which change touches which page, so a view that starts showing
/// something new needs no second place to say so.
public struct SiteRenderer: Sendable {
    public let templates: TemplateSet
    /// Render on every core (the default), or one page at a time; the bytes are the same.
    public var parallel = true
    /// Work out each page's fingerprint, for the next build to compare with. Off for a build that
    /// will not be followed by another, which then saves the hashing.
    var fingerprinting = false
    /// Each response's discussions and notes as HTML, made once and kept across builds of a session.
    var markup = ResponseMarkupCache()

    public init(templates: TemplateSet) { self.templates = templates }

    /// What a render made: the fingerprint of every page and file of the site (by path; nil when
    /// not fingerprinting), and how many it handed on.
    struct Result: Sendable {
        var fingerprints: [String: Int]
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
    /// made it, so that a writer can write it and let it go (see `SiteStream`). Pages whose
    /// fingerprint is in `previous` unchanged are skipped.
    func render(_ hub: Hub, previous: [String: Int]?, emit: @escaping @Sendable (OutputFile) -> Void) -> Result {
        var pageContext = PageContext(hub: hub)
        // Fragments that are the same on many pages: rendered once here, from their own partials.
        pageContext.blankActionsHTML = templates.renderFragment(pageContext.blankActionsFragment(), template: "respond-actions")
        let responses = ResponseContext(hub: hub, base: pageContext, markup: markup)
        let views = SiteViews(hub: hub, pages: pageContext, responses: responses, exports: Exports(hub: hub, actions: responses.actions))
        var pages: [(page: SitePage, template: String?)] = PageKind.all.flatMap { kind in kind.pages(views).map { ($0, kind.template) } }
        let sitemap = SitemapWriter(hub: hub, pages: pages.map(\.page))
        pages.append((SitePage(path: "sitemap.xml", content: .file { Data(sitemap.xml().utf8) }), nil))

        let list = pages
        let fingerprints = ParallelResults<Int>(count: list.count)
        let made = ParallelResults<Bool>(count: list.count)
        let fingerprinting = self.fingerprinting || previous != nil
        Parallel.forEach(list.count, parallel: parallel) { i in
            let (page, template) = list[i]
            let file: OutputFile?
            var fingerprint: Int?
            switch page.content {
            case .view(let make):
                let name = template ?? ""
                if fingerprinting, let prepared = templates.prepare(make(), template: name) {
                    fingerprint = prepared.fingerprint
                    file = previous?[page.path] == prepared.fingerprint ? nil : OutputFile(path: page.path, bytes: templates.renderData(prepared))
                } else {
                    file = OutputFile(path: page.path, bytes: templates.renderData(make(), template: name))
                }
            case .file(let make):
                let bytes = make()
                if fingerprinting {
                    var hasher = Hasher()
                    bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
                    fingerprint = hasher.finalize()
                }
                file = fingerprint != nil && previous?[page.path] == fingerprint ? nil : OutputFile(path: page.path, bytes: bytes)
            }
            if let fingerprint { fingerprints[i] = fingerprint }
            if let file {
                made[i] = true
                emit(file)
            }
        }
        var byPath: [String: Int] = [:]
        if fingerprinting {
            byPath.reserveCapacity(list.count)
            for i in list.indices { if let f = fingerprints[i] { byPath[list[i].page.path] = f } }
        }
        return Result(fingerprints: byPath, paths: list.map(\.page.path), made: made.values.count)
    }
}

/// `sitemap.xml`: the pages whose kind lists them (see `PageKind.all`), in that order. Search
/// engines want absolute addresses; without `base_url` in hub.yml the addresses are relative to the
/// site's root, which intranet crawlers resolve against the sitemap's own address.
struct SitemapWriter: Sendable {
    let hub: Hub
    let pages: [SitePage]

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

