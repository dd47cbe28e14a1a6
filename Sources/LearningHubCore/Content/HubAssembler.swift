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

        let themeSlugs = Set(themes.map(\.slug))
        let known = themeSlugs.sorted().joined(separator: ", ")
        for file in files {
            for ref in file.themeRefs where !themeSlugs.contains(ref.slug) {
                log.error(ref.location, "unknown theme '\(ref.slug)'; the themes are: \(known.isEmpty ? "(none yet: add one in Content/themes/)" : known)")
            }
            for link in file.facts.links {
                guard let anchor = link.anchor else { continue }
                if !(anchorsByRoute[link.targetRoute]?.contains(anchor) ?? false) {
                    log.error(link.location, "the link '\(link.written)' points to '#\(anchor)', which is not on that page; check the heading or the finding's ID")
                }
            }
        }

        // Newest first, then by slug, so the order never depends on the file system.
        briefings.sort { ($0.published, $1.slug) > ($1.published, $0.slug) }
        themes.sort { ($0.name.lowercased(), $0.slug) < ($1.name.lowercased(), $1.slug) }
        pages.sort { ($0.order, $0.slug) < ($1.order, $1.slug) }
        return Hub(config: config, briefings: briefings, themes: themes, pages: pages)
    }
}
