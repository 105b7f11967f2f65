import TicketModel

/// The period's tickets against the team's own targets (`[[target]]`, docs/METRICS.md,
/// "Targets"); absent from a summary without targets.
public struct TargetFigures: Codable, Sendable, Hashable {
    /// How many `[[target]]`s the report applied.
    public var targets: Int
    /// The period's tickets that a target applies to (the first that does).
    public var withTarget: Int
    public var met: Int
    public var missed: Int
    public var openWithin: Int
    public var openOverdue: Int
    /// Resolved without a readable resolution time: neither met nor missed.
    public var resolvedWithoutTime: Int
    /// `met / (met + missed)`.
    @Nullable public var metRate: Double?
    public var byPriority: [TargetGroup]
    public var byQueue: [TargetGroup]
    public var bySource: [TargetGroup]
    /// `key` is the assignedId.
    public var byAssignee: [TargetGroup]
    /// Every day of the period, `key` the date.
    public var byDay: [TargetGroup]
    public var agreement: TargetAgreement
    /// Business time from creation to resolution of the resolved tickets with a target.
    public var businessTAT: TATGroup
    /// Business time open so far of the open tickets with a target.
    public var backlogAge: BusinessAge
    /// The open tickets about to miss their target, and those past it.
    public var dueNext: DueNext

    /// Every ticket with a target as one group (`key` "all"), as the tables show it.
    public var all: TargetGroup {
        TargetGroup(
            key: "all", tickets: withTarget, met: met, missed: missed, openWithin: openWithin,
            openOverdue: openOverdue, metRate: metRate)
    }

    public init(
        targets: Int, withTarget: Int, met: Int, missed: Int, openWithin: Int, openOverdue: Int,
        resolvedWithoutTime: Int, metRate: Double?, byPriority: [TargetGroup], byQueue: [TargetGroup],
        bySource: [TargetGroup], byAssignee: [TargetGroup], byDay: [TargetGroup], agreement: TargetAgreement,
        businessTAT: TATGroup, backlogAge: BusinessAge, dueNext: DueNext
    ) {
        self.targets = targets
        self.withTarget = withTarget
        self.met = met
        self.missed = missed
        self.openWithin = openWithin
        self.openOverdue = openOverdue
        self.resolvedWithoutTime = resolvedWithoutTime
        self.metRate = metRate
        self.byPriority = byPriority
        self.byQueue = byQueue
        self.bySource = bySource
        self.byAssignee = byAssignee
        self.byDay = byDay
        self.agreement = agreement
        self.businessTAT = businessTAT
        self.backlogAge = backlogAge
        self.dueNext = dueNext
    }
}

/// One group's tickets against their targets.
public struct TargetGroup: Codable, Sendable, Hashable {
    public var key: String
    public var tickets: Int
    public var met: Int
    public var missed: Int
    public var openWithin: Int
    public var openOverdue: Int
    @Nullable public var metRate: Double?

    public init(key: String, tickets: Int, met: Int, missed: Int, openWithin: Int, openOverdue: Int, metRate: Double?) {
        self.key = key
        self.tickets = tickets
        self.met = met
        self.missed = missed
        self.openWithin = openWithin
        self.openOverdue = openOverdue
        self.metRate = metRate
    }
}

/// Where Kapture's verdict (`slaStatus` out of SLA) and the team's targets (missed, or open
/// past the target) agree on the tickets with a target.
public struct TargetAgreement: Codable, Sendable, Hashable {
    public var bothBreached: Int
    public var onlyKapture: Int
    public var onlyTarget: Int

    public init(bothBreached: Int, onlyKapture: Int, onlyTarget: Int) {
        self.bothBreached = bothBreached
        self.onlyKapture = onlyKapture
        self.onlyTarget = onlyTarget
    }
}

/// Business time open so far (to `asOf`) of the period's open tickets with a target.
public struct BusinessAge: Codable, Sendable, Hashable {
    public var open: Int
    @Nullable public var medianSeconds: Int?
    @Nullable public var p90Seconds: Int?
    @Nullable public var oldestSeconds: Int?

    public init(open: Int, medianSeconds: Int?, p90Seconds: Int?, oldestSeconds: Int?) {
        self.open = open
        self.medianSeconds = medianSeconds
        self.p90Seconds = p90Seconds
        self.oldestSeconds = oldestSeconds
    }
}

/// The period's open tickets against their deadlines at `asOf`: those whose deadline comes
/// within their target's `at_risk` business time, least time left first, and those past it,
/// the latest first (docs/METRICS.md, "Due next").
public struct DueNext: Codable, Sendable, Hashable {
    public var dueSoon: DueList
    public var overdue: DueList

    /// The most tickets each list holds.
    public static let limit = 20

    public init(dueSoon: DueList, overdue: DueList) {
        self.dueSoon = dueSoon
        self.overdue = overdue
    }
}

/// How many tickets are in a `DueNext` list, and the first `DueNext.limit` of them.
public struct DueList: Codable, Sendable, Hashable {
    public var count: Int
    public var tickets: [DueTicket]

    public init(count: Int, tickets: [DueTicket]) {
        self.count = count
        self.tickets = tickets
    }
}

/// An open ticket and its deadline.
public struct DueTicket: Codable, Sendable, Hashable {
    public var ticketId: String
    @Nullable public var title: String?
    /// The ticket's page in Kapture, as received; renderers link it only when it is http(s).
    @Nullable public var url: String?
    public var assigneeId: Int64
    public var assignee: String
    public var priority: String
    public var queue: String
    /// Creation instant, RFC 3339 in the report time zone.
    public var createdAt: String
    /// The instant from which it is overdue (its business time past the target's), RFC 3339
    /// in the report time zone; `null` when the calendar opens for less than that in ten years.
    @Nullable public var deadline: String?
    /// Business seconds left to the deadline at `asOf`; negative: overdue by that much.
    public var businessSecondsLeft: Int
    /// The target's business time and calendar.
    public var resolveWithinSeconds: Int
    public var calendar: String

    public init(
        ticketId: String, title: String?, url: String?, assigneeId: Int64, assignee: String, priority: String,
        queue: String, createdAt: String, deadline: String?, businessSecondsLeft: Int, resolveWithinSeconds: Int,
        calendar: String
    ) {
        self.ticketId = ticketId
        self.title = title
        self.url = url
        self.assigneeId = assigneeId
        self.assignee = assignee
        self.priority = priority
        self.queue = queue
        self.createdAt = createdAt
        self.deadline = deadline
        self.businessSecondsLeft = businessSecondsLeft
        self.resolveWithinSeconds = resolveWithinSeconds
        self.calendar = calendar
    }
}

/// A trend week's tickets against their targets (only in a report with targets).
public struct TrendTargets: Codable, Sendable, Hashable {
    public var withTarget: Int
    public var met: Int
    public var missed: Int
    /// `met / (met + missed)`.
    @Nullable public var metRate: Double?

    public init(withTarget: Int, met: Int, missed: Int, metRate: Double?) {
        self.withTarget = withTarget
        self.met = met
        self.missed = missed
        self.metRate = metRate
    }
}
