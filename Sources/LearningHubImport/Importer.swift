import Foundation
import LearningHubCore

public struct ImportOptions: Sendable {
    public struct Source: Sendable {
        public var url: URL
        /// How messages name it: the path as the user gave it.
        public var display: String
        public init(url: URL, display: String) { self.url = url; self.display = display }
    }

    public var sources: [Source]
    public var content: URL
    public var displayContent: String
    public var dryRun: Bool
    /// `--as`: the slug to write the (single) briefing under instead of the one from its title.
    public var newSlug: String?
    /// Where `pdftotext` and `pandoc` are looked for.
    public var searchPath: [String]

    public init(sources: [Source], content: URL, displayContent: String = "Content", dryRun: Bool = false,
                newSlug: String? = nil, searchPath: [String]) {
        self.sources = sources
        self.content = content
        self.displayContent = displayContent
        self.dryRun = dryRun
        self.newSlug = newSlug
        self.searchPath = searchPath
    }
}

public struct ImportReport: Sendable {
    public struct Imported: Sendable {
        public var source: String
        /// As messages name it: `Content/briefings/sam.md`.
        public var target: String
        public var markdown: String
    }

    public var imported: [Imported] = []
    /// Every warning and error, source by source, in the order found.
    public var problems: [ImportProblem] = []
    public var failed = 0
}

/// `learning-hub import`: each file converted, read, and written as a briefing that never replaces
/// an existing one. A file that cannot be imported is reported and nothing is written for it;
/// the others are imported all the same.
public struct Importer: Sendable {
    public var options: ImportOptions

    public init(options: ImportOptions) { self.options = options }

    public func run() -> ImportReport {
        var report = ImportReport()
        let themes = ThemeCatalogue.load(contentDirectory: options.content)
        let folder = options.content.appendingPathComponent("briefings")
        var taken: Set<String> = []
        for source in options.sources {
            do throws(ImportFailure) {
                let (slug, markdown, warnings) = try importOne(source, themes: themes)
                report.problems += warnings
                let target = "\(options.displayContent)/briefings/\(slug).md"
                let exists = FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(slug).md").path)
                    || FileManager.default.fileExists(atPath: folder.appendingPathComponent(slug).path)
                guard !exists, !taken.contains(slug) else {
                    let why = exists ? "\(target) already exists" : "another file of this import is written to \(target)"
                    throw ImportFailure(ImportProblem(source.display, .file, .error,
                        "\(why), and an import never overwrites a briefing: give this one another slug with --as NEW-SLUG"))
                }
                if !options.dryRun {
                    try write(markdown, to: folder.appendingPathComponent("\(slug).md"), display: source.display)
                }
                taken.insert(slug)
                report.imported.append(.init(source: source.display, target: target, markdown: markdown))
            } catch {
                report.problems += error.problems
                report.problems.append(ImportProblem(source.display, .file, .error, "nothing was written for this file"))
                report.failed += 1
            }
        }
        return report
    }

    private func importOne(_ source: ImportOptions.Source, themes: ThemeCatalogue) throws(ImportFailure) -> (String, String, [ImportProblem]) {
        let converted = try Converters(searchPath: options.searchPath).convert(source.url, display: source.display)
        var document = DocumentReader(path: source.display).read(converted)
        guard !document.sections.isEmpty else {
            throw ImportFailure(ImportProblem(source.display, .file, .error,
                "no section headings were found (like '01 Background', '1. Background' or a heading on a line of its own): a briefing needs at least one"))
        }
        let stem = source.url.deletingPathExtension().lastPathComponent
        let guesser = FrontMatterGuesser(path: source.display, themes: themes, fileDate: Self.modificationDay(of: source.url))
        let facts = guesser.guess(document, fileStem: stem, warnings: &document.warnings)
        let markdown = BriefingWriter(source: source.display, flavour: converted.flavour).write(document, facts: facts)
        let slug = options.newSlug ?? Self.slug(for: facts.title.value)
        return (slug, markdown, document.warnings)
    }

    /// From the title's first part: "Sam: injuries to a baby" -> `sam`, at most about 60 characters.
    static func slug(for title: String) -> String {
        let head = title.split(separator: ":").first.map(String.init) ?? title
        var slug = Slug.make(head)
        if slug.count > 60 {
            slug = String(slug.prefix(60))
            if let cut = slug.lastIndex(of: "-") { slug = String(slug[..<cut]) }
        }
        return slug
    }

    private static func modificationDay(of url: URL) -> CalendarDate {
        let date = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? Date()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDate(year: parts.year ?? 2026, month: parts.month ?? 1, day: parts.day ?? 1) ?? .distantPast
    }

    private func write(_ markdown: String, to url: URL, display: String) throws(ImportFailure) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(markdown.utf8).write(to: url, options: .withoutOverwriting)
        } catch {
            throw ImportFailure(ImportProblem(display, .file, .error, "the briefing could not be written to \(options.displayContent)/briefings/\(url.lastPathComponent); check that the folder can be written to"))
        }
    }
}
