import Foundation
import Testing
@testable import LearningHubCore

/// Pairs from Porter's paper and the words the hub is searched for. `Tests/site/test_search.py` checks
/// `search.js` against the same list, so the browser stems queries as the builder stems the index.
let stemmingPairs: [(String, String)] = [
    ("meeting", "meet"), ("meetings", "meet"), ("strategy", "strategi"), ("strategies", "strategi"),
    ("graded", "grade"), ("care", "care"), ("caring", "care"), ("children", "children"), ("childs", "child"),
    ("caresses", "caress"), ("ponies", "poni"), ("ties", "ti"), ("cats", "cat"), ("feed", "feed"), ("agreed", "agre"),
    ("plastered", "plaster"), ("bled", "bled"), ("motoring", "motor"), ("sing", "sing"), ("conflated", "conflat"),
    ("troubled", "troubl"), ("sized", "size"), ("hopping", "hop"), ("falling", "fall"), ("hissing", "hiss"),
    ("fizzed", "fizz"), ("failing", "fail"), ("filing", "file"), ("happy", "happi"), ("sky", "sky"),
    ("relational", "relat"), ("conditional", "condit"), ("generalization", "gener"), ("sensitivities", "sensit"),
    ("triplicate", "triplic"), ("formative", "form"), ("formalize", "formal"), ("electrical", "electr"),
    ("hopeful", "hope"), ("goodness", "good"), ("revival", "reviv"), ("allowance", "allow"), ("inference", "infer"),
    ("airliner", "airlin"), ("adjustable", "adjust"), ("defensible", "defens"), ("irritant", "irrit"),
    ("replacement", "replac"), ("adjustment", "adjust"), ("dependent", "depend"), ("adoption", "adopt"),
    ("communism", "commun"), ("activate", "activ"), ("effective", "effect"), ("bowdlerize", "bowdler"),
    ("probate", "probat"), ("rate", "rate"), ("cease", "ceas"), ("controlling", "control"), ("roll", "roll"),
    ("safeguarding", "safeguard"), ("assessments", "assess"), ("professionals", "profession"),
    ("recommendations", "recommend"), ("neglected", "neglect"), ("dying", "dy"), ("as", "as"), ("gp", "gp"),
]

@Suite("Search: words and stems")
struct SearchTokenizerTests {
    @Test func wordsAreFoldedLowerCasedAndSplit() {
        #expect(SearchTokenizer.words("Multi-agency STRATEGY meetings") == ["multi", "agency", "strategy", "meetings"])
        // Accents go; apostrophes inside words go; one-letter words go.
        #expect(SearchTokenizer.words("Café naïve Renée a I x") == ["cafe", "naive", "renee"])
        #expect(SearchTokenizer.words("Ben's mother didn’t") == ["bens", "mother", "didnt"])
        // Trailing apostrophes and quotes end the word.
        #expect(SearchTokenizer.words("'quoted' parents' views") == ["quoted", "parents", "views"])
        // Numbers are words; a date splits at its hyphens.
        #expect(SearchTokenizer.words("July 2020, 2026-11-27") == ["july", "2020", "2026", "11", "27"])
    }

    @Test func findingAndRecommendationIDsStayWhole() {
        #expect(SearchTokenizer.words("See F2.1, F2-1 and R3.1.2.") == ["see", "f2.1", "f2.1", "and", "r3.1.2"])
        #expect(SearchTokenizer.words("(R3)") == ["r3"])
        // Only F and R IDs keep their dots: other words split.
        #expect(SearchTokenizer.words("v2.1 x2-3") == ["v2", "x2"])
    }

    @Test func termsDropStopWordsAndStemOnlyWords() {
        #expect(SearchTokenizer.terms("The strategy meetings of the partnership") == ["strategi", "meet", "partnership"])
        #expect(SearchTokenizer.terms("F2.1 and 2020") == ["f2.1", "2020"])
        #expect(SearchTokenizer.term(for: "the") == nil)
        #expect(SearchTokenizer.stopWords == SearchTokenizer.stopWords.sorted(), "keep the stop words sorted")
    }

    @Test(arguments: stemmingPairs)
    func porterStemming(_ pair: (String, String)) {
        #expect(PorterStemmer.stem(pair.0) == pair.1)
    }

    @Test func inflectionsShareAStem() {
        for group in [["meeting", "meetings", "meet"], ["strategy", "strategies"], ["assessment", "assessments"],
                      ["graded", "grade", "grades"], ["referral", "referrals"], ["neglect", "neglected", "neglecting"]] {
            #expect(Set(group.map(PorterStemmer.stem)).count == 1, "\(group) → \(group.map(PorterStemmer.stem))")
        }
    }
}

@Suite("Search: the index built from the seed hub")
struct SearchIndexTests {
    private func seedHub() throws -> Hub {
        let hub = try TempHub(copySeedContent: true)
        return try hub.pipeline.loadHub().0
    }

    @Test func everyKindOfDocumentIsIndexedWithItsAddress() throws {
        let hub = try seedHub()
        let docs = SearchDocumentBuilder(hub: hub).documents()
        let counts = Dictionary(grouping: docs, by: \.kind).mapValues(\.count)
        #expect(counts[.briefing] == 3)
        #expect(counts[.section] == hub.briefings.reduce(0) { $0 + $1.sections.count })
        #expect(docs.filter { $0.kind == .section && $0.url.hasPrefix("briefings/ben/") }.count == 7)
        // Nothing is a finding unless the author put it under a findings heading: only ben has one.
        #expect(counts[.finding] == 10)
        #expect(counts[.recommendation] == 6)
        #expect(counts[.point] == hub.briefings.reduce(0) { $0 + $1.items.count } - 16)
        #expect(counts[.theme] == 8)
        #expect(counts[.page] == hub.pages.count)
        #expect(counts[.action] == hub.responses.reduce(0) { $0 + $1.actions.count })
        // Grouped by kind, in SearchKind order.
        #expect(docs.map(\.kind) == docs.map(\.kind).sorted { SearchKind.allCases.firstIndex(of: $0)! < SearchKind.allCases.firstIndex(of: $1)! })

        let f21 = try #require(docs.first { $0.itemID == "F2.1" })
        #expect(f21.kind == .finding)
        #expect(f21.url == "briefings/ben/#F2-1")
        #expect(f21.title == "Advice of managers/supervisors is not sought.")
        #expect(f21.context == "Ben: bruising to a pre-school child supported under Child in Need")
        let r1 = try #require(docs.first { $0.itemID == "R1" })
        #expect(r1.kind == .recommendation && r1.url == "briefings/ben/#R1")
        // theme_items: R1 is on the Graded Care Profile theme only.
        #expect(r1.themes == ["graded-care-profile"])
        let k2 = try #require(docs.first { $0.itemID == "K2" })
        #expect(k2.kind == .point && k2.context == "Learning points. Margaret: self-neglect in an older woman living alone")
        let section = try #require(docs.first { $0.kind == .section && $0.url == "briefings/ben/#section-05" })
        #expect(section.title == "05 The findings")
        #expect(section.excerpt.contains("The Graded Care Profile is not effectively used"))
        #expect(!section.excerpt.contains("<"))
        let theme = try #require(docs.first { $0.kind == .theme && $0.title == "Strategy meetings" })
        #expect(theme.url == "themes/strategy-meetings/")
        let action = try #require(docs.first { $0.kind == .action })
        #expect(action.url.hasPrefix("briefings/ben/responses/#"))
        #expect(docs.allSatisfy { !$0.url.hasPrefix("/") && !$0.url.contains("..") })
    }

    @Test func titlesAndIDsOutweighBodyText() throws {
        let index = SearchIndexBuilder.build(try seedHub())
        func score(_ term: String, _ id: String) -> Int? {
            guard let doc = index.documents.firstIndex(where: { $0.itemID == id }) else { return nil }
            return index.postings[term]?.first { $0.document == doc }?.score
        }
        #expect(score("f2", "F2") == 12, "an item's ID")
        #expect(score("grade", "F2") == 10, "in the finding's own words (8), on its theme (2)")
        #expect(score("care", "F2") == 10)
        // "The GCP training package": the content defines GCP as the Graded Care Profile.
        #expect(index.acronyms["gcp"] == ["graded", "care", "profile"])
        #expect(score("grade", "R1") == 10)
        #expect(score("gcp", "F2") == 10, "and the written-out words find the acronym")
        // The briefing's title is context for its items: it narrows, it does not find.
        #expect(score("bruis", "F2") == 0)
        let briefing = try #require(index.documents.firstIndex { $0.kind == .briefing && $0.url == "briefings/ben/" })
        #expect((index.postings["bruis"]?.first { $0.document == briefing }?.score ?? 0) >= 8)
        // A word of running text only.
        let section = try #require(index.documents.firstIndex { $0.kind == .section && $0.url == "briefings/ben/#section-03" })
        #expect(index.postings["urin"]?.first { $0.document == section }?.score == 1)
        #expect(index.postings.values.allSatisfy { $0.allSatisfy { (0...15).contains($0.score) } })
        #expect(index.postings.values.allSatisfy { list in zip(list, list.dropFirst()).allSatisfy { $0.document < $1.document } })
    }

    @Test func stopWordsAreNotIndexed() throws {
        #expect(SearchTokenizer.terms(SearchTokenizer.stopWords.joined(separator: " ").uppercased()).isEmpty)
        let index = SearchIndexBuilder.build(try seedHub())
        // "The" is in every briefing; no term comes from it. ("having" stems to "have", which may be.)
        #expect(index.postings["the"] == nil && index.postings["of"] == nil && index.postings["and"] == nil)
    }
}

@Suite("Search: the shards")
struct SearchShardTests {
    private func seedIndex() throws -> SearchIndex {
        let hub = try TempHub(copySeedContent: true)
        return SearchIndexBuilder.build(try hub.pipeline.loadHub().0)
    }

    private func files(_ index: SearchIndex, termShardBytes: Int = 12_000, metaShardBytes: Int = 4_000) -> [String: Data] {
        var writer = SearchShardWriter()
        writer.termShardBytes = termShardBytes
        writer.metaShardBytes = metaShardBytes
        return Dictionary(uniqueKeysWithValues: writer.files(for: index).map { ($0.path, $0.bytes) })
    }

    private func manifest(_ files: [String: Data]) throws -> [String: Any] {
        let data = try #require(files["search/data/manifest.json"])
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func termShardsHoldEveryPostingOnceInTermOrder() throws {
        let index = try seedIndex()
        // Small shards, so that the seed hub needs many.
        let files = self.files(index, termShardBytes: 600)
        let firstTerms = try #require(try manifest(files)["term_shards"] as? [String])
        #expect(firstTerms.count > 10)
        var decoded: [String: [SearchPosting]] = [:]
        var order: [String] = []
        for (n, first) in firstTerms.enumerated() {
            let shard = SearchShardWriter.decodeShard(try #require(files["search/data/t/\(n).bin"]))
            #expect(shard.first?.term == first)
            #expect(shard.count == 1 || (files["search/data/t/\(n).bin"]?.count ?? 0) <= 600, "shard \(n) is too big")
            for (term, postings) in shard {
                #expect(decoded[term] == nil, "\(term) is in two shards")
                decoded[term] = postings
                order.append(term)
            }
        }
        #expect(files["search/data/t/\(firstTerms.count).bin"] == nil)
        #expect(order == index.sortedTerms)
        #expect(decoded == index.postings)
    }

    @Test func documentShardsFollowTheKindRanges() throws {
        let index = try seedIndex()
        let files = self.files(index, metaShardBytes: 700)
        let kinds = try #require(try manifest(files)["kinds"] as? [[String: Any]])
        #expect(kinds.map { $0["kind"] as? String } == SearchKind.allCases.map(\.rawValue))
        var seen = 0
        for kind in kinds {
            let name = try #require(kind["kind"] as? String)
            let start = try #require(kind["start"] as? Int), count = try #require(kind["count"] as? Int)
            let perShard = try #require(kind["per_shard"] as? Int)
            #expect(start == seen)
            seen += count
            for doc in start..<(start + count) {
                let path = "search/data/m/\(name)-\((doc - start) / perShard).json"
                let bytes = try #require(files[path])
                let shard = try #require(try JSONSerialization.jsonObject(with: bytes) as? [[Any]])
                let entry = shard[(doc - start) % perShard]
                #expect(entry[0] as? String == index.documents[doc].title)
                #expect(entry[1] as? String == index.documents[doc].url)
            }
        }
        #expect(seen == index.documents.count)
    }

    @Test func themeFiltersListTheTaggedDocuments() throws {
        let index = try seedIndex()
        let files = self.files(index)
        let themes = try #require(try manifest(files)["themes"] as? [[String: Any]])
        let n = try #require(themes.firstIndex { $0["slug"] as? String == "strategy-meetings" })
        var docs: [Int] = []
        var previous = 0, value = 0, shift = 0
        for byte in try #require(files["search/data/f/\(n).bin"]) {
            value |= Int(byte & 0x7F) << shift
            shift += 7
            if byte < 0x80 { previous += value; docs.append(previous); value = 0; shift = 0 }
        }
        let tagged = index.documents.enumerated().filter { $0.element.themes.contains("strategy-meetings") }.map(\.offset)
        #expect(docs == tagged)
        let ids = docs.compactMap { index.documents[$0].itemID }
        #expect(ids == ["F1", "F1.1", "R3"], "theme_items: strategy-meetings: [F1, F1.1, R3]")
        #expect(themes[n]["documents"] as? Int == docs.count)
    }

    @Test func theManifestIsSmallAndVersioned() throws {
        let files = self.files(try seedIndex())
        let manifest = try self.manifest(files)
        #expect((manifest["version"] as? String)?.count == 16)
        #expect(manifest["stop_words"] as? [String] == SearchTokenizer.stopWords)
        #expect((files["search/data/manifest.json"]?.count ?? .max) < 4_000)
    }

    @Test func theIndexIsByteIdenticalAcrossBuilds() throws {
        let one = files(try seedIndex())
        let two = files(try seedIndex())
        #expect(one.keys.sorted() == two.keys.sorted())
        for path in one.keys.sorted() { #expect(one[path] == two[path], "\(path) differs") }
    }

    /// Enough briefings that tokenising runs on several workers at once; the result must not depend on them.
    @Test func aLargeHubIndexesTheSameInParallel() throws {
        let hub = try TempHub()
        for n in 0..<40 {
            try hub.write("briefings/b\(n).md", Fixture.briefing(title: "Briefing \(n): strategy meetings", published: "2026-01-\(String(format: "%02d", n % 28 + 1))"))
        }
        let (model, _) = try hub.pipeline.loadHub()
        let documents = SearchDocumentBuilder(hub: model).documents()
        #expect(documents.count > 256)
        let parallel = SearchIndexBuilder.build(model)
        // One document at a time, in order.
        let expander = AcronymExpander(acronyms: SearchIndexBuilder.acronyms(in: documents))
        var serial: [String: [SearchPosting]] = [:]
        for (doc, d) in documents.enumerated() {
            for (term, score) in SearchIndexBuilder.scoredTerms(d, expander: expander) {
                serial[term, default: []].append(SearchPosting(document: doc, score: score))
            }
        }
        #expect(parallel.postings == serial)
        let a = SearchShardWriter().files(for: parallel).map(\.bytes)
        let b = SearchShardWriter().files(for: SearchIndexBuilder.build(model)).map(\.bytes)
        #expect(a == b)
    }
}

@Suite("Search: no contact details")
struct SearchPrivacyTests {
    @Test func contactDetailsAndTeamManagersNeverReachTheIndex() throws {
        let hub = try TempHub(copySeedContent: true)
        // A team that wrote its manager's name and contact details into an action.
        try hub.write("responses/ben/test-organisation--test-team.md", """
        ---
        briefing: "ben"
        organisation: "Test Organisation"
        team: "Test Team"
        team_manager: "Zelda Quartermaine"
        contact: "zelda.quartermaine@example.org"
        submitted: 2026-11-20
        learning:
        - refs: [F1]
          discussion: "We talked about strategy meetings."
        actions:
        - what: "Zelda Quartermaine to brief the team; questions to zelda.q@example.net or 01632 960999."
          who: "Zelda Quartermaine"
          by_when: "2026-12-31"
          done_when: "Ring ZELDA QUARTERMAINE on +44 1632 960 998 when done."
          worked_when: "Fewer re-referrals, checked on 2027-03-31."
          status: not started
          evidence: ""
        ---

        """)
        let (model, _) = try hub.pipeline.loadHub()
        let response = try #require(model.responses.first { $0.team == "Test Team" })
        #expect(response.actions.count == 1)
        let files = SearchIndexCache(remembering: false).files(for: model, all: true).changed
        let everything = files.map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: "\n").lowercased()
        var secrets = ["zelda", "quartermaine", "example.net", "960999", "960 998", "zelda.quartermaine@example.org"]
        for r in model.responses {
            secrets.append(r.contact.lowercased())
            if !r.teamManager.isEmpty { secrets.append(r.teamManager.lowercased()) }
        }
        for secret in secrets where !secret.isEmpty {
            #expect(!everything.contains(secret), "the index contains '\(secret)'")
        }
        // The terms too: the binary shards hold words, not just the JSON.
        let terms = files.filter { $0.path.contains("/t/") }.flatMap { SearchShardWriter.decodeShard($0.bytes).map(\.term) }
        #expect(!terms.contains("zelda") && !terms.contains("quartermain"))
        // The action is still found, by what it says, with its dates intact.
        let action = try #require(SearchDocumentBuilder(hub: model).documents().first { $0.context.hasPrefix("Test Organisation") })
        #expect(action.title == "[removed] to brief the team; questions to [removed] or [removed].")
        #expect(action.excerpt.contains("checked on 2027-03-31"))
    }
}

@Suite("Search: the pages")
struct SearchPageTests {
    @Test func theSearchAndAToZPagesAreBuiltAndListed() throws {
        let hub = try TempHub(copySeedContent: true)
        try hub.build()
        let search = try hub.page("search/index.html")
        #expect(search.contains(#"<script src="../assets/search.js" defer></script>"#))
        #expect(search.contains(#"data-index="../search/data/""#))
        #expect(search.contains(#"<a href="../a-z/">A to Z index</a>"#))
        #expect(search.contains(#"<input type="checkbox" id="search-kind-finding" name="kind" value="finding">"#))
        #expect(search.contains(#"<option value="graded-care-profile">Graded Care Profile</option>"#))
        // Only the search page loads the script; every page has the search box.
        let home = try hub.page("index.html")
        #expect(!home.contains("search.js"))
        #expect(home.contains(#"<form class="site-search" role="search" aria-label="Site" action="./search/" method="get">"#))
        #expect(try hub.page("briefings/ben/index.html").contains(#"action="../../search/""#))

        let az = try hub.page("a-z/index.html")
        #expect(az.contains(##"<a class="item-id" href="../briefings/ben/#F2-1">F2.1</a> Advice of managers/supervisors is not sought."##))
        #expect(az.contains(#"<h2 id="letter-b" class="a-z__letter">B</h2>"#))
        #expect(az.contains(##"<a href="#letter-g">G</a>"##))
        #expect(az.contains(#"<span class="a-z__empty">Z</span>"#))
        // Themes and briefings in one alphabetical run: Ben, then Graded Care Profile, Information sharing...
        let titles = try captures(#"<h3 class="a-z__title"><a href="[^"]+">([^<]+)</a>"#, in: az)
        #expect(titles.first == "Ben: bruising to a pre-school child supported under Child in Need")
        #expect(titles.count == 11)
        // Every citable point, grouped under its section's title.
        #expect(az.contains("<h4>Things to look out for</h4>"))
        #expect(az.contains(##"<a class="item-id" href="../briefings/margaret/#K2-1">K2.1</a> Record which decision was assessed"##))

        let sitemap = try hub.page("sitemap.xml")
        #expect(sitemap.contains("<loc>search/</loc>") && sitemap.contains("<loc>a-z/</loc>"))
        #expect(try hub.page("search/data/manifest.json").contains("\"documents\":"))
    }
}
