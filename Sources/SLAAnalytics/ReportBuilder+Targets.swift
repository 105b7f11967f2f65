import Foundation
import TicketModel

/// The figures against the team's targets (docs/METRICS.md, "Targets", "Due next").
extension ReportBuilder {
    /// The target figures of the period (`nil` without targets).
    func targetFigures() -> TargetFigures? {
        guard var t = targets else { return nil }
        func group(_ key: String, _ c: TargetCounts) -> TargetGroup {
            TargetGroup(
                key: key, tickets: c.tickets, met: c.met, missed: c.missed, openWithin: c.openWithin,
                openOverdue: c.openOverdue, metRate: Self.metRate(c))
        }
        func groups(_ d: [TargetCounts]) -> [TargetGroup] {
            d.enumerated().filter { $0.element.tickets > 0 }.map { group(labels[Int32($0.offset)], $0.element) }
                .sorted { ($1.tickets, $0.key) < ($0.tickets, $1.key) }
        }
        let c = t.current
        let all = c.total
        let count = t.businessTAT.count
        let ranks = Statistics.nearestRanks(selecting: &t.businessTAT, [0.5, 0.9])
        let open = t.businessAge.count
        let oldest = t.businessAge.max().map(Int.init)
        let ages = Statistics.nearestRanks(selecting: &t.businessAge, [0.5, 0.9])
        return TargetFigures(
            targets: t.calendars.targets.count, withTarget: all.tickets, met: all.met, missed: all.missed,
            openWithin: all.openWithin, openOverdue: all.openOverdue, resolvedWithoutTime: all.unknown,
            metRate: Self.metRate(all),
            byPriority: groups(c.byPriority), byQueue: groups(c.byQueue), bySource: groups(c.bySource),
            byAssignee: current.assignees.filter { $0.value.target.tickets > 0 }
                .map { group(String($0.key), $0.value.target) }
                .sorted { ($1.tickets, Int64($0.key) ?? 0) < ($0.tickets, Int64($1.key) ?? 0) },
            byDay: zip(options.period.days, c.days).map { group($0.description, $1) },
            agreement: TargetAgreement(
                bothBreached: t.bothBreached, onlyKapture: t.onlyKapture, onlyTarget: t.onlyTarget),
            businessTAT: TATGroup(key: "all", count: count, medianSeconds: ranks[0], p90Seconds: ranks[1]),
            backlogAge: BusinessAge(open: open, medianSeconds: ages[0], p90Seconds: ages[1], oldestSeconds: oldest),
            dueNext: dueNext(t))
    }

    /// The due lists alone (`nil` without targets): with `ReportOptions.dueNextOnly`, all a
    /// builder counts; otherwise `targets.dueNext` of the summary.
    public func dueNext() -> DueNext? { targets.map(dueNext) }

    func dueNext(_ t: TargetAccumulator) -> DueNext {
        DueNext(
            dueSoon: DueList(count: t.dueSoonCount, tickets: t.dueSoon.map { dueTicket($0, t.calendars) }),
            overdue: DueList(count: t.current.total.openOverdue, tickets: t.overdue.map { dueTicket($0, t.calendars) }))
    }

    static func metRate(_ c: TargetCounts) -> Double? { Statistics.rate(c.met, c.met + c.missed) }

    /// A due ticket as the summary lists it; its deadline is worked out here, for the few listed.
    func dueTicket(_ d: DueCandidate, _ calendars: TargetCalendars) -> DueTicket {
        let target = calendars.targets[d.target]
        let created = Int64(d.created.rounded(.down))
        // From when it is overdue: the instant its business time passes the target. (The
        // instant the target's time is spent may be the end of a day's hours, long before the
        // calendar opens again and the ticket is late: a Friday evening for a Monday.)
        let deadline = calendars.timelines[d.target].calendar.deadline(from: created, after: target.resolveWithin + 1)
            .map { $0 - 1 }
        return DueTicket(
            ticketId: d.ticketId, title: d.text?.title, url: d.text?.url, assigneeId: d.assigneeId,
            assignee: TicketFacts.assigneeLabel(
                id: d.assigneeId, name: d.assigneeName >= 0 ? labels[d.assigneeName] : nil),
            priority: labels[d.priority], queue: labels[d.queue],
            createdAt: clock.rfc3339(Date(timeIntervalSince1970: d.created)),
            deadline: deadline.map { clock.rfc3339(Date(timeIntervalSince1970: Double($0))) },
            businessSecondsLeft: Int(d.left), resolveWithinSeconds: Int(target.resolveWithin),
            calendar: target.calendar.name)
    }

    /// A trend week's tickets against their targets: the history's days `days` (`nil`
    /// without targets); the period's days from the period's counts.
    func trendTargets(_ days: [Int]) -> TrendTargets? {
        guard let t = targets else { return nil }
        var sum = TargetCounts()
        for i in days {
            sum.add(t.historyDays[i])
            if let p = options.period.dayIndex(history.from.adding(days: i)) { sum.add(t.current.days[p]) }
        }
        return TrendTargets(withTarget: sum.tickets, met: sum.met, missed: sum.missed, metRate: Self.metRate(sum))
    }

    /// The met rate against the previous period's (`nil` without targets).
    func targetComparison() -> RateComparison? {
        guard let t = targets else { return nil }
        let (c, p) = (t.current.total, t.previous.total)
        return Self.compare(c.met, c.met + c.missed, p.met, p.met + p.missed)
    }

    /// The met-rate movers of one kind, by group: current and previous counts of each key.
    func targetMovers(
        _ pick: (TargetTally) -> [TargetCounts]
    ) -> [(id: Int, current: TargetCounts, previous: TargetCounts)] {
        guard let t = targets else { return [] }
        let (c, p) = (pick(t.current), pick(t.previous))
        return (0..<max(c.count, p.count)).map { id in
            (id, id < c.count ? c[id] : TargetCounts(), id < p.count ? p[id] : TargetCounts())
        }
    }
}

extension TargetAccumulator {
    mutating func setText(_ text: AttentionText) {
        let key = TicketKey.make(text.ticketId)
        for i in dueSoon.indices where dueSoon[i].key == key { dueSoon[i].text = text }
        for i in overdue.indices where overdue[i].key == key { overdue[i].text = text }
    }
}
