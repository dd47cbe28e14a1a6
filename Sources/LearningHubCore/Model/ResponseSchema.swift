/// The fields of a team's response, each listed once, in the order a stored record writes them.
/// The validator's known fields and required checks, the CSV mapping, the stored record's and the
/// blank file's order, replies' and warnings' wording, and the exports come from this list;
/// `ResponseFormDriftTests` checks the response form's markup and scripts against it.
/// docs/contributing.md "Adding a response field" says what else a new field needs.
public enum ResponseSchema {
    public static let fields: [ResponseField] = [
        // Top level: who sent it, about which briefing.
        .init(key: "briefing", kind: .slug, read: .response { .text($0.briefing) },
              need: .required("the slug of the briefing this responds to"), question: "Briefing"),
        .init(key: "organisation", kind: .text, read: .response { .text($0.organisation) },
              need: .required("the name of the organisation"), label: "Name of organisation", question: "Name of Organisation",
              exportTitle: "Organisation"),
        .init(key: "team", kind: .text, read: .response { .text($0.team) },
              need: .required("the name of the section and team"), label: "Name of section and team", question: "Name of Section & Team",
              exportTitle: "Team"),
        .init(key: "team_manager", kind: .text, read: .response { .text($0.teamManager) },
              need: .asked("no 'team_manager' is given; the form asks for the team manager's name"),
              label: "Team manager", question: "Team Manager", audience: .staffNames),
        .init(key: "contact", kind: .text, read: .response { .text($0.contact) },
              need: .asked("no 'contact' details are given; the partnership will not be able to reply to this team"),
              label: "Contact details", question: "Contact Details", help: "Contact Details: an email address or phone number",
              audience: .never),
        .init(key: "submitted", kind: .date, read: .response { .date($0.submitted) },
              label: "the date of the response", question: "Date", help: "The date you send this, like 31/01/2027"),
        .init(key: "learning", kind: .list(.learningPoint), read: .response { .points($0.learning) }, label: "The learning relevant to your team",
              help: """
              The learning or recommendations relevant to your team, and a summary of your team's
              discussion of them: one entry for each point (copy the two lines for more). refs: the IDs
              it is about, from the list at the end, like [F2, R1]. To answer a question (Q2), give its
              ID alone in refs and the answer as the discussion. Delete an entry you do not use.
              """),
        .init(key: "actions", kind: .list(.action), read: .response { .actions($0.actions) }, label: "Your action plan",
              help: """
              What actions have been agreed to improve practice? One entry for each (copy the lines for
              more). who: a role, not a person's name, as it is published. by_when: a date, like 31/03/2027.
              status: not started, in progress or done. evidence: what shows it has worked, once done.
              refs: the IDs of the findings and recommendations the action answers, like [R1], or [].
              Delete the entry if your team agreed no actions.
              """),
        .init(key: "notes", kind: .body, read: .response { .text($0.notes) }, label: "the notes", question: "Notes", scanned: true),

        // Each learning point: the findings and recommendations it is about, and the team's discussion.
        .init(key: "refs", kind: .refs, read: .point { .refs($0.refs) }, label: "The learning relevant to your team",
              question: "Relevant learning"),
        .init(key: "discussion", kind: .longText, read: .point { .text($0.discussion) },
              need: .asked("has no 'discussion'; the form asks for a summary of the team's discussion"),
              label: "The learning relevant to your team", question: "Discussion", scanned: true),

        // Each action.
        .init(key: "what", kind: .longText, read: .action { .text($0.what) }, need: .required("what needs to happen"),
              label: "What needs to happen?", question: "What needs to happen?", exportTitle: "What needs to happen?", scanned: true),
        .init(key: "refs", kind: .refs, read: .action { .refs($0.refs) }, label: "Which findings and recommendations does it answer?",
              question: "Learning the action answers", columnKey: "action_refs", exportTitle: "Learning it answers", omittedWhenEmpty: true),
        .init(key: "who", kind: .text, read: .action { .text($0.who) }, need: .asked("does not say who will do it ('who')"),
              label: "Who will do it?", question: "Who will do it?", exportTitle: "Who will do it?", scanned: true),
        // Asked unless the action is done: the validator says so where it reads the status.
        .init(key: "by_when", kind: .dueDate, read: .action { .due($0.byWhen) },
              need: .asked("has no date in 'by_when'; it will be listed under 'no date'"),
              label: "By when?", question: "By When?", exportTitle: "By when?"),
        .init(key: "done_when", kind: .longText, read: .action { .text($0.doneWhen) },
              need: .asked("does not say how you will know it has been done ('done_when')"),
              label: "How will you know when it has been done?", question: "How will you know when it has been done?",
              exportTitle: "How will you know when it has been done?", scanned: true),
        .init(key: "worked_when", kind: .longText, read: .action { .text($0.workedWhen) },
              need: .asked("does not say how you will know it has worked ('worked_when')"),
              label: "How will you know if it has worked?", question: "How will you know if it has worked?",
              exportTitle: "How will you know if it has worked?", scanned: true),
        .init(key: "status", kind: .status, read: .action { .status($0.status) }, label: "Progress", question: "Status",
              exportTitle: "Status"),
        .init(key: "evidence", kind: .longText, read: .action { .text($0.evidence) }, label: "What shows it has worked?",
              question: "Evidence", exportTitle: "Evidence that it worked", scanned: true),
    ]

    public static let top = fields.filter { $0.level == .top }
    public static let learningPoint = fields.filter { $0.level == .learningPoint }
    public static let action = fields.filter { $0.level == .action }

    /// Each level's fields as the writers and exports loop over them (`ResponseField.Step`).
    public static let topSteps = top.map(\.step)
    public static let learningPointSteps = learningPoint.map(\.step)
    public static let actionSteps = action.map(\.step)

    public static func fields(of level: ResponseField.Level) -> [ResponseField] {
        switch level {
        case .top: top
        case .learningPoint: learningPoint
        case .action: action
        }
    }

    /// The field of a level by its key.
    public static func field(_ key: String, in level: ResponseField.Level) -> ResponseField? {
        fields.first { $0.level == level && $0.key == key }
    }
}
