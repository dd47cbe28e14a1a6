import Foundation

/// responses.json's records, made from the schema: every field it publishes, by its key.
extension Exports {
    func responsesJSON() -> Data {
        let responses = hub.responses.map { r in object(ResponseSchema.topSteps) { $0.value(r) } }
        return Self.json(JSONExport(as_of: hub.asOf.iso, responses: responses))
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The export in the bytes JSONEncoder writes with `encoder()` (pretty-printed, keys sorted,
    /// slashes as they are), written directly: JSONEncoder took 9 % of the CPU of a build with
    /// 50,000 responses. Each response is written on its own, on every core. ExportsFastPathTests
    /// hold it to JSONEncoder's bytes; the order of each object's keys is JSONEncoder's own
    /// (`KeyOrder`), so the two cannot sort differently.
    static func json(_ export: JSONExport) -> Data {
        let order = KeyOrder()
        // A piece of the list per 256 responses, each made on its own core; the pieces are put
        // together once, in a buffer of their size (the export is 90 MB at 50,000 responses).
        let responses = export.responses, chunk = 256
        let count = (responses.count + chunk - 1) / chunk
        let pieces = ParallelResults<[UInt8]>(count: count)
        Parallel.forEach(count) { c in
            var out: [UInt8] = []
            for i in (c * chunk)..<min(responses.count, (c + 1) * chunk) {
                if i > c * chunk { out += Array(",\n".utf8) }
                out += Array("    ".utf8)
                responses[i].write(into: &out, depth: 2, order: order)
            }
            pieces[c] = out
        }
        var head = Array("{\n  \"as_of\" : ".utf8)
        JSONText.append(export.as_of, to: &head, .encoder)
        head += Array(",\n  \"responses\" : [\n".utf8)
        let parts = pieces.values, tail = Array("\n  ]\n}\n".utf8)
        var data = Data(capacity: head.count + parts.reduce(0) { $0 + $1.count + 2 } + tail.count)
        data.append(contentsOf: head)
        for (i, part) in parts.enumerated() {
            if i > 0 { data.append(contentsOf: Array(",\n".utf8)) }
            data.append(contentsOf: part)
        }
        data.append(contentsOf: tail)
        return data
    }

    struct JSONExport: Encodable, Sendable {
        var as_of: String
        var responses: [JSONObject]
    }

    /// A JSON object: the members in the schema's order (the encoder sorts them by key).
    struct JSONObject: Encodable, Sendable {
        var members: [(key: String, value: JSONValue)] = []

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for m in members { try container.encode(m.value, forKey: Key(stringValue: m.key)) }
        }

        /// Writes the object as JSONEncoder's pretty printer does at `depth` (two spaces a level),
        /// the opening brace where the caller is.
        func write(into out: inout [UInt8], depth: Int, order: KeyOrder) {
            guard !members.isEmpty else {
                out += Array("{\n\n".utf8) + PrettyJSON.indent(depth) + [0x7D]
                return
            }
            out += Array("{\n".utf8)
            let inner = PrettyJSON.indent(depth + 1)
            for (n, i) in order.of(members.map(\.key)).enumerated() {
                if n > 0 { out += Array(",\n".utf8) }
                out += inner
                JSONText.append(members[i].key, to: &out, .encoder)
                out += Array(" : ".utf8)
                members[i].value.write(into: &out, depth: depth + 1, order: order)
            }
            out.append(0x0A)
            out += PrettyJSON.indent(depth)
            out.append(0x7D)
        }
    }

    /// The order JSONEncoder's `.sortedKeys` gives each list of keys, asked of JSONEncoder once
    /// per list (an object's keys are the schema's, so there are few lists) and remembered.
    final class KeyOrder: @unchecked Sendable {
        private let lock = NSLock()
        private var known: [[String]: [Int]] = [:]

        func of(_ keys: [String]) -> [Int] {
            if let order = lock.withLock({ known[keys] }) { return order }
            let probe = JSONObject(members: keys.map { ($0, .text("")) })
            let written = (try? Exports.encoder().encode(probe)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            // Each key as JSONEncoder wrote it, `"key" :`, found in its output: its place is its rank.
            let places = keys.enumerated().map { i, key -> (Int, Int) in
                var quoted: [UInt8] = []
                JSONText.append(key, to: &quoted, .encoder)
                let place = written.range(of: String(decoding: quoted + Array(" :".utf8), as: UTF8.self))
                return (place.map { written.utf8.distance(from: written.startIndex, to: $0.lowerBound) } ?? Int.max, i)
            }
            let order = places.sorted { $0 < $1 }.map(\.1)
            lock.withLock { known[keys] = order }
            return order
        }
    }

    enum JSONValue: Encodable, Sendable {
        case text(String)
        case texts([String])
        case objects([JSONObject])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let s): try container.encode(s)
            case .texts(let list): try container.encode(list)
            case .objects(let list): try container.encode(list)
            }
        }

        func write(into out: inout [UInt8], depth: Int, order: KeyOrder) {
            switch self {
            case .text(let s): JSONText.append(s, to: &out, .encoder)
            case .texts(let list): PrettyJSON.list(list.count, into: &out, depth: depth) { i, out in JSONText.append(list[i], to: &out, .encoder) }
            case .objects(let list):
                PrettyJSON.list(list.count, into: &out, depth: depth) { i, out in list[i].write(into: &out, depth: depth + 1, order: order) }
            }
        }
    }

    /// One record of a level as the export publishes it: contact details never, a team manager's
    /// name only when hub.yml allows and one is given, a date as YYYY-MM-DD when there is one, a
    /// due date as written and (`<key>_date`) as the day it means, and each action's group on the board.
    func object(_ steps: [ResponseField.Step], _ value: (ResponseField.Reader) -> FieldValue?) -> JSONObject {
        var made = JSONObject()
        func add(_ key: String, _ v: JSONValue) { made.members.append((key, v)) }
        for f in steps {
            guard let v = value(f.read) else { continue }
            switch f.audience {
            case .never: continue
            case .staffNames: guard hub.config.publishStaffNames else { continue }
            case .published: break
            }
            switch v {
            case .text(let s): if !(s.isEmpty && f.audience == .staffNames) { add(f.key, .text(s)) }
            case .date(let d): if let d { add(f.key, .text(d.iso)) }
            case .due(let d):
                add(f.key, .text(d?.written ?? ""))
                if let day = d?.date { add(f.key + "_date", .text(day.iso)) }
            case .status(let s): add(f.key, .text(s.rawValue))
            case .refs(let ids): add(f.key, .texts(ids))
            case .points(let points): add(f.key, .objects(points.map { p in object(ResponseSchema.learningPointSteps) { $0.value(p) } }))
            case .actions(let list):
                add(f.key, .objects(list.map { a in
                    var o = object(ResponseSchema.actionSteps) { $0.value(a) }
                    o.members.append(("group", .text(actions.tracker.group(a).rawValue)))
                    return o
                }))
            }
        }
        return made
    }
}

extension Exports.Column: ExpressibleByStringLiteral {
    /// A field's column by its key: `"what"`.
    init(stringLiteral key: String) { self = .field(Exports.step(key)) }
}

/// The pieces of JSON as JSONEncoder writes them (`Exports.encoder()`).
enum PrettyJSON {
    static func indent(_ depth: Int) -> [UInt8] { [UInt8](repeating: 0x20, count: depth * 2) }

    /// A list's items, each on its own line one level in; an empty list is a blank line.
    static func list(_ count: Int, into out: inout [UInt8], depth: Int, item: (Int, inout [UInt8]) -> Void) {
        out += Array("[\n".utf8)
        if count == 0 { out.append(0x0A) }
        let inner = indent(depth + 1)
        for i in 0..<count {
            if i > 0 { out += Array(",\n".utf8) }
            out += inner
            item(i, &out)
        }
        if count > 0 { out.append(0x0A) }
        out += indent(depth)
        out.append(0x5D)
    }
}
