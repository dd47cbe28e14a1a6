import Foundation

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`. Foundation takes a detour through NSString
    /// for it even when there is nothing to trim, which is nearly always; a text that starts and ends
    /// with an ASCII character that is not white space is given back as it is.
    func trimmedWhitespaceAndNewlines() -> String {
        if let first = utf8.first, let last = utf8.last, Self.keeps(first, newlines: true), Self.keeps(last, newlines: true) {
            return String(self)
        }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `trimmingCharacters(in: .whitespaces)` (spaces and tabs, not line ends), the same way.
    func trimmedWhitespace() -> String {
        if let first = utf8.first, let last = utf8.last, Self.keeps(first, newlines: false), Self.keeps(last, newlines: false) {
            return String(self)
        }
        return trimmingCharacters(in: .whitespaces)
    }

    /// An ASCII byte that the character set does not hold (only a non-ASCII byte can start
    /// anything else it holds).
    private static func keeps(_ byte: UInt8, newlines: Bool) -> Bool {
        guard byte < 0x80, byte != 0x20, byte != 0x09 else { return false }
        return !newlines || !(0x0A...0x0D).contains(byte)
    }
}
