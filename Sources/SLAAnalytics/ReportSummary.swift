/// Every figure of one report, computed once by `ReportBuilder`. Every output (JSON, HTML,
/// XHTML, text, CSV, email) is rendered from this value and nothing else.
///
/// Rates are fractions in 0…1 and `null` when their denominator is zero. docs/METRICS.md
/// defines each figure: numerator, denominator, exclusions.
public struct ReportSummary: Codable, Sendable, Hashable {
    /// Bumped when a field changes meaning or is removed.
    public var schemaVersion: Int
    public var period: PeriodInfo
    /// The slice of the tickets the report covers (`--where`, `[[slice]]`); absent when it
    /// covers them all.
    public var slice: TicketSlice?
    /// The instant the report describes (RFC 3339 in the report time zone); ages are measured to it.
    public var asOf: String
    public var totals: Totals
    public var sla: SLAFigures
    /// The tickets against the team's own targets (`[[target]]`); absent without targets.
    public var targets: TargetFigures?
    public var ftr: FTRFigures
    public var sources: SourceFigures
    /// Contact reasons: the period's tickets by their `disposition` (since schema 4; an older
    /// summary read back has none).
    @EmptyWhenAbsent public var dispositions: [DispositionGroup]
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

    /// The `schemaVersion` this build writes.
    public static let currentSchemaVersion = 4

    /// The version of the engine, recorded in `provenance` (and printed by `--version`).
    public static let engineVersion = "0.1.0"

    public init(
        schemaVersion: Int, period: PeriodInfo, asOf: String, totals: Totals, sla: SLAFigures, ftr: FTRFigures,
        sources: SourceFigures, dispositions: [DispositionGroup] = [], assignees: [AssigneeWorkload],
        daily: [DailyFigures], backlog: Backlog,
        csat: CSATFigures, tat: TATFigures, oldestBreachedOpen: [TicketReference], comparison: PeriodComparison?,
        completeness: Completeness, trend: [TrendWeek], anomalies: [Anomaly], anomalyCheck: AnomalyCheck,
        movers: Movers, provenance: Provenance, slice: TicketSlice? = nil, targets: TargetFigures? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.period = period
        self.asOf = asOf
        self.totals = totals
        self.sla = sla
        self.ftr = ftr
        self.sources = sources
        self.dispositions = dispositions
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
        self.slice = slice
        self.targets = targets
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
    /// Tickets read, once de-duplicated, that the slice leaves out (all periods); absent in
    /// a report of every ticket.
    public var ticketsOutsideSlice: Int?
    /// The as-of instant, RFC 3339.
    public var asOf: String
    /// Whether every day of the period has data.
    public var complete: Bool

    public init(
        source: String, daysInPeriod: Int, daysWithData: Int, daysWithoutData: [String], inputFiles: Int,
        ticketsRead: Int, skipped: Int, skippedByReason: [String: Int], duplicatesIgnored: Int,
        ticketsInPreviousPeriod: Int, ticketsOutsidePeriods: Int, asOf: String, complete: Bool,
        ticketsOutsideSlice: Int? = nil
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
        self.ticketsOutsideSlice = ticketsOutsideSlice
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
