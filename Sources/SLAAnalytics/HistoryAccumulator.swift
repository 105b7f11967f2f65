import Foundation
import TicketModel

/// The few counts of one day (or week) that the trend and the anomaly check need.
struct HistoryDay: Sendable, Equatable {
    var sla = SLACounts()
    var ftr = FTRCounts()
    var csatRated = 0
    var csatSum = 0

    /// Counts one ticket.
    mutating func add(_ f: TicketFacts) {
        sla.add(SLACounts(tickets: 1, withSLA: f.hasSLA ? 1 : 0, breached: f.breached ? 1 : 0))
        if f.resolved { ftr.add(FTRCounts(eligible: 1, firstTime: f.ftrYes ? 1 : 0)) }
        if f.rating > 0 && f.rating <= 5 {
            csatRated += 1
            csatSum += Int(f.rating)
        }
    }

    mutating func add(_ o: HistoryDay) {
        sla.add(o.sla)
        ftr.add(o.ftr)
        csatRated += o.csatRated
        csatSum += o.csatSum
    }
}

/// Per-day counts over every day the report reads (`ReportOptions.readFrom` … the period's
/// last day), and for each trend week the tickets open at its end. Fed by `ReportBuilder`
/// with the same facts, after the same de-duplication, as the period's accumulators, so a
/// trend week equal to the period has exactly the period's figures.
struct HistoryAccumulator: Sendable {
    let from: LocalDate
    var days: [HistoryDay]
    /// The first instant after each trend week (oldest first), or the as-of instant when
    /// that is earlier: where `openAtEnd` is taken.
    let weekEnds: [Double]
    /// The first instant of the trend's first week: `openAtEnd` counts tickets created
    /// from here on.
    let trendStart: Double
    var openAtEnd: [Int]
    var openAtEndUnknown: [Int]

    init(options: ReportOptions, clock: ZoneClock) {
        from = options.readFrom
        days = Array(repeating: HistoryDay(), count: options.period.to.daysSinceEpoch - from.daysSinceEpoch + 1)
        let asOf = options.asOf.timeIntervalSince1970
        let first = options.trendFrom
        trendStart = Double(clock.startOfDay(first))
        weekEnds = (0..<options.trendWeeks).map { w in
            min(asOf, Double(clock.startOfDay(first.adding(days: 7 * (w + 1)))))
        }
        openAtEnd = Array(repeating: 0, count: options.trendWeeks)
        openAtEndUnknown = openAtEnd
    }

    /// The index of `day`, or `nil` when the report does not read it.
    func index(_ day: LocalDate) -> Int? {
        let i = day.daysSinceEpoch - from.daysSinceEpoch
        return i >= 0 && i < days.count ? i : nil
    }

    mutating func add(_ f: TicketFacts, dayIndex i: Int) {
        days[i].add(f)
        guard f.created >= trendStart else { return }
        let resolvedAt = f.resolvedAt
        for (w, end) in weekEnds.enumerated() where f.created < end {
            if let resolvedAt {
                if resolvedAt > end { openAtEnd[w] += 1 }
            } else {
                openAtEndUnknown[w] += 1
            }
        }
    }
}

extension HistoryAccumulator {
    /// Whether no trend week ends inside one of the days before `day` (from `from` on):
    /// then a `HistoryRollup` of each of those days says which of its tickets are open at
    /// each week's end.
    func noWeekEndsInside(daysBefore day: LocalDate, _ clock: ZoneClock) -> Bool {
        let first = Double(clock.startOfDay(from))
        let last = Double(clock.startOfDay(day))
        return weekEnds.allSatisfy { end in
            end <= first || end >= last
                || clock.startOfDay(clock.localDate(atInstant: Int64(end))) == Int64(end)
                    && end.rounded(.down) == end
        }
    }

    /// Adds one day's rollup: its counts, and its tickets open at each week's end (the same
    /// as adding each of its tickets; only when no week ends inside the day).
    mutating func add(_ r: HistoryRollup, day: LocalDate, dayIndex i: Int, clock: ZoneClock) {
        days[i].add(r.counts)
        guard Double(clock.startOfDay(day)) >= trendStart else { return }
        let dayEnd = Double(clock.startOfDay(day.adding(days: 1)))
        for (w, end) in weekEnds.enumerated() where dayEnd <= end {
            openAtEnd[w] += r.neverResolved + r.resolvedAfter(end)
            openAtEndUnknown[w] += r.resolvedAtUnknown
        }
    }
}

/// The counts of one local day's tickets in one zone under one lifecycle policy, enough to
/// stand in for the tickets wherever a report reads that day before its period: the
/// trend's and the anomaly check's counts, and (`period`) the counts the comparison with
/// the previous period and the movers read. What a store keeps for days before the period
/// (`TicketStoring.historyRollups`) so that a report reads the period's tickets, not nine
/// weeks of them. Made by `HistoryRollupCounter`.
public struct HistoryRollup: Sendable, Equatable {
    var counts = HistoryDay()
    /// Tickets not resolved (open at any instant after their creation).
    public internal(set) var neverResolved = 0
    /// Resolved tickets without a TAT (when they were resolved is unknown).
    public internal(set) var resolvedAtUnknown = 0
    /// When each resolved ticket with a TAT was resolved (creation + TAT, whole seconds:
    /// a store's times are), ascending once `sorted()`.
    public internal(set) var resolvedAt: [Int64] = []
    /// The day's counts for the comparison with the previous period.
    public internal(set) var period = PeriodRollup()

    public init() {}

    public var tickets: Int { counts.sla.tickets }

    /// Adds one ticket of the day to the history counts (`HistoryRollupCounter` adds it to
    /// `period` too).
    mutating func add(_ f: TicketFacts) {
        counts.add(f)
        switch f.resolvedAt {
        case nil: resolvedAtUnknown += 1
        case .some(let t) where t == .infinity: neverResolved += 1
        case .some(let t): resolvedAt.append(Int64(t.rounded(.up)))
        }
    }

    public mutating func merge(_ o: HistoryRollup) {
        counts.add(o.counts)
        neverResolved += o.neverResolved
        resolvedAtUnknown += o.resolvedAtUnknown
        resolvedAt += o.resolvedAt
        period.merge(o.period)
    }

    /// Puts `resolvedAt` in order (before `encoded`, and before it is added to a report).
    public mutating func sort() { resolvedAt.sort() }

    /// Whether `resolvedAt` is in order.
    var isSorted: Bool { zip(resolvedAt, resolvedAt.dropFirst()).allSatisfy { $0 <= $1 } }

    /// Resolved tickets resolved after `instant` (`resolvedAt` in order).
    func resolvedAfter(_ instant: Double) -> Int {
        var lo = 0
        var hi = resolvedAt.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Double(resolvedAt[mid]) > instant { hi = mid } else { lo = mid + 1 }
        }
        return resolvedAt.count - lo
    }

    /// The rollup as bytes (`RollupBytes`): the seven counts and the two open counts as
    /// varints, `period` (its length, then its bytes), then `resolvedAt` (in order) as
    /// varints: the first (zig-zag: it may be before 1970), then each one's difference from
    /// the one before.
    public var encoded: [UInt8] {
        var w = RollupBytes.Writer()
        for v in [
            counts.sla.tickets, counts.sla.withSLA, counts.sla.breached, counts.ftr.eligible, counts.ftr.firstTime,
            counts.csatRated, counts.csatSum, neverResolved, resolvedAtUnknown,
        ] { w.int(v) }
        let period = period.encoded
        w.int(period.count)
        w.bytes += period
        w.bytes.reserveCapacity(w.bytes.count + resolvedAt.count * 2)
        var previous: Int64 = 0
        for (i, t) in (isSorted ? resolvedAt : resolvedAt.sorted()).enumerated() {
            if i == 0 { w.signed(t) } else { w.varint(UInt64(t - previous)) }
            previous = t
        }
        return w.bytes
    }

    /// A rollup from `encoded`; `nil` for bytes that are not one.
    public init?<C: Collection<UInt8>>(encoded bytes: C) {
        var r = RollupBytes.Reader(Array(bytes))
        var v: [Int] = []
        for _ in 0..<9 {
            guard let n = r.int() else { return nil }
            v.append(n)
        }
        counts.sla = SLACounts(tickets: v[0], withSLA: v[1], breached: v[2])
        counts.ftr = FTRCounts(eligible: v[3], firstTime: v[4])
        counts.csatRated = v[5]
        counts.csatSum = v[6]
        neverResolved = v[7]
        resolvedAtUnknown = v[8]
        guard let periodLength = r.int() else { return nil }
        let periodEnd = r.at + periodLength
        guard let period = PeriodRollup(reading: &r), r.at == periodEnd, period.tickets == v[0] else { return nil }
        self.period = period
        var previous: Int64 = 0
        while !r.atEnd {
            if resolvedAt.isEmpty {
                guard let t = r.signed() else { return nil }
                previous = t
            } else {
                guard let d = r.varint(), d <= UInt64(Int64.max) else { return nil }
                previous &+= Int64(d)
            }
            resolvedAt.append(previous)
        }
        guard resolvedAt.count + neverResolved + resolvedAtUnknown == v[0] else { return nil }
    }
}
