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
    /// The files kept beside the words in `Content/files/` (images, documents), by their path
    /// relative to `Content/` (`files/review.pdf`), with their size in bytes.
    public var files: [String: Int] = [:]

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
        return ContentInventory(entries: entries, routes: routes, files: ContentFiles.scan(contentDirectory))
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
    /// The themes a briefing names, as written (a name or a slug).
    public var themeRefs: [(name: String, location: SourceLocation)]
    public var diagnostics: [Diagnostic]
}

/// Reads one content file into the model. Pure: it touches nothing but the file it is given.
public struct ContentFileLoader: Sendable {
    public var contentDirectory: URL
    /// How paths are shown in messages (`Content`), so an editor can open them.
    public var displayRoot: String
    public var routes: [String: String]
    /// `ContentInventory.files`: what links to images and documents may point at.
    public var files: [String: Int] = [:]
    /// The section roles the hub knows (hub.yml's `section_roles` added to the built-in ones).
    public var vocabulary = RoleVocabulary()
    /// What a briefing with no `kind` is: from hub.yml's `partnership_type`.
    public var partnership = PartnershipType.children

    public init(contentDirectory: URL, displayRoot: String, routes: [String: String], config: HubConfig? = nil) {
        self.contentDirectory = contentDirectory
        self.displayRoot = displayRoot
        self.routes = routes
        if let config {
            vocabulary = config.vocabulary
            partnership = config.partnershipType
        }
    }

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
                                          firstLine: file.bodyFirstLine, routes: routes, body: file.body, files: files)
        switch entry.kind {
        case .briefing:
            let title = fields.string("title", describe: "the briefing's title")
            let published = fields.date("published", required: false)
            let summary = fields.string("summary", required: false) ?? ""
            let themes = fields.stringList("themes", required: false) ?? []
            for (name, location) in themes { result.themeRefs.append((name, location)) }
            let (kindText, kind) = BriefingFields.kind(&fields, partnership: partnership)
            let subject = BriefingFields.subject(&fields, kind: kind)
            var parser = BriefingBodyParser(processor: processor)
            parser.vocabulary = vocabulary
            parser.overrides = BriefingFields.sectionOverrides(&fields, vocabulary: vocabulary)
            let body = parser.parse(file.body, log: &fields.log)
            result.facts = body.facts
            let themeKeys = themes.map { ThemeKey.make($0.0) }
            let themeItems = Self.checkThemeItems(fields.listMapping("theme_items"), themes: Set(themeKeys),
                                                  ids: Set(body.items.map(\.id)), log: &fields.log)
            if let title {
                result.model = .briefing(Briefing(
                    slug: entry.slug, source: path, title: title, published: published, reviewKind: kindText, kind: kind,
                    subject: subject, themes: themeKeys, themeItems: themeItems, summary: summary,
                    introduction: body.introduction, sections: body.sections, items: body.items, wordCount: body.facts.wordCount))
            }
        case .theme:
            let name = fields.string("name", describe: "the theme's name, e.g. Strategy meetings")
            let description = fields.string("description", describe: "one or two sentences on what the theme covers")
            let body = PlainBodyRenderer(processor: processor).render(file.body, facts: &result.facts, log: &fields.log)
            if let name, let description {
                result.model = .theme(Theme(slug: entry.slug, source: path, name: name, description: description, html: body.html, text: body.text))
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
            let body = PlainBodyRenderer(processor: processor).render(file.body, facts: &result.facts, log: &fields.log)
            if let title {
                result.model = .page(Page(slug: entry.slug, source: path, title: title, summary: summary, order: order, html: body.html, text: body.text))
            }
        }
        fields.warnAboutUnknownFields()
        log.append(contentsOf: fields.log.diagnostics)
        result.diagnostics = log.diagnostics
        // Keyed by the addresses of nodes of a tree that is gone now.
        result.facts.customText = [:]
        return result
    }

    /// `theme_items` may only name themes the briefing lists and IDs its body defines.
    static func checkThemeItems(_ entries: [(key: String, location: SourceLocation, values: [(String, SourceLocation)])],
                                themes: Set<String>, ids: Set<String>, log: inout DiagnosticLog) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for entry in entries {
            let key = ThemeKey.make(entry.key)
            if !themes.contains(key) {
                log.error(entry.location, "'theme_items' names the theme '\(entry.key)', which is not in this briefing's 'themes' list")
            }
            for (id, location) in entry.values where !ids.contains(id) {
                log.error(location, "'theme_items' cites '\(id)', but this briefing has no point with that ID; the IDs are \(ids.sorted { $0.compare($1, options: .numeric) == .orderedAscending }.joined(separator: ", "))")
            }
            result[key, default: []] += entry.values.map(\.0)
        }
        return result
    }
}
