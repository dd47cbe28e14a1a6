/// Which files of the previous build a new build would make again with exactly the same bytes,
/// judged from the two models alone: what each kind of page shows (see `PageContext` and
/// `ResponseContext`) is compared between the old hub and the new one.
///
/// It errs one way only. A path it does not know (a page another part of the builder adds, such
/// as the search index's files) is never reused, and neither is anything when something every page shows
/// has changed (hub.yml, the free pages in the navigation, a theme's name, the templates). A
/// change it does not foresee can make it re-render a page needlessly, never keep a stale one; the
/// tests compare every kind of change against a full build.
struct PageReuse {
    let old: Hub
    let new: Hub

    /// The paths, among `previous`, whose bytes the new build would not change.
    func reusable(from previous: Set<String>) -> Set<String> {
        // Shown on every page: the header, navigation and footer, and briefing cards' theme names.
        guard old.config == new.config,
              old.pages.map({ [$0.slug, $0.title, String($0.order)] }) == new.pages.map({ [$0.slug, $0.title, String($0.order)] }),
              themeNames(old) == themeNames(new) else { return [] }
        let facts = Facts(old: old, new: new)
        return previous.filter { facts.isUnchanged($0) }
    }

    private func themeNames(_ hub: Hub) -> [String: String] {
        Dictionary(hub.themes.map { ($0.slug, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// What changed between the two hubs, worked out once.
    private struct Facts {
        let old: Hub, new: Hub
        /// Briefings added, removed or changed in any way.
        var changed = Set<String>()
        /// Briefings whose card (what lists of briefings show) changed, or that were added or removed.
        var cardChanged = Set<String>()
        /// Briefings whose title changed, or that were added or removed (response pages show titles).
        var titleChanged = Set<String>()
        /// Briefings whose findings and recommendations changed, or that were added or removed.
        var itemsChanged = Set<String>()
        let orderChanged: Bool
        let latestChanged: Bool
        var themesChanged = Set<String>()
        /// Themes that a briefing whose card or items changed has, before or after the change.
        var themesTouched = Set<String>()
        let themeCardsChanged: Bool
        let briefingSlugs: Set<String>
        let themeSlugs: Set<String>
        let pagesBySlug: ([String: Page], [String: Page])
        let asOfChanged: Bool
        let responsesChanged: Bool
        let expectedChanged: Bool
        var responsesByBriefingChanged = Set<String>()
        var responseCountChanged = Set<String>()
        var organisationsChanged = Set<String>()
        let organisationListChanged: Bool
        let organisationsWithExpectedTeams: Set<String>
        /// The briefings each organisation's responses are to.
        var citedByOrganisation: [String: Set<String>] = [:]
        let sitemapChanged: Bool
        /// The organisations the response forms offer as suggestions.
        let formOrganisationsChanged: Bool

        init(old: Hub, new: Hub) {
            self.old = old
            self.new = new
            let before = Dictionary(old.briefings.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
            let after = Dictionary(new.briefings.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
            for slug in Set(before.keys).union(after.keys) {
                guard let b = before[slug], let a = after[slug] else {
                    changed.insert(slug); cardChanged.insert(slug); titleChanged.insert(slug); itemsChanged.insert(slug)
                    continue
                }
                if a == b { continue }
                changed.insert(slug)
                if a.title != b.title { titleChanged.insert(slug) }
                if a.items != b.items { itemsChanged.insert(slug) }
                if a.title != b.title || a.summary != b.summary || a.published != b.published || a.reviewKind != b.reviewKind
                    || a.subject != b.subject || a.introduction != b.introduction || a.themes != b.themes || a.readingMinutes != b.readingMinutes
                    || a.items.count != b.items.count {
                    cardChanged.insert(slug)
                }
            }
            // A theme page shows each briefing's card and the items on the theme, not its sections.
            for slug in changed where cardChanged.contains(slug) || itemsChanged.contains(slug)
                || before[slug]?.themeItems != after[slug]?.themeItems {
                themesTouched.formUnion(before[slug]?.themes ?? [])
                themesTouched.formUnion(after[slug]?.themes ?? [])
            }
            orderChanged = old.briefings.map(\.slug) != new.briefings.map(\.slug)
            let latestBefore = old.briefings.prefix(5).map(\.slug), latestAfter = new.briefings.prefix(5).map(\.slug)
            latestChanged = latestBefore != latestAfter || !cardChanged.isDisjoint(with: latestBefore + latestAfter)
            briefingSlugs = Set(after.keys)

            let themesBefore = Dictionary(old.themes.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
            let themesAfter = Dictionary(new.themes.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
            for slug in Set(themesBefore.keys).union(themesAfter.keys) where themesBefore[slug] != themesAfter[slug] {
                themesChanged.insert(slug)
            }
            // A theme card: name, description, link and how many briefings it has.
            func cards(_ hub: Hub) -> [[String]] {
                var counts: [String: Int] = [:]
                for b in hub.briefings { for t in b.themes { counts[t, default: 0] += 1 } }
                return hub.themes.map { [$0.slug, $0.name, $0.description, String(counts[$0.slug] ?? 0)] }
            }
            themeCardsChanged = cards(old) != cards(new)
            themeSlugs = Set(themesAfter.keys)
            pagesBySlug = (Dictionary(old.pages.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first }),
                           Dictionary(new.pages.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first }))

            // Summary pages also warn when the day judged on is before the newest content (see AsOfCheck).
            func stale(_ hub: Hub) -> CalendarDate? { AsOfCheck.newest(hub).flatMap { $0 > hub.asOf ? $0 : nil } }
            asOfChanged = old.asOf != new.asOf || stale(old) != stale(new)
            responsesChanged = old.responses != new.responses
            expectedChanged = old.expectedTeams != new.expectedTeams
            if responsesChanged {
                let rb = Dictionary(grouping: old.responses, by: \.briefing), ra = Dictionary(grouping: new.responses, by: \.briefing)
                for slug in Set(rb.keys).union(ra.keys) where rb[slug] != ra[slug] {
                    responsesByBriefingChanged.insert(slug)
                    if rb[slug]?.count != ra[slug]?.count { responseCountChanged.insert(slug) }
                }
                let ob = Dictionary(grouping: old.responses, by: \.organisationSlug), oa = Dictionary(grouping: new.responses, by: \.organisationSlug)
                for slug in Set(ob.keys).union(oa.keys) where ob[slug] != oa[slug] { organisationsChanged.insert(slug) }
            }
            if expectedChanged {
                let eb = Dictionary(grouping: old.expectedTeams, by: { Slug.name($0.organisation) })
                let ea = Dictionary(grouping: new.expectedTeams, by: { Slug.name($0.organisation) })
                for slug in Set(eb.keys).union(ea.keys) where eb[slug] != ea[slug] { organisationsChanged.insert(slug) }
            }
            // The organisations, named as first seen (see ResponseContext).
            func organisations(_ hub: Hub) -> [String: String] {
                var names: [String: String] = [:]
                for r in hub.responses where names[r.organisationSlug] == nil { names[r.organisationSlug] = r.organisation }
                for t in hub.expectedTeams where names[Slug.name(t.organisation)] == nil { names[Slug.name(t.organisation)] = t.organisation }
                return names
            }
            let orgsBefore = organisations(old), orgsAfter = organisations(new)
            organisationListChanged = orgsBefore != orgsAfter
            for slug in Set(orgsBefore.keys).union(orgsAfter.keys) where orgsBefore[slug] != orgsAfter[slug] { organisationsChanged.insert(slug) }
            organisationsWithExpectedTeams = Set((old.expectedTeams + new.expectedTeams).map { Slug.name($0.organisation) })
            if !titleChanged.isEmpty || !itemsChanged.isEmpty {
                for r in new.responses { citedByOrganisation[r.organisationSlug, default: []].insert(r.briefing) }
            }
            formOrganisationsChanged = old.knownOrganisations != new.knownOrganisations
            sitemapChanged = old.briefings.map { [$0.slug, $0.published?.iso ?? ""] } != new.briefings.map { [$0.slug, $0.published?.iso ?? ""] }
                || old.themes.map(\.slug) != new.themes.map(\.slug) || old.pages.map(\.slug) != new.pages.map(\.slug)
                || organisationListChanged
        }

        /// Whether the file at `path` would come out of the new build with the same bytes.
        func isUnchanged(_ path: String) -> Bool {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            switch parts.count {
            case 1:
                switch path {
                case "index.html": return !latestChanged && !themeCardsChanged && !orderChanged && old.briefings.count == new.briefings.count
                    && old.pages.map { [$0.slug, $0.title, $0.summary ?? ""] } == new.pages.map { [$0.slug, $0.title, $0.summary ?? ""] }
                case "404.html": return !latestChanged
                case "sitemap.xml": return !sitemapChanged
                case "actions.csv": return !responsesChanged && !asOfChanged && titleChanged.isEmpty
                case "responses.json": return !responsesChanged && !asOfChanged
                default: return false
                }
            case 2 where parts[1] == "index.html":
                switch parts[0] {
                case "briefings": return !orderChanged && cardChanged.isEmpty
                case "themes": return !themeCardsChanged
                case "actions": return !responsesChanged && !asOfChanged && titleChanged.isEmpty
                // It shows each organisation's overdue count, which the day judged on changes.
                case "organisations": return !responsesChanged && !expectedChanged && !organisationListChanged && !asOfChanged
                case "responses": return !responsesChanged && !expectedChanged && !asOfChanged && !orderChanged && titleChanged.isEmpty
                // The A to Z lists every theme (name, description) and every briefing's title, summary
                // and items: at thousands of briefings the largest page, and unchanged by most edits.
                case "a-z": return themesChanged.isEmpty && cardChanged.isEmpty && itemsChanged.isEmpty
                // The search page: the kinds of result there are and the themes to filter by.
                case "search": return themesChanged.isEmpty && old.themes.map(\.slug) == new.themes.map(\.slug)
                    && old.pages.isEmpty == new.pages.isEmpty
                    && old.responses.contains { !$0.actions.isEmpty } == new.responses.contains { !$0.actions.isEmpty }
                default:
                    // A free page.
                    guard let before = pagesBySlug.0[parts[0]], let after = pagesBySlug.1[parts[0]] else { return false }
                    return before == after
                }
            case 3 where parts[0] == "briefings" && parts[2] == "response-template.md":
                // The blank response file names the briefing and lists its items.
                let slug = parts[1]
                return briefingSlugs.contains(slug) && !titleChanged.contains(slug) && !itemsChanged.contains(slug)
            case 3 where parts[2] == "index.html":
                let slug = parts[1]
                switch parts[0] {
                case "briefings":
                    return briefingSlugs.contains(slug) && !changed.contains(slug) && !responseCountChanged.contains(slug)
                case "themes":
                    return themeSlugs.contains(slug) && !themesChanged.contains(slug) && !themeCardsChanged && !themesTouched.contains(slug)
                case "organisations":
                    guard !organisationsChanged.contains(slug), !asOfChanged else { return false }
                    // Its responses show their briefings' titles and the words of the items they cite.
                    let cited = citedByOrganisation[slug] ?? []
                    if !cited.isDisjoint(with: titleChanged) || !cited.isDisjoint(with: itemsChanged) { return false }
                    // Its expected teams are listed against every briefing, by title.
                    if organisationsWithExpectedTeams.contains(slug), orderChanged || !titleChanged.isEmpty { return false }
                    return true
                default: return false
                }
            case 4 where parts[0] == "briefings" && parts[2] == "respond" && parts[3] == "index.html":
                // The response form shows the briefing's title and items, and the organisations the hub knows.
                let slug = parts[1]
                return briefingSlugs.contains(slug) && !titleChanged.contains(slug) && !itemsChanged.contains(slug) && !formOrganisationsChanged
            case 4 where parts[0] == "briefings" && parts[2] == "responses" && parts[3] == "index.html":
                let slug = parts[1]
                return briefingSlugs.contains(slug) && !changed.contains(slug) && !responsesByBriefingChanged.contains(slug) && !asOfChanged
            default:
                return false
            }
        }
    }
}
