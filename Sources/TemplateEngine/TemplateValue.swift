import Foundation

/// A view, converted once per render from the `[String: Any]` dictionaries the hub builds, so that
/// a `{{name}}` is a scan of a few integers instead of swift-mustache's string splitting and
/// protocol casts at every level of the context stack.
enum TemplateValue {
    /// A string, or any other scalar as swift-mustache prints it (`String(describing:)`): true in a
    /// section, even when empty or zero, as swift-mustache treats them.
    case text(String)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateObject)
    /// `NSNull`: found, so the context stack is not searched further, but shows nothing.
    case null
}

/// A dictionary's entries whose keys some template names, by symbol; the others are dropped.
struct TemplateObject {
    var entries: [(symbol: Int32, value: TemplateValue)] = []

    func value(for symbol: Int32) -> TemplateValue? {
        // By index, so that the entries passed over are not copied; from the end, so that a name
        // a `ViewObject` was given twice has its last value.
        for i in entries.indices.reversed() where entries[i].symbol == symbol { return entries[i].value }
        return nil
    }
}

/// The names templates use, numbered once when the templates are parsed.
struct SymbolTable: Sendable {
    private(set) var numbers: [String: Int32] = [:]

    mutating func number(_ name: String) -> Int32 {
        if let n = numbers[name] { return n }
        let n = Int32(numbers.count)
        numbers[name] = n
        return n
    }

    /// Converts a view. The common types are tried first; collections of other element types go
    /// through the general casts, which convert their elements.
    func convert(_ value: Any) -> TemplateValue {
        switch value {
        case let s as String: return .text(s)
        case let b as Bool: return .bool(b)
        case let p as PreparedValue: return p.value
        case let i as Int: return .text(String(i))
        case let d as [String: Any]: return .object(object(d))
        case let a as [[String: Any]]: return .list(a.map { .object(object($0)) })
        case let a as [String]: return .list(a.map { .text($0) })
        case let a as [Any]: return .list(a.map(convert))
        case is NSNull: return .null
        default:
            // An Optional that holds nothing prints as "nil" in swift-mustache, and counts as true.
            return .text(String(describing: value))
        }
    }

    func object(_ dictionary: [String: Any]) -> TemplateObject {
        var object = TemplateObject()
        object.entries.reserveCapacity(dictionary.count)
        for (key, value) in dictionary {
            guard let symbol = numbers[key] else { continue }
            object.entries.append((symbol, convert(value)))
        }
        return object
    }
}
