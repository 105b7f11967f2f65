/// Ticket counts of the period.
public struct Totals: Codable, Sendable, Hashable {
    /// Tickets created in the period (after de-duplication).
    public var tickets: Int
    /// Of those, not resolved by the lifecycle policy.
    public var open: Int
    /// Of those, resolved by the lifecycle policy.
    public var resolved: Int
    /// Tickets in the input that could not be used at all (any period).
    public var skipped: Int
    /// `skipped` split by reason; reasons with zero are left out.
    public var skippedByReason: [String: Int]

    public init(
        tickets: Int, open: Int, resolved: Int, skipped: Int, skippedByReason: [String: Int]
    ) {
        self.tickets = tickets
        self.open = open
        self.resolved = resolved
        self.skipped = skipped
        self.skippedByReason = skippedByReason
    }
}

/// SLA counts for one group of tickets (a priority, queue, source or day).
public struct SLAGroup: Codable, Sendable, Hashable {
    public var key: String
    public var tickets: Int
    public var withSLA: Int
    public var breached: Int
    /// breached / withSLA.
    @Nullable public var breachRate: Double?

    public init(
        key: String, tickets: Int, withSLA: Int, breached: Int, breachRate: Double?
    ) {
        self.key = key
        self.tickets = tickets
        self.withSLA = withSLA
        self.breached = breached
        self.breachRate = breachRate
    }
}

/// SLA adherence of the period's tickets.
public struct SLAFigures: Codable, Sendable, Hashable {
    /// Tickets whose `slaStatus` is non-empty.
    public var withSLA: Int
    /// Tickets whose `slaStatus` is `out of sla` (any case, trimmed).
    public var breached: Int
    /// breached / withSLA.
    @Nullable public var breachRate: Double?
    /// Resolved, with SLA, not breached.
    public var metResolved: Int
    /// Resolved and breached.
    public var breachedResolved: Int
    /// Open and already breached.
    public var breachedOpen: Int
    /// Open, with SLA, not (yet) breached.
    public var openWithinSLA: Int
    /// Tickets with no `slaStatus`.
    public var noSLA: Int
    public var byPriority: [SLAGroup]
    public var byQueue: [SLAGroup]
    public var bySource: [SLAGroup]
    public var byDay: [SLAGroup]

    public init(
        withSLA: Int, breached: Int, breachRate: Double?, metResolved: Int, breachedResolved: Int, breachedOpen: Int,
        openWithinSLA: Int, noSLA: Int, byPriority: [SLAGroup], byQueue: [SLAGroup], bySource: [SLAGroup],
        byDay: [SLAGroup]
    ) {
        self.withSLA = withSLA
        self.breached = breached
        self.breachRate = breachRate
        self.metResolved = metResolved
        self.breachedResolved = breachedResolved
        self.breachedOpen = breachedOpen
        self.openWithinSLA = openWithinSLA
        self.noSLA = noSLA
        self.byPriority = byPriority
        self.byQueue = byQueue
        self.bySource = bySource
        self.byDay = byDay
    }
}

/// First-time resolution for one group.
public struct FTRGroup: Codable, Sendable, Hashable {
    public var key: String
    public var eligible: Int
    public var firstTime: Int
    @Nullable public var rate: Double?

    public init(
        key: String, eligible: Int, firstTime: Int, rate: Double?
    ) {
        self.key = key
        self.eligible = eligible
        self.firstTime = firstTime
        self.rate = rate
    }
}

/// First-time resolution (FTR) of the period's resolved tickets.
public struct FTRFigures: Codable, Sendable, Hashable {
    /// Resolved tickets.
    public var eligible: Int
    /// Resolved tickets whose `ftr` is yes.
    public var firstTime: Int
    /// firstTime / eligible.
    @Nullable public var rate: Double?
    public var bySource: [FTRGroup]
    public var byPriority: [FTRGroup]
    public var byQueue: [FTRGroup]

    public init(
        eligible: Int, firstTime: Int, rate: Double?, bySource: [FTRGroup], byPriority: [FTRGroup],
        byQueue: [FTRGroup] = []
    ) {
        self.eligible = eligible
        self.firstTime = firstTime
        self.rate = rate
        self.bySource = bySource
        self.byPriority = byPriority
        self.byQueue = byQueue
    }
}

/// One channel's share of the period's tickets.
public struct SourceShare: Codable, Sendable, Hashable {
    public var key: String
    public var tickets: Int
    /// tickets / all tickets of the period.
    @Nullable public var share: Double?

    public init(
        key: String, tickets: Int, share: Double?
    ) {
        self.key = key
        self.tickets = tickets
        self.share = share
    }
}

/// One contact reason (a `disposition`'s first level) or, under it in `children`, one of
/// its details (the second level): SLA and FTR as for the other groups.
public struct DispositionGroup: Codable, Sendable, Hashable {
    public var key: String
    public var tickets: Int
    /// tickets / all tickets of the period.
    @Nullable public var share: Double?
    public var withSLA: Int
    public var breached: Int
    /// breached / withSLA.
    @Nullable public var breachRate: Double?
    /// Resolved tickets.
    public var eligible: Int
    /// Resolved tickets whose `ftr` is yes.
    public var firstTime: Int
    /// firstTime / eligible.
    @Nullable public var ftrRate: Double?
    /// The details, adding up to this group; empty for a detail, and for a reason none of
    /// whose tickets names one.
    public var children: [DispositionGroup]

    public init(
        key: String, tickets: Int, share: Double?, withSLA: Int, breached: Int, breachRate: Double?, eligible: Int,
        firstTime: Int, ftrRate: Double?, children: [DispositionGroup] = []
    ) {
        self.key = key
        self.tickets = tickets
        self.share = share
        self.withSLA = withSLA
        self.breached = breached
        self.breachRate = breachRate
        self.eligible = eligible
        self.firstTime = firstTime
        self.ftrRate = ftrRate
        self.children = children
    }
}

/// The channel mix.
public struct SourceFigures: Codable, Sendable, Hashable {
    /// Tickets by `primarySource`, by tickets descending then name.
    public var primary: [SourceShare]
    /// Tickets whose `lastSource` is set and differs from `primarySource`.
    public var channelSwitches: Int
    /// channelSwitches / tickets.
    @Nullable public var channelSwitchRate: Double?

    public init(
        primary: [SourceShare], channelSwitches: Int, channelSwitchRate: Double?
    ) {
        self.primary = primary
        self.channelSwitches = channelSwitches
        self.channelSwitchRate = channelSwitchRate
    }
}

/// One assignee's load in the period.
public struct AssigneeWorkload: Codable, Sendable, Hashable {
    /// `assignedId`; 0 is "Unassigned".
    public var id: Int64
    /// The name on the assignee's most recently created ticket.
    public var name: String
    public var tickets: Int
    public var open: Int
    public var resolved: Int
    public var withSLA: Int
    public var breached: Int
    /// breached / withSLA.
    @Nullable public var breachRate: Double?
    /// first-time resolved / resolved.
    @Nullable public var ftrRate: Double?
    /// Mean `total_conversations` over the assignee's tickets that report it.
    @Nullable public var avgConversations: Double?
    /// tickets / all tickets of the period.
    @Nullable public var share: Double?
    /// The assignee's tickets rated 1…5.
    public var csatRated: Int
    /// Mean rating of those.
    @Nullable public var csatMean: Double?

    public init(
        id: Int64, name: String, tickets: Int, open: Int, resolved: Int, withSLA: Int, breached: Int,
        breachRate: Double?, ftrRate: Double?, avgConversations: Double?, share: Double?, csatRated: Int = 0,
        csatMean: Double? = nil
    ) {
        self.csatRated = csatRated
        self.csatMean = csatMean
        self.id = id
        self.name = name
        self.tickets = tickets
        self.open = open
        self.resolved = resolved
        self.withSLA = withSLA
        self.breached = breached
        self.breachRate = breachRate
        self.ftrRate = ftrRate
        self.avgConversations = avgConversations
        self.share = share
    }
}

/// One day of the period.
public struct DailyFigures: Codable, Sendable, Hashable {
    /// `YYYY-MM-DD` in the report time zone.
    public var date: String
    public var tickets: Int
    public var withSLA: Int
    public var breached: Int
    public var resolved: Int

    public init(
        date: String, tickets: Int, withSLA: Int, breached: Int, resolved: Int
    ) {
        self.date = date
        self.tickets = tickets
        self.withSLA = withSLA
        self.breached = breached
        self.resolved = resolved
    }
}

/// Open tickets of the period by age at `asOf`.
public struct Backlog: Codable, Sendable, Hashable {
    /// Open tickets created in the period at or before `asOf`.
    public var open: Int
    /// Age under 24 hours.
    public var under1Day: Int
    /// Age from 1 day up to (not including) 3 days.
    public var days1To3: Int
    /// Age from 3 days up to (not including) 7 days.
    public var days3To7: Int
    /// Age of 7 days or more.
    public var over7Days: Int
    /// Age of the oldest open ticket in hours.
    @Nullable public var oldestAgeHours: Double?

    public init(
        open: Int, under1Day: Int, days1To3: Int, days3To7: Int, over7Days: Int, oldestAgeHours: Double?
    ) {
        self.open = open
        self.under1Day = under1Day
        self.days1To3 = days1To3
        self.days3To7 = days3To7
        self.over7Days = over7Days
        self.oldestAgeHours = oldestAgeHours
    }
}

/// Customer satisfaction ratings.
public struct CSATFigures: Codable, Sendable, Hashable {
    /// Tickets rated 1…5.
    public var rated: Int
    /// Mean rating of the rated tickets.
    @Nullable public var mean: Double?
    /// rated / tickets.
    @Nullable public var responseRate: Double?
    /// Count per rating 1…5, always five entries.
    public var distribution: [RatingCount]
    /// Ratings above 5 (left out of `rated` and `mean`).
    public var outOfScale: Int
    /// The same by assignee (every assignee with a ticket in the period, in the order of
    /// `assignees`), by queue and by primary source (the groups with a rated ticket, most
    /// rated first).
    public var byAssignee: [CSATGroup]
    public var byQueue: [CSATGroup]
    public var bySource: [CSATGroup]

    public init(
        rated: Int, mean: Double?, responseRate: Double?, distribution: [RatingCount], outOfScale: Int,
        byAssignee: [CSATGroup] = [], byQueue: [CSATGroup] = [], bySource: [CSATGroup] = []
    ) {
        self.rated = rated
        self.mean = mean
        self.responseRate = responseRate
        self.distribution = distribution
        self.outOfScale = outOfScale
        self.byAssignee = byAssignee
        self.byQueue = byQueue
        self.bySource = bySource
    }
}

/// The ratings of one group: a queue or source by its name, an assignee by `assignedId`
/// (`key`) with the name `assignees` shows (`name`).
public struct CSATGroup: Codable, Sendable, Hashable {
    public var key: String
    @Nullable public var name: String?
    /// Tickets rated 1…5.
    public var rated: Int
    @Nullable public var mean: Double?
    /// Count per rating 1…5, always five entries.
    public var distribution: [RatingCount]

    public init(key: String, name: String? = nil, rated: Int, mean: Double?, distribution: [RatingCount]) {
        self.key = key
        self.name = name
        self.rated = rated
        self.mean = mean
        self.distribution = distribution
    }
}

public struct RatingCount: Codable, Sendable, Hashable {
    public var rating: Int
    public var count: Int

    public init(
        rating: Int, count: Int
    ) {
        self.rating = rating
        self.count = count
    }
}

/// Turnaround-time percentiles for one group.
public struct TATGroup: Codable, Sendable, Hashable {
    public var key: String
    /// Tickets with a readable `tat`.
    public var count: Int
    /// Nearest-rank median, seconds.
    @Nullable public var medianSeconds: Int?
    /// Nearest-rank 90th percentile, seconds.
    @Nullable public var p90Seconds: Int?

    public init(
        key: String, count: Int, medianSeconds: Int?, p90Seconds: Int?
    ) {
        self.key = key
        self.count = count
        self.medianSeconds = medianSeconds
        self.p90Seconds = p90Seconds
    }
}

/// Turnaround time (`tat`) of the period's tickets.
public struct TATFigures: Codable, Sendable, Hashable {
    public var overall: TATGroup
    public var byPriority: [TATGroup]
    public var byQueue: [TATGroup]
    /// Tickets whose `tat` is set but could not be read as a duration.
    public var unparsed: Int

    public init(
        overall: TATGroup, byPriority: [TATGroup], byQueue: [TATGroup] = [], unparsed: Int
    ) {
        self.overall = overall
        self.byPriority = byPriority
        self.byQueue = byQueue
        self.unparsed = unparsed
    }
}
