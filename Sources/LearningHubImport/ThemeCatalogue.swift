import Foundation
import LearningHubCore

/// The hub's existing themes, so that a "key themes" list in a document can be matched to them by
/// name (case, accents and punctuation aside) or by slug, as the build matches them.
struct ThemeCatalogue: Sendable {
    struct Entry: Sendable { var slug: String; var name: String }
    var entries: [Entry]

    static func load(contentDirectory: URL) -> ThemeCatalogue {
        let folder = contentDirectory.appendingPathComponent("themes")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        var entries: [Entry] = []
        for name in names where name.hasSuffix(".md") && !name.hasPrefix(".") {
            let slug = Slug.make(String(name.dropLast(3)))
            var themeName = slug
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
               let text = String(data: data, encoding: .utf8),
               let file = try? FrontMatterFile.split(text, path: name) {
                var fields = YAMLFields(yaml: file.yaml, path: name, firstLine: file.yamlFirstLine)
                themeName = fields.string("name", required: false) ?? slug
            }
            entries.append(Entry(slug: slug, name: themeName))
        }
        return ThemeCatalogue(entries: entries)
    }

    func match(_ name: String) -> Entry? {
        let key = Self.key(name)
        return entries.first { Self.key($0.name) == key } ?? entries.first { $0.slug == Slug.make(Self.folded(name)) }
    }

    private static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_GB"))
    }

    /// "Voice of the Child & Lived Experience" and "voice of the child and lived experience" agree.
    static func key(_ text: String) -> String {
        folded(text).replacingOccurrences(of: "&", with: " and ")
            .split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }
}
