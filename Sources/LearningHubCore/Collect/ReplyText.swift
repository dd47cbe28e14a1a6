import Foundation

/// Who sent a rejected response, as far as the file says: for the reply's greeting and for the
/// officer's list of teams to reply to (printed on the terminal only, never published).
public struct ReplySender: Sendable, Hashable {
    public var organisation: String
    public var team: String
    public var teamManager: String
    public var contact: String
    public var briefing: String

    init(_ raw: RawValue) {
        func text(_ name: String) -> String { raw.field(name)?.text?.trimmedWhitespaceAndNewlines() ?? "" }
        organisation = text("organisation")
        team = text("team")
        teamManager = text("team_manager")
        contact = text("contact")
        briefing = text("briefing").lowercased()
    }

    /// "Health Visiting, Northshire NHS Trust", or what the file gives of it.
    public var name: String {
        let parts = [team, organisation].filter { !$0.isEmpty }
        return parts.isEmpty ? "a team the file does not name" : parts.joined(separator: ", ")
    }
}

/// A rejected file's reply to the team that sent it (`<file>.reply.txt`): each problem in the
/// form's own words ("action 2, 'Progress'"), what to do and where the form is. It never shows
/// a file path, a line number or the names of the file's fields; `.errors.txt` keeps those for the officer.
public struct ReplyText: Sendable {
    public var hub: Hub

    public init(hub: Hub) { self.hub = hub }

    /// The questions of the response form (Theme/templates/respond*.mustache), by field; where two
    /// levels share a key (`refs`), the learning point's, the one a message can name.
    static let questions: [String: String] = Dictionary(
        ResponseSchema.fields.filter { $0.entries == nil }.compactMap { f in f.label.map { (f.key, $0) } },
        uniquingKeysWith: { first, _ in first })

    static func question(_ field: String) -> String { questions[field] ?? "one of the answers" }

    public func letter(errors: [Diagnostic], senders: [ReplySender], accepted: Int) -> String {
        let briefing = senders.lazy.compactMap { s in hub.briefings.first { $0.slug == s.briefing } }.first
        let manager = senders.first { !$0.teamManager.isEmpty }?.teamManager
        var text = "Thank you for sending your team's response"
        text += briefing.map { " to the briefing \"\($0.title)\"" } ?? ""
        text += ". We could not add it to the Learning Hub yet"
        if accepted > 0 {
            text += ": the file held several responses, and \(accepted == 1 ? "one was" : "\(accepted) were") added, but not the others"
        }
        text = "Dear \(manager ?? "colleague"),\n\n" + Self.wrap(text + ", because:") + "\n\n"
        var seen = Set<String>()
        for problem in errors.map({ sentence(for: $0.message, briefing: briefing) }) where seen.insert(problem).inserted {
            text += Self.wrap("- " + problem, indent: "  ") + "\n"
        }
        text += "\n"
        text += Self.wrap("What to do: open the response form, put these right, then download the response file again and email it to \(hub.config.responsesEmail). If you filled in the form on the same computer and browser, your answers are still saved there.") + "\n\n"
        text += Self.wrap(whereTheFormIs(briefing)) + "\n\n"
        text += "With thanks,\n\(hub.config.partnership)\n"
        return text
    }

    func whereTheFormIs(_ briefing: Briefing?) -> String {
        let base = hub.config.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        switch (briefing, base) {
        case let (b?, base?): return "The form is at \(base)\(Routes.respond(b.slug))"
        case let (b?, nil): return "The form is on the \(hub.config.title): open the briefing \"\(b.title)\" and choose \"Fill in your team's response\"."
        case let (nil, base?): return "The form is on the \(hub.config.title), at \(base): open the briefing your team discussed and choose \"Fill in your team's response\"."
        case (nil, nil): return "The form is on the \(hub.config.title): open the briefing your team discussed and choose \"Fill in your team's response\"."
        }
    }

    /// One problem as the team would put it. Each of the collector's rejection reasons has its own
    /// sentence; a reason with none yet gets a general one, so that no field name or path leaks.
    public func sentence(for message: String, briefing: Briefing?) -> String {
        let thisBriefing = briefing.map { "the briefing \"\($0.title)\"" } ?? "this briefing"
        let changed = "The file has been changed since the form made it (or it was written by hand), and part of it can no longer be read. Please fill in the form again and send the new file it makes."
        let unreadable = "The file is not one the Learning Hub can read. Please send the file that the response form downloads (its name starts with \"response-\"), as it is."
        let rules: [(String, ([String]) -> String)] = [
            (#"^the file is \d+ KB, more than"#, { _ in "The file is far larger than a response form can be, so it may not be the right file. Please check that you attached the file the form downloaded." }),
            (#"saved as UTF-16"#, { _ in "The file is saved as a kind of text the Learning Hub cannot read (UTF-16). If you saved it from Excel, choose \"CSV UTF-8\"; or fill in the form and send the file it makes." }),
            (#"^the file is not (text|UTF-8 text)"#, { _ in unreadable }),
            (#"^'(.*)' is not a response file"#, { c in "The file \"\(c[1])\" is not a response form. Please send the file that the response form downloads (its name starts with \"response-\")." }),
            (#"^(the response is empty|the file holds no response|the CSV file is empty|the sheet is empty)"#, { _ in "The file has no answers in it. Please check that you attached the right file." }),
            (#"closing quote"#, { _ in "The spreadsheet file is damaged: one of its cells starts with a quotation mark that is never closed. Please export it again, or fill in the form instead." }),
            (#"^the workbook has no sheet called '(.*)'"#, { c in "The Excel file has no sheet called \"\(c[1])\", where the Learning Hub looks for the answers. Please send the export as it was downloaded." }),
            (#"(Excel workbook|from the workbook|the workbook has no sheets|the sheet is damaged|text the workbook does not have|part of the workbook)"#, { _ in "The Excel file could not be read: it may be damaged, or not be an Excel workbook. Please download the export again and send it as it comes." }),
            (#"^the (required )?field 'briefing'.* is (missing|empty)"#, { _ in "The file does not say which briefing it responds to. Please use the response form on the page of the briefing your team discussed." }),
            (#"^the (required )?field '(\w+)'.* is (missing|empty)"#, { c in "The form's question \"\(Self.question(c[2]))\" has no answer. Please answer it." }),
            (#"^the field '(\w+)' should be"#, { c in "The answer to \"\(Self.question(c[1]))\" could not be read. \(changed)" }),
            (#"^'submitted' should be a date, like .*, not '(.*)'$"#, { c in "The date of the response, \"\(c[1])\", is not a date. Please give a date such as 20/11/2026, or fill in the form again." }),
            (#"^there is no briefing '(.*)';"#, { c in "The response is for a briefing called \"\(c[1])\", which the Learning Hub does not have. Please fill in the form on the page of the briefing your team discussed." }),
            (#"^the response has no learning points and no actions"#, { _ in "The response has no learning and no actions. Please tick at least one finding or recommendation under \"The learning relevant to your team\", or add an action under \"Your action plan\"." }),
            (#"^learning point \d+ cites '(.*)', which is not in the briefing '.*'; its IDs are (.*)$"#, { c in "The response refers to \"\(c[1])\", which is not one of the findings or recommendations of \(thisBriefing) (they are \(c[2])). Please tick the ones relevant to your team under \"The learning relevant to your team\"." }),
            (#"^learning point (\d+) is empty"#, { c in "Learning point \(c[1]) has nothing in it. Please tick the findings or recommendations it is about and summarise your team's discussion, or leave it out." }),
            (#"^action (\d+) does not say what needs to happen"#, { c in "Action \(c[1]) does not say what needs to happen. Please answer \"What needs to happen?\" in action \(c[1]), or remove the action." }),
            (#"^action (\d+): status '(.*)' is not one of"#, { c in "In action \(c[1]), \"Progress\" is \"\(c[2])\", which is not one of the choices. Please choose Not started, In progress or Done." }),
            (#"^action (\d+): '(\w+)' should be text"#, { c in "In action \(c[1]), the answer to \"\(Self.question(c[2]))\" could not be read. \(changed)" }),
            (#"(front matter|malformed|YAML|should be a group of fields|should be a list|should have 'refs')"#, { _ in changed }),
        ]
        for (pattern, make) in rules {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: message, range: NSRange(message.startIndex..., in: message)) else { continue }
            let captures = (0..<match.numberOfRanges).map { i in Range(match.range(at: i), in: message).map { String(message[$0]) } ?? "" }
            return make(captures)
        }
        return "Part of the file could not be read. Please fill in the form again and send the new file it makes; if this happens again, reply to this email and we will sort it out with you."
    }

    /// Lines of at most 80 characters, broken at spaces, for any email program.
    static func wrap(_ text: String, indent: String = "") -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > 80 {
                lines.append(line)
                line = indent + word
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}

extension CollectReport {
    /// The teams to reply to, with their contact details: for the officer's terminal only.
    public func replyList(dryRun: Bool) -> [String] {
        guard !replies.isEmpty else { return [] }
        var lines = ["", dryRun ? "Teams to reply to (a run without --dry-run writes each reply beside the rejected file):"
                                 : "Teams to reply to (each reply is written, ready to send):"]
        for (file, senders) in replies {
            if senders.isEmpty { lines.append("  \(file): the file does not say who sent it; reply to the email it came with") }
            for s in Set(senders).sorted(by: { $0.name < $1.name }) {
                lines.append("  \(s.name): \(s.contact.isEmpty ? "no contact details given; reply to the email it came with" : s.contact) (\(file))")
            }
        }
        return lines
    }
}
