/// One field of the response record, as `ResponseSchema` lists it: everything the collector, the
/// writers, the exports and the blank response file need to know of it, said once.
public struct ResponseField: Sendable {
    public enum Level: Sendable, Equatable {
        case top, learningPoint, action
    }

    public enum Kind: Sendable, Equatable {
        /// The slug of a briefing: the forms and the blank file fill it in.
        case slug
        /// One line of text.
        case text
        /// Text that may run to paragraphs (Markdown).
        case longText
        /// Markdown below the front matter; a `notes:` field is read too.
        case body
        /// A day, stored YYYY-MM-DD.
        case date
        /// A date as the team wrote it ("end of March"), read as a day each time it is one.
        case dueDate
        /// not started, in progress or done.
        case status
        /// IDs of the briefing's findings and recommendations (F2, R3.1).
        case refs
        /// The learning points or the actions: a list of groups of the fields of that level.
        case list(Level)
    }

    public enum Need: Sendable, Equatable {
        /// Rejected without it. The text says what the field is: "the name of the organisation".
        case required(String)
        /// Kept without it, with this warning after the owner ("action 2 " or nothing).
        case asked(String)
        case optional
    }

    public enum Audience: Sendable, Equatable {
        case published
        /// Published only when hub.yml's `publish_staff_names` is true.
        case staffNames
        /// Kept only in Content/responses/ for the learning officer.
        case never
    }

    /// How a field's value is read from the record of its level.
    public enum Reader: Sendable {
        case response(@Sendable (TeamResponse) -> FieldValue)
        case point(@Sendable (LearningPoint) -> FieldValue)
        case action(@Sendable (ResponseAction) -> FieldValue)
    }

    /// The name in a response file, within its level (`refs` is a learning point's and an action's).
    public var key: String
    public var kind: Kind
    public var read: Reader
    public var need: Need = .optional
    /// The response form's words for it (Theme/templates/respond*.mustache), or a reply's when the form does not ask it.
    public var label: String? = nil
    /// The seed form's question: a CSV export's header for it unless hub.yml's `response_columns` says otherwise.
    public var question: String? = nil
    /// The name `response_columns` gives it, when `key` alone would be ambiguous.
    public var columnKey: String? = nil
    /// The blank response file's comment above it (lines), when it is not just the question.
    public var help: String? = nil
    /// The column's title in actions.csv.
    public var exportTitle: String? = nil
    public var audience: Audience = .published
    /// Whether the collector looks for personal data in it (`PersonalData`): the free text a team writes.
    public var scanned = false
    /// Left out of a stored record when empty, so that records made before the field existed keep their bytes.
    public var omittedWhenEmpty = false

    public var level: Level { read.level }

    /// The level of the entries of a list field (`learning`, `actions`); nil for any other.
    public var entries: Level? {
        if case .list(let level) = kind { level } else { nil }
    }

    /// The field's name in `response_columns` and `TeamResponse.formQuestions`.
    public var column: String { columnKey ?? key }

    public func value(_ r: TeamResponse) -> FieldValue? { read.value(r) }
    public func value(_ p: LearningPoint) -> FieldValue? { read.value(p) }
    public func value(_ a: ResponseAction) -> FieldValue? { read.value(a) }

    /// What the writers and exports use of a field for each value they write. Their loops over
    /// whole fields copied every text of each (a retain and release apiece) for every value,
    /// which made the stored record's writer 2.7 times slower.
    public struct Step: Sendable {
        public let key: String
        public let kind: Kind
        public let audience: Audience
        public let omittedWhenEmpty: Bool
        public let read: Reader
    }

    public var step: Step { Step(key: key, kind: kind, audience: audience, omittedWhenEmpty: omittedWhenEmpty, read: read) }
}

extension ResponseField.Reader {
    public var level: ResponseField.Level {
        switch self {
        case .response: .top
        case .point: .learningPoint
        case .action: .action
        }
    }

    /// The field's value in a record of its level; nil for a record of another level.
    public func value(_ r: TeamResponse) -> FieldValue? {
        if case .response(let get) = self { get(r) } else { nil }
    }

    public func value(_ p: LearningPoint) -> FieldValue? {
        if case .point(let get) = self { get(p) } else { nil }
    }

    public func value(_ a: ResponseAction) -> FieldValue? {
        if case .action(let get) = self { get(a) } else { nil }
    }
}

/// A field's value, as the writers and exports need it.
public enum FieldValue: Sendable {
    case text(String)
    case date(CalendarDate?)
    case due(DueDate?)
    case status(ActionStatus)
    case refs([String])
    case points([LearningPoint])
    case actions([ResponseAction])
}
