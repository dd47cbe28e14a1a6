/// The blank response file a briefing's form page offers for download (`briefings/<slug>/response-template.md`):
/// for teams without JavaScript, or who would rather fill in a file than a form. It is the
/// collector's Markdown format with every field present and empty, the briefing already named, and
/// the briefing's findings and recommendations listed in comments so the IDs are at hand.
public enum ResponseTemplateFile {
    public static func fileName(for b: Briefing) -> String { "response-\(b.slug).md" }

    public static func text(for b: Briefing, config: HubConfig) -> String {
        Fields(config: config).text(for: b)
    }

    /// The schema's fields as every blank file has them, worked out once for a hub's thousands of
    /// files: only the briefing's own line differs.
    struct Fields: Sendable {
        let config: HubConfig
        private let lines: [String]
        private let slugLine: Int?

        init(config: HubConfig) {
            self.config = config
            // A placeholder no slug can be, replaced by each briefing's slug.
            let lines = ResponseTemplateFile.fieldLines(slug: "\u{0}", config: config)
            self.lines = lines
            slugLine = lines.firstIndex { $0.hasSuffix(": \u{0}") }
        }

        func text(for b: Briefing) -> String {
            var fields = lines
            if let i = slugLine { fields[i] = String(fields[i].dropLast()) + b.slug }
            return ResponseTemplateFile.text(for: b, config: config, fields: fields)
        }
    }

    private static func text(for b: Briefing, config: HubConfig, fields: [String]) -> String {
        var lines = [
            "---",
            "# A team's response to the 7-minute briefing \"\(oneLine(b.title))\".",
            "# Fill in each field after its colon, save the file, and email it to \(oneLine(config.responsesEmail)).",
            "# Put text in double quotes if it has a colon followed by a space in it, or starts with a quote.",
            "# For a long text, write >- after the colon and the text on the lines below it, indented.",
            "# The format is explained in the hub's docs/responses.md.",
        ]
        lines += fields
        lines += ["#", "# The briefing's points, by the part of the briefing they are in:"]
        for group in b.pointGroups {
            lines.append("#   \(oneLine(group.label)):")
            for item in group.items {
                let indent = String(repeating: "  ", count: item.depth + 1)
                lines.append("#   \(indent)\(item.id)  \(oneLine(item.text))")
            }
        }
        lines.append("---")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// Every field of the schema but the notes (written below the file's answers, if at all), empty,
    /// each after its question or help as a comment; the lists with one entry to copy.
    static func fieldLines(slug: String, config: HubConfig) -> [String] {
        var lines: [String] = []
        for f in ResponseSchema.top where f.kind != .body {
            if f.kind == .slug {
                lines.append("\(f.key): \(slug)")
                continue
            }
            if let comment = f.help ?? f.question {
                let audience = switch f.audience {
                case .published: ""
                case .staffNames: config.publishStaffNames ? "" : " (not published on the hub)"
                case .never: " (never published)"
                }
                lines += (comment + audience).split(separator: "\n").map { "# \($0)" }
            }
            guard let level = f.entries else {
                lines.append("\(f.key): ")
                continue
            }
            lines.append("\(f.key):")
            for (i, entry) in ResponseSchema.fields(of: level).enumerated() {
                let blank = switch entry.kind {
                case .refs: "[]"
                case .status: ActionStatus.notStarted.rawValue
                default: ""
                }
                lines.append((i == 0 ? "  - " : "    ") + "\(entry.key): \(blank)")
            }
        }
        return lines
    }

    /// A comment ends at the line's end: keep any text placed in one on a single line.
    private static func oneLine(_ s: String) -> String {
        // Most texts have no line break (LF to CR, or U+0085, U+2028, U+2029, whose UTF-8 starts C2 or E2).
        guard s.utf8.contains(where: { ($0 >= 0x0A && $0 <= 0x0D) || $0 == 0xC2 || $0 == 0xE2 }) else { return s }
        return s.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
