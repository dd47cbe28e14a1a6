import Foundation

/// Writes the index as small files under `search/data/`, so that a query downloads only what it needs,
/// as Pagefind does:
///
/// - `manifest.json`: the kinds (each a range of document numbers), the themes, the first term of
///   every term shard, the stop words. A few kilobytes even for thousands of briefings.
/// - `t/<n>.bin`: term shards. Terms in byte order, cut into files of about `termShardBytes`; a
///   query reads the manifest to find the one file that can hold each of its terms.
///   Each term: varint length, the term's bytes, varint posting count, varint byte length, then
///   one varint per posting: (document − previous document) × 16 + score.
/// - `m/<kind>-<n>.json`: what a result shows (title, URL, context, excerpt, themes, ID), for a run
///   of documents of one kind; only the shards of the results on screen are fetched.
/// - `f/<n>.bin`: for the theme filter, the documents tagged with theme n, as varint gaps.
///
/// Every file is a pure function of the model: the same content gives the same bytes.
public struct SearchShardWriter {
    public static let folder = "search/data/"
    public var termShardBytes = 12_000
    public var metaShardBytes = 12_000
    /// How many term shards a query may read to complete the word being typed ("strat…").
    public var prefixShards = 3

    public init() {}

    public func files(for index: SearchIndex) -> [OutputFile] { files(for: index, cache: nil) }

    /// The same files; with a cache, terms whose postings and documents that did not change since
    /// its last index are not encoded again.
    func files(for index: SearchIndex, cache: SearchIndexCache?) -> [OutputFile] {
        var files: [OutputFile] = []

        // Term shards.
        var shardFirstTerms: [String] = []
        var shard = Data()
        func flushShard() {
            guard !shard.isEmpty else { return }
            files.append(OutputFile(path: Self.folder + "t/\(shardFirstTerms.count - 1).bin", bytes: shard))
            shard = Data()
        }
        for term in index.sortedTerms {
            let postings = index.postings[term] ?? []
            let entry = cache?.encodedEntry(term: term, postings: postings) { Self.encode(term: term, postings: postings) }
                ?? Self.encode(term: term, postings: postings)
            if shard.isEmpty || shard.count + entry.count > termShardBytes {
                flushShard()
                shardFirstTerms.append(term)
            }
            shard.append(entry)
        }
        flushShard()
        cache?.keepTerms(index.postings)

        // Document shards, per kind.
        let themeNumbers = Dictionary(index.themes.enumerated().map { ($1.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let meta: @Sendable (SearchDocument) -> String = { Self.metaEntry($0, themeNumbers: themeNumbers) }
        let allEntries = cache?.metaEntries(index.documents, themeNumbers: themeNumbers, make: meta)
        var kinds: [String] = []
        var start = 0
        for kind in SearchKind.allCases {
            let docs = index.documents[start...].prefix { $0.kind == kind }
            let entries = allEntries.map { Array($0[start..<(start + docs.count)]) } ?? ParallelResults<String>.map(docs, meta)
            let average = entries.isEmpty ? 1 : max(1, entries.reduce(0) { $0 + $1.utf8.count } / entries.count)
            let perShard = min(64, max(1, metaShardBytes / average))
            var n = 0
            while n * perShard < entries.count {
                let slice = entries[(n * perShard)..<min(entries.count, (n + 1) * perShard)]
                files.append(OutputFile(path: Self.folder + "m/\(kind.rawValue)-\(n).json",
                                        bytes: Data(("[\n" + slice.joined(separator: ",\n") + "\n]\n").utf8)))
                n += 1
            }
            kinds.append("{\"kind\":\(JSONText.string(kind.rawValue)),\"label\":\(JSONText.string(kind.label)),"
                         + "\"start\":\(start),\"count\":\(entries.count),\"per_shard\":\(perShard)}")
            start += docs.count
        }

        // Theme filters, all in one pass over the documents.
        var tagged = Array(repeating: [Int](), count: index.themes.count)
        for (doc, d) in index.documents.enumerated() {
            for slug in d.themes { if let n = themeNumbers[slug], tagged[n].last != doc { tagged[n].append(doc) } }
        }
        var themes: [String] = []
        for (n, theme) in index.themes.enumerated() {
            var bytes: [UInt8] = []
            var previous = 0
            for doc in tagged[n] {
                Self.appendVarint(doc - previous, to: &bytes)
                previous = doc
            }
            files.append(OutputFile(path: Self.folder + "f/\(n).bin", bytes: Data(bytes)))
            themes.append("{\"slug\":\(JSONText.string(theme.slug)),\"name\":\(JSONText.string(theme.name)),\"documents\":\(tagged[n].count)}")
        }

        // The version names this exact index, so a browser never mixes files of two builds.
        var hash = FNV1a()
        for file in files {
            hash.add(Data(file.path.utf8))
            hash.add(file.bytes)
        }
        let manifest = """
        {
        "version":\(JSONText.string(hash.hex)),
        "documents":\(index.documents.count),
        "prefix_shards":\(prefixShards),
        "kinds":[
        \(kinds.joined(separator: ",\n"))
        ],
        "themes":[
        \(themes.joined(separator: ",\n"))
        ],
        "stop_words":[\(SearchTokenizer.stopWords.map(JSONText.string).joined(separator: ","))],
        "term_shards":[\(shardFirstTerms.map(JSONText.string).joined(separator: ","))]
        }

        """
        return [OutputFile(path: Self.folder + "manifest.json", bytes: Data(manifest.utf8))] + files
    }

    /// `[title, url, context, excerpt, [theme numbers], id]`; the excerpt is left empty when it is
    /// the title again (a finding's words), and the ID when there is none.
    static func metaEntry(_ d: SearchDocument, themeNumbers: [String: Int]) -> String {
        // Written as bytes into one buffer: a String put together from six quoted Strings was most
        // of the time the document shards took (3 % of a 4,000-briefing build).
        var out: [UInt8] = []
        out.reserveCapacity(d.title.utf8.count + d.url.utf8.count + d.context.utf8.count + d.excerpt.utf8.count + 40)
        out.append(UInt8(ascii: "["))
        for text in [d.title, d.url, d.context, d.excerpt == d.title ? "" : d.excerpt] {
            JSONText.append(text, to: &out, .search)
            out.append(UInt8(ascii: ","))
        }
        out.append(UInt8(ascii: "["))
        var first = true
        for n in d.themes.compactMap({ themeNumbers[$0] }) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: String(n).utf8)
            first = false
        }
        out.append(contentsOf: "],".utf8)
        JSONText.append(d.itemID ?? "", to: &out, .search)
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func encode(term: String, postings: [SearchPosting]) -> Data {
        // On byte arrays: Data's append of one byte at a time was most of the term shards' time.
        var body: [UInt8] = []
        body.reserveCapacity(postings.count * 2)
        var previous = 0
        for p in postings {
            appendVarint((p.document - previous) * 16 + p.score, to: &body)
            previous = p.document
        }
        var out: [UInt8] = []
        out.reserveCapacity(term.utf8.count + body.count + 15)
        appendVarint(term.utf8.count, to: &out)
        out.append(contentsOf: term.utf8)
        appendVarint(postings.count, to: &out)
        appendVarint(body.count, to: &out)
        out.append(contentsOf: body)
        return Data(out)
    }

    static func appendVarint(_ value: Int, to bytes: inout [UInt8]) {
        var v = UInt64(value)
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Reads what `encode` wrote: for tests and tools.
    public static func decodeShard(_ data: Data) -> [(term: String, postings: [SearchPosting])] {
        let bytes = [UInt8](data)
        var i = 0
        func varint() -> Int {
            var value = 0, shift = 0
            while true {
                let b = bytes[i]
                i += 1
                value |= Int(b & 0x7F) << shift
                if b < 0x80 { return value }
                shift += 7
            }
        }
        var out: [(String, [SearchPosting])] = []
        while i < bytes.count {
            let length = varint()
            let term = String(decoding: bytes[i..<(i + length)], as: UTF8.self)
            i += length
            let count = varint()
            _ = varint()
            var previous = 0
            var postings: [SearchPosting] = []
            for _ in 0..<count {
                let v = varint()
                previous += v >> 4
                postings.append(SearchPosting(document: previous, score: v & 15))
            }
            out.append((term, postings))
        }
        return out
    }
}

/// A stable 64-bit fingerprint (Swift's Hasher is seeded per process): FNV-1a's constants, taken
/// eight bytes at a time.
struct FNV1a {
    var value: UInt64 = 0xcbf29ce484222325

    mutating func add(_ data: Data) {
        var v = value ^ UInt64(data.count)
        data.withUnsafeBytes { raw in
            let words = raw.count / 8
            for w in 0..<words {
                v = (v ^ raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self).littleEndian) &* 0x100000001b3
                v ^= v >> 29
            }
            for b in raw[(words * 8)...] { v = (v ^ UInt64(b)) &* 0x100000001b3 }
        }
        value = v
    }

    var hex: String { String(value, radix: 16).leftPadded(to: 16) }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
