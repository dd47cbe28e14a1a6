import ArgumentParser
import Foundation
import LearningHubImport

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring existing briefings in from PDF, Word (.docx), OpenDocument (.odt) or pasted text.",
        discussion: """
        Each file is converted (PDFs with pdftotext from poppler-utils, .docx and .odt with pandoc), \
        its headings, paragraphs and lists recovered, and written as Content/briefings/<slug>.md, the \
        slug made from its title. An existing briefing is never overwritten. Guessed front matter is \
        marked with a comment saying what to check; what to check in the body is printed as \
        'file:line: warning: ...' (a page for a PDF). Then run 'learning-hub build'.

        A file that cannot be imported (empty, a scan with no text, protected by a password, damaged, \
        not UTF-8) is an error and nothing is written for it; the other files are imported. \
        Exit status: 0 when every file was imported, 1 otherwise. See docs/import.md.
        Example: learning-hub import old-briefings/*.pdf --dry-run
        """
    )

    @Argument(help: ArgumentHelp("The documents: .pdf, .docx, .odt, .txt or .md.", valueName: "file"))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("The content folder to import into.", valueName: "dir"))
    var content = "Content"

    @Flag(name: .long, help: "Print the briefings it would write, and what to check, without writing anything.")
    var dryRun = false

    @Option(name: .customLong("as"), help: ArgumentHelp("Write the briefing under this slug (one file only), e.g. when its own is taken.", valueName: "new-slug"))
    var newSlug: String?

    func validate() throws {
        if let newSlug {
            if files.count != 1 { throw ValidationError("--as names the slug of one briefing: give it with one file") }
            if newSlug.isEmpty || newSlug != newSlug.lowercased() || newSlug.contains(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")) }) {
                throw ValidationError("--as should be a slug: lower-case letters, digits and hyphens, like child-r")
            }
        }
    }

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let options = ImportOptions(
            sources: files.map { .init(url: URL(fileURLWithPath: $0, relativeTo: cwd), display: $0) },
            content: URL(fileURLWithPath: content, relativeTo: cwd), displayContent: content,
            dryRun: dryRun, newSlug: newSlug, searchPath: path.split(separator: ":").map(String.init))
        let report = Importer(options: options).run()
        for problem in report.problems { printError(problem.description) }
        for imported in report.imported {
            if dryRun {
                print("--- \(imported.target) (not written: dry run), from \(imported.source):")
                print(imported.markdown)
            } else {
                print("Imported \(imported.source) as \(imported.target).")
            }
        }
        let total = files.count, done = report.imported.count
        print((dryRun ? "Dry run, nothing written. " : "") + "\(done) of \(total) file\(total == 1 ? "" : "s") imported"
              + (done > 0 ? "; check the lines marked 'check' and the warnings above, then run 'learning-hub build'." : "."))
        if report.failed > 0 { throw ExitCode(1) }
    }
}
