public import Foundation
public import SLAAnalytics
public import TicketModel
public import TicketStore

/// A read of the tickets created in `[start, end)` cut into parts that threads read on their
/// own: the store's fact blocks, one per UTC day (`FactBlock`), when it keeps them and the
/// bounds fall on their 15-minute slots (every local midnight does); else the store's read
/// plan of rows. Either way a ticket is in exactly one part, and its digest is counted once.
struct StoreParts: Sendable {
    enum Plan: Sendable {
        case blocks([Int64])
        case rows([TicketReadChunk])
    }

    let store: any TicketFactStore
    let start: Date
    let end: Date
    /// The bounds in whole seconds, as the stores compare them.
    let from: Int64
    let to: Int64
    let plan: Plan

    init(store: any TicketFactStore, createdFrom start: Date, before end: Date, chunkRows: Int64) throws {
        self.store = store
        self.start = start
        self.end = end
        from = Int64(start.timeIntervalSince1970.rounded(.up))
        to = Int64(end.timeIntervalSince1970.rounded(.up))
        if store.keepsFactBlocks, from % FactBlock.slotSeconds == 0, to % FactBlock.slotSeconds == 0 {
            plan = .blocks(to > from ? Array(WrittenDays.utcDays(from: from, before: to)) : [])
        } else {
            plan = .rows(try store.readPlan(createdFrom: start, before: end, chunkRows: chunkRows))
        }
    }

    var count: Int {
        switch plan {
        case .blocks(let days): days.count
        case .rows(let chunks): chunks.count
        }
    }

    /// Whether the parts are blocks.
    var readsBlocks: Bool {
        if case .blocks = plan { return true }
        return false
    }

    /// Reads part `k`: each ticket's facts (made by `reader`) to `facts`, with `reader`'s
    /// labels (the table their ids refer to); the digests of its
    /// tickets to `digest`, with the instant they were created at (a block's per 15
    /// minutes, with the slot's start). A block's tickets created before `countsOnlyBefore`
    /// come with only what the history's counts read (`ReportBuilder.countsOnlyBefore`).
    func read(
        _ k: Int, reader: inout StoreFactsReader, countsOnlyBefore: Int64 = .min,
        facts: (TicketFacts, AttentionText?, borrowing LabelTable) throws -> Void,
        digest: (_ instant: Int64, _ digest: RowDigest) -> Void
    ) throws {
        switch plan {
        case .blocks(let days):
            switch try store.factBlock(utcDay: days[k], reusing: &reader.blockBytes) {
            case nil: return
            case .stale:
                let day = days[k] * 86_400
                let start = Date(timeIntervalSince1970: TimeInterval(max(from, day)))
                let end = Date(timeIntervalSince1970: TimeInterval(min(to, day + 86_400)))
                try readRows(.wholePeriod, from: start, before: end, reader: &reader, facts: facts, digest: digest)
            case .block(let block):
                try reader.forEachFacts(
                    in: block, createdFrom: from, before: to, countsOnlyBefore: countsOnlyBefore, facts)
                for s in block.slots where block.start(of: s) >= from && block.start(of: s) < to {
                    digest(block.start(of: s), RowDigest(sum: s.digest, count: s.tickets))
                }
            }
        case .rows(let chunks):
            try readRows(chunks[k], from: start, before: end, reader: &reader, facts: facts, digest: digest)
        }
    }

    /// Part `k`'s block counts and the bounds of its tickets in the read, when the part is a
    /// block whose tickets `builder` counts by slots (`ReportBuilder.countsBySlots`) and the
    /// store has its counts; else `nil` (the part is read).
    func counts(_ k: Int, for builder: ReportBuilder, reader: inout StoreFactsReader) throws -> (
        counts: BlockCounts, from: Int64, to: Int64
    )? {
        guard case .blocks(let days) = plan else { return nil }
        let day = days[k] * 86_400
        let (a, b) = (max(from, day), min(to, day + 86_400))
        guard builder.countsBySlots(createdFrom: a, before: b, slotSeconds: FactBlock.slotSeconds) else { return nil }
        return try store.factBlockCounts(utcDay: days[k], reusing: &reader.countsBytes).map { ($0, a, b) }
    }

    func readRows(
        _ chunk: TicketReadChunk, from start: Date, before end: Date, reader: inout StoreFactsReader,
        facts: (TicketFacts, AttentionText?, borrowing LabelTable) throws -> Void,
        digest: (_ instant: Int64, _ digest: RowDigest) -> Void
    ) throws {
        try store.forEachRawTicket(createdFrom: start, before: end, chunk: chunk) { r in
            var d = RowDigest()
            d.add(r)
            digest(r.int64(.createdAt) ?? 0, d)
            let (f, text) = reader.facts(r)
            try facts(f, text, reader.labels)
        }
    }
}

/// The facts of a store's tickets, part by part on the calling thread: what a reader of some
/// tickets needs when it keeps few of them (a page of `/v1/tickets`), from the same blocks,
/// rows and rules as a report. One scan keeps one label table over all its reads.
public struct StoreFactsScan {
    var reader: StoreFactsReader

    public init(lifecycle: LifecyclePolicy) {
        reader = StoreFactsReader(lifecycle: lifecycle)
    }

    /// Calls `body` with the facts of every ticket created in `[start, end)` and the label
    /// table their ids refer to (the same table for every read of this scan, growing), in no
    /// particular order. `start` and `end` are best on 15-minute marks: the store's day
    /// blocks are read then.
    public mutating func forEach(
        store: any TicketFactStore, createdFrom start: Date, before end: Date,
        _ body: (TicketFacts, borrowing LabelTable) throws -> Void
    ) throws {
        let parts = try StoreParts(
            store: store, createdFrom: start, before: end, chunkRows: ParallelStoreIngest.defaultChunkRows)
        for k in 0..<parts.count {
            try parts.read(k, reader: &reader, facts: { f, _, labels in try body(f, labels) }, digest: { _, _ in })
        }
    }
}
