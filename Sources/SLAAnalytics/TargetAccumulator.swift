import Foundation
import TicketModel

/// Where a ticket with a target stands against it (docs/METRICS.md, "Targets").
enum TargetState: Int, Sendable {
    /// Resolved within the target's business time.
    case met
    /// Resolved, later than that.
    case missed
    /// Open, its business time so far within the target.
    case openWithin
    /// Open, past it.
    case openOverdue
    /// Resolved without a readable resolution time (no TAT): neither met nor missed.
    case unknown
}

/// Counts of tickets with a target, by state.
struct TargetCounts: Sendable, Equatable {
    var tickets = 0
    var met = 0
    var missed = 0
    var openWithin = 0
    var openOverdue = 0
    var unknown = 0

    /// (Without branches: a ticket's state is as good as random, and this runs six times a ticket.)
    @inline(__always) mutating func add(_ s: TargetState) {
        tickets += 1
        let r = s.rawValue
        met += r == TargetState.met.rawValue ? 1 : 0
        missed += r == TargetState.missed.rawValue ? 1 : 0
        openWithin += r == TargetState.openWithin.rawValue ? 1 : 0
        openOverdue += r == TargetState.openOverdue.rawValue ? 1 : 0
        unknown += r == TargetState.unknown.rawValue ? 1 : 0
    }

    mutating func add(_ o: TargetCounts) {
        tickets += o.tickets
        met += o.met
        missed += o.missed
        openWithin += o.openWithin
        openOverdue += o.openOverdue
        unknown += o.unknown
    }
}

/// The targets of a report and their calendars over the instants it asks about, worked out
/// once and shared (immutable) by every builder that counts a part of the report's tickets.
final class TargetCalendars: Sendable {
    let targets: [ServiceTarget]
    /// Each target's calendar as a timeline (targets on one calendar share it).
    let timelines: [BusinessCalendar.Timeline]
    /// Each target's `resolveWithin` and `atRisk` (read once a ticket, without copying the target).
    let resolveWithin: [Int64]
    let atRisk: [Int64]

    /// `covering`: the instants business time is mostly asked between; outside them the
    /// calendars answer themselves.
    init(targets: [ServiceTarget], covering: Range<Int64>) {
        self.targets = targets
        resolveWithin = targets.map(\.resolveWithin)
        atRisk = targets.map(\.atRisk)
        var made: [String: BusinessCalendar.Timeline] = [:]
        timelines = targets.map { t in
            if let known = made[t.calendar.name] { return known }
            let timeline = BusinessCalendar.Timeline(t.calendar, covering: covering)
            made[t.calendar.name] = timeline
            return timeline
        }
    }
}

/// One period's tickets with a target, by state, overall and by group.
struct TargetTally: Sendable {
    /// Every ticket's: the days' sum.
    var total: TargetCounts {
        days.reduce(into: TargetCounts()) { $0.add($1) }
    }
    /// By label id (priority, queue, source: indexed by it) and by day of the period. (By
    /// assignee: with the assignee's other counts, `AssigneeCounts.target`.)
    var byPriority: [TargetCounts] = []
    var byQueue: [TargetCounts] = []
    var bySource: [TargetCounts] = []
    var days: [TargetCounts]

    init(dayCount: Int) { days = Array(repeating: TargetCounts(), count: dayCount) }

    mutating func add(_ f: TicketFacts, dayIndex: Int, _ state: TargetState) {
        Self.count(&byPriority, f.priority, state)
        Self.count(&byQueue, f.queue, state)
        Self.count(&bySource, f.source, state)
        days[dayIndex].add(state)
    }

    static func count(_ a: inout [TargetCounts], _ id: Int32, _ state: TargetState) {
        ensure(&a, id, TargetCounts())
        a[Int(id)].add(state)
    }

    mutating func merge(_ o: TargetTally, remap: [Int32]) {
        PeriodAccumulator.merge(&byPriority, o.byPriority, remap) { $0.add($1) }
        PeriodAccumulator.merge(&byQueue, o.byQueue, remap) { $0.add($1) }
        PeriodAccumulator.merge(&bySource, o.bySource, remap) { $0.add($1) }
        for i in days.indices { days[i].add(o.days[i]) }
    }
}

/// An open ticket of the period that may be listed as due next: its business time left to
/// its target (negative: overdue by that much).
struct DueCandidate: Sendable {
    var left: Int64
    var created: Double
    var key: UInt64
    var target: Int
    var text: AttentionText?
    var assigneeId: Int64
    var assigneeName: Int32
    var priority: Int32
    var queue: Int32

    var ticketId: String { text?.ticketId ?? "" }

    /// Least time left first (so the most overdue first); ties by creation, then ticket key,
    /// so the order depends neither on input order nor on whether the texts came along.
    func precedes(_ b: DueCandidate) -> Bool {
        (left, created, key) < (b.left, b.created, b.key)
    }
}

/// The report's tickets against the team's targets (`[[target]]`): each ticket's target is
/// the first that applies to its priority and queue; its business time runs on the target's
/// calendar from creation to its resolution instant (`TicketFacts.resolvedAt`), or to as-of
/// while it is open. The period's tickets are counted in full; the previous period's by
/// group (for the comparison and the movers) and the history's by day (for the trend).
struct TargetAccumulator: Sendable {
    let calendars: TargetCalendars
    /// `calendars`' timelines and limits, held here: read once a ticket without retaining
    /// the shared object.
    /// (Unretained: `calendars` keeps them, and a retained load once a ticket costs as much as
    /// the search.)
    private let timelines: [Unmanaged<BusinessCalendar.Timeline>]
    private let resolveWithin: [Int64]
    private let atRisk: [Int64]
    var current: TargetTally
    var previous: TargetTally
    /// By the history's day index, the days before the period (the period's are `current.days`).
    var historyDays: [TargetCounts]
    /// The period's tickets with a target that Kapture's `slaStatus` and the target both
    /// call breached, only Kapture, only the target.
    var bothBreached = 0
    var onlyKapture = 0
    var onlyTarget = 0
    /// Business seconds to resolution of the period's resolved tickets with a target and a
    /// resolution time.
    var businessTAT: [Int32] = []
    /// Business seconds open so far of the period's open tickets with a target, created by as-of.
    var businessAge: [Int32] = []
    /// The open tickets within their target's `at_risk` of its deadline, and those past it,
    /// each list the first `DueNext.limit` by time left.
    var dueSoon: [DueCandidate] = []
    var overdue: [DueCandidate] = []
    var dueSoonCount = 0
    /// The target of each (priority, queue) label pair met so far, by priority id then queue
    /// id (-1: none applies, -2: not worked out yet).
    private var targetOf: [[Int16]] = []
    /// The longest business time counted for one ticket: five years of the calendar (a
    /// target is at most 10,000 hours, so a ticket open or unresolved that long is past it).
    static let longest: Int64 = 5 * 366 * 86_400

    init(calendars: TargetCalendars, dayCount: Int, historyDays: Int) {
        self.calendars = calendars
        (resolveWithin, atRisk) = (calendars.resolveWithin, calendars.atRisk)
        timelines = calendars.timelines.map { Unmanaged.passUnretained($0) }
        current = TargetTally(dayCount: dayCount)
        previous = TargetTally(dayCount: dayCount)
        self.historyDays = Array(repeating: TargetCounts(), count: historyDays)
    }

    /// The index of the target of a ticket, whose label ids refer to `labels` (`nil`: none applies).
    mutating func target(of f: TicketFacts, labels: borrowing LabelTable) -> Int? {
        let (p, q) = (Int(f.priority), Int(f.queue))
        if p >= targetOf.count { targetOf += repeatElement([], count: p + 1 - targetOf.count) }
        if q >= targetOf[p].count { targetOf[p] += repeatElement(-2, count: q + 1 - targetOf[p].count) }
        if targetOf[p][q] == -2 {
            let (priority, queue) = (labels[f.priority], labels[f.queue])
            targetOf[p][q] = Int16(calendars.targets.firstIndex { $0.applies(priority: priority, queue: queue) } ?? -1)
        }
        let index = Int(targetOf[p][q])
        return index >= 0 ? index : nil
    }

    /// Where a ticket stands against target `index`, and its business seconds: to resolution
    /// (resolved), so far (open; 0 when created after as-of), or none (no resolution time).
    func evaluate(_ f: TicketFacts, target index: Int, asOf: Double) -> (state: TargetState, seconds: Int64) {
        let within = resolveWithin[index]
        let created = Int64(f.created.rounded(.down))
        switch f.resolvedAt {
        case nil:
            return (.unknown, 0)
        case let at? where at.isFinite:
            // (A TAT of years is counted up to `longest`: enough to call it missed.)
            let to = min(Int64(at.rounded(.down)), created + Self.longest)
            let seconds = timelines[index]._withUnsafeGuaranteedRef { $0.businessSeconds(from: created, to: to) }
            return (seconds <= within ? .met : .missed, seconds)
        default:
            let calendar = timelines[index].takeUnretainedValue()
            let end = min(Int64(asOf.rounded(.down)), created + Self.longest)
            // An as-of far past the period: a ticket already over its target by the end of
            // the stretches worked out is overdue without counting the rest.
            let known = min(end, calendar.range.upperBound)
            let elapsed =
                known < end && calendar.businessSeconds(from: created, to: known) > within
                ? max(within + 1, calendar.businessSeconds(from: created, to: known))
                : calendar.businessSeconds(from: created, to: end)
            return (elapsed <= within ? .openWithin : .openOverdue, elapsed)
        }
    }

    /// Adds a ticket of the period's day `dayIndex` with target `index`; returns where it stands.
    mutating func addCurrent(_ f: TicketFacts, text: AttentionText?, target index: Int, dayIndex: Int, asOf: Double)
        -> TargetState
    {
        let (state, seconds) = evaluate(f, target: index, asOf: asOf)
        current.add(f, dayIndex: dayIndex, state)
        switch state {
        case .met, .missed: businessTAT.append(Int32(clamping: seconds))
        case .openWithin, .openOverdue:
            guard f.created <= asOf else { break }
            businessAge.append(Int32(clamping: seconds))
            offerDue(f, text: text, target: index, left: resolveWithin[index] - seconds)
        case .unknown: break
        }
        let byTarget = state == .missed || state == .openOverdue
        switch (f.hasSLA && f.breached, byTarget) {
        case (true, true): bothBreached += 1
        case (true, false): onlyKapture += 1
        case (false, true): onlyTarget += 1
        case (false, false): break
        }
        return state
    }

    /// Adds a ticket before the period with target `index`: to the previous period's day
    /// `previousIndex` and the history's day `historyIndex`, whichever it is in.
    mutating func addEarlier(
        _ f: TicketFacts, target index: Int, previousIndex: Int?, historyIndex: Int?, asOf: Double
    ) -> TargetState {
        let state = evaluate(f, target: index, asOf: asOf).state
        if let i = previousIndex { previous.add(f, dayIndex: i, state) }
        if let h = historyIndex { historyDays[h].add(state) }
        return state
    }

    /// Offers an open ticket to the due lists.
    mutating func offerDue(_ f: TicketFacts, text: AttentionText?, target: Int, left: Int64) {
        if left >= 0 {
            guard left <= atRisk[target] else { return }
            dueSoonCount += 1
        }
        offer(
            DueCandidate(
                left: left, created: f.created, key: f.key, target: target, text: text,
                assigneeId: f.assigneeId, assigneeName: f.assigneeName, priority: f.priority, queue: f.queue))
    }

    /// Puts a candidate in its list (by time left: overdue when negative), if among the first.
    mutating func offer(_ c: DueCandidate) {
        if c.left >= 0 {
            dueSoon.insert(c, keepingFirst: DueNext.limit) { $0.precedes($1) }
        } else {
            overdue.insert(c, keepingFirst: DueNext.limit) { $0.precedes($1) }
        }
    }

    /// Adds what another accumulator counted, its label ids translated by `remap`.
    mutating func merge(_ o: TargetAccumulator, remap: [Int32]) {
        current.merge(o.current, remap: remap)
        previous.merge(o.previous, remap: remap)
        for i in historyDays.indices { historyDays[i].add(o.historyDays[i]) }
        bothBreached += o.bothBreached
        onlyKapture += o.onlyKapture
        onlyTarget += o.onlyTarget
        businessTAT += o.businessTAT
        businessAge += o.businessAge
        dueSoonCount += o.dueSoonCount
        for var c in o.dueSoon + o.overdue {
            if c.assigneeName >= 0 { c.assigneeName = remap[Int(c.assigneeName)] }
            c.priority = remap[Int(c.priority)]
            c.queue = remap[Int(c.queue)]
            offer(c)
        }
    }
}
