import Foundation

/// One document a term occurs in, and how well it matches there (0 to 15).
public struct SearchPosting: Sendable, Equatable {
    public var document: Int
    /// 12 for an item's ID, 8 for a title (6 a section's, 4 an action's), 3 or 2 for a theme the
    /// document is tagged with, 1 to 3 for running text by how often the word occurs (only 1 if the
    /// word is in the title too); added up, at most 15. 0: only in the document's context (its briefing's title), which can narrow a
    /// query with several words but never finds a document on its own.
    public var score: Int
}

/// The inverted index of every document: terms (stemmed words) and where they occur.
public struct SearchIndex: Sendable {
    public var documents: [SearchDocument]
    /// Term → postings, in document order.
    public var postings: [String: [SearchPosting]]
    /// Acronyms the content defines, like "Graded Care Profile (GCP)": the acronym → its words.
    public var acronyms: [String: [String]]
    public var themes: [(slug: String, name: String)]

    /// The terms in the order the index files hold them: byte order, which is JavaScript's string order
    /// for these ASCII terms.
    public var sortedTerms: [String] { postings.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
}

/// Builds the index from the typed model (never from the rendered HTML).
public struct SearchIndexBuilder {
    public static let idScore = 12
    public static let maxScore = 15

    public static func build(_ hub: Hub) -> SearchIndex {
        build(documents: SearchDocumentBuilder(hub: hub).documents(), themes: hub.themes.map { ($0.slug, $0.name) })
    }

    public static func build(documents: [SearchDocument], themes: [(slug: String, name: String)]) -> SearchIndex {
        build(documents: documents, themes: themes, cache: nil)
    }

    /// The same index; with a cache, only documents that changed since its last index are read again.
    static func build(documents: [SearchDocument], themes: [(slug: String, name: String)], cache: SearchIndexCache?) -> SearchIndex {
        let acronyms = cache?.acronyms(documents) ?? self.acronyms(in: documents)
        let expander = AcronymExpander(acronyms: acronyms)
        if let cache {
            let postings = cache.postings(documents, acronyms: acronyms) { changed in
                let sliceSize = 256
                let slices = (changed.count + sliceSize - 1) / sliceSize
                let scored = ParallelResults<[[(String, Int)]]>(count: slices)
                Parallel.forEach(slices) { s in
                    let tokens = SearchTokenizer.Cache(special: expander.special)
                    var counter = TermCounter()
                    scored[s] = changed[(s * sliceSize)..<min(changed.count, (s + 1) * sliceSize)].map { document in
                        scoredTermIDs(document, expander: expander, cache: tokens, counter: &counter).map { (tokens.terms[$0.0], $0.1) }
                    }
                }
                return scored.values.flatMap { $0 }
            }
            return SearchIndex(documents: documents, postings: postings, acronyms: acronyms, themes: themes)
        }
        // Tokenising is most of the work: done in parallel, one slice of documents a worker, each
        // worker numbering the terms it meets; the numbers are made global when the slices are joined.
        let sliceSize = 256
        let slices = (documents.count + sliceSize - 1) / sliceSize
        let scored = ParallelResults<(terms: [String], documents: [[(Int, Int)]])>(count: slices)
        Parallel.forEach(slices) { s in
            let range = (s * sliceSize)..<min(documents.count, (s + 1) * sliceSize)
            let cache = SearchTokenizer.Cache(special: expander.special)
            var counter = TermCounter()
            let docs = documents[range].map { scoredTermIDs($0, expander: expander, cache: cache, counter: &counter) }
            scored[s] = (cache.terms, docs)
        }
        var globalIDs: [String: Int] = [:]
        var terms: [String] = []
        var lists: [[SearchPosting]] = []
        var document = 0
        for slice in scored.values {
            let global = slice.terms.map { term -> Int in
                if let id = globalIDs[term] { return id }
                terms.append(term)
                lists.append([])
                globalIDs[term] = terms.count - 1
                return terms.count - 1
            }
            for doc in slice.documents {
                for (id, score) in doc { lists[global[id]].append(SearchPosting(document: document, score: score)) }
                document += 1
            }
        }
        let postings = Dictionary(uniqueKeysWithValues: zip(terms, lists))
        return SearchIndex(documents: documents, postings: postings, acronyms: acronyms, themes: themes)
    }

    /// What one document's words add up to, per term number: reused from document to document.
    struct TermCounter {
        struct Hits { var seen = false, id = false, title = 0, themes = 0, body = 0 }
        var hits: [Hits] = []
        var touched: [Int] = []

        mutating func add(_ id: Int, _ role: SearchField.Role) {
            if id >= hits.count { hits += Array(repeating: Hits(), count: max(id + 1 - hits.count, 256)) }
            var h = hits[id]
            if !h.seen {
                h.seen = true
                touched.append(id)
            }
            switch role {
            case .id: h.id = true
            case .title(let weight): h.title = max(h.title, weight)
            case .themes(let weight): h.themes = max(h.themes, weight)
            case .body: h.body += 1
            case .context: break
            }
            hits[id] = h
        }

        /// Each term's score, and a fresh start.
        mutating func take() -> [(Int, Int)] {
            let out = touched.map { id -> (Int, Int) in
                let h = hits[id]
                // Running text counts by how often the word occurs, but adds little to a word already in the title.
                let body = h.body == 0 ? 0 : h.title > 0 || h.body == 1 ? 1 : h.body <= 3 ? 2 : 3
                return (id, min(maxScore, (h.id ? idScore : 0) + h.title + h.themes + body))
            }
            for id in touched { hits[id] = Hits() }
            touched.removeAll(keepingCapacity: true)
            return out
        }
    }

    static func scoredTermIDs(_ document: SearchDocument, expander: AcronymExpander, cache: SearchTokenizer.Cache,
                              counter: inout TermCounter) -> [(Int, Int)] {
        for field in document.fields where !field.text.isEmpty {
            expander.forEachTermID(field.text, cache: cache) { counter.add($0, field.role) }
        }
        return counter.take()
    }

    /// Each distinct term of a document with its score.
    static func scoredTerms(_ document: SearchDocument, expander: AcronymExpander) -> [(String, Int)] {
        let cache = SearchTokenizer.Cache(special: expander.special)
        var counter = TermCounter()
        return scoredTermIDs(document, expander: expander, cache: cache, counter: &counter).map { (cache.terms[$0.0], $0.1) }
    }

    /// "Words Of The Name (WOTN)": an acronym in capitals, in brackets, right after words whose initials
    /// spell it. The first definition in document order wins.
    static func acronyms(in documents: [SearchDocument]) -> [String: [String]] {
        merge(documents.map(definitions))
    }

    /// The first definition of each acronym, from each document's definitions in document order.
    static func merge(_ perDocument: [[(String, [String])]]) -> [String: [String]] {
        var found: [String: [String]] = [:]
        for definitions in perDocument {
            for (acronym, words) in definitions where found[acronym] == nil { found[acronym] = words }
        }
        return found
    }

    /// The acronyms one document defines, in the order it defines them.
    static func definitions(in d: SearchDocument) -> [(String, [String])] {
        var found: [(String, [String])] = []
        for field in d.fields where field.role != .context {
            let text = field.text
            guard text.utf8.contains(0x28) else { continue }
            let ns = text as NSString
            for match in definition.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let acronym = ns.substring(with: match.range(at: 1)).lowercased()
                let start = max(0, match.range.location - 200)
                let before = SearchTokenizer.words(ns.substring(with: NSRange(location: start, length: match.range.location - start)))
                let words = Array(before.suffix(acronym.count))
                if words.count == acronym.count, String(words.compactMap(\.first)) == acronym {
                    found.append((acronym, words))
                }
            }
        }
        return found
    }

    static let definition = try! NSRegularExpression(pattern: #"\(([A-Z]{3,6})\)"#)
}

/// Adds an acronym's words wherever the acronym is written in capitals, and the acronym wherever its
/// words are written out, so that "graded care" finds "the GCP training package" and "GCP" finds
/// "the Graded Care Profile".
struct AcronymExpander: Sendable {
    let acronyms: [String: [String]]
    /// First word of an expansion → (acronym, all its words).
    let byFirstWord: [String: [(String, [String])]]
    /// The acronyms and the first words of their expansions.
    let special: Set<String>

    init(acronyms: [String: [String]]) {
        self.acronyms = acronyms
        var first: [String: [(String, [String])]] = [:]
        for (acronym, words) in acronyms.sorted(by: { $0.key < $1.key }) { first[words[0], default: []].append((acronym, words)) }
        byFirstWord = first
        special = Set(acronyms.keys).union(first.keys)
    }

    /// The terms of `text`, with the acronyms' words and the written-out acronyms added.
    func terms(_ text: String) -> [String] {
        let cache = SearchTokenizer.Cache(special: special)
        var terms: [String] = []
        forEachTermID(text, cache: cache) { terms.append(cache.terms[$0]) }
        return terms
    }

    func forEachTermID(_ text: String, cache: SearchTokenizer.Cache, _ body: (Int) -> Void) {
        var expanding = false
        SearchTokenizer.forEachWord(text) { word, hash in
            let (id, special) = cache.lookup(word, hash: hash)
            if id >= 0 { body(id) }
            expanding = expanding || special
        }
        // Only a text with an acronym, or the first word of one written out, needs a second look.
        guard expanding else { return }
        let words = SearchTokenizer.words(text)
        var written: Set<String>?
        for (i, word) in words.enumerated() {
            if let expansion = acronyms[word] {
                written = written ?? Self.capitalised(text)
                if written!.contains(word) {
                    for w in expansion { if let t = SearchTokenizer.term(for: w) { body(cache.id(forTerm: t)) } }
                }
            }
            for (acronym, expansion) in byFirstWord[word] ?? [] where i + expansion.count <= words.count
                && Array(words[i..<(i + expansion.count)]) == expansion {
                if let t = SearchTokenizer.term(for: acronym) { body(cache.id(forTerm: t)) }
            }
        }
    }

    /// Words of 3 to 6 capital letters in `text` ("GCP"), lower-cased.
    static func capitalised(_ text: String) -> Set<String> {
        var found: Set<String> = []
        let bytes = Array(text.utf8)
        var i = 0
        func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b >= 0x80
        }
        while i < bytes.count {
            guard isWordByte(bytes[i]) else { i += 1; continue }
            var j = i
            while j < bytes.count && isWordByte(bytes[j]) { j += 1 }
            if (3...6).contains(j - i), bytes[i..<j].allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) {
                found.insert(String(decoding: bytes[i..<j], as: UTF8.self).lowercased())
            }
            i = j
        }
        return found
    }
}
