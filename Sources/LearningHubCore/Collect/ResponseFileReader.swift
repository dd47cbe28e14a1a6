import Foundation
import Yams

/// Reads a response file in any accepted format into raw responses, refusing what is not a
/// response file (too large, binary, not UTF-8, an unknown kind) with a reason a person understands.
public struct ResponseFileReader: Sendable {
    public static let maximumBytes = 1 << 20
    public static let extensions: Set<String> = ["md", "markdown", "yml", "yaml", "json", "csv", "xlsx"]

    public var csv: CSVResponseMapper
    /// The sheet of an .xlsx workbook to read (hub.yml's `response_sheet`); nil for the first.
    public var sheetName: String?

    public init(csv: CSVResponseMapper = CSVResponseMapper(), sheetName: String? = nil) {
        self.csv = csv
        self.sheetName = sheetName
    }

    public struct Entry: Sendable {
        public var raw: RawValue
        public var body: String
        /// The line the Markdown below the front matter starts on, for warnings about it.
        public var bodyLine: Int = 1
    }

    /// Decodes bytes as UTF-8, accepting a byte-order mark and CRLF line endings.
    public static func decode(_ data: Data, path: String, log: inout DiagnosticLog) -> String? {
        let at = SourceLocation(path: path)
        if data.count > maximumBytes {
            log.error(at, "the file is \(data.count / 1024) KB, more than the 1 MiB a response may be; a response form is a few KB, so check this is the right file")
            return nil
        }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            log.error(at, "the file is saved as UTF-16; save it as UTF-8 (in Excel: 'CSV UTF-8'; in Notepad: Encoding, UTF-8)")
            return nil
        }
        // On the buffer: Data's own iterator, byte by byte, was a tenth of reading 50,000 responses.
        if data.withUnsafeBytes({ $0.contains(0) }) {
            log.error(at, "the file is not text (it contains binary data); send the response as a .md, .json or .csv file")
            return nil
        }
        guard var text = String(data: data, encoding: .utf8) else {
            log.error(at, "the file is not UTF-8 text (it may be saved as Windows-1252 or Latin-1); save it as UTF-8 and send it again")
            return nil
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard text.utf8.contains(0x0D) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    public func read(_ data: Data, path: String, log: inout DiagnosticLog) -> [Entry] {
        let ext = (path as NSString).pathExtension.lowercased()
        guard Self.extensions.contains(ext) else {
            log.error(SourceLocation(path: path), "'\((path as NSString).lastPathComponent)' is not a response file; responses are .md, .json, .csv or .xlsx files")
            return []
        }
        if ext == "xlsx" { return xlsx(data, path: path, log: &log) }
        guard let text = Self.decode(data, path: path, log: &log) else { return [] }
        switch ext {
        case "csv":
            do {
                // Spreadsheets in some locales export with semicolons; the header row tells which.
                let header = text.prefix { $0 != "\n" }
                let separator: Character = header.filter { $0 == ";" }.count > header.filter { $0 == "," }.count ? ";" : ","
                let table = try CSVTable.parse(text, separator: separator)
                return csv.responses(from: table, path: path, log: &log).map { Entry(raw: $0, body: "") }
            } catch {
                if case .unclosedQuote(let line, let column) = error {
                    log.error(SourceLocation(path: path, line: line, column: column), "a quoted cell starts here but its closing quote (\") is missing")
                }
                return []
            }
        case "json", "yml", "yaml":
            return yaml(text, path: path, lineOffset: 0, log: &log).map { [Entry(raw: $0, body: "")] } ?? []
        default:
            let file: FrontMatterFile
            do {
                file = try FrontMatterFile.split(text, path: path)
            } catch {
                log.append(contentsOf: error.diagnostics)
                return []
            }
            return yaml(file.yaml, path: path, lineOffset: file.yamlFirstLine - 1, log: &log).map { [Entry(raw: $0, body: file.body, bodyLine: file.bodyFirstLine)] } ?? []
        }
    }

    /// YAML, and JSON through the same parser (JSON is YAML), so both keep line numbers.
    private func yaml(_ text: String, path: String, lineOffset: Int, log: inout DiagnosticLog) -> RawValue? {
        // Records as the collector writes them, and most forms, are read without Yams; the rest,
        // hand-edited or malformed, go through Yams for the whole language and its messages.
        if let fast = ResponseYAMLReader.parse(text, path: path, lineOffset: lineOffset) { return fast }
        return yamsValue(text, path: path, lineOffset: lineOffset, log: &log)
    }

    /// Reads through Yams only: the reference the fast reader is tested against.
    func yamsValue(_ text: String, path: String, lineOffset: Int, log: inout DiagnosticLog) -> RawValue? {
        if let refusal = YAMLGuard().check(text) {
            log.error(SourceLocation(path: path, line: refusal.line + lineOffset, column: refusal.column), refusal.problem)
            return nil
        }
        do {
            guard let node = try Yams.compose(yaml: text, .default, .default, .utf8) else {
                log.error(SourceLocation(path: path, line: lineOffset + 1), "the response is empty")
                return nil
            }
            return RawValue.from(node, path: path, lineOffset: lineOffset)
        } catch let error as YamlError {
            let (mark, problem) = YAMLFields.describe(error)
            log.error(YAMLFields.location(mark, path: path, offset: lineOffset), "the file is malformed: \(problem)")
            return nil
        } catch {
            log.error(SourceLocation(path: path), "the file could not be read: \(error)")
            return nil
        }
    }
}
