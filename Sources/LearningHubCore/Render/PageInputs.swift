/// The parts of the model that pages show, each hashed once per build, from which `PageKind.all`
/// makes each page's key (what the page depends on). A rebuild skips a page whose key is the same as
/// in the last build: equal inputs give the same bytes.
///
/// A key may be broader than what its page shows (the page is then made again needlessly), never
/// narrower: IncrementalBuildTests compare a rebuild after every kind of change with a full build.
/// Hashes are compared within one process only (Swift's `Hasher` is seeded per process); with 64
/// bits, two different inputs of one page meet with odds of about one in 10^19. Strings hash by
/// Swift's equality, which is canonical equivalence: an edit that only changes a text's Unicode
/// normalization (a precomposed é for e and a combining accent) is not seen by a rebuild, though a
/// full build writes its bytes. No reader sees the difference.
struct PageInputs: Sendable {
    /// What every page shows: hub.yml, the free pages in the navigation and footer, theme names on cards.
    let chrome: Int
    /// The day overdue is judged on, and whether the summary pages warn that it is before the newest content.
    let asOf: Int
    /// Each briefing, whole.
    let briefing: [String: Int]
    /// Each briefing's card: what lists of briefings show of it.
    let card: [String: Int]
    /// Every briefing's card, in the order of the lists.
    let allCards: Int
    /// The latest five briefings' cards (the home page and the 404 page).
    let latestCards: Int
    /// Each briefing's title and points (what response pages and forms quote of it).
    let titleAndItems: [String: Int]
    /// Every briefing's slug and title, in order.
    let titles: Int
    /// Every briefing's title and points, in order.
    let allTitlesAndItems: Int
    /// Each theme's card: name, description and how many briefings it has.
    let themeCards: Int
    /// Every theme, whole.
    let themes: Int
    /// For each theme, the cards, points and theme points of the briefings it has, in order.
    let briefingsOfTheme: [String: Int]
    /// Every filed response, and the teams expected to respond.
    let responses: Int
    let expected: Int
    let responsesOfBriefing: [String: Int]
    let responseCount: [String: Int]
    let responsesOfOrganisation: [String: Int]
    let expectedOfOrganisation: [String: Int]
    /// For each organisation, the titles and points of the briefings its responses cite.
    let citedByOrganisation: [String: Int]
    /// The organisations the response forms suggest.
    let knownOrganisations: Int

    init(hub: Hub, knownOrganisations known: [String]) {
        chrome = Self.hash { h in
            h.combine(hub.config)
            for p in hub.pages { h.combine(p.slug); h.combine(p.title); h.combine(p.order) }
            for t in hub.themes { h.combine(t.slug); h.combine(t.name) }
        }
        asOf = Self.hash { h in
            h.combine(hub.asOf)
            h.combine(AsOfCheck.newest(hub).map { $0 > hub.asOf })
        }
        let whole = ParallelResults.map(hub.briefings, chunk: 64) { b in Self.hash { $0.combine(b) } }
        briefing = Dictionary(zip(hub.briefings.map(\.slug), whole), uniquingKeysWith: { first, _ in first })
        var card: [String: Int] = [:], titleAndItems: [String: Int] = [:]
        for b in hub.briefings {
            card[b.slug] = Self.hash { h in
                h.combine(b.slug); h.combine(b.title); h.combine(b.summary); h.combine(b.published); h.combine(b.reviewKind)
                h.combine(b.kind); h.combine(b.subject); h.combine(b.introduction); h.combine(b.themes); h.combine(b.readingMinutes)
                h.combine(b.findings.count); h.combine(b.recommendations.count); h.combine(b.items.count)
            }
            titleAndItems[b.slug] = Self.hash { h in h.combine(b.title); h.combine(b.items) }
        }
        self.card = card
        self.titleAndItems = titleAndItems
        allCards = Self.hash { h in for b in hub.briefings { h.combine(card[b.slug]) } }
        latestCards = Self.hash { h in h.combine(hub.briefings.count); for b in hub.briefings.prefix(5) { h.combine(card[b.slug]) } }
        titles = Self.hash { h in for b in hub.briefings { h.combine(b.slug); h.combine(b.title) } }
        allTitlesAndItems = Self.hash { h in for b in hub.briefings { h.combine(b.slug); h.combine(titleAndItems[b.slug]) } }

        var counts: [String: Int] = [:]
        var ofTheme: [String: Hasher] = [:]
        for b in hub.briefings {
            for t in b.themes {
                counts[t, default: 0] += 1
                ofTheme[t, default: Hasher()].combine(card[b.slug])
                ofTheme[t, default: Hasher()].combine(b.items)
                ofTheme[t, default: Hasher()].combine(b.themeItems[t])
            }
        }
        briefingsOfTheme = ofTheme.mapValues { $0.finalize() }
        themeCards = Self.hash { h in
            for t in hub.themes { h.combine(t.slug); h.combine(t.name); h.combine(t.description); h.combine(counts[t.slug] ?? 0) }
        }
        themes = Self.hash { h in h.combine(hub.themes) }

        let response = ParallelResults.map(hub.responses, chunk: 256) { r in Self.hash { $0.combine(r) } }
        responses = Self.hash { h in h.combine(response) }
        expected = Self.hash { h in h.combine(hub.expectedTeams) }
        var ofBriefing: [String: Hasher] = [:], count: [String: Int] = [:], ofOrganisation: [String: Hasher] = [:]
        var cited: [String: Set<String>] = [:]
        for (r, digest) in zip(hub.responses, response) {
            ofBriefing[r.briefing, default: Hasher()].combine(digest)
            count[r.briefing, default: 0] += 1
            ofOrganisation[r.organisationSlug, default: Hasher()].combine(digest)
            cited[r.organisationSlug, default: []].insert(r.briefing)
        }
        responsesOfBriefing = ofBriefing.mapValues { $0.finalize() }
        responseCount = count
        responsesOfOrganisation = ofOrganisation.mapValues { $0.finalize() }
        var expectedOf: [String: Hasher] = [:]
        for t in hub.expectedTeams { expectedOf[Slug.name(t.organisation), default: Hasher()].combine(t) }
        expectedOfOrganisation = expectedOf.mapValues { $0.finalize() }
        citedByOrganisation = cited.mapValues { slugs in
            Self.hash { h in for s in slugs.sorted() { h.combine(s); h.combine(titleAndItems[s]) } }
        }
        knownOrganisations = Self.hash { h in h.combine(known) }
    }

    static func hash(_ feed: (inout Hasher) -> Void) -> Int {
        var h = Hasher()
        feed(&h)
        return h.finalize()
    }
}
