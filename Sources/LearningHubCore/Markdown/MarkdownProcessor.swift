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
    /// What each node of our own shows as text (a learning point's ID badge, a pipe table's cells),
    /// by `CmarkNode.key`, for `SearchText`; only while the file's tree lives.
    var customText: [UInt: String] = [:]
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

    /// The body, to turn cmark's byte columns into the character columns editors show.
    let body: String
    /// Where each line of the body starts, in UTF-8 bytes; nil when the body has a CR, whose "\r\n"
    /// would be one Character and so not a line end when the lines are split as Characters.
    let lineStarts: [Int]?

    /// `Content/files/`: the images and documents a link may point at, with their sizes.
    let files: [String: Int]

    init(displayPath: String, contentPath: String, route: String, firstLine: Int, routes: [String: String], body: String,
         files: [String: Int] = [:]) {
        self.files = files
        self.displayPath = displayPath
        self.contentPath = contentPath
        self.route = route
        self.firstLine = firstLine
        self.routes = routes
        self.body = body
        var text = body
        lineStarts = text.withUTF8 { bytes -> [Int]? in
            var starts = [0]
            for i in bytes.indices {
                if bytes[i] == 0x0A { starts.append(i + 1) } else if bytes[i] == 0x0D { return nil }
            }
            return starts
        }
    }

    func location(_ node: CmarkNode) -> SourceLocation {
        let line = max(node.startLine, 1)
        var column = node.startColumn
        if let text = bodyLine(line - 1) {
            let bytes = text.utf8.prefix(max(column - 1, 0))
            column = (String(decoding: bytes, as: UTF8.self)).count + 1
        }
        return SourceLocation(path: displayPath, line: firstLine + line - 1, column: column)
    }

    /// Line `index` (0-based) of the body, as splitting it on "\n" Characters gives it.
    func bodyLine(_ index: Int) -> Substring? {
        guard let lineStarts else {
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
            return index < lines.count ? lines[index] : nil
        }
        guard index < lineStarts.count else { return nil }
        let utf8 = body.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[index])
        let end = index + 1 < lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: lineStarts[index + 1] - 1) : utf8.endIndex
        return body[start..<end]
    }

    /// Whether splitting `text` on white space can be done one Unicode scalar at a time: true when
    /// every scalar is one that never joins its neighbours into a Character (ASCII other than CR,
    /// Latin letters and punctuation with their accents precomposed, general punctuation, spaces,
    /// currency signs). Then each scalar is a Character, white space exactly when the scalar is.
    static func scalarsAreCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let (v, length) = scalar(bytes, i)
            i += length
            if v < 0x80 { if v == 0x0D { return false } else { continue } }
            switch v {
            case 0xA0...0x2FF, 0x2000...0x200A, 0x2010...0x2029, 0x202F...0x205F, 0x20A0...0x20CF: continue
            default: return false
            }
        }
        return true
    }

    /// The scalar starting at `i` of valid UTF-8, and how many bytes it takes.
    @inline(__always) static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[i])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if lead < 0xF0 { return ((lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3) }
        return ((lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F), 4)
    }

    @inline(__always) static func isWhitespaceScalar(_ v: UInt32) -> Bool {
        v == 0x20 || (0x09...0x0D).contains(v) || v == 0xA0 || (0x2000...0x200A).contains(v)
            || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F
    }

    /// How many words: runs of Characters that are not white space (what splitting on white space counts).
    static func wordCount(_ text: String) -> Int {
        var text = text
        let fast: Int? = text.withUTF8 { bytes in
            guard scalarsAreCharacters(bytes) else { return nil }
            var count = 0
            var inWord = false
            var i = 0
            while i < bytes.count {
                let (v, length) = scalar(bytes, i)
                i += length
                if isWhitespaceScalar(v) { inWord = false } else if !inWord { inWord = true; count += 1 }
            }
            return count
        }
        if let fast { return fast }
        var count = 0
        var inWord = false
        for c in text {
            if c.isWhitespace { inWord = false } else if !inWord { inWord = true; count += 1 }
        }
        return count
    }

    /// The words of `text` joined by single spaces, as `split(whereSeparator: isWhitespace).joined(separator: " ")` gives.
    static func collapsingWhitespace(_ text: String) -> String {
        var text = text
        let fast: String? = text.withUTF8 { bytes in
            guard scalarsAreCharacters(bytes) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            var i = 0
            while i < bytes.count {
                let (v, length) = scalar(bytes, i)
                if isWhitespaceScalar(v) {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]))
                }
                i += length
            }
            return String(decoding: out, as: UTF8.self)
        }
        if let fast { return fast }
        var out = ""
        var pendingSpace = false
        for c in text {
            if c.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(c)
            }
        }
        return out
    }

    /// Anchors the layouts themselves give; a heading must not take one of them.
    static let templateAnchors: Set<String> = ["main-content", "clock-heading", "respond-heading", "latest-heading",
                                                "themes-heading", "using-heading", "tally-heading", "discussions-heading", "actions-heading",
                                                "site-search-q"]

    static func isTemplateAnchor(_ id: String) -> Bool {
        templateAnchors.contains(id) || id.hasPrefix("section-0") || id.hasPrefix("briefing-")
    }

    /// Rewrites links, reports raw HTML, renders pipe tables and, with `headingIds`, gives every
    /// heading an id (recorded in `facts.anchors`, with the links made and the words counted).
    func prepare(_ root: CmarkNode, facts: inout MarkdownFacts, log: inout DiagnosticLog, headingIds: Bool = true) {
        var html: [SourceLocation] = []
        for node in root.descendants() {
            switch node.type {
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                rewrite(node, isImage: node.type == CMARK_NODE_IMAGE, facts: &facts, log: &log)
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                // Comments are notes to other authors: dropped quietly. Any other HTML is dropped by
                // cmark's safe mode too, but the author should know it will not show.
                if (node.literal ?? "").trimmedWhitespaceAndNewlines().hasPrefix("<!--") {
                    node.unlink()
                    node.free()
                } else {
                    html.append(location(node))
                }
            default: break
            }
        }
        // Once per file: a file of HTML would otherwise bury every other message.
        if let first = html.first {
            let more = html.count > 1 ? " (here and in \(html.count - 1) more place\(html.count == 2 ? "" : "s") in this file, from line \(html[1].line))" : ""
            log.warning(first, "raw HTML is left out of the page for safety\(more); write it in Markdown instead")
        }
        facts.wordCount += Self.wordCount(root.plainText)
        PipeTable.render(in: root, facts: &facts) { bodyLine($0) }
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
        guard let block = CmarkNode.custom(block: true, enter: "<h\(level) id=\"\(id)\">", exit: "</h\(level)>", text: "", facts: &facts) else { return nil }
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
        if isImage, node.plainText.trimmedWhitespaceAndNewlines().isEmpty {
            log.error(location(node), "the image '\(node.url ?? "")' has no alt text; say what it shows between the brackets, like ![A timeline of the family's contact with services](...)")
        }
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
        if resolved.hasPrefix(ContentFiles.folder + "/") {
            guard let size = files[resolved] else {
                log.error(location(node), "the link '\(url)' points to '\(resolved)', which does not exist in the content folder")
                return
            }
            node.url = Routes.relative(from: route, to: resolved)
            // A reader should know what a link will download before following it.
            if !isImage, let kind = ContentFiles.describe(resolved, size: size), let note = CmarkNode.text(" (\(kind))") {
                node.insertAfter(note)
            }
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

    /// `F2.1`, `G3.2`: an author may link to a point by its ID as shown on the page.
    static func looksLikeItemID(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isUppercase, text.count > 1 else { return false }
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
