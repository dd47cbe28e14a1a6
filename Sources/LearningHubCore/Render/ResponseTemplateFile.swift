/// The blank response file a briefing's form page offers for download (`briefings/<slug>/response-template.md`):
/// for teams without JavaScript, or who would rather fill in a file than a form. It is the
/// collector's Markdown format with every field present and empty, the briefing already named, and
/// the briefing's findings and recommendations listed in comments so the IDs are at hand.
public enum ResponseTemplateFile {
    public static func fileName(for b: Briefing) -> String { "response-\(b.slug).md" }

    public static func text(for b: Briefing, config: HubConfig) -> String {
        var lines = [
            "---",
            "# A team's response to the 7-minute briefing \"\(oneLine(b.title))\".",
            "# Fill in each field after its colon, save the file, and email it to \(oneLine(config.responsesEmail)).",
            "# Put text in double quotes if it has a colon followed by a space in it, or starts with a quote.",
            "# For a long text, write >- after the colon and the text on the lines below it, indented.",
            "# The format is explained in the hub's docs/responses.md.",
            "briefing: \(b.slug)",
            "# Name of Organisation",
            "organisation: ",
            "# Name of Section & Team",
            "team: ",
            "# Team Manager\(config.publishStaffNames ? "" : " (not published on the hub)")",
            "team_manager: ",
            "# Contact Details: an email address or phone number (never published)",
            "contact: ",
            "# The date you send this, like 31/01/2027",
            "submitted: ",
            "# The learning or recommendations relevant to your team, and a summary of your team's",
            "# discussion of them: one entry for each point (copy the two lines for more). refs: the IDs",
            "# it is about, from the list at the end, like [F2, R1]. To answer a question (Q2), give its",
            "# ID alone in refs and the answer as the discussion. Delete an entry you do not use.",
            "learning:",
            "  - refs: []",
            "    discussion: ",
            "# What actions have been agreed to improve practice? One entry for each (copy the lines for",
            "# more). who: a role, not a person's name, as it is published. by_when: a date, like 31/03/2027.",
            "# status: not started, in progress or done. evidence: what shows it has worked, once done.",
            "# refs: the IDs of the findings and recommendations the action answers, like [R1], or [].",
            "# Delete the entry if your team agreed no actions.",
            "actions:",
            "  - what: ",
            "    refs: []",
            "    who: ",
            "    by_when: ",
            "    done_when: ",
            "    worked_when: ",
            "    status: not started",
            "    evidence: ",
            "#",
            "# The briefing's points, by the part of the briefing they are in:",
        ]
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

    /// A comment ends at the line's end: keep any text placed in one on a single line.
    private static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
