import Foundation

/// The one way the core spreads work over the cores. Every parallel loop (loading, rendering, the
/// search index, the exports, writing, collecting) goes through `Parallel.forEach`, so a build with
/// `BuildOptions.parallel` off (`learning-hub build --single-thread`) runs on one thread throughout:
/// the profile of a one-thread build is then the profile of one thread. The bytes are the same.
public enum Parallel {
    /// True while a one-thread build runs (bound by `serially`, never set directly).
    @TaskLocal public static var oneThread = false

    /// `body` for 0..<count: on every core, or in order on this thread in a one-thread build (or
    /// when the caller says `parallel: false`).
    public static func forEach(_ count: Int, parallel: Bool = true, _ body: @Sendable (Int) -> Void) {
        if parallel && !oneThread && count > 1 {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        } else {
            for i in 0..<count { body(i) }
        }
    }

    /// Runs `body` with every `forEach` inside it on this thread when `parallel` is false.
    public static func serially<T>(unless parallel: Bool, _ body: () throws -> T) rethrows -> T {
        if parallel || oneThread { return try body() }
        return try $oneThread.withValue(true) { try body() }
    }
}

/// Slots that parallel workers fill by index; each slot is written by exactly one worker.
final class ParallelResults<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    var values: [Value] { lock.withLock { storage.compactMap { $0 } } }

    /// Adds a value at the end, for results whose order does not matter.
    func append(_ value: Value) { lock.withLock { storage.append(value) } }

    /// `transform` applied to every element, `chunk` elements a worker, in order.
    static func map<C: Collection>(_ items: C, chunk: Int = 512, _ transform: @escaping @Sendable (C.Element) -> Value) -> [Value]
    where C: Sendable, C.Index == Int, C.Element: Sendable {
        let chunks = (items.count + chunk - 1) / chunk
        let results = ParallelResults<[Value]>(count: chunks)
        let base = items.startIndex
        Parallel.forEach(chunks) { c in
            let range = (base + c * chunk)..<min(items.endIndex, base + (c + 1) * chunk)
            results[c] = items[range].map(transform)
        }
        return results.values.flatMap { $0 }
    }
}
