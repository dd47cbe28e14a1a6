import Foundation

/// One line of a document's text as a converter gave it, with the place a warning about it names.
struct SourceLine: Sendable, Hashable {
    var text: String
    var place: SourcePlace
}

/// What a converter made of a file: its lines, and whether they are Markdown (inline `**bold**`
/// kept as it is) or plain text from a PDF (every Markdown character escaped when written).
struct ConvertedText: Sendable {
    enum Flavour: Sendable { case markdown, plain }
    var lines: [SourceLine]
    var flavour: Flavour
    var fromPDF: Bool
}

/// Turns a source file into text: text files are read as UTF-8; PDFs go through `pdftotext`
/// (poppler-utils), Word and OpenDocument files through `pandoc`, each a real process.
struct Converters: Sendable {
    /// Folders searched for `pdftotext` and `pandoc`, as `PATH` is.
    var searchPath: [String]

    enum Format { case text, pdf, word(String) }

    static func format(of url: URL) -> Format? {
        switch url.pathExtension.lowercased() {
        case "txt", "text", "md", "markdown": .text
        case "pdf": .pdf
        case "docx": .word("docx")
        case "odt": .word("odt")
        default: nil
        }
    }

    func convert(_ url: URL, display path: String) throws(ImportFailure) -> ConvertedText {
        guard let format = Self.format(of: url) else {
            let hint = url.pathExtension.lowercased() == "doc"
                ? "an old Word .doc file cannot be read: open it in Word and save it as .docx, then import that"
                : "only .pdf, .docx, .odt, .txt and .md files can be imported"
            throw ImportFailure(ImportProblem(path, .file, .error, hint))
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw ImportFailure(ImportProblem(path, .file, .error, exists ? "the file could not be read; check that you may open it" : "there is no such file"))
        }
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains($0) }) {
            throw ImportFailure(ImportProblem(path, .file, .error, "the file is empty: there is nothing to import"))
        }
        switch format {
        case .text:
            let text = try TextDecoding.decode(data, path: path)
            return ConvertedText(lines: Self.lines(text) { .line($0) }, flavour: .markdown, fromPDF: false)
        case .pdf:
            return try pdf(url, path: path)
        case let .word(kind):
            return try word(url, kind: kind, path: path)
        }
    }

    private func pdf(_ url: URL, path: String) throws(ImportFailure) -> ConvertedText {
        // -layout keeps each line's indentation, which is how a PDF shows a list's nesting.
        let run = try runTool("pdftotext", package: "poppler-utils", ["-layout", "-enc", "UTF-8", url.path, "-"], path: path)
        if run.status != 0 {
            let said = run.stderr.lowercased()
            let message = said.contains("password")
                ? "this PDF is protected by a password: open it, save or print a copy without the password, and import that"
                : "the file could not be read as a PDF: it may be damaged, or not a PDF (pdftotext says: \(Self.firstLine(run.stderr)))"
            throw ImportFailure(ImportProblem(path, .file, .error, message))
        }
        let text = String(decoding: run.stdout, as: UTF8.self)
        if text.allSatisfy({ $0.isWhitespace }) {
            throw ImportFailure(ImportProblem(path, .file, .error, "no text in this PDF: it may be a scan; run it through text recognition (OCR), for example 'ocrmypdf', and import the result"))
        }
        // pdftotext ends each page with a form feed.
        var lines: [SourceLine] = []
        for (index, page) in text.split(separator: "\u{0C}", omittingEmptySubsequences: false).enumerated() {
            lines += Self.lines(String(page)) { _ in .page(index + 1) }
        }
        return ConvertedText(lines: lines, flavour: .plain, fromPDF: true)
    }

    private func word(_ url: URL, kind: String, path: String) throws(ImportFailure) -> ConvertedText {
        // GitHub's CommonMark keeps headings, lists and their nesting, and tables as pipe tables;
        // raw HTML (Word's bookmarks) is dropped.
        let run = try runTool("pandoc", package: "pandoc", ["--from", kind, "--to", "gfm-raw_html", "--wrap=none", url.path], path: path)
        if run.status != 0 {
            let name = kind == "docx" ? "a Word document (.docx)" : "an OpenDocument text (.odt)"
            throw ImportFailure(ImportProblem(path, .file, .error, "the file could not be read as \(name): it may be damaged, or saved in another format (pandoc says: \(Self.firstLine(run.stderr)))"))
        }
        let text = String(decoding: run.stdout, as: UTF8.self)
        if text.allSatisfy({ $0.isWhitespace }) {
            throw ImportFailure(ImportProblem(path, .file, .error, "the document has no text: there is nothing to import"))
        }
        return ConvertedText(lines: Self.lines(text) { _ in .file }, flavour: .markdown, fromPDF: false)
    }

    static func lines(_ text: String, place: (Int) -> SourcePlace) -> [SourceLine] {
        let unix = text.contains("\r") ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        return unix.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            SourceLine(text: String($0.element), place: place($0.offset + 1))
        }
    }

    static func firstLine(_ text: String) -> String {
        text.split(separator: "\n").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "nothing"
    }

    // MARK: running a converter

    struct Run { var status: Int32; var stdout: Data; var stderr: String }

    func locate(_ tool: String) -> URL? {
        for folder in searchPath where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(tool)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs `tool` with its output in temporary files, so that neither pipe can fill and stall it.
    private func runTool(_ tool: String, package: String, _ arguments: [String], path: String) throws(ImportFailure) -> Run {
        guard let executable = locate(tool) else {
            throw ImportFailure(ImportProblem(path, .file, .error, "'\(tool)' is not installed, and it is needed to read this file: install Debian's '\(package)' package (apt-get install \(package)), or run 'make deps'"))
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("learning-hub-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
            process.waitUntilExit()
            return Run(status: process.terminationStatus, stdout: (try? Data(contentsOf: out)) ?? Data(),
                       stderr: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self))
        } catch {
            throw ImportFailure(ImportProblem(path, .file, .error, "'\(tool)' could not be started (\(executable.path)); check that it is installed properly"))
        }
    }
}

/// Text files must be UTF-8; anything else is named, with where it goes wrong, rather than guessed at.
enum TextDecoding {
    static func decode(_ data: Data, path: String) throws(ImportFailure) -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ImportFailure(ImportProblem(path, .file, .error, "the file is UTF-16 text: save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8) and import it again"))
        }
        if bytes.contains(0) {
            throw ImportFailure(ImportProblem(path, .file, .error, "the file is not text (it holds binary data): import the document it came from, or paste its text into a .txt file"))
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        // Find the first line that is not UTF-8, so the user can see which character it is.
        var line = 1, index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            guard byte >= 0x80 else { index += 1; continue }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            guard length > 1, index + length <= bytes.count,
                  String(validating: bytes[index..<index + length], as: UTF8.self) != nil else { break }
            index += length
        }
        throw ImportFailure(ImportProblem(path, .line(line), .error, "the file is not UTF-8 text (probably Windows-1252 or Latin-1, as older Windows programs save it): save it as UTF-8 and import it again"))
    }
}
