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
        businessTAT: TATGroup
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

extension ReportBuilder {
    /// The target figures of the period (`nil` without targets).
    func targetFigures() -> TargetFigures? {
        guard var t = currentTargets else { return nil }
        func group(_ key: String, _ c: TargetCounts) -> TargetGroup {
            TargetGroup(
                key: key, tickets: c.tickets, met: c.met, missed: c.missed, openWithin: c.openWithin,
                openOverdue: c.openOverdue, metRate: Statistics.rate(c.met, c.met + c.missed))
        }
        func groups(_ d: [TargetCounts]) -> [TargetGroup] {
            d.enumerated().filter { $0.element.tickets > 0 }.map { group(labels[Int32($0.offset)], $0.element) }
                .sorted { ($1.tickets, $0.key) < ($0.tickets, $1.key) }
        }
        let count = t.businessTAT.count
        let ranks = Statistics.nearestRanks(selecting: &t.businessTAT, [0.5, 0.9])
        return TargetFigures(
            targets: t.targets.count, withTarget: t.total.tickets, met: t.total.met, missed: t.total.missed,
            openWithin: t.total.openWithin, openOverdue: t.total.openOverdue, resolvedWithoutTime: t.total.unknown,
            metRate: Statistics.rate(t.total.met, t.total.met + t.total.missed),
            byPriority: groups(t.byPriority), byQueue: groups(t.byQueue), bySource: groups(t.bySource),
            byAssignee: t.byAssignee.map { group(String($0.key), $0.value) }
                .sorted { ($1.tickets, Int64($0.key) ?? 0) < ($0.tickets, Int64($1.key) ?? 0) },
            byDay: zip(options.period.days, t.days).map { group($0.description, $1) },
            agreement: TargetAgreement(
                bothBreached: t.bothBreached, onlyKapture: t.onlyKapture, onlyTarget: t.onlyTarget),
            businessTAT: TATGroup(key: "all", count: count, medianSeconds: ranks[0], p90Seconds: ranks[1]))
    }
}
