import CYaml

/// Checks YAML (and JSON, which is YAML) that others wrote before any of it is built into a tree:
/// libyaml's events are read one at a time, nothing is expanded, and the reading stops at the first
/// thing over a limit. A few hundred bytes of anchors and aliases can stand for more nodes than
/// there is memory (an "alias bomb"), and deep nesting overflows the stack of any reader that
/// recurses, so neither ever reaches Yams' composer. No file the hub reads needs an anchor or an alias.
public struct YAMLGuard: Sendable {
    /// Lists and groups inside one another; a response form needs four.
    public var maximumDepth = 32
    /// Values, lists and groups in one document: a 1 MiB response can hold about 200,000.
    public var maximumNodes = 400_000
    /// Bytes in one value.
    public var maximumScalarBytes = 1 << 20

    public init() {}

    public struct Refusal: Error, Sendable {
        /// 1-based line and column in the text given.
        public var line: Int
        public var column: Int
        public var problem: String
    }

    /// Nil when the text is within the limits (or is not YAML at all: its syntax errors are left to Yams,
    /// which words them better).
    public func check(_ text: String) -> Refusal? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Refusal? in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0, nodes = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    // libyaml's own nesting limit, met while it looks ahead in a flow ("[[[[…"): the same refusal.
                    guard let problem = parser.problem, String(cString: problem).contains("nest") else { return nil }
                    return Refusal(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1, problem: Self.depthProblem(maximumDepth))
                }
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                func refuse(_ problem: String) -> Refusal {
                    Refusal(line: Int(mark.line) + 1, column: Int(mark.column) + 1, problem: problem)
                }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_ALIAS_EVENT:
                    return refuse("an alias ('*' and a name) repeats another part of the file; write the text out in full instead (response files and settings do not use anchors or aliases)")
                case YAML_SCALAR_EVENT:
                    if event.data.scalar.anchor != nil { return refuse(Self.anchorProblem) }
                    if event.data.scalar.length > maximumScalarBytes {
                        return refuse("one value here is \(event.data.scalar.length / 1024) KB, more than the \(maximumScalarBytes / 1024) KB a value may be")
                    }
                    nodes += 1
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchored = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                    if anchored != nil { return refuse(Self.anchorProblem) }
                    depth += 1
                    nodes += 1
                    if depth > maximumDepth {
                        return refuse(Self.depthProblem(maximumDepth))
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                default:
                    break
                }
                if nodes > maximumNodes {
                    return refuse("the file holds more than \(maximumNodes) values, lists and groups; it cannot be a response or a settings file")
                }
            }
        }
    }

    static func depthProblem(_ limit: Int) -> String {
        "lists and groups of fields are nested more than \(limit) deep here; a response or a settings file needs only a few levels"
    }

    static let anchorProblem = "an anchor ('&' and a name) marks a part of the file to repeat elsewhere; response files and settings do not use anchors or aliases, so write each value out in full"
}
