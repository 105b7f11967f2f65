import Foundation
import TicketModel

/// What the history's counts take of the tickets created in one slot of time before
/// `ReportBuilder.countsOnlyBefore`, added up (a store's `BlockCounts`, through the
/// lifecycle policy and the SLA rule): the same counts as adding each ticket's facts.
public struct SlotCounts: Sendable, Equatable {
    public var tickets = 0
    public var withSLA = 0
    public var breached = 0
    public var resolved = 0
    /// Resolved, and solved the first time.
    public var firstTime = 0
    /// Rated 1…5, and their ratings' sum.
    public var rated = 0
    public var ratingSum = 0
    /// Not resolved (open at the end of every later trend week).
    public var open = 0
    /// Resolved with no known resolution instant (no TAT).
    public var resolvedUnknown = 0

    public init() {}
}

extension ReportBuilder {
    /// Whether the tickets created in `[from, to)` may be counted by slots of `slotSeconds`
    /// (`countSlot`, `countResolved`) instead of one by one: all are before
    /// `countsOnlyBefore`, and every bound the history counts by that falls inside (a local
    /// midnight, the trend's start and week ends) falls on a slot's start.
    public func countsBySlots(createdFrom from: Int64, before to: Int64, slotSeconds: Int64) -> Bool {
        guard let before = countsOnlyBefore, from < to, to <= before else { return false }
        func onSlot(_ b: Int64) -> Bool { b <= from || b >= to || b % slotSeconds == 0 }
        func onSlot(_ b: Double) -> Bool {
            b <= Double(from) || b >= Double(to) || (b.rounded() == b && onSlot(Int64(b)))
        }
        guard onSlot(history.trendStart), history.weekEnds.allSatisfy(onSlot) else { return false }
        var day = clock.localDate(atInstant: from)
        while true {
            day = day.adding(days: 1)
            let midnight = clock.startOfDay(day)
            if midnight >= to { return true }
            guard onSlot(midnight) else { return false }
        }
    }

    /// Counts the tickets created in the slot starting at `start`, all before
    /// `countsOnlyBefore` (`countsBySlots`): in the history's day, and as open at the end of
    /// the trend weeks after it; the resolved ones with a known instant each through
    /// `countResolved`.
    public mutating func countSlot(createdAt start: Int64, _ counts: SlotCounts) {
        ticketsRead += counts.tickets
        outside += counts.tickets  // before the previous period
        guard let h = slot(start).history else { return }
        history.add(counts, created: Double(start), dayIndex: h)
    }

    /// The instant at or before which the resolution of a ticket created at `from` or later
    /// counts nowhere in the trend (the first trend week's end after `from`): resolutions
    /// listed latest first stop there.
    public func countsResolved(createdFrom from: Int64) -> Double {
        history.weekEnds.first { $0 > Double(from) } ?? .infinity
    }

    /// Counts a ticket of the slot starting at `start` resolved at `at`, as open at the end
    /// of each trend week it outlived.
    public mutating func countResolved(createdAt start: Int64, at: Int64) {
        guard slot(start).history != nil else { return }
        history.addResolved(created: Double(start), at: Double(at))
    }
}

extension HistoryDay {
    mutating func add(_ c: SlotCounts) {
        sla.add(SLACounts(tickets: c.tickets, withSLA: c.withSLA, breached: c.breached))
        ftr.add(FTRCounts(eligible: c.resolved, firstTime: c.firstTime))
        csatRated += c.rated
        csatSum += c.ratingSum
    }
}

extension HistoryAccumulator {
    /// `add(_:dayIndex:)` for a slot's tickets created at `created` (its start).
    mutating func add(_ c: SlotCounts, created: Double, dayIndex i: Int) {
        days[i].add(c)
        guard created >= trendStart else { return }
        for w in weeks(endingAfter: created) {
            openAtEnd[w] += c.open
            openAtEndUnknown[w] += c.resolvedUnknown
        }
    }

    /// A resolved ticket created at `created` and resolved at `at` (of a slot added, or one
    /// counted whole): open at the end of the weeks it outlived, the first of those that end
    /// after it was created.
    @inline(__always) mutating func addResolved(created: Double, at: Double) {
        guard created >= trendStart else { return }
        for w in weeks(endingAfter: created) {
            guard at > weekEnds[w] else { break }
            openAtEnd[w] += 1
        }
    }
}
