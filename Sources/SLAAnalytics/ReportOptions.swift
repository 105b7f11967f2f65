public import Foundation
public import TicketModel

/// What a report is about: the period, the zone its days are counted in, the as-of
/// instant, how statuses map to the lifecycle, and how far back the trend and the anomaly
/// check look.
public struct ReportOptions: Sendable {
    public var period: ReportPeriod
    public var timeZone: TimeZone
    public var asOf: Date
    public var lifecycle: LifecyclePolicy
    /// Weeks in `trend` (`--trend-weeks`), the last one ending on the period's last day.
    public var trendWeeks: Int
    /// The anomaly check (`[anomalies]` in the configuration).
    public var anomalies: AnomalySettings
    /// What `provenance` records beyond these options: the zone the input's timestamps are
    /// read in, and the SHA-256 of the effective configuration.
    public var inputTimeZone: String?
    public var configurationSHA256: String?
    /// The tickets the report covers (`--where`, `[[slice]]`); `nil`: all of them.
    public var slice: TicketSlice?
    /// The team's own targets (`[[target]]`), first match applies; none: no `targets` figures.
    public var targets: [ServiceTarget] = []
    /// Only the due lists (`ReportBuilder.dueNext()`, for `/v1/rows/due`): the period's open
    /// tickets are read and counted against their targets, nothing else (no summary).
    public var dueNextOnly = false

    public init(
        period: ReportPeriod, timeZone: TimeZone, asOf: Date, lifecycle: LifecyclePolicy = .default,
        trendWeeks: Int = ReportOptions.defaultTrendWeeks, anomalies: AnomalySettings = AnomalySettings(),
        inputTimeZone: String? = nil, configurationSHA256: String? = nil, slice: TicketSlice? = nil
    ) {
        self.period = period
        self.timeZone = timeZone
        self.asOf = asOf
        self.lifecycle = lifecycle
        self.trendWeeks = trendWeeks
        self.anomalies = anomalies
        self.inputTimeZone = inputTimeZone
        self.configurationSHA256 = configurationSHA256
        self.slice = slice
    }

    /// These options over `slice`'s tickets.
    public func sliced(_ slice: TicketSlice?) -> ReportOptions {
        var o = self
        o.slice = slice
        return o
    }

    public static let defaultTrendWeeks = 8
    /// The most weeks `trendWeeks` and `anomalies.weeks` accept.
    public static let maximumWeeks = 104

    /// The first day of the trend's first week.
    public var trendFrom: LocalDate { period.to.adding(days: -(7 * trendWeeks - 1)) }

    /// The days the report's figures draw on: the trend's weeks, the weekdays the anomaly
    /// check compares with, the previous period and the period.
    public var readFrom: LocalDate {
        dueNextOnly ? period.from : min(trendFrom, period.from.adding(days: -7 * anomalies.weeks), period.previous.from)
    }
}

/// The anomaly check: a day's figure is unusual when it lies outside median ± k × scaled
/// MAD of the same weekday over the previous `weeks` weeks, with at least `minimumSamples`
/// of them.
public struct AnomalySettings: Sendable, Hashable {
    public var k: Double
    public var weeks: Int
    public var minimumSamples: Int

    public init(k: Double = 3.5, weeks: Int = 8, minimumSamples: Int = 4) {
        self.k = k
        self.weeks = weeks
        self.minimumSamples = minimumSamples
    }
}
