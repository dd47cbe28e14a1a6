/// Sorts every action into the groups the partnership board asks about, judged on one fixed day.
public struct ActionTracker: Sendable {
    public enum Group: String, Sendable, CaseIterable {
        case overdue = "Overdue"
        case dueSoon = "Due within 30 days"
        case noDate = "No date"
        case dueLater = "Due later"
        case doneNoEvidence = "Done, no evidence yet that it worked"
        case doneWithEvidence = "Done, with evidence that it worked"

        public var slug: String {
            switch self {
            case .overdue: "overdue"
            case .dueSoon: "due-soon"
            case .noDate: "no-date"
            case .dueLater: "due-later"
            case .doneNoEvidence: "done-no-evidence"
            case .doneWithEvidence: "done-with-evidence"
            }
        }
    }

    public struct Entry: Sendable {
        public var response: TeamResponse
        public var action: ResponseAction
        public var number: Int
        public var group: Group
    }

    public var asOf: CalendarDate

    public init(asOf: CalendarDate) { self.asOf = asOf }

    public func group(_ action: ResponseAction) -> Group {
        if action.status == .done {
            return action.evidence.isEmpty ? .doneNoEvidence : .doneWithEvidence
        }
        guard let due = action.byWhen?.date else { return .noDate }
        if due < asOf { return .overdue }
        return due.dayNumber - asOf.dayNumber <= 30 ? .dueSoon : .dueLater
    }

    public func entries(_ responses: [TeamResponse]) -> [Entry] {
        responses.flatMap { r in
            r.actions.enumerated().map { Entry(response: r, action: $1, number: $0 + 1, group: group($1)) }
        }
    }
}

/// Every action of a hub in its group, worked out once a build: the summary pages, the board's
/// figures and the exports all read this one list.
public struct TrackedActions: Sendable {
    public let tracker: ActionTracker
    /// In the order of the responses, each response's actions in its own order.
    public let entries: [ActionTracker.Entry]

    public init(hub: Hub) {
        tracker = ActionTracker(asOf: hub.asOf)
        entries = tracker.entries(hub.responses)
    }
}
