/// Puts the loaded files together into a `Hub` and checks what no single file can check alone:
/// slugs that clash, themes that do not exist, links to pages or anchors that do not exist.
/// Each check is a pass over sets built once, so its cost grows with the content, not with its square.
public struct HubAssembler {
    /// How the content folder is named in messages.
    public var displayRoot: String

    public init(displayRoot: String = "Content") { self.displayRoot = displayRoot }

    public func assemble(config: HubConfig, files: [LoadedFile], log: inout DiagnosticLog) -> Hub {
        var briefings: [Briefing] = []
        var themes: [Theme] = []
        var pages: [Page] = []
        var anchorsByRoute: [String: Set<String>] = [:]
        for file in files {
            log.append(contentsOf: file.diagnostics)
            anchorsByRoute[file.entry.route, default: []].formUnion(file.facts.anchors)
            switch file.model {
            case .briefing(let b): briefings.append(b)
            case .theme(let t): themes.append(t)
            case .page(let p): pages.append(p)
            case nil: break
            }
        }

        // Two files that become one page: the second would silently overwrite the first.
        let byRoute = Dictionary(grouping: files, by: { $0.entry.route })
        for (_, clash) in byRoute where clash.count > 1 {
            let names = clash.map { "\(displayRoot)/\($0.entry.contentPath)" }.sorted()
            for file in clash {
                let own = "\(displayRoot)/\(file.entry.contentPath)"
                let others = names.filter { $0 != own }.joined(separator: ", ")
                log.error(SourceLocation(path: own),
                          "two \(file.entry.kind.rawValue) have the slug '\(file.entry.slug)' (this file and \(others)); rename one of the files")
            }
        }

        // Briefings name themes by name or by slug; each is matched to a theme file case- and
        // accent-insensitively. A theme with no file still gets its page, and a warning.
        var slugByKey: [String: String] = [:]
        for t in themes {
            slugByKey[ThemeKey.make(t.name)] = slugByKey[ThemeKey.make(t.name)] ?? t.slug
            slugByKey[ThemeKey.make(t.slug)] = t.slug
        }
        var invented: [String: Theme] = [:]
        for file in files {
            for ref in file.themeRefs {
                let key = ThemeKey.make(ref.name)
                guard slugByKey[key] == nil, invented[key] == nil else { continue }
                invented[key] = Theme(slug: key, source: "", name: ref.name, description: "", html: "")
                log.warning(ref.location, "the theme '\(ref.name)' has no file; its page lists the points tagged with it, and you can describe it by creating \(displayRoot)/themes/\(key).md")
            }
        }
        themes += invented.values.sorted { $0.slug < $1.slug }
        for key in invented.keys { slugByKey[key] = key }
        briefings = briefings.map { b in
            var b = b
            b.themes = b.themes.map { slugByKey[$0] ?? $0 }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
            b.themeItems = Dictionary(b.themeItems.map { (slugByKey[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: +)
            return b
        }
        for file in files {
            for link in file.facts.links {
                guard let anchor = link.anchor else { continue }
                if !(anchorsByRoute[link.targetRoute]?.contains(anchor) ?? false) {
                    log.error(link.location, "the link '\(link.written)' points to '#\(anchor)', which is not on that page; check the heading or the point's ID")
                }
            }
        }

        // Newest first, then by slug, so the order never depends on the file system.
        briefings.sort { ($0.published ?? .distantPast, $1.slug) > ($1.published ?? .distantPast, $0.slug) }
        themes.sort { ($0.name.lowercased(), $0.slug) < ($1.name.lowercased(), $1.slug) }
        pages.sort { ($0.order, $0.slug) < ($1.order, $1.slug) }
        return Hub(config: config, briefings: briefings, themes: themes, pages: pages)
    }
}
