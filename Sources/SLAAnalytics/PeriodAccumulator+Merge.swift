import TicketModel

extension PeriodAccumulator {
    /// Adds another accumulator's counts, as if its tickets had been added here (another
    /// reader's, over other tickets): `remap` translates its label ids into this one's.
    /// Every figure is the same whatever the order merges come in: counts add up, the TAT
    /// values are selected from by value, the attention list and the assignees' names are
    /// settled by total orders.
    mutating func merge(_ o: PeriodAccumulator, remap: [Int32]) {
        tickets += o.tickets
        open += o.open
        resolved += o.resolved
        sla.add(o.sla)
        slaStates &+= o.slaStates
        Self.merge(&priorities, o.priorities, remap) { $0.add($1) }
        Self.merge(&queues, o.queues, remap) { $0.add($1) }
        Self.merge(&sources, o.sources, remap) { $0.add($1) }
        for i in days.indices {
            days[i].tickets += o.days[i].tickets
            days[i].withSLA += o.days[i].withSLA
            days[i].breached += o.days[i].breached
            days[i].resolved += o.days[i].resolved
        }
        ftr.add(o.ftr)
        for (key, counts) in o.byDispositionDetail {
            let reason = Int64(remap[Int(key >> 32)])
            let detail = Int64(remap[Int(key & 0xFFFF_FFFF)])
            byDispositionDetail[reason << 32 | detail, default: DispositionCounts()].add(counts)
        }
        channelSwitches += o.channelSwitches
        for (id, a) in o.assignees {
            Self.merge(a, remap: remap, into: &assignees[id, default: AssigneeCounts()])
        }
        backlogOpen += o.backlogOpen
        for k in backlogBuckets.indices { backlogBuckets[k] += o.backlogBuckets[k] }
        if let age = o.oldestOpenAge { oldestOpenAge = max(oldestOpenAge ?? 0, age) }
        csat.add(o.csat)
        csatOutOfScale += o.csatOutOfScale
        tat.merge(o.tat, remap: remap)
        tatUnparsed += o.tatUnparsed
        for var c in o.oldestBreachedOpen {
            if c.assigneeName >= 0 { c.assigneeName = remap[Int(c.assigneeName)] }
            c.priority = remap[Int(c.priority)]
            c.queue = remap[Int(c.queue)]
            offerAttention(c)
        }
    }

    /// Adds the entries of `b` (by another table's label ids) to `a`, leaving out the empty
    /// ones (an array grows to a label's id whatever field the label is of).
    static func merge<T: Equatable & EmptyCounts>(
        _ a: inout [T], _ b: [T], _ remap: [Int32], _ add: (inout T, T) -> Void
    ) {
        for (i, v) in b.enumerated() where v != T.empty {
            let j = remap[i]
            ensure(&a, j, T.empty)
            add(&a[Int(j)], v)
        }
    }

    /// Adds an assignee's counts and names (`pendingTie` keeps the latest, ties settled
    /// alphabetically later, so the order of merges does not matter).
    static func merge(_ o: AssigneeCounts, remap: [Int32], into a: inout AssigneeCounts) {
        a.addCounts(of: o)
        guard o.name >= 0 else { return }
        a.pendingTie(remap[Int(o.name)], at: o.nameAt)
        for tie in o.tieNames { a.pendingTie(remap[Int(tie)], at: o.nameAt) }
    }
}

/// Counts with an empty value (what an array indexed by label ids is grown with).
protocol EmptyCounts { static var empty: Self { get } }

extension SLACounts: EmptyCounts { static var empty: SLACounts { SLACounts() } }
extension FTRCounts: EmptyCounts { static var empty: FTRCounts { FTRCounts() } }
extension CSATCounts: EmptyCounts { static var empty: CSATCounts { CSATCounts() } }
extension GroupCounts: EmptyCounts { static var empty: GroupCounts { GroupCounts() } }
extension TargetCounts: EmptyCounts { static var empty: TargetCounts { TargetCounts() } }
extension Array: EmptyCounts where Element == Int32 { static var empty: [Int32] { [] } }

extension HistoryAccumulator {
    /// Adds another's counts over the same days and weeks (another reader's tickets).
    mutating func merge(_ o: HistoryAccumulator) {
        for i in days.indices { days[i].add(o.days[i]) }
        for w in openAtEnd.indices {
            openAtEnd[w] += o.openAtEnd[w]
            openAtEndUnknown[w] += o.openAtEndUnknown[w]
        }
    }
}

extension ReportBuilder {
    /// Adds facts whose label ids refer to another table (a decoding thread's): `remap`
    /// translates them, growing as `foreignLabels` grows.
    @discardableResult
    public mutating func add(
        _ facts: TicketFacts, text: AttentionText? = nil, foreignLabels: [String], remap: inout [Int32]
    ) -> Bool {
        while remap.count < foreignLabels.count { remap.append(labels.id(foreignLabels[remap.count])) }
        var f = facts
        f.priority = remap[Int(f.priority)]
        f.queue = remap[Int(f.queue)]
        f.source = remap[Int(f.source)]
        f.disposition = remap[Int(f.disposition)]
        f.dispositionDetail = remap[Int(f.dispositionDetail)]
        if f.assigneeName >= 0 { f.assigneeName = remap[Int(f.assigneeName)] }
        return add(f, text: text)
    }

    /// Adds what another builder counted (a reading thread's, over other tickets of a
    /// store: nothing to de-duplicate), whose label ids refer to `foreignLabels`: `remap`
    /// translates them, growing as `foreignLabels` grows. The summary is the one adding
    /// its tickets here would give.
    public mutating func merge(_ o: ReportBuilder, foreignLabels: [String], remap: inout [Int32]) {
        while remap.count < foreignLabels.count { remap.append(labels.id(foreignLabels[remap.count])) }
        ticketsRead += o.ticketsRead
        duplicates += o.duplicates
        outside += o.outside
        outsideSlice += o.outsideSlice
        current.merge(o.current, remap: remap)
        if let t = o.targets { targets?.merge(t, remap: remap) }
        previous.merge(o.previous, remap: remap)
        history.merge(o.history)
    }
}
