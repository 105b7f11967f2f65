/// Every figure of one report, computed once by `ReportBuilder`. Every output (JSON, HTML,
/// XHTML, text, CSV, email) is rendered from this value and nothing else.
///
/// Rates are fractions in 0…1 and `null` when their denominator is zero. docs/METRICS.md
/// defines each figure: numerator, denominator, exclusions.
public struct ReportSummary: Codable, Sendable, Hashable {
    /// Bumped when a field changes meaning or is removed.
    public var schemaVersion: Int
    public var period: PeriodInfo
    /// The instant the report describes (RFC 3339 in the report time zone); ages are measured to it.
    public var asOf: String
    public var totals: Totals
    public var sla: SLAFigures
    public var ftr: FTRFigures
    public var sources: SourceFigures
    /// One row per `assignedId`, by tickets descending then id.
    public var assignees: [AssigneeWorkload]
    /// Every day of the period, zero days included.
    public var daily: [DailyFigures]
    public var backlog: Backlog
    public var csat: CSATFigures
    public var tat: TATFigures
    /// The oldest open tickets that have breached their SLA (at most 10, oldest first): the ones to act on.
    public var oldestBreachedOpen: [TicketReference]
    /// Headline rates against the previous period of equal length; `null` when the input has no ticket in it.
    @Nullable public var comparison: PeriodComparison?
    public var completeness: Completeness
    /// The last `trendWeeks` weeks, oldest first; the last one ends on the period's last day.
    public var trend: [TrendWeek]
    /// Days of the period whose volume or breach rate is unusual for their weekday.
    public var anomalies: [Anomaly]
    public var anomalyCheck: AnomalyCheck
    /// Queues, sources and assignees whose breach or FTR rate changed significantly.
    public var movers: Movers
    public var provenance: Provenance

    /// The version of the engine, recorded in `provenance` (and printed by `--version`).
    public static let engineVersion = "0.1.0"

    public init(
        schemaVersion: Int, period: PeriodInfo, asOf: String, totals: Totals, sla: SLAFigures, ftr: FTRFigures,
        sources: SourceFigures, assignees: [AssigneeWorkload], daily: [DailyFigures], backlog: Backlog,
        csat: CSATFigures, tat: TATFigures, oldestBreachedOpen: [TicketReference], comparison: PeriodComparison?,
        completeness: Completeness, trend: [TrendWeek], anomalies: [Anomaly], anomalyCheck: AnomalyCheck,
        movers: Movers, provenance: Provenance
    ) {
        self.schemaVersion = schemaVersion
        self.period = period
        self.asOf = asOf
        self.totals = totals
        self.sla = sla
        self.ftr = ftr
        self.sources = sources
        self.assignees = assignees
        self.daily = daily
        self.backlog = backlog
        self.csat = csat
        self.tat = tat
        self.oldestBreachedOpen = oldestBreachedOpen
        self.comparison = comparison
        self.completeness = completeness
        self.trend = trend
        self.anomalies = anomalies
        self.anomalyCheck = anomalyCheck
        self.movers = movers
        self.provenance = provenance
    }
}

/// The reporting period.
public struct PeriodInfo: Codable, Sendable, Hashable {
    /// First day, `YYYY-MM-DD`, inclusive.
    public var from: String
    /// Last day, `YYYY-MM-DD`, inclusive.
    public var to: String
    /// Number of days.
    public var days: Int
    /// IANA name of the report time zone in which days are counted.
    public var timeZone: String
    /// The previous period of equal length, used by `comparison`.
    public var previousFrom: String
    public var previousTo: String

    public init(
        from: String, to: String, days: Int, timeZone: String, previousFrom: String, previousTo: String
    ) {
        self.from = from
        self.to = to
        self.days = days
        self.timeZone = timeZone
        self.previousFrom = previousFrom
        self.previousTo = previousTo
    }
}

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

/// A rate in the current and the previous period with its uncertainty.
public struct RateComparison: Codable, Sendable, Hashable {
    @Nullable public var current: Double?
    @Nullable public var previous: Double?
    /// current − previous.
    @Nullable public var delta: Double?
    public var currentDenominator: Int
    public var previousDenominator: Int
    /// Wilson score 95 % interval of `current`.
    @Nullable public var currentInterval: Interval?
    /// Wilson score 95 % interval of `previous`.
    @Nullable public var previousInterval: Interval?
    /// Two-sided p-value of the two-proportion z-test.
    @Nullable public var pValue: Double?
    /// pValue < 0.05 with at least 30 in each denominator.
    public var significant: Bool

    public init(
        current: Double?, previous: Double?, delta: Double?, currentDenominator: Int, previousDenominator: Int,
        currentInterval: Interval?, previousInterval: Interval?, pValue: Double?, significant: Bool
    ) {
        self.current = current
        self.previous = previous
        self.delta = delta
        self.currentDenominator = currentDenominator
        self.previousDenominator = previousDenominator
        self.currentInterval = currentInterval
        self.previousInterval = previousInterval
        self.pValue = pValue
        self.significant = significant
    }
}

public struct Interval: Codable, Sendable, Hashable {
    public var lower: Double
    public var upper: Double

    public init(
        lower: Double, upper: Double
    ) {
        self.lower = lower
        self.upper = upper
    }
}

/// A count in the current and the previous period.
public struct CountComparison: Codable, Sendable, Hashable {
    public var current: Int
    public var previous: Int
    public var delta: Int
    /// delta / previous.
    @Nullable public var change: Double?

    public init(
        current: Int, previous: Int, delta: Int, change: Double?
    ) {
        self.current = current
        self.previous = previous
        self.delta = delta
        self.change = change
    }
}

/// A mean in the current and the previous period.
public struct MeanComparison: Codable, Sendable, Hashable {
    @Nullable public var current: Double?
    @Nullable public var previous: Double?
    @Nullable public var delta: Double?

    public init(
        current: Double?, previous: Double?, delta: Double?
    ) {
        self.current = current
        self.previous = previous
        self.delta = delta
    }
}

/// The change against the previous period of equal length.
public struct PeriodComparison: Codable, Sendable, Hashable {
    public var previousFrom: String
    public var previousTo: String
    public var tickets: CountComparison
    public var breachRate: RateComparison
    public var ftrRate: RateComparison
    public var resolvedRate: RateComparison
    public var csatMean: MeanComparison

    public init(
        previousFrom: String, previousTo: String, tickets: CountComparison, breachRate: RateComparison,
        ftrRate: RateComparison, resolvedRate: RateComparison, csatMean: MeanComparison
    ) {
        self.previousFrom = previousFrom
        self.previousTo = previousTo
        self.tickets = tickets
        self.breachRate = breachRate
        self.ftrRate = ftrRate
        self.resolvedRate = resolvedRate
        self.csatMean = csatMean
    }
}

/// How complete the data behind the report is.
public struct Completeness: Codable, Sendable, Hashable {
    /// `files` (saved responses, `--input`) or `store` (`--store`).
    public var source: String
    public var daysInPeriod: Int
    /// Days of the period that have data: with files, at least one ticket created that day;
    /// with a store, a complete pull in its ledger.
    public var daysWithData: Int
    /// The days of the period without data, `YYYY-MM-DD`.
    public var daysWithoutData: [String]
    /// Input files read (0 for a store).
    public var inputFiles: Int
    /// Tickets decoded from the input, before de-duplication, all periods.
    public var ticketsRead: Int
    /// Tickets that could not be used, by reason (same as `totals.skippedByReason`).
    public var skipped: Int
    public var skippedByReason: [String: Int]
    /// Copies of a ticketId met again in an earlier file (the later file's copy counts).
    public var duplicatesIgnored: Int
    /// Tickets created in the previous period (feeding `comparison`).
    public var ticketsInPreviousPeriod: Int
    /// Tickets created outside both periods (ignored).
    public var ticketsOutsidePeriods: Int
    /// The as-of instant, RFC 3339.
    public var asOf: String
    /// Whether every day of the period has data.
    public var complete: Bool

    public init(
        source: String, daysInPeriod: Int, daysWithData: Int, daysWithoutData: [String], inputFiles: Int,
        ticketsRead: Int, skipped: Int, skippedByReason: [String: Int], duplicatesIgnored: Int,
        ticketsInPreviousPeriod: Int, ticketsOutsidePeriods: Int, asOf: String, complete: Bool
    ) {
        self.source = source
        self.daysInPeriod = daysInPeriod
        self.daysWithData = daysWithData
        self.daysWithoutData = daysWithoutData
        self.inputFiles = inputFiles
        self.ticketsRead = ticketsRead
        self.skipped = skipped
        self.skippedByReason = skippedByReason
        self.duplicatesIgnored = duplicatesIgnored
        self.ticketsInPreviousPeriod = ticketsInPreviousPeriod
        self.ticketsOutsidePeriods = ticketsOutsidePeriods
        self.asOf = asOf
        self.complete = complete
    }
}

/// A ticket named in the report, as Kapture described it (text as received, entities decoded).
public struct TicketReference: Codable, Sendable, Hashable {
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
    /// Age at `asOf`, hours.
    public var ageHours: Double

    public init(
        ticketId: String, title: String?, url: String?, assigneeId: Int64, assignee: String, priority: String,
        queue: String, createdAt: String, ageHours: Double
    ) {
        self.ticketId = ticketId
        self.title = title
        self.url = url
        self.assigneeId = assigneeId
        self.assignee = assignee
        self.priority = priority
        self.queue = queue
        self.createdAt = createdAt
        self.ageHours = ageHours
    }
}
