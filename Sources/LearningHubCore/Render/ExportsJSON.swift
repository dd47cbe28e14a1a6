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

    /// The export as JSONEncoder writes it whole. With many responses, each is encoded on its own,
    /// on every core, and indented to its place in the list (pretty-printing indents by depth,
    /// no string holds a raw line break, and the blank line of an empty list has no indent): the same bytes (tested), in a fraction of the time.
    static func json(_ export: JSONExport) -> Data {
        guard export.responses.count >= 64,
              let asOf = try? encoder().encode(export.as_of) else {
            return ((try? encoder().encode(export)) ?? Data("{}".utf8)) + Data("\n".utf8)
        }
        let shared = encoder()
        let parts = ParallelResults<[UInt8]>.map(export.responses, chunk: 256) { response in
            var out: [UInt8] = []
            var lineStart = true
            for b in (try? shared.encode(response)) ?? Data("{}".utf8) {
                // Blank lines (inside an empty list) stay blank, as the whole encoder writes them.
                if lineStart, b != 0x0A { out += Array("    ".utf8) }
                out.append(b)
                lineStart = b == 0x0A
            }
            return out
        }
        var out = Array("{\n  \"as_of\" : ".utf8) + Array(asOf) + Array(",\n  \"responses\" : [\n".utf8)
        for (i, part) in parts.enumerated() {
            if i > 0 { out += Array(",\n".utf8) }
            out += part
        }
        out += Array("\n  ]\n}\n".utf8)
        return Data(out)
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
