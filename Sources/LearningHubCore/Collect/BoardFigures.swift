/// The figures the partnership board asks for, worked out once from the model and judged on the
/// hub's `as_of` day: who has responded against the teams expected, where the actions stand,
/// what is overdue and where, what falls due next, and how responses and completions run by month.
public struct BoardFigures: Sendable {
    /// Teams expected to respond to a briefing (from teams.yml), how many of them have, and how
    /// many responses arrived in all (teams not in teams.yml respond too).
    public struct Rate: Sendable, Equatable {
        public var expected = 0
        public var respondedExpected = 0
        public var received = 0
        /// Whole per cent of the expected teams that have responded; nil when none are expected.
        public var percent: Int? { expected == 0 ? nil : (respondedExpected * 100 + expected / 2) / expected }
    }

    /// Actions by where they stand: the statuses, with "done" split by whether there is evidence.
    public struct StatusCounts: Sendable, Equatable {
        public var notStarted = 0, inProgress = 0, doneNoEvidence = 0, doneWithEvidence = 0
        public var total: Int { notStarted + inProgress + doneNoEvidence + doneWithEvidence }

        mutating func count(_ a: ResponseAction) {
            switch a.status {
            case .notStarted: notStarted += 1
            case .inProgress: inProgress += 1
            case .done: if a.evidence.isEmpty { doneNoEvidence += 1 } else { doneWithEvidence += 1 }
            }
        }
    }

    public struct Organisation: Sendable {
        public var slug: String
        public var name: String
        public var statuses = StatusCounts()
        /// Its overdue actions, most days overdue first.
        public var overdue: [Dated] = []
        public var mostDaysOverdue: Int { overdue.first?.days ?? 0 }
    }

    /// An action with a day count: days overdue, or days until it is due.
    public struct Dated: Sendable {
        public var entry: ActionTracker.Entry
        public var days: Int
    }

    public struct Month: Sendable, Equatable {
        /// `YYYY-MM`.
        public var key: String
        public var year: Int, month: Int
        public var responses = 0
        /// Actions reported done in a response submitted that month.
        public var completed = 0
    }

    public var asOf: CalendarDate
    public var rates: [(briefing: String, rate: Rate)] = []
    public var overall = Rate()
    public var statuses = StatusCounts()
    /// Every organisation that has responded or is expected to, in the order of the organisations list.
    public var organisations: [Organisation] = []
    /// Organisations with overdue actions: most overdue first, then most days overdue, then by name.
    public var overdueRanking: [Organisation] {
        organisations.filter { !$0.overdue.isEmpty }.sorted {
            ($0.overdue.count, $0.mostDaysOverdue) != ($1.overdue.count, $1.mostDaysOverdue)
                ? ($0.overdue.count, $0.mostDaysOverdue) > ($1.overdue.count, $1.mostDaysOverdue)
                : ($0.name.lowercased(), $0.slug) < ($1.name.lowercased(), $1.slug)
        }
    }
    public var overdueCount: Int { organisations.reduce(0) { $0 + $1.overdue.count } }
    /// Open actions due from `asOf` to 30 days after it, soonest first.
    public var dueSoon: [Dated] = []
    /// Every month from the first response's to the last's, months with nothing included.
    public var months: [Month] = []
    /// Responses with no `submitted` date, which no month can count.
    public var undatedResponses = 0
    /// The newest `submitted` date of any response.
    public var newestSubmitted: CalendarDate?

    public init(hub: Hub, organisations names: [(slug: String, name: String)], actions: TrackedActions) {
        asOf = hub.asOf
        let tracker = actions.tracker
        let respondedKeys = Set(hub.responses.map { "\($0.briefing)/\($0.fileStem)" })
        let byBriefing = Dictionary(grouping: hub.responses, by: \.briefing)
        let expectedStems = hub.expectedTeams.map { ($0, "\(Slug.make($0.organisation))--\(Slug.make($0.team))") }
        for b in hub.briefings {
            var rate = Rate(received: byBriefing[b.slug]?.count ?? 0)
            // A team listed twice in teams.yml is expected once.
            var seen = Set<String>()
            for (team, stem) in expectedStems where team.briefings.isEmpty || team.briefings.contains(b.slug) {
                guard seen.insert(stem).inserted else { continue }
                rate.expected += 1
                if respondedKeys.contains("\(b.slug)/\(stem)") { rate.respondedExpected += 1 }
            }
            rates.append((b.slug, rate))
            overall.expected += rate.expected
            overall.respondedExpected += rate.respondedExpected
            overall.received += rate.received
        }

        var orgIndex: [String: Int] = [:]
        for (i, org) in names.enumerated() {
            orgIndex[org.slug] = i
            organisations.append(Organisation(slug: org.slug, name: org.name))
        }
        for e in actions.entries {
            statuses.count(e.action)
            guard let i = orgIndex[e.response.organisationSlug] else { continue }
            organisations[i].statuses.count(e.action)
            if e.group == .overdue, let days = tracker.daysOverdue(e.action) {
                organisations[i].overdue.append(Dated(entry: e, days: days))
            } else if e.group == .dueSoon, let due = e.action.byWhen?.date {
                dueSoon.append(Dated(entry: e, days: due.dayNumber - hub.asOf.dayNumber))
            }
        }
        for i in organisations.indices {
            organisations[i].overdue.sort { $0.days != $1.days ? $0.days > $1.days : Self.order($0.entry, $1.entry) }
        }
        dueSoon.sort { $0.days != $1.days ? $0.days < $1.days : Self.order($0.entry, $1.entry) }

        var byMonth: [Int: Month] = [:]
        for r in hub.responses {
            guard let d = r.submitted else { undatedResponses += 1; continue }
            if newestSubmitted.map({ d > $0 }) ?? true { newestSubmitted = d }
            let key = d.year * 12 + d.month - 1
            byMonth[key, default: Self.month(key)].responses += 1
            byMonth[key, default: Self.month(key)].completed += r.actions.filter { $0.status == .done }.count
        }
        if let first = byMonth.keys.min(), let last = byMonth.keys.max() {
            months = (first...last).map { byMonth[$0] ?? Self.month($0) }
        }
    }

    private static func month(_ key: Int) -> Month {
        let year = key / 12, month = key % 12 + 1
        return Month(key: "\(year)-\(month < 10 ? "0" : "")\(month)", year: year, month: month)
    }

    /// A fixed order for actions with the same day count: briefing, organisation, team, number.
    private static func order(_ a: ActionTracker.Entry, _ b: ActionTracker.Entry) -> Bool {
        (a.response.briefing, a.response.organisationSlug, a.response.fileStem, a.number)
            < (b.response.briefing, b.response.organisationSlug, b.response.fileStem, b.number)
    }
}

extension ActionTracker {
    /// Whole days past the action's date on `asOf`, for an overdue action; nil otherwise.
    public func daysOverdue(_ action: ResponseAction) -> Int? {
        guard group(action) == .overdue, let due = action.byWhen?.date else { return nil }
        return asOf.dayNumber - due.dayNumber
    }
}
