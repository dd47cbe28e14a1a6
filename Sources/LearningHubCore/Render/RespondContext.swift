import TemplateEngine
/// The view of a briefing's response form (`briefings/<slug>/respond/`): the seed's form as a web
/// page. The page works without JavaScript as a printable blank form; Theme/assets/respond.js adds
/// validation, the saved draft, extra action rows and the download of the response file.
extension PageContext {
    /// How many blank action rows the page carries: what a printed blank form offers. The script
    /// keeps one to start with and lets the user add more.
    static let blankActionRows = 3

    func respond(_ b: Briefing) -> [String: Any] {
        let route = Routes.respond(b.slug)
        let root = Routes.rootPrefix(from: route)
        var c = base(route: route, title: "Respond to \(b.title)", section: "briefings")
        c["crumbs"] = [["label": "Briefings", "href": root + Routes.briefingsIndex],
                       ["label": b.title, "href": root + Routes.briefing(b.slug)]]
        c["briefing"] = briefingCard(b, root: root).value
        c["briefing_href"] = root + Routes.briefing(b.slug)
        c["template_href"] = root + Routes.responseTemplate(b.slug)
        c["template_file_name"] = ResponseTemplateFile.fileName(for: b)
        c["publish_staff_names"] = hub.config.publishStaffNames
        let subject = "Response to the 7-minute briefing: \(b.title)"
        c["email_subject"] = subject
        c["mailto_href"] = "mailto:\(hub.config.responsesEmail)?subject=\(Self.percentEncoded(subject))"
        c["organisations"] = knownOrganisations
        c["groups"] = symbols.list(pointGroups(b.items, href: root + Routes.briefing(b.slug)))
        c["has_points"] = !b.items.isEmpty
        c["actions"] = Self.blankActions
        c["blank_actions_html"] = blankActionsHTML
        return c
    }

    /// The blank action rows, each with `n` and `first`.
    static var blankActions: [[String: Any]] { (1...blankActionRows).map { n -> [String: Any] in ["n": n, "first": n == 1] } }

    /// What `respond-actions.mustache` receives. The blank action rows are the same on every
    /// briefing's form (and every form is at the same depth, so has the same `root`): the renderer
    /// renders them once per build and gives each form the HTML as `blank_actions_html`.
    func blankActionsFragment() -> [String: Any] {
        // Every form is at the same depth, so any slug gives the forms' root.
        let page = base(route: Routes.respond("any"), title: "", section: "briefings")
        return ["root": page["root"] ?? "", "site": page["site"] ?? [:], "actions": Self.blankActions]
    }

    /// For a mailto: query: everything but letters, digits and -._~ is percent-encoded (UTF-8).
    static func percentEncoded(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += byte < 16 ? "%0\(hex)" : "%\(hex)"
            }
        }
        return out
    }
}

extension Hub {
    /// Organisations the hub already knows (teams expected to respond, and those that have), offered
    /// on the response form as suggestions so that one organisation is not filed under several spellings.
    var knownOrganisations: [String] {
        var seen = Set<String>()
        var names: [String] = []
        for name in expectedTeams.map(\.organisation) + responses.map(\.organisation) {
            let key = name.lowercased()
            if !name.isEmpty, seen.insert(key).inserted { names.append(name) }
        }
        return names.sorted { $0.lowercased() < $1.lowercased() }
    }
}
