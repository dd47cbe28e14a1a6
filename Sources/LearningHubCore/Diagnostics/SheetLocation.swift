/// Where something is in a sheet, as people say it: `sheet 'Sheet1' cell D7`, or `row 7`.
public enum XLSXLocation {
    struct Key: Hashable {
        var row: Int
        var column: Int
    }

    /// `sheet 'Responses' cell D7` for a location in a sheet; nil for any other file.
    public static func place(_ location: SourceLocation) -> String? {
        guard let sheet = location.sheet else { return nil }
        if location.column < 1 { return "sheet '\(sheet)' row \(location.line)" }
        return "sheet '\(sheet)' cell \(letters(location.column))\(location.line)"
    }

    /// 1 → A, 26 → Z, 27 → AA.
    public static func letters(_ column: Int) -> String {
        var n = column, out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    /// `D7` → row 7, column 4 (a `$` as in `$D$7` is allowed).
    static func cell(_ reference: String) -> (row: Int, column: Int)? {
        var column = 0, digits = ""
        for c in reference where c != "$" {
            if let a = c.asciiValue, (65...90).contains(a) || (97...122).contains(a), digits.isEmpty {
                column = column * 26 + Int((a & 0xDF) - 64)
            } else if c.isASCII, c.isNumber {
                digits.append(c)
            } else {
                return nil
            }
        }
        guard column > 0, let row = Int(digits), row > 0 else { return nil }
        return (row, column)
    }
}
