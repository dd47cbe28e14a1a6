import CCmark
import Foundation

/// A link found in Markdown that points at another page of the hub (or at an anchor in this one),
/// kept so that the link checker can confirm the target and its anchor exist once every page is loaded.
public struct InternalLink: Sendable, Hashable {
    public var location: SourceLocation
    /// The route of the target page.
    public var targetRoute: String
    /// The content file the author named, for messages.
    public var written: String
    public var anchor: String?
}

/// What every Markdown body yields besides its HTML: the anchors it defines and the links it makes.
public struct MarkdownFacts: Sendable {
    public var anchors: Set<String> = []
    public var links: [InternalLink] = []
    public var wordCount = 0
}

/// Prepares a cmark tree for the hub: heading ids, links to `.md` files rewritten to the pages they
/// become, and every problem reported at its line in the original file.
struct MarkdownProcessor {
    /// The file as the author knows it, for messages (`Content/briefings/x.md`).
    let displayPath: String
    /// The same file relative to `Content/` (`briefings/x.md`), to resolve relative links.
    let contentPath: String
    /// The route of the page being written.
    let route: String
    /// Line of the original file on which the Markdown body starts.
    let firstLine: Int
    /// Every content file's route, keyed by its path relative to `Content/`.
    let routes: [String: String]

    /// The body's lines, to turn cmark's byte columns into the character columns editors show.
    let bodyLines: [Substring]

    init(displayPath: String, contentPath: String, route: String, firstLine: Int, routes: [String: String], body: String) {
        self.displayPath = displayPath
        self.contentPath = contentPath
        self.route = route
        self.firstLine = firstLine
        self.routes = routes
        self.bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func location(_ node: CmarkNode) -> SourceLocation {
        let line = max(node.startLine, 1)
        var column = node.startColumn
        if line <= bodyLines.count {
            let bytes = bodyLines[line - 1].utf8.prefix(max(column - 1, 0))
            column = (String(decoding: bytes, as: UTF8.self)).count + 1
        }
        return SourceLocation(path: displayPath, line: firstLine + line - 1, column: column)
    }

    /// Anchors the layouts themselves give; a heading must not take one of them.
    static let templateAnchors: Set<String> = ["main-content", "clock-heading", "respond-heading", "latest-heading",
                                                "themes-heading", "using-heading", "tally-heading", "discussions-heading", "actions-heading"]

    static func isTemplateAnchor(_ id: String) -> Bool {
        templateAnchors.contains(id) || id.hasPrefix("section-0") || id.hasPrefix("briefing-")
    }

    /// Rewrites links and gives headings at `minimumIdLevel` and below an id. Returns the anchors made.
    func prepare(_ root: CmarkNode, facts: inout MarkdownFacts, log: inout DiagnosticLog, headingIds: Bool = true) {
        for node in root.descendants() {
            switch node.type {
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                rewrite(node, isImage: node.type == CMARK_NODE_IMAGE, facts: &facts, log: &log)
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                // Comments are notes to other authors: dropped quietly. Any other HTML is dropped by
                // cmark's safe mode too, but the author should know it will not show.
                if (node.literal ?? "").trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("<!--") {
                    node.unlink()
                    node.free()
                } else {
                    log.warning(location(node), "raw HTML is left out of the page for safety; write it in Markdown instead")
                }
            default: break
            }
        }
        facts.wordCount += root.plainText.split(whereSeparator: { $0.isWhitespace }).count
        if headingIds {
            for node in root.descendants() where node.type == CMARK_NODE_HEADING {
                giveId(to: node, facts: &facts)
            }
        }
    }

    /// Replaces a heading with the same heading carrying an `id`, so it can be linked to.
    /// Returns the node that now stands in the heading's place; the heading itself is freed.
    @discardableResult
    func giveId(to heading: CmarkNode, facts: inout MarkdownFacts) -> CmarkNode? {
        let level = heading.headingLevel
        let base = Slug.make(heading.plainText)
        var id = base
        var n = 2
        // Numbered ids ("main-content-2") never clash with the layout's, so only the first try is checked against them.
        while facts.anchors.contains(id) || (id == base && Self.isTemplateAnchor(id)) {
            id = "\(base)-\(n)"
            n += 1
        }
        facts.anchors.insert(id)
        guard let block = CmarkNode.custom(block: true, enter: "<h\(level) id=\"\(id)\">", exit: "</h\(level)>") else { return nil }
        heading.insertBefore(block)
        heading.unlink()
        for child in heading.children {
            child.unlink()
            block.append(child)
        }
        heading.free()
        return block
    }

    private func rewrite(_ node: CmarkNode, isImage: Bool, facts: inout MarkdownFacts, log: inout DiagnosticLog) {
        guard let url = node.url, !url.isEmpty else { return }
        if Self.hasScheme(url) {
            if isImage {
                log.error(location(node), "the image '\(url)' is on another site; pages of the hub make no requests outside the intranet, so store images with the hub")
            }
            return
        }
        var (pathPart, fragment) = Self.splitFragment(url)
        if let f = fragment, Self.looksLikeItemID(f) {
            fragment = LearningItem.anchor(for: f)
            node.url = pathPart + "#" + (fragment ?? "")
        }
        if pathPart.isEmpty {
            if let fragment { facts.links.append(InternalLink(location: location(node), targetRoute: route, written: url, anchor: fragment)) }
            return
        }
        if pathPart.hasPrefix("/") {
            log.error(location(node), "the link '\(url)' starts with '/', which breaks when the hub is hosted under a sub-path; link to the page's .md file with a relative path instead")
            return
        }
        guard let resolved = Self.resolve(pathPart, against: contentPath) else {
            log.error(location(node), "the link '\(url)' climbs out of the content folder")
            return
        }
        guard resolved.hasSuffix(".md") else {
            log.error(location(node), "the link '\(url)' does not point at a page: link to another page by its .md file, like ../briefings/example.md")
            return
        }
        guard let target = routes[resolved] else {
            log.error(location(node), "the link '\(url)' points to '\(resolved)', which does not exist in the content folder")
            return
        }
        node.url = Routes.relative(from: route, to: target) + (fragment.map { "#\($0)" } ?? "")
        if let fragment {
            facts.links.append(InternalLink(location: location(node), targetRoute: target, written: url, anchor: fragment))
        }
    }

    /// `F2.1`, `R3`: an authors may link to a finding by its ID as shown on the page.
    static func looksLikeItemID(_ text: String) -> Bool {
        guard let first = text.first, first == "F" || first == "R", text.count > 1 else { return false }
        return text.dropFirst().allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } && text.contains(".")
    }

    static func splitFragment(_ url: String) -> (String, String?) {
        guard let hash = url.firstIndex(of: "#") else { return (url, nil) }
        return (String(url[..<hash]), String(url[url.index(after: hash)...]))
    }

    static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    /// Resolves `relative` against the folder of `base`, both relative to `Content/`; nil if it climbs out.
    static func resolve(_ relative: String, against base: String) -> String? {
        var parts = base.split(separator: "/").dropLast().map(String.init)
        for part in relative.removingPercentEncoding?.split(separator: "/") ?? relative.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}
