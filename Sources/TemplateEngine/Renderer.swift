/// Walks a plan into one UTF-8 buffer. The context stack is one array pushed and popped, not a
/// copy per section item. Where output is placed, and when a partial's indentation is added, follow
/// swift-mustache 2.1.1 (`Template+Render.swift`): each template or section body rendered with a
/// non-empty indentation adds it before any non-empty piece that starts on a new line of its own output.
struct Renderer {
    let plans: [Plan]
    var stack: [TemplateValue] = []
    var out: [UInt8] = []

    init(plans: [Plan]) {
        self.plans = plans
        out.reserveCapacity(16_384)
    }

    mutating func render(_ nodes: [Node], indentation: [UInt8], overrides: [String: Plan]?, escaping: Bool) {
        var escaping = escaping
        guard !indentation.isEmpty else {
            for node in nodes { render(node, indentation: indentation, overrides: overrides, escaping: &escaping) }
            return
        }
        let start = out.count
        for node in nodes {
            // swift-mustache compares the last Character with "\n": a "\r\n" pair is one Character.
            let n = out.count
            let atLineStart = n > start && out[n - 1] == 0x0A && !(n - 2 >= start && out[n - 2] == 0x0D)
            guard atLineStart else {
                render(node, indentation: indentation, overrides: overrides, escaping: &escaping)
                continue
            }
            out.append(contentsOf: indentation)
            render(node, indentation: indentation, overrides: overrides, escaping: &escaping)
            // Nothing rendered: no indentation either.
            if out.count == n + indentation.count { out.removeLast(indentation.count) }
        }
    }

    private mutating func render(_ node: Node, indentation: [UInt8], overrides: [String: Plan]?, escaping: inout Bool) {
        switch node {
        case .text(let bytes):
            out.append(contentsOf: bytes)
        case .variable(let path, let escaped):
            guard let value = lookUp(path) else { return }
            switch value {
            case .text(let text):
                if escaped && escaping { HTMLEscaping.append(text, to: &out) } else { out.append(contentsOf: text.utf8) }
            case .bool(let b):
                out.append(contentsOf: (b ? "true" : "false").utf8)
            case .list, .object, .null:
                // swift-mustache prints a collection's debug description; no template wants that.
                return
            }
        case .section(let path, let inner, let inverted):
            let value = lookUp(path)
            if inverted {
                renderInverted(value, inner, indentation: indentation, overrides: overrides, escaping: escaping)
            } else {
                renderSection(value, inner, indentation: indentation, overrides: overrides, escaping: escaping)
            }
        case .block(let name, let fallback, let indented):
            let body = overrides?[name]?.nodes ?? fallback
            render(body, indentation: indentation + indented, overrides: overrides, escaping: escaping)
        case .partial(let index, let indented, let inherited):
            guard let index else { return }
            var merged = overrides
            if let inherited {
                // The outermost override of a block wins, as in the specification.
                merged = overrides.map { $0.merging(inherited) { outer, _ in outer } } ?? inherited
            }
            // A partial starts again with HTML escaping, as swift-mustache's do.
            render(plans[index].nodes, indentation: indented.map { indentation + $0 } ?? indentation, overrides: merged, escaping: true)
        case .escaping(let on):
            escaping = on
        }
    }

    private mutating func renderSection(_ value: TemplateValue?, _ inner: [Node], indentation: [UInt8], overrides: [String: Plan]?, escaping: Bool) {
        switch value {
        case .list(let items):
            for item in items {
                stack.append(item)
                render(inner, indentation: indentation, overrides: overrides, escaping: escaping)
                stack.removeLast()
            }
        case .bool(let b):
            if b { render(inner, indentation: indentation, overrides: overrides, escaping: escaping) }
        case .null, .none:
            return
        case .some(let value):
            stack.append(value)
            render(inner, indentation: indentation, overrides: overrides, escaping: escaping)
            stack.removeLast()
        }
    }

    private mutating func renderInverted(_ value: TemplateValue?, _ inner: [Node], indentation: [UInt8], overrides: [String: Plan]?, escaping: Bool) {
        switch value {
        case .list(let items):
            guard items.isEmpty else { return }
            stack.append(.list(items))
            render(inner, indentation: indentation, overrides: overrides, escaping: escaping)
            stack.removeLast()
        case .bool(let b):
            if !b { render(inner, indentation: indentation, overrides: overrides, escaping: escaping) }
        case .null, .none:
            render(inner, indentation: indentation, overrides: overrides, escaping: escaping)
        case .some:
            return
        }
    }

    private func lookUp(_ path: NamePath) -> TemplateValue? {
        switch path {
        case .current:
            return stack.last
        case .top(let names):
            guard let top = stack.last else { return nil }
            return descend(top, names[...])
        case .search(let names):
            let first = names[0]
            for level in stack.indices.reversed() {
                guard let found = child(first, of: stack[level]) else { continue }
                return descend(found, names.dropFirst())
            }
            return nil
        }
    }

    private func child(_ name: Int32, of value: TemplateValue) -> TemplateValue? {
        guard case .object(let object) = value else { return nil }
        return object.value(for: name)
    }

    private func descend(_ value: TemplateValue, _ names: ArraySlice<Int32>) -> TemplateValue? {
        var value = value
        for name in names {
            guard let found = child(name, of: value) else { return nil }
            value = found
        }
        return value
    }
}
