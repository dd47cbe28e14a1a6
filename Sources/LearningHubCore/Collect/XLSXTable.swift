import Foundation

/// Reads an Excel workbook (Microsoft Forms' "Open results in Excel" download) as a CSV export is
/// read: the first sheet, or the one `response_sheet` in hub.yml names; the first row that holds
/// anything is the header; each row below it a response, mapped by the same column questions.
/// Problems name the sheet and cell (`sheet 'Sheet1' cell D7`) or the row.
extension ResponseFileReader {
    /// Microsoft Forms' own columns before the questions: read past without a warning each.
    static let formsColumns: Set<String> = ["id", "start time", "completion time", "email", "name", "last modified time"]

    func xlsx(_ data: Data, path: String, log: inout DiagnosticLog) -> [Entry] {
        let file = SourceLocation(path: path)
        if data.count > XLSXWorkbook.maximumBytes {
            log.error(file, "the workbook is \(data.count / 1024) KB, more than the \(XLSXWorkbook.maximumBytes >> 20) MiB a response export may be; check this is the right file")
            return []
        }
        let sheet: XLSXSheet
        do {
            let workbook = try XLSXWorkbook(data: data)
            let chosen = try workbook.sheet(named: sheetName)
            sheet = XLSXSheet(name: chosen.name, xml: chosen.xml, workbook: workbook, path: path)
        } catch {
            switch error {
            case .notAWorkbook(let reason): log.error(file, reason)
            case .noSuchSheet(let name, let available):
                log.error(file, "the workbook has no sheet called '\(name)' (the sheet 'response_sheet' in hub.yml names); its sheets are: \(available.joined(separator: ", "))")
            }
            return []
        }
        log.append(contentsOf: sheet.problems)
        var table = sheet.table
        guard var header = table.rows.first else {
            var at = file
            at.sheet = sheet.name
            at.column = 0
            log.error(at, "the sheet is empty; it needs a header row (the form's questions) and one row per response")
            return []
        }
        for i in header.indices where csv.field(forHeader: header[i].text) == nil
            && Self.formsColumns.contains(CSVResponseMapper.normalise(header[i].text)) {
            header[i].text = ""
        }
        table.rows[0] = header
        let filled = Set(table.rows.flatMap { $0 }.filter { !$0.text.isEmpty }.map { XLSXLocation.Key(row: $0.line, column: $0.column) })
        var mapped = DiagnosticLog()
        let responses = csv.responses(from: table, path: path, log: &mapped)
        for var d in mapped.diagnostics {
            d.location = Self.inSheet(d.location, sheet.name, wholeRow: !filled.contains(.init(row: d.location.line, column: d.location.column)))
            log.append(contentsOf: [d])
        }
        return responses.map { Entry(raw: Self.inSheet($0, sheet.name, depth: 0), body: "") }
    }

    static func inSheet(_ location: SourceLocation, _ sheet: String, wholeRow: Bool) -> SourceLocation {
        var l = location
        l.sheet = sheet
        if wholeRow { l.column = 0 }
        return l
    }

    /// Puts the sheet into every location of a mapped row: the response itself and its lists of
    /// learning points and actions are the row; every value is its cell.
    static func inSheet(_ value: RawValue, _ sheet: String, depth: Int) -> RawValue {
        switch value {
        case .text(let t, let l):
            return .text(t, inSheet(l, sheet, wholeRow: false))
        case .list(let items, let l):
            return .list(items.map { inSheet($0, sheet, depth: depth + 1) }, inSheet(l, sheet, wholeRow: depth == 1))
        case .fields(let entries, let l):
            return .fields(entries.map { ($0.name, inSheet($0.value, sheet, depth: depth + 1), inSheet($0.location, sheet, wholeRow: depth == 0 && ["learning", "actions"].contains($0.name))) },
                           inSheet(l, sheet, wholeRow: depth == 0))
        }
    }
}
