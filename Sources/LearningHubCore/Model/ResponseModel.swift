/// A team's response to a briefing: the seed's response form as a typed record.

public enum ActionStatus: String, Sendable, CaseIterable {
    case notStarted = "not started"
    case inProgress = "in progress"
    case done

    /// As a page shows it: "Not started", "In progress", "Done".
    public var label: String {
        switch self {
        case .notStarted: "Not started"
        case .inProgress: "In progress"
        case .done: "Done"
        }
    }

    /// For a class name: "not-started", "in-progress", "done".
    public var slug: String {
        switch self {
        case .notStarted: "not-started"
        case .inProgress: "in-progress"
        case .done: "done"
        }
    }

    /// Reads `Not started`, `not-started`, `IN_PROGRESS`, `Done`.
    public init?(loose text: String) {
        // As the form writes it, most of the time.
        if let exact = ActionStatus(rawValue: text) {
            self = exact
            return
        }
        let key = text.lowercased().replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
            .split(separator: " ").joined(separator: " ")
        guard let status = ActionStatus(rawValue: key) else { return nil }
        self = status
    }
}

/// "By when?" as the team wrote it, and the day it means when it means one.
public struct DueDate: Sendable, Hashable {
    public var written: String
    public var date: CalendarDate?

    public init(written: String) {
        self.written = written
        self.date = FlexibleDate.parse(written)
    }
}

public struct LearningPoint: Sendable, Hashable {
    /// Finding and recommendation IDs from the briefing (F2, R3.1).
    public var refs: [String]
    public var discussion: String
}

public struct ResponseAction: Sendable, Hashable {
    public var what: String
    public var who: String
    public var byWhen: DueDate?
    public var doneWhen: String
    public var workedWhen: String
    public var status: ActionStatus
    public var evidence: String
    /// The IDs of the briefing's learning points this action answers (F2, R3.1); may be empty.
    public var refs: [String] = []
}

public struct TeamResponse: Sendable, Hashable {
    public var briefing: String
    public var organisation: String
    public var team: String
    public var teamManager: String
    /// Never published: kept only in Content/responses/ for the learning officer.
    public var contact: String
    public var submitted: CalendarDate?
    public var learning: [LearningPoint]
    public var actions: [ResponseAction]
    public var notes: String
    /// The name of the record's file without `.md`, once it is filed: usually `naturalStem`, but a
    /// team whose names give the same slugs as another team's is filed under another name.
    public var recordStem: String? = nil

    /// The record's file name without `.md`: unique in its briefing's folder, so also its anchor.
    public var fileStem: String { recordStem ?? naturalStem }
    /// `<organisation>--<team>`: the name a team's record is given unless another team has it.
    public var naturalStem: String { "\(Slug.name(organisation))--\(Slug.name(team))" }
    public var organisationSlug: String { Slug.name(organisation) }
    /// Who sent it: one record per identity per briefing (see `TeamIdentity`).
    public var identity: String { TeamIdentity.key(organisation: organisation, team: team) }
}

extension TeamResponse {
    /// The seed form's question for each field: the header texts of a CSV export unless hub.yml's
    /// `response_columns` says otherwise (`CSVResponseMapper`), and the fields that setting may name.
    public static let formQuestions: [String: String] = Dictionary(uniqueKeysWithValues: ResponseSchema.fields.compactMap { f in
        f.question.map { (f.column, $0) }
    })
}
