import Foundation

/// What a `BuildSession` keeps of its last search index, so that a rebuild after an edit redoes
/// only what the edit touched. Without it every rebuild made the whole index again: at 4,000
/// briefings that was most of a rebuild's time.
///
/// Everything is reused only where the inputs are equal to last time (a briefing, a response, a
/// document, a term's postings), and equal inputs give equal outputs, so the files are byte for
/// byte those of a build without the cache (the incremental build tests compare them).
/// Unchanged parts share their storage with the last build, which makes comparing them cheap.
public final class SearchIndexCache: @unchecked Sendable {
    private let lock = NSLock()

    /// Each briefing's documents, with the briefing and theme names they were made from.
    private var briefingDocuments: [String: (briefing: Briefing, themeNames: [String: String], documents: [SearchDocument])] = [:]
    /// Each response's action documents, by `<briefing>/<organisation>--<team>`.
    private var responseDocuments: [String: (response: TeamResponse, briefing: Briefing, themeNames: [String: String],
                                              documents: [SearchDocument])] = [:]

    /// Whether each document of the index being made is the same as the one in its place last time.
    private var same: [Bool] = []
    /// The acronyms each document of the last index defines.
    private var lastDefinitions: [[(String, [String])]] = []

    /// Terms numbered for the life of the session.
    private var termIDs: [String: Int] = [:]
    private var terms: [String] = []
    /// The last index's documents, each one's scored terms (session numbers) and the acronyms they were read with.
    private var lastDocuments: [SearchDocument] = []
    private var lastScored: [[(Int, Int)]] = []
    private var lastAcronyms: [String: [String]] = [:]
    /// Each document's entry in the document shards, and the theme numbers it was written with.
    private var lastMeta: [String] = []
    private var lastThemeNumbers: [String: Int] = [:]
    /// Each term's encoded entry in its term shard, with the postings it encodes.
    private var encoded: [String: (postings: [SearchPosting], bytes: Data)] = [:]
    /// The files of the last index, by path.
    private var lastFiles: [String: Data] = [:]

    /// Whether the index's parts are kept for the next call. A one-off build keeps nothing: its peak
    /// memory is then that of making the index once (at 4,000 briefings, keeping made a one-off
    /// build's peak 516 MB instead of 363 MB).
    private let remembering: Bool

    public init(remembering: Bool = true) { self.remembering = remembering }

    /// The index's files for `hub`: those whose bytes differ from the last call's (all of them when
    /// `all`, or the first time), and the paths of every file of the index.
    public func files(for hub: Hub, all: Bool) -> (changed: [OutputFile], paths: [String]) {
        lock.lock()
        defer { lock.unlock() }
        guard remembering else {
            let files = SearchShardWriter().files(for: SearchIndexBuilder.build(hub))
            return (files, files.map(\.path))
        }
        let documents = SearchDocumentBuilder(hub: hub).documents(cache: self)
        // Which documents are the same as last time, by place: found once, used for every part.
        same = documents.withUnsafeBufferPointer { new in
            lastDocuments.withUnsafeBufferPointer { old in (0..<new.count).map { $0 < old.count && new[$0] == old[$0] } }
        }
        let index = SearchIndexBuilder.build(documents: documents, themes: hub.themes.map { ($0.slug, $0.name) }, cache: self)
        let files = SearchShardWriter().files(for: index, cache: self)
        let changed = all ? files : files.filter { lastFiles[$0.path] != $0.bytes }
        lastFiles = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { _, last in last })
        return (changed, files.map(\.path))
    }

    // MARK: used by the builders, under the lock taken in `files`

    /// Each briefing's documents, made again only for briefings that changed (or all, if a theme's name did).
    func briefingDocuments(_ briefings: [Briefing], themeNames: [String: String],
                           make: @escaping @Sendable (Briefing) -> [SearchDocument]) -> [[SearchDocument]] {
        var result: [[SearchDocument]?] = briefings.map { b in
            guard let cached = briefingDocuments[b.slug], cached.briefing == b, cached.themeNames == themeNames else { return nil }
            return cached.documents
        }
        let missing = result.indices.filter { result[$0] == nil }
        let made = ParallelResults<[SearchDocument]>.map(missing, chunk: 16) { make(briefings[$0]) }
        for (i, documents) in zip(missing, made) { result[i] = documents }
        var kept: [String: (briefing: Briefing, themeNames: [String: String], documents: [SearchDocument])] = [:]
        for (b, documents) in zip(briefings, result) { kept[b.slug] = (b, themeNames, documents ?? []) }
        briefingDocuments = kept
        return result.map { $0 ?? [] }
    }

    /// The action documents of every response, made again only for responses (or their briefings) that changed.
    func actionDocuments(_ responses: [TeamResponse], briefings: [String: Briefing], themeNames: [String: String],
                         make: @escaping @Sendable (TeamResponse, Briefing) -> [SearchDocument]) -> [[SearchDocument]] {
        var result: [[SearchDocument]?] = []
        var missing: [Int] = []
        for (i, r) in responses.enumerated() {
            guard let b = briefings[r.briefing] else { result.append([]); continue }
            if let cached = responseDocuments[Self.key(r)], cached.response == r, cached.briefing == b, cached.themeNames == themeNames {
                result.append(cached.documents)
            } else {
                result.append(nil)
                missing.append(i)
            }
        }
        // Every missing one has its briefing (checked above).
        let made = ParallelResults<[SearchDocument]>.map(missing, chunk: 64) { i in
            briefings[responses[i].briefing].map { make(responses[i], $0) } ?? []
        }
        var kept: [String: (response: TeamResponse, briefing: Briefing, themeNames: [String: String], documents: [SearchDocument])] = [:]
        for (i, documents) in zip(missing, made) { result[i] = documents }
        for (i, r) in responses.enumerated() {
            if let b = briefings[r.briefing], let documents = result[i] { kept[Self.key(r)] = (r, b, themeNames, documents) }
        }
        responseDocuments = kept
        return result.map { $0 ?? [] }
    }

    private static func key(_ r: TeamResponse) -> String { "\(r.briefing)/\(r.fileStem)" }

    /// The acronyms `documents` define, each document's definitions kept from last time where it is the same.
    func acronyms(_ documents: [SearchDocument]) -> [String: [String]] {
        var definitions: [[(String, [String])]?] = same.indices.map { same[$0] && $0 < lastDefinitions.count ? lastDefinitions[$0] : nil }
        let missing = definitions.indices.filter { definitions[$0] == nil }
        let made = ParallelResults<[(String, [String])]>.map(missing.map { documents[$0] }, SearchIndexBuilder.definitions)
        for (i, found) in zip(missing, made) { definitions[i] = found }
        lastDefinitions = definitions.map { $0 ?? [] }
        return SearchIndexBuilder.merge(lastDefinitions)
    }

    /// Postings by term for `documents`: each document's terms come from the last index when the
    /// document and the acronyms are the same as then, and are read again otherwise.
    func postings(_ documents: [SearchDocument], acronyms: [String: [String]],
                  score: @Sendable ([SearchDocument]) -> [[(String, Int)]]) -> [String: [SearchPosting]] {
        let sameAcronyms = acronyms == lastAcronyms
        var scored: [[(Int, Int)]?] = Array(repeating: nil, count: documents.count)
        if sameAcronyms {
            // Documents mostly keep their place; where one was added or removed, those after it are read again.
            for i in same.indices where same[i] { scored[i] = lastScored[i] }
        }
        let missing = scored.indices.filter { scored[$0] == nil }
        let fresh = score(missing.map { documents[$0] })
        for (i, terms) in zip(missing, fresh) {
            scored[i] = terms.map { term, score in
                if let id = termIDs[term] { return (id, score) }
                self.terms.append(term)
                termIDs[term] = self.terms.count - 1
                return (self.terms.count - 1, score)
            }
        }
        var lists = Array(repeating: [SearchPosting](), count: terms.count)
        for (document, terms) in scored.enumerated() {
            for (id, score) in terms ?? [] { lists[id].append(SearchPosting(document: document, score: score)) }
        }
        lastDocuments = documents
        lastScored = scored.map { $0 ?? [] }
        lastAcronyms = acronyms
        var postings: [String: [SearchPosting]] = [:]
        postings.reserveCapacity(terms.count)
        for (id, list) in lists.enumerated() where !list.isEmpty { postings[terms[id]] = list }
        return postings
    }

    /// Each document's entry for the document shards, kept from the last index where the document is the same.
    func metaEntries(_ documents: [SearchDocument], themeNumbers: [String: Int],
                     make: @escaping @Sendable (SearchDocument) -> String) -> [String] {
        var entries: [String?] = Array(repeating: nil, count: documents.count)
        if themeNumbers == lastThemeNumbers {
            for i in same.indices where same[i] && i < lastMeta.count { entries[i] = lastMeta[i] }
        }
        let missing = entries.indices.filter { entries[$0] == nil }
        let made = ParallelResults<String>.map(missing.map { documents[$0] }, make)
        for (i, entry) in zip(missing, made) { entries[i] = entry }
        lastMeta = entries.map { $0 ?? "" }
        lastThemeNumbers = themeNumbers
        return lastMeta
    }

    /// A term's encoded entry, kept from the last index when its postings are the same.
    func encodedEntry(term: String, postings: [SearchPosting], encode: () -> Data) -> Data {
        if let cached = encoded[term], cached.postings == postings { return cached.bytes }
        let bytes = encode()
        encoded[term] = (postings, bytes)
        return bytes
    }

    /// Drops the entries of terms no index has any more.
    func keepTerms(_ present: [String: [SearchPosting]]) {
        if encoded.count > present.count { encoded = encoded.filter { present[$0.key] != nil } }
    }
}
