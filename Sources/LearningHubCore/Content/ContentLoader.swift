import Foundation

/// The content files found under `Content/`, before any is read, and the page each becomes.
/// Knowing every route first lets each file be loaded on its own, in parallel, with its links already resolved.
public struct ContentInventory: Sendable {
    public struct Entry: Sendable {
        public enum Kind: String, Sendable { case briefing = "briefings", theme = "themes", page = "pages" }
        public var kind: Kind
        /// Relative to `Content/`: `briefings/ben.md`.
        public var contentPath: String
        public var slug: String
        public var route: String
    }

    public var entries: [Entry]
    /// Every content file's route, keyed by its path relative to `Content/`.
    public var routes: [String: String]

    public static func scan(contentDirectory: URL) -> ContentInventory {
        var entries: [Entry] = []
        let fm = FileManager.default
        for kind in [Entry.Kind.briefing, .theme, .page] {
            let folder = contentDirectory.appendingPathComponent(kind.rawValue)
            let names = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".md") && !name.hasPrefix(".") {
                let contentPath = "\(kind.rawValue)/\(name)"
                guard let route = Routes.route(forContentPath: contentPath) else { continue }
                entries.append(Entry(kind: kind, contentPath: contentPath, slug: Slug.make(String(name.dropLast(3))), route: route))
            }
        }
        var routes: [String: String] = [:]
        for entry in entries { routes[entry.contentPath] = entry.route }
        return ContentInventory(entries: entries, routes: routes)
    }
}

/// One content file after loading: its model, the anchors it defines, the links it makes, its problems.
public struct LoadedFile: Sendable {
    public enum Model: Sendable {
        case briefing(Briefing)
        case theme(Theme)
        case page(Page)
    }

    public var entry: ContentInventory.Entry
    public var model: Model?
    public var facts: MarkdownFacts
    public var themeRefs: [(slug: String, location: SourceLocation)]
    public var diagnostics: [Diagnostic]
}

/// Reads one content file into the model. Pure: it touches nothing but the file it is given.
public struct ContentFileLoader: Sendable {
    public var contentDirectory: URL
    /// How paths are shown in messages (`Content`), so an editor can open them.
    public var displayRoot: String
    public var routes: [String: String]

    public func load(_ entry: ContentInventory.Entry) -> LoadedFile {
        let path = "\(displayRoot)/\(entry.contentPath)"
        var log = DiagnosticLog()
        var result = LoadedFile(entry: entry, model: nil, facts: MarkdownFacts(), themeRefs: [], diagnostics: [])
        let url = contentDirectory.appendingPathComponent(entry.contentPath)
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            result.diagnostics = [.error(SourceLocation(path: path), "the file could not be read as UTF-8 text; save it as UTF-8")]
            return result
        }
        let file: FrontMatterFile
        do {
            file = try FrontMatterFile.split(text, path: path)
        } catch {
            result.diagnostics = error.diagnostics
            return result
        }
        var fields = YAMLFields(yaml: file.yaml, path: path, firstLine: file.yamlFirstLine)
        let processor = MarkdownProcessor(displayPath: path, contentPath: entry.contentPath, route: entry.route,
                                          firstLine: file.bodyFirstLine, routes: routes, body: file.body)
        switch entry.kind {
        case .briefing:
            let title = fields.string("title", describe: "the briefing's title")
            let published = fields.date("published", required: true)
            let kind = fields.string("review_kind", describe: "the kind of review, e.g. Child Safeguarding Practice Review")
            let child = fields.string("child", describe: "the pseudonym the review gives the child")
            let summary = fields.string("summary", describe: "one line on what the briefing is about")
            let themes = fields.stringList("themes") ?? []
            for (slug, location) in themes { result.themeRefs.append((slug, location)) }
            if themes.isEmpty, fields.node("themes") != nil {
                fields.log.error(fields.location(of: "themes"), "a briefing needs at least one theme in 'themes'")
            }
            let body = BriefingBodyParser(processor: processor).parse(file.body, log: &fields.log)
            result.facts = body.facts
            let themeItems = Self.checkThemeItems(fields.listMapping("theme_items"), themes: Set(themes.map(\.0)),
                                                  ids: Set(body.items.map(\.id)), log: &fields.log)
            if let title, let published, let kind, let child, let summary {
                result.model = .briefing(Briefing(
                    slug: entry.slug, source: path, title: title, published: published, reviewKind: kind,
                    childPseudonym: child, themes: themes.map(\.0), themeItems: themeItems, summary: summary, sections: body.sections,
                    items: body.items, wordCount: body.facts.wordCount))
            }
        case .theme:
            let name = fields.string("name", describe: "the theme's name, e.g. Strategy meetings")
            let description = fields.string("description", describe: "one or two sentences on what the theme covers")
            let html = PlainBodyRenderer(processor: processor).render(file.body, facts: &result.facts, log: &fields.log)
            if let name, let description {
                result.model = .theme(Theme(slug: entry.slug, source: path, name: name, description: description, html: html))
            }
        case .page:
            let title = fields.string("title", describe: "the page's title")
            let summary = fields.string("summary", required: false)
            var order = 100
            if let text = fields.string("order", required: false) {
                if let n = Int(text) { order = n } else { fields.log.error(fields.location(of: "order"), "'order' should be a whole number, like 10") }
            }
            if Routes.reserved.contains(entry.slug) {
                fields.log.error(SourceLocation(path: path), "a page cannot be called '\(entry.slug)': the hub uses that address itself; rename the file")
            }
            let html = PlainBodyRenderer(processor: processor).render(file.body, facts: &result.facts, log: &fields.log)
            if let title {
                result.model = .page(Page(slug: entry.slug, source: path, title: title, summary: summary, order: order, html: html))
            }
        }
        fields.warnAboutUnknownFields()
        log.append(contentsOf: fields.log.diagnostics)
        result.diagnostics = log.diagnostics
        return result
    }

    /// `theme_items` may only name themes the briefing lists and IDs its body defines.
    static func checkThemeItems(_ entries: [(key: String, location: SourceLocation, values: [(String, SourceLocation)])],
                                themes: Set<String>, ids: Set<String>, log: inout DiagnosticLog) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for entry in entries {
            if !themes.contains(entry.key) {
                log.error(entry.location, "'theme_items' names the theme '\(entry.key)', which is not in this briefing's 'themes' list")
            }
            for (id, location) in entry.values where !ids.contains(id) {
                log.error(location, "'theme_items' cites '\(id)', but this briefing has no finding or recommendation with that ID; the IDs are \(ids.sorted { $0.compare($1, options: .numeric) == .orderedAscending }.joined(separator: ", "))")
            }
            result[entry.key] = entry.values.map(\.0)
        }
        return result
    }
}
