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
    /// The met rate against the team's targets (only in a report with targets).
    public var targetMetRate: RateComparison?

    public init(
        previousFrom: String, previousTo: String, tickets: CountComparison, breachRate: RateComparison,
        ftrRate: RateComparison, resolvedRate: RateComparison, csatMean: MeanComparison,
        targetMetRate: RateComparison? = nil
    ) {
        self.previousFrom = previousFrom
        self.previousTo = previousTo
        self.tickets = tickets
        self.breachRate = breachRate
        self.ftrRate = ftrRate
        self.resolvedRate = resolvedRate
        self.csatMean = csatMean
        self.targetMetRate = targetMetRate
    }
}
