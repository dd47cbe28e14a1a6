/// What a template can get wrong, or use that this engine leaves to swift-mustache.
public enum TemplateError: Error, Equatable, Sendable {
    case unfinishedTag
    case sectionClosedWithWrongName
    case sectionNotClosed
    case badDelimiters
    case badPragma
    case onlyBlocksInsideParent
    /// A feature of swift-mustache that no theme here uses (transforms such as `{{uppercased(x)}}`,
    /// `{{>*dynamic}}` partials, block tags with transforms).
    case unsupported(String)
}

/// A template as parsed: the same tokens swift-mustache 2.1.1 makes, so that the text between tags,
/// and the white space that standalone tags drop, are cut in exactly the same places.
indirect enum Token {
    case text(String)
    case variable(String, escaped: Bool)
    case section(String, [Token], inverted: Bool)
    case blockDefinition(String, [Token])
    case blockExpansion(String, default: [Token], indentation: String)
    case partial(String, indentation: String?, overrides: [String: [Token]]?)
    /// `{{%CONTENT_TYPE:…}}`: whether the tokens after it escape values for HTML.
    case escaping(Bool)
}

/// A port of swift-mustache 2.1.1's parser (`Template+Parser.swift`), kept to its algorithm on
/// purpose, quirks included: its white-space rules differ from the Mustache specification's in
/// places (a partial's first line, blocks inside `{{<parent}}`), and the output must not change.
/// Its diagnostics are not needed here: `TemplateSet` reports errors from swift-mustache's own parse.
struct TemplateParser {
    struct State {
        var sectionName: String?
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var startDelimiter = "{{"
        var endDelimiter = "}}"
        var partialDefinitionIndent: String?

        func inSection(_ name: String, newLine: Bool) -> State {
            var state = self
            state.sectionName = name
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func inParent(_ name: String) -> State {
            var state = self
            state.sectionName = name
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    /// The content types swift-mustache knows by name, and whether each escapes for HTML.
    static let contentTypes = ["HTML": true, "TEXT": false, "LEARNING_HUB_HTML": true]

    static func parse(_ text: String) throws(TemplateError) -> [Token] {
        var scanner = Scanner(text)
        return try parse(&scanner, state: State())
    }

    static func parse(_ parser: inout Scanner, state initial: State) throws(TemplateError) -> [Token] {
        var tokens: [Token] = []
        var state = initial
        var whiteSpaceBefore = ""
        while !parser.reachedEnd {
            if state.newLine {
                let whiteSpace = parser.read(while: { $0 == " " || $0 == "\t" })
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    // Lines of a block inside {{<parent}} lose the indentation of the block's first line.
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = String(whiteSpace.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = whiteSpace
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let text = try readUntilDelimiterOrNewline(&parser, state: state)
            if parser.current.isNewline {
                tokens.append(.text(whiteSpaceBefore + text + String(parser.current)))
                state.newLine = true
                parser.advance()
                continue
            }
            if !text.isEmpty {
                tokens.append(.text(whiteSpaceBefore + text))
                whiteSpaceBefore = ""
                state.newLine = false
            }
            if parser.reachedEnd { break }
            var setNewLine = false
            func flushWhiteSpace() {
                if !whiteSpaceBefore.isEmpty {
                    tokens.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
            }
            switch parser.current {
            case "#", "^":
                let inverted = parser.current == "^"
                parser.advance()
                let name = try parseName(&parser, state: state)
                if isStandalone(&parser, state: state) { setNewLine = true } else { flushWhiteSpace() }
                let inner = try parse(&parser, state: state.inSection(name, newLine: setNewLine))
                tokens.append(.section(name, inner, inverted: inverted))
            case "/":
                parser.advance()
                let name = try parseName(&parser, state: state)
                guard name == state.sectionName else { throw .sectionClosedWithWrongName }
                if !isStandalone(&parser, state: state) { flushWhiteSpace() }
                return tokens
            case "!":
                parser.advance()
                _ = try parser.read(pastString: state.endDelimiter)
                setNewLine = isStandalone(&parser, state: state)
            case "{", "&":
                let triple = parser.current == "{"
                flushWhiteSpace()
                parser.advance()
                let name = try parseName(&parser, state: state)
                if triple { guard try parser.read("}") else { throw .unfinishedTag } }
                tokens.append(.variable(name, escaped: false))
            case ">":
                parser.advance()
                parser.read(while: \.isWhitespace)
                if parser.current == "*" { throw .unsupported("dynamic partials ({{>*name}})") }
                let name = try parsePartialName(&parser, state: state)
                if !whiteSpaceBefore.isEmpty { tokens.append(.text(whiteSpaceBefore)) }
                if isStandalone(&parser, state: state) {
                    setNewLine = true
                    tokens.append(.partial(name, indentation: whiteSpaceBefore, overrides: nil))
                } else {
                    tokens.append(.partial(name, indentation: nil, overrides: nil))
                }
                whiteSpaceBefore = ""
            case "<":
                parser.advance()
                parser.read(while: \.isWhitespace)
                let name = try parsePartialName(&parser, state: state)
                if name.first == "*" { throw .unsupported("dynamic partials ({{<*name}})") }
                if !whiteSpaceBefore.isEmpty { tokens.append(.text(whiteSpaceBefore)) }
                if isStandalone(&parser, state: state) { setNewLine = true }
                let inner = try parse(&parser, state: state.inParent(name))
                var overrides: [String: [Token]] = [:]
                for token in inner {
                    switch token {
                    case .blockDefinition(let block, let body): overrides[block] = body
                    case .text: break
                    default: throw .onlyBlocksInsideParent
                    }
                }
                tokens.append(.partial(name, indentation: whiteSpaceBefore, overrides: overrides))
                whiteSpaceBefore = ""
            case "$":
                parser.advance()
                let name = try parseName(&parser, state: state)
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(&parser, state: state) { setNewLine = true }
                    let body = try parse(&parser, state: state.inSection(name, newLine: setNewLine))
                    tokens.append(.blockDefinition(name, body))
                } else {
                    if !whiteSpaceBefore.isEmpty { tokens.append(.text(whiteSpaceBefore)) }
                    if isStandalone(&parser, state: state) { setNewLine = true }
                    let body = try parse(&parser, state: state.inSection(name, newLine: setNewLine))
                    tokens.append(.blockExpansion(name, default: body, indentation: whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
            case "=":
                parser.advance()
                state = try setDelimiters(&parser, state: state)
                setNewLine = isStandalone(&parser, state: state)
            case "%":
                parser.advance()
                tokens.append(.escaping(try readPragma(&parser, state: state)))
                setNewLine = isStandalone(&parser, state: state)
            default:
                flushWhiteSpace()
                tokens.append(.variable(try parseName(&parser, state: state), escaped: true))
            }
            state.newLine = setNewLine
        }
        guard state.sectionName == nil else { throw .sectionNotClosed }
        return tokens
    }

    /// Text up to the next opening delimiter (read past it) or newline (left at the cursor).
    static func readUntilDelimiterOrNewline(_ parser: inout Scanner, state: State) throws(TemplateError) -> String {
        guard let first = state.startDelimiter.first else { return "" }
        var text = ""
        while !parser.reachedEnd {
            text += try parser.read(until: { $0 == "\n" || $0 == "\r\n" || $0 == first }, throwAtEnd: false)
            if parser.current.isNewline { break }
            if parser.current == first {
                if try parser.read(string: state.startDelimiter) { break }
                text.append(first)
                parser.advance()
            }
        }
        return text
    }

    static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    static let partialNameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")

    static func parseName(_ parser: inout Scanner, state: State) throws(TemplateError) -> String {
        parser.read(while: \.isWhitespace)
        let name = parser.read(while: { nameCharacters.contains($0) || $0 == "(" || $0 == ")" })
        parser.read(while: \.isWhitespace)
        guard try parser.read(string: state.endDelimiter) else { throw .unfinishedTag }
        if name.contains("(") || name.contains(")") { throw .unsupported("transforms ({{function(name)}})") }
        return name
    }

    static func parsePartialName(_ parser: inout Scanner, state: State) throws(TemplateError) -> String {
        parser.read(while: \.isWhitespace)
        let name = parser.read(while: { partialNameCharacters.contains($0) })
        parser.read(while: \.isWhitespace)
        guard try parser.read(string: state.endDelimiter) else { throw .unfinishedTag }
        return name
    }

    static func setDelimiters(_ parser: inout Scanner, state: State) throws(TemplateError) -> State {
        parser.read(while: \.isWhitespace)
        guard let start = try? parser.read(until: \.isWhitespace, throwAtEnd: true) else { throw .badDelimiters }
        parser.read(while: \.isWhitespace)
        guard let end = try? parser.read(until: { $0 == "=" || $0.isWhitespace }, throwAtEnd: true) else { throw .badDelimiters }
        parser.read(while: \.isWhitespace)
        guard try parser.read("="), try parser.read(string: state.endDelimiter), !start.isEmpty, !end.isEmpty else { throw .badDelimiters }
        var next = state
        next.startDelimiter = start
        next.endDelimiter = end
        next.isPartialDefinitionTopLevel = false
        return next
    }

    static func readPragma(_ parser: inout Scanner, state: State) throws(TemplateError) -> Bool {
        parser.read(while: \.isWhitespace)
        let variable = parser.read(while: { nameCharacters.contains($0) })
        parser.read(while: \.isWhitespace)
        guard (try? parser.read(":")) == true else { throw .badPragma }
        parser.read(while: \.isWhitespace)
        let value = parser.read(while: { nameCharacters.contains($0) })
        parser.read(while: \.isWhitespace)
        guard (try? parser.read(string: state.endDelimiter)) == true, variable == "CONTENT_TYPE",
              let escapes = contentTypes[value] else { throw .badPragma }
        return escapes
    }

    /// Whether the tag just read stands alone on its line; if so its line break is read too.
    static func isStandalone(_ parser: inout Scanner, state: State) -> Bool {
        guard state.newLine else { return false }
        if parser.reachedEnd { return true }
        var ahead = parser
        ahead.read(while: { $0 == " " || $0 == "\t" })
        guard ahead.current.isNewline else { return false }
        ahead.advance()
        parser.position = ahead.position
        return true
    }
}
