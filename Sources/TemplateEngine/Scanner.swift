/// A cursor over a template's Characters, with the reading operations the parser needs. The
/// parser works on Characters, not bytes, because swift-mustache does: "\r\n" is one newline and
/// a '{' joined to a combining mark is not a delimiter, and the plans must split text where it does.
struct Scanner {
    let characters: [Character]
    var position = 0

    init(_ text: String) { characters = Array(text) }

    var reachedEnd: Bool { position == characters.count }
    /// The character at the cursor, or "\0" at the end.
    var current: Character { position < characters.count ? characters[position] : "\0" }

    mutating func advance() { position += 1 }

    /// Reads `string` if the text at the cursor is exactly it; fails when fewer characters remain.
    mutating func read(string: String) throws(TemplateError) -> Bool {
        let wanted = Array(string)
        guard characters.count - position >= wanted.count else { throw .unfinishedTag }
        guard Array(characters[position..<position + wanted.count]) == wanted else { return false }
        position += wanted.count
        return true
    }

    /// Reads one character if it is `character`; fails at the end.
    mutating func read(_ character: Character) throws(TemplateError) -> Bool {
        guard !reachedEnd else { throw .unfinishedTag }
        guard current == character else { return false }
        advance()
        return true
    }

    @discardableResult
    mutating func read(while accept: (Character) -> Bool) -> String {
        let start = position
        while !reachedEnd, accept(characters[position]) { position += 1 }
        return String(characters[start..<position])
    }

    /// Reads up to (not including) the first character `stop` accepts; with `throwAtEnd`, fails
    /// and moves nothing when there is none.
    mutating func read(until stop: (Character) -> Bool, throwAtEnd: Bool) throws(TemplateError) -> String {
        let start = position
        while !reachedEnd {
            if stop(characters[position]) { return String(characters[start..<position]) }
            position += 1
        }
        if throwAtEnd { position = start; throw .unfinishedTag }
        return String(characters[start..<position])
    }

    /// Reads up to `string` and past it (a comment's end), matching as swift-mustache does.
    mutating func read(pastString string: String) throws(TemplateError) -> String {
        let wanted = Array(string)
        guard !wanted.isEmpty else { return "" }
        let start = position
        var found = position
        var matched = 0
        while !reachedEnd {
            if characters[position] == wanted[matched] {
                if matched == 0 { found = position }
                matched += 1
                if matched == wanted.count {
                    advance()
                    return String(characters[start..<found])
                }
            } else {
                matched = 0
            }
            advance()
        }
        position = start
        throw .unfinishedTag
    }
}
