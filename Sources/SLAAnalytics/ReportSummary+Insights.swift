/// One week of `trend`: seven days ending on the period's last day, or a multiple of seven
/// days before it (Monday–Sunday when the period is a Monday–Sunday week).
public struct TrendWeek: Codable, Sendable, Hashable {
    /// First day, `YYYY-MM-DD`.
    public var weekStart: String
    /// Last day, `YYYY-MM-DD`.
    public var weekEnd: String
    public var tickets: Int
    public var withSLA: Int
    public var breached: Int
    /// breached / withSLA.
    @Nullable public var breachRate: Double?
    /// Resolved tickets of the week (the FTR denominator).
    public var ftrEligible: Int
    /// firstTime / ftrEligible.
    @Nullable public var ftrRate: Double?
    public var csatRated: Int
    @Nullable public var csatMean: Double?
    /// Tickets created in the trend's weeks up to this week's end and still open then
    /// (resolution = creation + TAT); `null` when some ticket's state then is unknown.
    @Nullable public var openAtEnd: Int?
    /// The tickets known to be open at the week's end (`openAtEnd` when that is known).
    public var openAtEndAtLeast: Int
    /// Resolved tickets without a TAT, created before the week's end: whether they were
    /// still open then is unknown.
    public var openAtEndUnknown: Int
    /// Days of the week with data (store: complete in the ledger; files: with a ticket).
    public var daysWithData: Int
    /// Every day of the week has data.
    public var complete: Bool
    /// The week's tickets against their targets (only in a report with targets).
    public var targets: TrendTargets? = nil
}

/// A day of the period whose figure lies outside the robust range of the same weekday in
/// the weeks before.
public struct Anomaly: Codable, Sendable, Hashable {
    /// `YYYY-MM-DD`.
    public var date: String
    /// `Monday` … `Sunday`.
    public var weekday: String
    /// `tickets` (volume) or `breachRate`.
    public var figure: String
    public var observed: Double
    /// `above` or `below` the range.
    public var direction: String
    /// The median of the same weekday in the weeks compared with.
    public var median: Double
    /// median − k × scaled MAD (at least 0).
    public var expectedLow: Double
    /// median + k × scaled MAD (at most 1 for a rate).
    public var expectedHigh: Double
    /// How many of the same weekdays were compared with.
    public var samples: Int
}

/// What the anomaly check looked at: its settings and the verdicts it could not give.
public struct AnomalyCheck: Codable, Sendable, Hashable {
    public var k: Double
    public var weeks: Int
    public var minimumSamples: Int
    /// Day-and-figure pairs of the period checked (each day has two figures).
    public var checked: Int
    /// Of those, with fewer than `minimumSamples` comparable weekdays: no verdict.
    public var withoutVerdict: Int
}

/// A group whose breach or FTR rate changed significantly against the previous period.
public struct Mover: Codable, Sendable, Hashable {
    public var key: String
    /// The assignee's name (assignees only).
    @Nullable public var name: String?
    /// `breachRate` or `ftrRate`.
    public var figure: String
    public var current: Double
    public var previous: Double
    public var delta: Double
    public var currentDenominator: Int
    public var previousDenominator: Int
    public var pValue: Double
}

/// The movers of each kind, the largest change first, at most `Movers.limit` each.
public struct Movers: Codable, Sendable, Hashable {
    public var queues: [Mover]
    public var sources: [Mover]
    public var assignees: [Mover]

    public static let limit = 10

    /// The three lists in their order (queues, sources, assignees), each with its kind:
    /// `queue`, `source`, `assignee`.
    public var byKind: [(kind: String, movers: [Mover])] {
        [("queue", queues), ("source", sources), ("assignee", assignees)]
    }
}

/// Where the figures came from: enough to reproduce them.
public struct Provenance: Codable, Sendable, Hashable {
    /// The version of slareport that computed them.
    public var engineVersion: String
    public var inputs: InputDigest
    /// SHA-256 of the effective configuration's report settings (`null` without one).
    @Nullable public var configurationSHA256: String?
    public var options: ProvenanceOptions
}

/// The SHA-256 of what was read.
public struct InputDigest: Codable, Sendable, Hashable {
    /// `files`, `store`, or `tickets` (handed over in memory).
    public var source: String
    /// Files: SHA-256 of the files' SHA-256 digests (32 bytes each) in reading order. Store:
    /// SHA-256 of the sum of the per-ticket SHA-256 of the decoded columns, over the days
    /// read (`RowDigest`). `null` when not computed.
    @Nullable public var sha256: String?
    /// Files read, or tickets hashed from the store.
    public var count: Int
    /// The first and last day read (store).
    @Nullable public var from: String?
    @Nullable public var to: String?

    public init(source: String, sha256: String?, count: Int, from: String? = nil, to: String? = nil) {
        self.source = source
        self.sha256 = sha256
        self.count = count
        self.from = from
        self.to = to
    }
}

/// Every option that changes a figure.
public struct ProvenanceOptions: Codable, Sendable, Hashable {
    public var from: String
    public var to: String
    public var timeZone: String
    @Nullable public var inputTimeZone: String?
    public var asOf: String
    public var resolvedStatuses: [String]
    public var resolvedSubstatusKeys: [String]
    public var trendWeeks: Int
    public var anomalyK: Double
    public var anomalyWeeks: Int
    public var anomalyMinimumSamples: Int
    public var minimumForSignificance: Int
    /// The slice's filter (`where` of `slice`); absent for a report of every ticket.
    public var slice: [String: [String]]?
}
