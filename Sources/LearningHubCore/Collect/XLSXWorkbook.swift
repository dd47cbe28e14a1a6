import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// An Excel workbook (.xlsx, as Microsoft Forms exports it): a ZIP of XML parts, read with
/// ZIPFoundation and Foundation's XMLParser. Only what a table of answers needs is read: the
/// sheets' names, shared strings, which cell styles are dates, and one sheet's cells.
struct XLSXWorkbook {
    /// A workbook is a few hundred KB at most; anything far larger is not a form export.
    static let maximumBytes = 20 << 20
    /// No part is unpacked beyond this, whatever its header claims (a ZIP can expand a thousandfold).
    static let maximumPartBytes = 64 << 20

    enum Failure: Error, Equatable {
        case notAWorkbook(String)
        case noSuchSheet(String, available: [String])
    }

    let archive: Archive
    /// Sheet names in workbook order, with the part each is stored in.
    let sheets: [(name: String, part: String)]
    let sharedStrings: [String]
    /// For each cell style index (`s="3"`), whether it shows a date.
    let dateStyles: [Bool]
    /// Workbooks made on old Macs count days from 1904 instead of 1900.
    let uses1904: Bool

    init(data: Data) throws(Failure) {
        guard let archive = try? Archive(data: data, accessMode: .read) else {
            throw .notAWorkbook("the file is not a readable Excel workbook (it is not a ZIP archive); download the export again, or save it from Excel as .xlsx")
        }
        self.archive = archive
        guard let workbook = Self.part("xl/workbook.xml", in: archive) else {
            throw .notAWorkbook("the file is a ZIP archive but not an Excel workbook (it has no xl/workbook.xml); send the .xlsx file as it was downloaded")
        }
        var targets: [String: String] = [:]
        XMLEvents.parse(Self.part("xl/_rels/workbook.xml.rels", in: archive) ?? Data()) { name, attributes in
            if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
        }
        var sheets: [(String, String)] = []
        var uses1904 = false
        XMLEvents.parse(workbook) { name, attributes in
            if name == "workbookPr" { uses1904 = ["1", "true"].contains(attributes["date1904"] ?? "") }
            guard name == "sheet", let sheetName = attributes["name"] else { return }
            // The relationship attribute is `r:id`, whatever prefix the writer gave its namespace.
            let id = attributes.first { $0.key.hasSuffix(":id") }?.value ?? ""
            let target = targets[id] ?? "worksheets/sheet\(sheets.count + 1).xml"
            sheets.append((sheetName, target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target))
        }
        self.sheets = sheets
        self.uses1904 = uses1904
        self.sharedStrings = Self.part("xl/sharedStrings.xml", in: archive).map(Self.readSharedStrings) ?? []
        self.dateStyles = Self.part("xl/styles.xml", in: archive).map(Self.readDateStyles) ?? []
    }

    /// The sheet called `name` (any case), or the first sheet.
    func sheet(named name: String?) throws(Failure) -> (name: String, xml: Data) {
        let chosen = name.map { wanted in sheets.first { $0.name.lowercased() == wanted.lowercased() } } ?? sheets.first
        guard let chosen else {
            if let name { throw .noSuchSheet(name, available: sheets.map(\.name)) }
            throw .notAWorkbook("the workbook has no sheets")
        }
        guard let xml = Self.part(chosen.part, in: archive) else {
            throw .notAWorkbook("the sheet '\(chosen.name)' is missing from the workbook; send the .xlsx file as it was downloaded")
        }
        return (chosen.name, xml)
    }

    static func part(_ path: String, in archive: Archive) -> Data? {
        guard let entry = archive[path], entry.type == .file, entry.uncompressedSize <= UInt64(maximumPartBytes) else { return nil }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > maximumPartBytes { throw Failure.notAWorkbook("a part of the workbook is too large") }
            }
        } catch {
            return nil
        }
        return data
    }

    /// Each `<si>`: its text runs joined, without phonetic guides (`<rPh>`).
    static func readSharedStrings(_ xml: Data) -> [String] {
        var strings: [String] = []
        var current = "", inText = false, phonetic = 0
        XMLEvents.parse(xml, start: { name, _ in
            switch name {
            case "si": current = ""
            case "rPh": phonetic += 1
            case "t": inText = phonetic == 0
            default: break
            }
        }, text: { if inText { current += $0 } }, end: { name in
            switch name {
            case "si": strings.append(current)
            case "rPh": phonetic -= 1
            case "t": inText = false
            default: break
            }
        })
        return strings
    }

    /// Which entries of `<cellXfs>` have a date format, built in or the workbook's own.
    static func readDateStyles(_ xml: Data) -> [Bool] {
        var custom: [Int: String] = [:]
        var styles: [Bool] = []
        var inCellXfs = false
        var ids: [Int] = []
        XMLEvents.parse(xml, start: { name, attributes in
            switch name {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap(Int.init) { custom[id] = attributes["formatCode"] ?? "" }
            case "cellXfs": inCellXfs = true
            case "xf" where inCellXfs: ids.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
            default: break
            }
        }, text: { _ in }, end: { name in if name == "cellXfs" { inCellXfs = false } })
        for id in ids { styles.append(custom[id].map(isDateFormat) ?? builtInDates.contains(id)) }
        return styles
    }

    /// Excel's built-in number formats that show dates (and dates with times).
    static let builtInDates: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// A format code shows a date when, outside quoted text, escapes and [colour] sections,
    /// it has a day or year, or months without hours and seconds (`mm` alone is minutes in `h:mm`).
    static func isDateFormat(_ code: String) -> Bool {
        var plain = ""
        var quoted = false, bracket = false, escaped = false
        for c in code.lowercased() {
            if escaped { escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            default: if !quoted, !bracket { plain.append(c) }
            }
        }
        // Only the first section (positive numbers) says what the cell is.
        let first = plain.split(separator: ";", omittingEmptySubsequences: false).first ?? ""
        if first.contains("d") || first.contains("y") { return true }
        return first.contains("m") && !first.contains("h") && !first.contains("s")
    }
}

/// Foundation's XMLParser as three closures, with element names stripped of any namespace prefix
/// (`x:row` is `row`). External entities are never fetched.
final class XMLEvents: NSObject, XMLParserDelegate {
    let start: (String, [String: String]) -> Void
    let text: (String) -> Void
    let end: (String) -> Void

    private init(start: @escaping (String, [String: String]) -> Void, text: @escaping (String) -> Void, end: @escaping (String) -> Void) {
        self.start = start
        self.text = text
        self.end = end
    }

    /// False when the XML is malformed.
    @discardableResult
    static func parse(_ xml: Data, start: @escaping (String, [String: String]) -> Void,
                      text: @escaping (String) -> Void = { _ in }, end: @escaping (String) -> Void = { _ in }) -> Bool {
        let parser = XMLParser(data: xml)
        parser.shouldResolveExternalEntities = false
        let events = XMLEvents(start: start, text: text, end: end)
        parser.delegate = events
        return parser.parse()
    }

    static func local(_ name: String) -> String {
        name.lastIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        start(Self.local(elementName), attributes)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        end(Self.local(elementName))
    }
}
