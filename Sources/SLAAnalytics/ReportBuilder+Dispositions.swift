extension ReportBuilder {
    /// `dispositions`: a group per reason, the reason's details under it as `children`
    /// (omitted when none of its tickets names one), each by tickets descending then key.
    func dispositions(_ c: PeriodAccumulator) -> [DispositionGroup] {
        var details: [Int32: [(Int32, DispositionCounts)]] = [:]
        for (key, counts) in c.byDispositionDetail {
            details[Int32(truncatingIfNeeded: key >> 32), default: []].append((Int32(truncatingIfNeeded: key), counts))
        }
        func group(_ label: Int32, _ v: DispositionCounts, children: [DispositionGroup]) -> DispositionGroup {
            DispositionGroup(
                key: labels[label], tickets: v.sla.tickets, share: Statistics.rate(v.sla.tickets, c.tickets),
                withSLA: v.sla.withSLA, breached: v.sla.breached,
                breachRate: Statistics.rate(v.sla.breached, v.sla.withSLA), eligible: v.ftr.eligible,
                firstTime: v.ftr.firstTime, ftrRate: Statistics.rate(v.ftr.firstTime, v.ftr.eligible),
                children: children)
        }
        func sorted(_ groups: [DispositionGroup]) -> [DispositionGroup] {
            groups.sorted { ($1.tickets, $0.key) < ($0.tickets, $1.key) }
        }
        return sorted(
            details.map { reason, reasonDetails in
                var total = DispositionCounts()
                for (_, counts) in reasonDetails { total.add(counts) }
                let children = reasonDetails.map { group($0.0, $0.1, children: []) }
                let onlyNone = children.allSatisfy { $0.key == TicketFacts.noneLabel }
                return group(reason, total, children: onlyNone ? [] : sorted(children))
            })
    }
}
