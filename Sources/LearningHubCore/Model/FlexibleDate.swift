/// Reads the dates people write on forms: `2027-01-31`, `31/01/2027` (day first, as in the UK),
/// `31 January 2027`, `31 Jan 2027`, `January 2027` (the end of that month). Anything else is not a date.
public enum FlexibleDate {
    public static func parse(_ raw: String) -> CalendarDate? {
        let text = raw.trimmedWhitespaceAndNewlines()
        if let iso = CalendarDate(iso: text) { return iso }
        // Every other form has a year of four digits: "ongoing" or "next month" is no date, known at once.
        guard text.utf8.count(where: { $0 >= 0x30 && $0 <= 0x39 }) >= 4 else { return nil }
        // 31/01/2027, 31.01.2027, 31-01-2027
        for separator in ["/", ".", "-"] {
            let parts = text.split(separator: Character(separator), omittingEmptySubsequences: false)
            // Digits only: Int() would also take a sign ("+1", "-1").
            if parts.count == 3, parts[2].count == 4, parts[0].count <= 2, parts[1].count <= 2,
               parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
               let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) {
                return CalendarDate(year: y, month: m, day: d)
            }
        }
        let words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        // 31 January 2027, 31st Jan 2027
        if words.count == 3, let month = month(words[1]), words[2].allSatisfy(\.isASCII), let y = Int(words[2]), words[2].count == 4 {
            let dayText = words[0].lowercased().replacingOccurrences(of: "st", with: "").replacingOccurrences(of: "nd", with: "")
                .replacingOccurrences(of: "rd", with: "").replacingOccurrences(of: "th", with: "")
            if let d = Int(dayText) { return CalendarDate(year: y, month: month, day: d) }
        }
        // January 2027: "by January" means by the end of it.
        if words.count == 2, let month = month(words[0]), words[1].allSatisfy(\.isNumber), let y = Int(words[1]), words[1].count == 4 {
            return CalendarDate(year: y, month: month, day: CalendarDate.daysIn(month: month, year: y))
        }
        return nil
    }

    static func month(_ word: String) -> Int? {
        let w = word.lowercased()
        guard w.count >= 3 else { return nil }
        for (i, name) in CalendarDate.monthNames.enumerated() where name.lowercased().hasPrefix(w) || (w == "sept" && i == 8) {
            return i + 1
        }
        return nil
    }
}
