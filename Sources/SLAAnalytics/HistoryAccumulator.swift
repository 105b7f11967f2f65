import Foundation
import TicketModel

/// The few counts of one day (or week) that the trend and the anomaly check need.
struct HistoryDay: Sendable, Equatable {
    var sla = SLACounts()
    var ftr = FTRCounts()
    var csatRated = 0
    var csatSum = 0

    /// Counts one ticket.
    @inline(__always) mutating func add(_ f: TicketFacts) {
        let t = TicketFlags(f)
        sla.add(t)
        ftr.add(t)
        csatRated &+= t.rated
        csatSum &+= t.rated &* Int(t.rating)
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
        guard let resolvedAt = f.resolvedAt else {
            for w in weeks(endingAfter: f.created) { openAtEndUnknown[w] += 1 }
            return
        }
        addResolved(created: f.created, at: resolvedAt)
    }

    /// The trend weeks that end after `created`, the last ones (the ends ascend): a ticket
    /// created then may be open at their end.
    @inline(__always) func weeks(endingAfter created: Double) -> Range<Int> {
        var (lower, upper) = (0, weekEnds.count)
        while lower < upper {
            let mid = (lower + upper) / 2
            if weekEnds[mid] > created { upper = mid } else { lower = mid + 1 }
        }
        return lower..<weekEnds.count
    }
}
