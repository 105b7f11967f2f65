import SLAAnalytics
import TicketModel
import TicketStore

extension StoreFactsReader {
    /// Counts the tickets of a block created in `[from, to)` into `builder` from the block's
    /// counts (`BlockCounts`; the caller asked `builder.countsBySlots`): the counts adding
    /// each ticket's facts (`forEachFacts`) gives, with the lifecycle policy and the SLA rule
    /// applied to each dictionary entry. Adds the slots' digests to `digest`; returns the
    /// tickets counted.
    mutating func count(
        _ counts: BlockCounts, createdFrom from: Int64, before to: Int64, into builder: inout ReportBuilder,
        digest: inout RowDigest
    ) -> Int {
        func table<T>(_ entries: [[UInt8]], _ rule: (inout GroupCaches, RawText, () -> String?) -> T) -> [T] {
            var out = [rule(&groups, RawText(base: nil, count: 0, tag: 0xFF)) { nil }]
            for e in entries {
                out.append(
                    e.withUnsafeBufferPointer { b in
                        rule(&groups, RawText(base: b.baseAddress, count: b.count, tag: 0)) {
                            String(decoding: b, as: UTF8.self)
                        }
                    })
            }
            return out
        }
        let byStatus = table(counts.statuses) { $0.resolvedByStatus($1, $2) }
        let bySubstatus = table(counts.substatuses) { $0.resolvedBySubstatus($1, $2) }
        let sla = table(counts.slaStatuses) { $0.slaState($1, $2) }
        let resolved = counts.pairs.map { p in
            let bySubstatus = bySubstatus[p.substatus]
            return groups.resolved(byStatus: byStatus[p.status]) { bySubstatus }
        }
        func inRange(_ slot: Int) -> Bool { (from..<to).contains(counts.start(ofSlot: slot)) }
        var slots = Array(repeating: SlotCounts(), count: 96)
        for s in counts.slots where inRange(s.slot) {
            slots[s.slot].tickets = s.tickets
            slots[s.slot].rated = s.rated
            slots[s.slot].ratingSum = s.ratingSum
            digest.merge(RowDigest(sum: s.digest, count: s.tickets))
        }
        for s in counts.states where inRange(s.slot) {
            if !resolved[s.pair] {
                slots[s.slot].open += s.tickets
            } else {
                slots[s.slot].resolved += s.tickets
                if s.ftrYes { slots[s.slot].firstTime += s.tickets }
                if !s.tatKnown { slots[s.slot].resolvedUnknown += s.tickets }
            }
        }
        for s in counts.slaStates where inRange(s.slot) {
            let state = sla[s.slaStatus]
            if state.has { slots[s.slot].withSLA += s.tickets }
            if state.breached { slots[s.slot].breached += s.tickets }
        }
        var tickets = 0
        for s in counts.slots where inRange(s.slot) {
            builder.countSlot(createdAt: counts.start(ofSlot: s.slot), slots[s.slot])
            tickets += s.tickets
        }
        let after = builder.countsResolved(createdFrom: from)
        counts.forEachResolution { r in
            guard Double(r.at) > after else { return false }
            if resolved[r.pair] && inRange(r.slot) {
                builder.countResolved(createdAt: counts.start(ofSlot: r.slot), at: r.at)
            }
            return true
        }
        return tickets
    }
}
