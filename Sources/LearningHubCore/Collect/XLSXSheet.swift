import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One worksheet's cells as the text a person sees in them: shared and inline strings, numbers
/// without a stray ".0", dates (Excel's serial day numbers in a date-formatted cell) as 2026-11-20,
/// formulas as their saved result, and a merged cell's value in every row it spans.
struct XLSXSheet {
    struct Cell {
        var row: Int
        var column: Int
        var text: String
    }

    var name: String
    var cells: [Cell] = []
    var problems: [Diagnostic] = []

    init(name: String, xml: Data, workbook: XLSXWorkbook, path: String) {
        self.name = name
        var cells: [Cell] = [], problems: [Diagnostic] = [], merges: [(top: Int, left: Int, bottom: Int)] = []
        var row = 0, column = 0
        var type = "n", style = 0, value = "", inline = "", formula = false
        var inValue = false, inInline = false, inText = false, phonetic = 0
        let ok = XMLEvents.parse(xml, start: { element, attributes in
            switch element {
            case "row":
                row = attributes["r"].flatMap(Int.init) ?? row + 1
                column = 0
            case "c":
                let at = attributes["r"].flatMap(XLSXLocation.cell)
                row = at?.row ?? row
                column = at?.column ?? column + 1
                type = attributes["t"] ?? "n"
                style = attributes["s"].flatMap(Int.init) ?? 0
                value = ""; inline = ""; formula = false
            case "v": inValue = true
            case "f": formula = true
            case "is": inInline = true
            case "rPh": phonetic += 1
            case "t": inText = inInline && phonetic == 0
            case "mergeCell":
                let corners = (attributes["ref"] ?? "").split(separator: ":").compactMap { XLSXLocation.cell(String($0)) }
                if corners.count == 2 { merges.append((corners[0].row, corners[0].column, corners[1].row)) }
            default: break
            }
        }, text: { chunk in
            if inValue { value += chunk } else if inText { inline += chunk }
        }, end: { element in
            switch element {
            case "v": inValue = false
            case "is": inInline = false
            case "rPh": phonetic -= 1
            case "t": inText = false
            case "c":
                var location = SourceLocation(path: path, line: row, column: column)
                location.sheet = name
                let text = Self.text(type: type, value: value, inline: inline, formula: formula, style: style,
                                     workbook: workbook, at: location, problems: &problems)
                if !text.isEmpty { cells.append(Cell(row: row, column: column, text: text)) }
            default: break
            }
        })
        if !ok {
            var location = SourceLocation(path: path, line: max(row, 1), column: 0)
            location.sheet = name
            problems.append(.error(location, "the sheet is damaged (its XML cannot be read) from here on; download the export again"))
        }
        // A merged range shows its first cell's value across it: each row it spans gets that
        // value, in the range's first column (the others are the range, not more answers).
        var filled = Dictionary(cells.map { (XLSXLocation.Key(row: $0.row, column: $0.column), $0.text) }) { a, _ in a }
        for merge in merges {
            guard let text = filled[.init(row: merge.top, column: merge.left)], merge.bottom > merge.top else { continue }
            for r in (merge.top + 1)...merge.bottom where filled[.init(row: r, column: merge.left)] == nil {
                filled[.init(row: r, column: merge.left)] = text
                cells.append(Cell(row: r, column: merge.left, text: text))
            }
        }
        self.cells = cells.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        self.problems = problems
    }

    /// The rows that hold anything, each with a cell for every column up to its last filled one,
    /// as the CSV mapper expects; `line` is the row number and `column` the column's.
    var table: CSVTable {
        var rows: [[CSVTable.Cell]] = []
        var index = 0
        while index < cells.count {
            let r = cells[index].row
            var row: [CSVTable.Cell] = []
            while index < cells.count, cells[index].row == r {
                let cell = cells[index]
                while row.count < cell.column - 1 { row.append(.init(text: "", line: r, column: row.count + 1)) }
                row.append(.init(text: cell.text, line: r, column: cell.column))
                index += 1
            }
            if row.contains(where: { !$0.text.trimmedWhitespaceAndNewlines().isEmpty }) { rows.append(row) }
        }
        return CSVTable(rows: rows)
    }

    static func text(type: String, value: String, inline: String, formula: Bool, style: Int, workbook: XLSXWorkbook,
                     at location: SourceLocation, problems: inout [Diagnostic]) -> String {
        switch type {
        case "s":
            guard let i = Int(value), workbook.sharedStrings.indices.contains(i) else {
                problems.append(.error(location, "the cell refers to text the workbook does not have; download the export again"))
                return ""
            }
            return workbook.sharedStrings[i]
        case "inlineStr": return inline
        case "str": return value
        case "b": return value == "1" ? "TRUE" : "FALSE"
        case "e":
            problems.append(.warning(location, "the cell shows the error '\(value)' (a formula that could not be worked out), so it is read as empty"))
            return ""
        case "d": return String(value.prefix(10))
        default:
            if value.isEmpty {
                if formula { problems.append(.warning(location, "the cell has a formula with no saved result, so it is read as empty; open the workbook in Excel and save it again")) }
                return ""
            }
            guard let number = Double(value) else { return value }
            if workbook.dateStyles.indices.contains(style), workbook.dateStyles[style], let day = day(serial: number, uses1904: workbook.uses1904) {
                return day
            }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
            return String(number)
        }
    }

    /// An Excel serial number as the day it names (the time of day, if any, is left out): day 1 is
    /// 1 January 1900, counting the 29 February 1900 that Excel keeps for Lotus 1-2-3's sake.
    static func day(serial: Double, uses1904: Bool) -> String? {
        guard serial.isFinite, serial >= (uses1904 ? 0 : 1), serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        let epoch: Int
        if uses1904 {
            epoch = -24_107
        } else {
            if days >= 61 { days -= 1 }
            epoch = -25_568
        }
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let z = epoch + days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}
