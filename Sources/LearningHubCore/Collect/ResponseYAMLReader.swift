/// A fast reader for the YAML that response files use: the collector's normalised records and the
/// forms teams fill in. It reads a small, strict subset (block mappings and sequences, one-line plain,
/// single- and double-quoted scalars, one-line flow sequences, literal `|` blocks) and gives up,
/// returning nil, on anything else, so the caller falls back to Yams for the full language and its
/// messages. Where it gives an answer it is the one Yams gives, places included (tested side by side):
/// Yams resolves a tag for every plain scalar with a regular expression to check for duplicate keys,
/// which made reading 50,000 records take most of a build.
struct ResponseYAMLReader {
    private let bytes: [UInt8]
    /// Start and end (exclusive, without the line feed) of each line.
    private let lines: [(start: Int, end: Int)]
    /// Whether the text ends with a line feed (the last line has a line break of its own).
    private let endsWithBreak: Bool
    private let path: String
    private let lineOffset: Int

    private init(bytes: [UInt8], path: String, lineOffset: Int) {
        self.bytes = bytes
        self.path = path
        self.lineOffset = lineOffset
        var lines: [(Int, Int)] = []
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            lines.append((start, i))
            start = i + 1
        }
        if start < bytes.count { lines.append((start, bytes.count)) }
        self.lines = lines
        endsWithBreak = bytes.last == 0x0A
    }

    /// The fields of a response, or nil when the text is not in the subset (Yams then reads it).
    static func parse(_ text: String, path: String, lineOffset: Int) -> RawValue? {
        let bytes = Array(text.utf8)
        guard allPrintable(bytes) else { return nil }
        let reader = ResponseYAMLReader(bytes: bytes, path: path, lineOffset: lineOffset)
        var line = reader.nextContentLine(from: 0)
        guard line < reader.lines.count, reader.indent(of: line) == 0 else { return nil }
        guard let root = reader.mapping(column: 0, line: &line, firstOffset: reader.lines[line].start, depth: 1) else { return nil }
        // Anything left over (a line less indented than the root cannot be) means text we did not read.
        guard reader.nextContentLine(from: line) == reader.lines.count else { return nil }
        return root
    }

    /// Only characters YAML accepts in a stream, and no tabs or carriage returns (the subset has none).
    private static func allPrintable(_ b: [UInt8]) -> Bool {
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 {
                if (c < 0x20 && c != 0x0A) || c == 0x7F { return false }
            } else if c == 0xC2 {
                // U+0080 to U+009F are control characters (U+0085 is a line break in YAML).
                if i + 1 < b.count, b[i + 1] < 0xA0 { return false }
            } else if c == 0xEF, i + 2 < b.count {
                // U+FEFF (a byte-order mark inside the text), U+FFFE and U+FFFF.
                if b[i + 1] == 0xBB && b[i + 2] == 0xBF { return false }
                if b[i + 1] == 0xBF && (b[i + 2] == 0xBE || b[i + 2] == 0xBF) { return false }
            } else if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 {
                return false // U+2028 and U+2029 are line breaks in YAML 1.1
            }
            i += 1
        }
        return true
    }

    // MARK: lines and places

    private func indent(of line: Int) -> Int {
        var i = lines[line].start
        while i < lines[line].end, bytes[i] == 0x20 { i += 1 }
        return i - lines[line].start
    }

    /// A line with nothing on it but spaces, or a comment.
    private func isBlankOrComment(_ line: Int) -> Bool {
        let first = lines[line].start + indent(of: line)
        return first == lines[line].end || bytes[first] == 0x23
    }

    private func nextContentLine(from line: Int) -> Int {
        var l = line
        while l < lines.count, isBlankOrComment(l) { l += 1 }
        return l
    }

    /// Yams' place for a byte on a line: lines from 1, columns in characters from 1.
    private func location(line: Int, offset: Int) -> SourceLocation {
        var column = 1
        var i = lines[line].start
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(path: path, line: line + 1 + lineOffset, column: column)
    }

    private func text(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }

    // MARK: block structure

    /// A block mapping whose keys start at `column`; the first key is at `firstOffset` on `line`
    /// (after "- " for a mapping in a sequence). Leaves `line` at the first line after it.
    private func mapping(column: Int, line: inout Int, firstOffset: Int, depth: Int) -> RawValue? {
        // Deeper than any response: left to Yams, behind `YAMLGuard`, rather than recursing on.
        guard depth <= YAMLGuard().maximumDepth else { return nil }
        var entries: [(name: String, value: RawValue, location: SourceLocation)] = []
        var names = Set<String>()
        var offset = firstOffset
        let start = location(line: line, offset: firstOffset)
        while true {
            guard let (name, colon) = key(line: line, at: offset), names.insert(name).inserted else { return nil }
            let keyLocation = location(line: line, offset: offset)
            guard let value = value(afterColon: colon, column: column, line: &line, depth: depth) else { return nil }
            entries.append((name, value, keyLocation))
            let next = nextContentLine(from: line)
            guard next < lines.count else { line = next; break }
            let nextIndent = indent(of: next)
            if nextIndent < column { line = next; break }
            // A key indented more or less than its siblings, or a "- " at this level, is not in the subset.
            guard nextIndent == column else { return nil }
            line = next
            offset = lines[next].start + column
            if bytes[offset] == 0x2D { return nil }
        }
        return .fields(entries, start)
    }

    /// A plain key (letters, digits, `_` and `-`) and the offset of the colon after it.
    private func key(line: Int, at offset: Int) -> (String, Int)? {
        let end = lines[line].end
        var i = offset
        guard i < end, isKeyStart(bytes[i]) else { return nil }
        while i < end, isKeyByte(bytes[i]) { i += 1 }
        guard i < end, bytes[i] == 0x3A, i + 1 == end || bytes[i + 1] == 0x20 else { return nil }
        return (text(offset, i), i)
    }

    private func isKeyStart(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F }
    private func isKeyByte(_ c: UInt8) -> Bool { isKeyStart(c) || (c >= 0x30 && c <= 0x39) || c == 0x2D }

    /// The value after a key's colon: on the same line, or a block on the lines below, or nothing.
    private func value(afterColon colon: Int, column: Int, line: inout Int, depth: Int) -> RawValue? {
        let end = lines[line].end
        var i = colon + 1
        while i < end, bytes[i] == 0x20 { i += 1 }
        if i < end {
            if bytes[i] == 0x7C { return literal(at: i, parentColumn: column, line: &line) }
            guard let value = scalarOrFlow(line: line, at: i, end: end, inFlow: false) else { return nil }
            line += 1
            return value
        }
        // Nothing on the line: a sequence or mapping below it, or an empty value (Yams' null, placed
        // just after the colon).
        let next = nextContentLine(from: line + 1)
        if next < lines.count {
            let nextIndent = indent(of: next)
            let first = lines[next].start + nextIndent
            let isDash = bytes[first] == 0x2D && (first + 1 == lines[next].end || bytes[first + 1] == 0x20)
            if isDash, nextIndent >= column {
                line = next
                return sequence(column: nextIndent, line: &line, depth: depth + 1)
            }
            if nextIndent > column {
                line = next
                return mapping(column: nextIndent, line: &line, firstOffset: first, depth: depth + 1)
            }
        }
        let empty = RawValue.text("", location(line: line, offset: colon + 1))
        line += 1
        return empty
    }

    /// A block sequence whose dashes are at `column`, starting on `line`.
    private func sequence(column: Int, line: inout Int, depth: Int) -> RawValue? {
        let start = location(line: line, offset: lines[line].start + column)
        var items: [RawValue] = []
        while true {
            let dash = lines[line].start + column
            let end = lines[line].end
            guard bytes[dash] == 0x2D, dash + 1 < end, bytes[dash + 1] == 0x20 else { return nil }
            var i = dash + 1
            while i < end, bytes[i] == 0x20 { i += 1 }
            guard i < end, bytes[i] != 0x23, bytes[i] != 0x7C else { return nil }
            if key(line: line, at: i) != nil {
                guard let item = mapping(column: i - lines[line].start, line: &line, firstOffset: i, depth: depth + 1) else { return nil }
                items.append(item)
            } else {
                guard bytes[i] != 0x2D || i + 1 >= end || bytes[i + 1] != 0x20,
                      let item = scalarOrFlow(line: line, at: i, end: end, inFlow: false) else { return nil }
                items.append(item)
                line += 1
            }
            let next = nextContentLine(from: line)
            guard next < lines.count else { line = next; break }
            let nextIndent = indent(of: next)
            if nextIndent < column { line = next; break }
            guard nextIndent == column else { return nil }
            let first = lines[next].start + nextIndent
            // The next key of the mapping an indentless sequence belongs to ends the sequence.
            guard bytes[first] == 0x2D else { line = next; break }
            line = next
        }
        return .list(items, start)
    }

    // MARK: scalars

    /// A scalar or a flow sequence starting at `i`, which must take the rest of the line (a comment
    /// after it aside).
    private func scalarOrFlow(line: Int, at i: Int, end: Int, inFlow: Bool) -> RawValue? {
        var after = i
        guard let value = scalar(line: line, at: i, end: end, inFlow: false, after: &after) else { return nil }
        return restIsEmpty(after, end) ? value : nil
    }

    /// Nothing but spaces, or spaces then a comment, from `i` to the end of the line.
    private func restIsEmpty(_ i: Int, _ end: Int) -> Bool {
        var j = i
        while j < end, bytes[j] == 0x20 { j += 1 }
        return j == end || (j > i && bytes[j] == 0x23)
    }

    private func scalar(line: Int, at i: Int, end: Int, inFlow: Bool, after: inout Int) -> RawValue? {
        let at = location(line: line, offset: i)
        switch bytes[i] {
        case 0x22:
            guard let (s, next) = doubleQuoted(from: i + 1, end: end) else { return nil }
            after = next
            return .text(s, at)
        case 0x27:
            guard let (s, next) = singleQuoted(from: i + 1, end: end) else { return nil }
            after = next
            return .text(s, at)
        case 0x5B:
            guard !inFlow, let (items, next) = flowSequence(line: line, from: i + 1, end: end) else { return nil }
            after = next
            return .list(items, at)
        default:
            guard let (s, next) = plain(from: i, end: end, inFlow: inFlow) else { return nil }
            after = next
            // Yams reads these plain scalars as null, which a response takes as empty.
            return .text(["~", "null", "Null", "NULL"].contains(s) ? "" : s, at)
        }
    }

    /// A plain scalar on one line: refuses what could be an indicator, a key, or a multi-line value.
    private func plain(from i: Int, end: Int, inFlow: Bool) -> (String, Int)? {
        let c = bytes[i]
        // Indicators that cannot start a plain scalar (or start one only in ways not worth reading here).
        if [0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60].contains(c) { return nil }
        if c == 0x2D || c == 0x3F || c == 0x3A {
            guard i + 1 < end, bytes[i + 1] != 0x20, !(inFlow && [0x2C, 0x5B, 0x5D, 0x7B, 0x7D].contains(bytes[i + 1])) else { return nil }
        }
        var j = i
        var lastNonSpace = i
        while j < end {
            let b = bytes[j]
            if b == 0x3A, j + 1 == end || bytes[j + 1] == 0x20 || (inFlow && [0x2C, 0x5D].contains(bytes[j + 1])) { return nil }
            if b == 0x23, bytes[j - 1] == 0x20 { break }
            if inFlow {
                if b == 0x2C || b == 0x5D { break }
                if b == 0x5B || b == 0x7B || b == 0x7D || b == 0x3A { return nil }
            }
            if b != 0x20 { lastNonSpace = j }
            j += 1
        }
        return (text(i, lastNonSpace + 1), lastNonSpace + 1)
    }

    /// The text of a double-quoted scalar whose opening quote is just before `from`, and the offset
    /// after its closing quote; nil if it runs past the line or uses an escape not read here.
    private func doubleQuoted(from: Int, end: Int) -> (String, Int)? {
        var out: [UInt8] = []
        var i = from
        while i < end {
            let b = bytes[i]
            if b == 0x22 { return (String(decoding: out, as: UTF8.self), i + 1) }
            if b != 0x5C {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < end else { return nil }
            let e = bytes[i + 1]
            i += 2
            let simple: [UInt8: UInt32] = [0x30: 0, 0x61: 7, 0x62: 8, 0x74: 9, 0x6E: 10, 0x76: 11, 0x66: 12, 0x72: 13,
                                           0x65: 0x1B, 0x20: 0x20, 0x22: 0x22, 0x2F: 0x2F, 0x5C: 0x5C, 0x4E: 0x85,
                                           0x5F: 0xA0, 0x4C: 0x2028, 0x50: 0x2029]
            var scalar: UInt32
            if let s = simple[e] {
                scalar = s
            } else {
                let digits = e == 0x78 ? 2 : e == 0x75 ? 4 : e == 0x55 ? 8 : 0
                guard digits > 0, i + digits <= end, let v = UInt32(text(i, i + digits), radix: 16) else { return nil }
                scalar = v
                i += digits
            }
            guard let u = Unicode.Scalar(scalar) else { return nil }
            out.append(contentsOf: Array(String(Character(u)).utf8))
        }
        return nil
    }

    private func singleQuoted(from: Int, end: Int) -> (String, Int)? {
        var out: [UInt8] = []
        var i = from
        while i < end {
            if bytes[i] == 0x27 {
                if i + 1 < end, bytes[i + 1] == 0x27 {
                    out.append(0x27)
                    i += 2
                    continue
                }
                return (String(decoding: out, as: UTF8.self), i + 1)
            }
            out.append(bytes[i])
            i += 1
        }
        return nil
    }

    /// `[a, "b", c]` on one line; the opening bracket is just before `from`.
    private func flowSequence(line: Int, from: Int, end: Int) -> ([RawValue], Int)? {
        var items: [RawValue] = []
        var i = from
        func skipSpaces() { while i < end, bytes[i] == 0x20 { i += 1 } }
        skipSpaces()
        if i < end, bytes[i] == 0x5D { return (items, i + 1) }
        while i < end {
            var after = i
            guard let item = scalar(line: line, at: i, end: end, inFlow: true, after: &after) else { return nil }
            items.append(item)
            i = after
            skipSpaces()
            guard i < end else { return nil }
            if bytes[i] == 0x5D { return (items, i + 1) }
            guard bytes[i] == 0x2C else { return nil }
            i += 1
            skipSpaces()
            // A trailing comma or an empty entry is not in the subset.
            guard i < end, bytes[i] != 0x5D, bytes[i] != 0x2C else { return nil }
        }
        return nil
    }

    /// A literal block scalar (`|`, `|-` or `|+`) whose indicator is at `at`.
    private func literal(at: Int, parentColumn: Int, line: inout Int) -> RawValue? {
        let end = lines[line].end
        var i = at + 1
        var chomp: UInt8 = 0
        if i < end, bytes[i] == 0x2D || bytes[i] == 0x2B {
            chomp = bytes[i]
            i += 1
        }
        guard i == end else { return nil }
        let start = location(line: line, offset: at)
        // The block's indentation is that of its first line with text; blank lines before it must not be longer.
        var l = line + 1
        var leadingBlankMax = 0
        while l < lines.count, lines[l].start + indent(of: l) == lines[l].end {
            leadingBlankMax = max(leadingBlankMax, indent(of: l))
            l += 1
        }
        guard l < lines.count else { return nil }
        let blockIndent = indent(of: l)
        guard blockIndent > parentColumn, leadingBlankMax <= blockIndent else { return nil }
        var content: [UInt8] = []
        var trailingBreaks = 0
        var sawText = false
        l = line + 1
        while l < lines.count {
            let ind = indent(of: l)
            let blank = lines[l].start + ind == lines[l].end
            if blank {
                // Spaces beyond the indentation on a blank line would be text; not read here.
                guard ind <= blockIndent else { return nil }
                trailingBreaks += 1
                l += 1
                continue
            }
            if ind < blockIndent {
                guard ind <= parentColumn else { return nil }
                break
            }
            if sawText { content.append(0x0A) }
            for _ in 0..<trailingBreaks { content.append(0x0A) }
            trailingBreaks = 0
            content.append(contentsOf: bytes[(lines[l].start + blockIndent)..<lines[l].end])
            sawText = true
            l += 1
        }
        // The last line's own break exists unless the text ends on it without one.
        let lastBreak = l < lines.count || endsWithBreak || trailingBreaks > 0
        if l == lines.count, !endsWithBreak, trailingBreaks == 0 {
            // Text that ends inside the block without a line feed: not worth the edge cases.
            return nil
        }
        switch chomp {
        case 0x2D: break
        case 0x2B:
            if lastBreak { content.append(0x0A) }
            for _ in 0..<trailingBreaks { content.append(0x0A) }
        default:
            if lastBreak { content.append(0x0A) }
        }
        line = l
        return .text(String(decoding: content, as: UTF8.self), start)
    }
}
