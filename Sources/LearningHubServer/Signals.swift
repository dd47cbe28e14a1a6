import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for Ctrl-C (SIGINT) or SIGTERM, so that the server can stop cleanly instead of dying.
public enum TerminationSignal {
    /// Returns the number of the first of these signals to arrive. From the call on, they no longer
    /// end the process by themselves.
    public static func wait(for signals: [Int32] = [SIGINT, SIGTERM]) async -> Int32 {
        let once = Once()
        return await withCheckedContinuation { continuation in
            var sources: [any DispatchSourceSignal] = []
            for number in signals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    if once.claim() { continuation.resume(returning: number) }
                }
                source.resume()
                sources.append(source)
            }
            once.keep(sources)
        }
    }

    private final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var done = false
        private var sources: [any DispatchSourceSignal] = []

        func claim() -> Bool {
            lock.lock(); defer { lock.unlock() }
            if done { return false }
            done = true
            return true
        }

        func keep(_ sources: [any DispatchSourceSignal]) {
            lock.lock(); defer { lock.unlock() }
            self.sources = sources
        }
    }
}
