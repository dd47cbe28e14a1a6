import Yams

/// A response as read from any of its formats (YAML front matter, JSON, a CSV row), before
/// validation: plain values with the place each came from, so every problem can name its line.
public indirect enum RawValue: Sendable {
    case text(String, SourceLocation)
    case list([RawValue], SourceLocation)
    case fields([(name: String, value: RawValue, location: SourceLocation)], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .text(_, let l), .list(_, let l), .fields(_, let l): l
        }
    }

    /// The text of a scalar; nil for lists and groups.
    public var text: String? {
        if case .text(let t, _) = self { return t }
        return nil
    }

    public func field(_ name: String) -> RawValue? {
        guard case .fields(let entries, _) = self else { return nil }
        return entries.first { $0.name == name }?.value
    }

    /// Converts a Yams node, shifting its lines by `lineOffset` to match the original file.
    static func from(_ node: Node, path: String, lineOffset: Int) -> RawValue {
        let location = SourceLocation(path: path, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let s):
            return .text(node.null != nil ? "" : s.string, location)
        case .sequence(let seq):
            return .list(seq.map { from($0, path: path, lineOffset: lineOffset) }, location)
        case .mapping(let map):
            return .fields(map.map { k, v in
                let keyLocation = SourceLocation(path: path, line: (k.mark?.line ?? 1) + lineOffset, column: k.mark?.column ?? 1)
                return (k.string ?? "", from(v, path: path, lineOffset: lineOffset), keyLocation)
            }, location)
        case .alias:
            return .text("", location)
        }
    }
}
