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

    mutating func add(_ s: TargetState) {
        tickets += 1
        switch s {
        case .met: met += 1
        case .missed: missed += 1
        case .openWithin: openWithin += 1
        case .openOverdue: openOverdue += 1
        case .unknown: unknown += 1
        }
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

/// The period's tickets against the team's targets (`[[target]]`): each ticket's target is
/// the first that applies to its priority and queue; its business time runs on the target's
/// calendar from creation to its resolution instant (`TicketFacts.resolvedAt`), or to as-of
/// while it is open.
struct TargetAccumulator: Sendable {
    let targets: [ServiceTarget]
    var total = TargetCounts()
    /// By label id (priority, queue, source: indexed by it), by assignedId, by day of the period.
    var byPriority: [TargetCounts] = []
    var byQueue: [TargetCounts] = []
    var bySource: [TargetCounts] = []
    var byAssignee: [Int64: TargetCounts] = [:]
    var days: [TargetCounts]
    /// Tickets with a target that Kapture's `slaStatus` and the target both call breached,
    /// only Kapture, only the target.
    var bothBreached = 0
    var onlyKapture = 0
    var onlyTarget = 0
    /// Business seconds to resolution of the resolved tickets with a target and a resolution time.
    var businessTAT: [Int32] = []
    /// The target of each (priority, queue) label pair met so far, by priority id then queue
    /// id (-1: none applies, -2: not worked out yet).
    private var targetOf: [[Int16]] = []
    /// The longest business time counted for one ticket: five years of the calendar (a
    /// target is at most 10,000 hours, so a ticket open or unresolved that long is past it).
    static let longest: Int64 = 5 * 366 * 86_400
    /// Each target's calendar over the instants the report asks about (`covering`).
    let timelines: [BusinessCalendar.Timeline]

    /// `covering`: the instants business time is mostly asked between (the period's start to
    /// some time after as-of); outside them the calendars answer themselves.
    init(targets: [ServiceTarget], dayCount: Int, covering: Range<Int64>) {
        self.targets = targets
        days = Array(repeating: TargetCounts(), count: dayCount)
        var made: [String: BusinessCalendar.Timeline] = [:]
        timelines = targets.map { t in
            if let known = made[t.calendar.name] { return known }
            let timeline = BusinessCalendar.Timeline(t.calendar, covering: covering)
            made[t.calendar.name] = timeline
            return timeline
        }
    }

    /// Adds a ticket of the period's day `dayIndex`, whose label ids refer to `labels`.
    mutating func add(_ f: TicketFacts, dayIndex: Int, asOf: Double, labels: borrowing LabelTable) {
        let (p, q) = (Int(f.priority), Int(f.queue))
        if p >= targetOf.count { targetOf += repeatElement([], count: p + 1 - targetOf.count) }
        if q >= targetOf[p].count { targetOf[p] += repeatElement(-2, count: q + 1 - targetOf[p].count) }
        if targetOf[p][q] == -2 {
            let (priority, queue) = (labels[f.priority], labels[f.queue])
            targetOf[p][q] = Int16(targets.firstIndex { $0.applies(priority: priority, queue: queue) } ?? -1)
        }
        let index = Int(targetOf[p][q])
        guard index >= 0 else { return }
        let target = targets[index]
        let calendar = timelines[index]
        let created = Int64(f.created.rounded(.down))
        let state: TargetState
        var missedByTarget = false
        switch f.resolvedAt {
        case nil:
            state = .unknown
        case let at? where at.isFinite:
            // (A TAT of years is counted up to `longest`: enough to call it missed.)
            let seconds = calendar.businessSeconds(
                from: created, to: min(Int64(at.rounded(.down)), created + Self.longest))
            businessTAT.append(Int32(clamping: seconds))
            state = seconds <= target.resolveWithin ? .met : .missed
            missedByTarget = state == .missed
        default:
            let end = min(Int64(asOf.rounded(.down)), created + Self.longest)
            // An as-of far past the period: a ticket already over its target by the end of
            // the stretches worked out is overdue without counting the rest.
            let known = min(end, calendar.range.upperBound)
            let elapsed =
                known < end && calendar.businessSeconds(from: created, to: known) > target.resolveWithin
                ? target.resolveWithin + 1 : calendar.businessSeconds(from: created, to: end)
            state = elapsed <= target.resolveWithin ? .openWithin : .openOverdue
            missedByTarget = state == .openOverdue
        }
        total.add(state)
        Self.count(&byPriority, f.priority, state)
        Self.count(&byQueue, f.queue, state)
        Self.count(&bySource, f.source, state)
        byAssignee[f.assigneeId, default: TargetCounts()].add(state)
        days[dayIndex].add(state)
        let kapture = f.hasSLA && f.breached
        switch (kapture, missedByTarget) {
        case (true, true): bothBreached += 1
        case (true, false): onlyKapture += 1
        case (false, true): onlyTarget += 1
        case (false, false): break
        }
    }

    static func count(_ a: inout [TargetCounts], _ id: Int32, _ state: TargetState) {
        ensure(&a, id, TargetCounts())
        a[Int(id)].add(state)
    }

    /// Adds what another accumulator counted, its label ids translated by `remap`.
    mutating func merge(_ o: TargetAccumulator, remap: [Int32]) {
        total.add(o.total)
        PeriodAccumulator.merge(&byPriority, o.byPriority, remap) { $0.add($1) }
        PeriodAccumulator.merge(&byQueue, o.byQueue, remap) { $0.add($1) }
        PeriodAccumulator.merge(&bySource, o.bySource, remap) { $0.add($1) }
        for (id, c) in o.byAssignee { byAssignee[id, default: TargetCounts()].add(c) }
        for i in days.indices { days[i].add(o.days[i]) }
        bothBreached += o.bothBreached
        onlyKapture += o.onlyKapture
        onlyTarget += o.onlyTarget
        businessTAT += o.businessTAT
    }
}
