import Foundation

/// Where each page of the hub lives in `Public/`. Every page is a folder with an `index.html`
/// ("pretty URLs"), and every link between pages is relative, so the site works under any sub-path.
public enum Routes {
    public static let home = ""
    public static let briefingsIndex = "briefings/"
    public static let themesIndex = "themes/"
    public static func briefing(_ slug: String) -> String { "briefings/\(slug)/" }
    public static func theme(_ slug: String) -> String { "themes/\(slug)/" }
    public static func page(_ slug: String) -> String { "\(slug)/" }
    public static func briefingResponses(_ slug: String) -> String { "briefings/\(slug)/responses/" }
    /// The response form for a briefing, and the blank response file it offers without JavaScript.
    public static func respond(_ slug: String) -> String { "briefings/\(slug)/respond/" }
    public static func responseTemplate(_ slug: String) -> String { "briefings/\(slug)/response-template.md" }
    public static let responses = "responses/"
    /// The board's dashboard: response rates, action status, overdue and due soon, month by month.
    public static let dashboard = "responses/dashboard/"
    public static let actions = "actions/"
    public static let organisations = "organisations/"
    public static func organisation(_ slug: String) -> String { "organisations/\(slug)/" }
    /// The search page (its index files are under `search/data/`) and the A to Z index.
    public static let search = "search/"
    public static let aToZ = "a-z/"

    /// Top-level folder names a free page may not take, because the builder writes them itself.
    public static let reserved: Set<String> = ["briefings", "themes", "assets", "responses", "actions",
                                                "organisations", "coverage", "search", "a-z", "404", "files"]

    /// The route of the page a content file becomes, from its path under `Content/`.
    public static func route(forContentPath path: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count == 2, parts[1].hasSuffix(".md") else { return nil }
        let slug = Slug.make(String(parts[1].dropLast(3)))
        switch parts[0] {
        case "briefings": return briefing(slug)
        case "themes": return theme(slug)
        case "pages": return page(slug)
        default: return nil
        }
    }

    /// `../` once for each folder of `route`: the way back to the site's root from that page.
    public static func rootPrefix(from route: String) -> String {
        let depth = route.split(separator: "/").count
        return depth == 0 ? "./" : String(repeating: "../", count: depth)
    }

    /// A relative link from the page at `from` to the page at `to`.
    public static func relative(from: String, to: String) -> String {
        let prefix = rootPrefix(from: from)
        return to.isEmpty ? prefix : (prefix == "./" ? to : prefix + to)
    }
}
