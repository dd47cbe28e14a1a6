/// A CSV file as a spreadsheet or an online form exports it (RFC 4180: commas, double-quoted cells,
/// doubled quotes, line breaks inside quotes). Written here rather than taken from a package because
/// every cell must keep the line and column it started on, for error messages.
public struct CSVTable: Sendable {
    public struct Cell: Sendable {
        public var text: String
        public var line: Int
        public var column: Int
    }

    public var rows: [[Cell]]

    public enum ParseError: Error, Sendable {
        case unclosedQuote(line: Int, column: Int)
    }

    public static func parse(_ text: String, separator: Character = ",") throws(ParseError) -> CSVTable {
        var rows: [[Cell]] = []
        var row: [Cell] = []
        var cell = ""
        var line = 1, column = 1
        var cellLine = 1, cellColumn = 1
        var inQuotes = false, quoteLine = 0, quoteColumn = 0
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil

        func endCell() {
            row.append(Cell(text: cell, line: cellLine, column: cellColumn))
            cell = ""
        }
        func endRow() {
            if !(row.count == 1 && row[0].text.isEmpty) { rows.append(row) }
            row = []
        }

        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    let next = iterator.next()
                    if next == "\"" { cell.append("\""); column += 2; continue }
                    inQuotes = false
                    column += 1
                    pending = next
                    continue
                }
                cell.append(c)
                if c == "\n" { line += 1; column = 1 } else { column += 1 }
                continue
            }
            switch c {
            case "\"" where cell.isEmpty:
                inQuotes = true
                quoteLine = line
                quoteColumn = column
                column += 1
            case separator:
                endCell()
                column += 1
                cellLine = line
                cellColumn = column
            case "\n", "\r\n":
                endCell()
                endRow()
                line += 1
                column = 1
                cellLine = line
                cellColumn = 1
            case "\r":
                column += 1
            default:
                cell.append(c)
                column += 1
            }
        }
        if inQuotes { throw .unclosedQuote(line: quoteLine, column: quoteColumn) }
        if !cell.isEmpty || !row.isEmpty {
            endCell()
            endRow()
        }
        return CSVTable(rows: rows)
    }
}
