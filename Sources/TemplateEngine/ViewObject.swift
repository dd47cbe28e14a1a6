import Foundation

/// The names a set of templates uses, for building views straight into the engine's values; or
/// none, when swift-mustache renders (a theme with transforms) and views stay dictionaries.
public struct ViewSymbols: Sendable {
    let table: SymbolTable?

    /// Views as `[String: Any]`, for swift-mustache.
    public static let dictionaries = ViewSymbols(table: nil)

    /// A list of objects, as a value of a `[String: Any]` view or of another object.
    public func list(_ objects: [ViewObject]) -> Any {
        table == nil ? objects.map { $0.dictionary } : PreparedValue(ViewObject.list(objects))
    }
}

/// A view made for the engine without the `[String: Any]` in between: an object with thousands of
/// copies on a page (an action's row) costs a dictionary's hashing and boxing, then the conversion's
/// casts, each time. Built with the names the templates use, it is the engine's value already;
/// built for swift-mustache, it is the dictionary it always was, so both render the same bytes.
/// A name no template uses is left out, as the conversion leaves it out.
public struct ViewObject {
    private let symbols: ViewSymbols
    fileprivate var object = TemplateObject()
    fileprivate var dictionary: [String: Any] = [:]

    public init(_ symbols: ViewSymbols, capacity: Int = 16) {
        self.symbols = symbols
        if symbols.table == nil { dictionary.reserveCapacity(capacity) } else { object.entries.reserveCapacity(capacity) }
    }

    /// What a `[String: Any]` view holds for this object.
    public var value: Any { symbols.table == nil ? dictionary : PreparedValue(.object(object)) }

    private mutating func put(_ name: String, _ value: TemplateValue, _ plain: @autoclosure () -> Any) {
        guard let table = symbols.table else { dictionary[name] = plain(); return }
        guard let symbol = table.numbers[name] else { return }
        // A name set again is appended again: the last entry of a name is the one looked up.
        object.entries.append((symbol, value))
    }

    public mutating func set(_ name: String, _ text: String) { put(name, .text(text), text) }

    /// Sets `name` to `text`, or leaves it out when the text is empty, so that a section on it means
    /// "there is something to show" (Mustache treats "" as true).
    public mutating func setText(_ name: String, _ text: String) {
        if !text.isEmpty { set(name, text) }
    }

    public mutating func set(_ name: String, _ flag: Bool) { put(name, .bool(flag), flag) }

    /// A number, printed as swift-mustache prints an `Int`.
    public mutating func set(_ name: String, _ number: Int) { put(name, .text(String(number)), number) }

    public mutating func set(_ name: String, _ object: ViewObject) { put(name, .object(object.object), object.dictionary) }

    public mutating func set(_ name: String, _ objects: [ViewObject]) {
        put(name, Self.list(objects), objects.map { $0.dictionary })
    }

    fileprivate static func list(_ objects: [ViewObject]) -> TemplateValue { .list(objects.map { .object($0.object) }) }
}

/// A value built for the engine, passed through a `[String: Any]` view as it is.
struct PreparedValue {
    let value: TemplateValue
    init(_ value: TemplateValue) { self.value = value }
}
