public import Foundation
public import SLAAnalytics
public import TicketModel
public import TicketStore

/// Feeds a `ReportBuilder` from a store on several threads.
///
/// Each part of the period (a day block, or a chunk of the store's rows) is read into
/// `TicketFacts` with the reader's own label table and counted there, by a `ReportBuilder`
/// of the part's own; those are merged into `builder` strictly in part order. When the
/// period has several parts, worker threads read ahead while the calling thread merges (at
/// most `threads + 1` parts wait); a plan of one or two chunks of rows is read on one thread.
public enum ParallelStoreIngest {
    /// What a worker made of one part: the part's tickets counted by a builder of its own
    /// (label ids from the worker's table, `labels` as the part left it), and their digest.
    struct Counted: Sendable {
        var builder: ReportBuilder
        var tickets: Int
        var labels: [String]
        var worker: Int
        var digest: RowDigest
    }

    /// Rows per chunk: big enough that a chunk's query set-up is noise, small enough that
    /// the workers stay busy and few facts wait.
    public static let defaultChunkRows: Int64 = 1 << 16

    /// Adds every ticket created in `[start, end)` to `builder`, and returns the digest of the
    /// rows read. Neither depends on `threads` or `chunkRows`.
    /// `progress` is called on the calling thread after each part of the store's plan.
    @discardableResult
    public static func feed(
        _ builder: inout ReportBuilder, store: any TicketFactStore, createdFrom start: Date, before end: Date,
        lifecycle: LifecyclePolicy, threads: Int, chunkRows: Int64 = defaultChunkRows,
        progress: ReadProgressHandler? = nil
    ) throws -> RowDigest {
        let parts = try StoreParts(store: store, createdFrom: start, before: end, chunkRows: chunkRows)
        var digest = RowDigest()
        var read = ReadProgress(total: parts.count)
        func report(_ tickets: Int) {
            read.add(tickets: tickets, fraction: Double(read.done + 1) / Double(parts.count))
            progress?(read)
        }
        let blank = builder.partBuilder()
        let countsOnlyBefore = builder.countsOnlyBefore ?? .min
        // (A report with targets lists open tickets due next: their texts are read after
        // counting, for the few listed; `ReportBuilder.ticketsWithoutText`.)
        func reader() -> StoreFactsReader { StoreFactsReader(lifecycle: lifecycle) }
        func merge(_ part: Counted, remap: inout [Int32]) {
            digest.merge(part.digest)
            builder.merge(part.builder, foreignLabels: part.labels, remap: &remap)
            report(part.tickets)
        }
        // Blocks are read on several threads whenever there are several; rows when the plan
        // has more than two chunks (a plan of one or two is a small period).
        guard threads > 1, parts.count > (parts.readsBlocks ? 1 : 2) else {
            var reader = reader()
            var remap: [Int32] = []
            for k in 0..<parts.count {
                merge(
                    try count(parts, k, reader: &reader, blank: blank, countsOnlyBefore: countsOnlyBefore, worker: 0),
                    remap: &remap)
            }
            return digest
        }
        // Each worker counts its parts' tickets into builders of its own; the calling thread
        // merges them in part order (the same summary as adding every ticket to `builder`).
        var remaps = Array(repeating: [Int32](), count: threads)
        try OrderedParallelMap.run(
            count: parts.count, threads: threads,
            makeState: { (index: $0, reader: reader()) },
            finish: { _ in },
            work: { state, k -> Result<Counted, any Error> in
                Result {
                    try count(
                        parts, k, reader: &state.reader, blank: blank, countsOnlyBefore: countsOnlyBefore,
                        worker: state.index)
                }
            },
            consume: { (_, result: Result<Counted, any Error>) throws(any Error) in
                let part = try result.get()
                merge(part, remap: &remaps[part.worker])
            })
        return digest
    }
}

extension ParallelStoreIngest {
    /// Reads part `k` and counts its tickets into a builder of the part's own (a copy of
    /// `blank`), whose label ids are `reader`'s (`labels`: its table as the part left it).
    static func count(
        _ parts: StoreParts, _ k: Int, reader: inout StoreFactsReader, blank: ReportBuilder, countsOnlyBefore: Int64,
        worker: Int
    ) throws -> Counted {
        var counted = blank
        var tickets = 0
        var digest = RowDigest()
        // A day before the previous period is counted from its block's counts when it can be.
        if countsOnlyBefore != .min, let part = try parts.counts(k, for: counted, reader: &reader) {
            tickets = reader.count(
                part.counts, createdFrom: part.from, before: part.to, into: &counted, digest: &digest)
            return Counted(
                builder: counted, tickets: tickets, labels: reader.labels.labels, worker: worker, digest: digest)
        }
        try parts.read(
            k, reader: &reader, countsOnlyBefore: countsOnlyBefore,
            facts: { f, text, labels in
                counted.add(f, text: text, labeledBy: labels)
                tickets += 1
            }, digest: { digest.merge($1) })
        return Counted(builder: counted, tickets: tickets, labels: reader.labels.labels, worker: worker, digest: digest)
    }
}

/// How far a read of tickets has come: the parts (files, parts of a store's plan) done of
/// all, the tickets read so far, and the share of the work done (by bytes for files).
public struct ReadProgress: Sendable, Equatable {
    public private(set) var done = 0
    public let total: Int
    public private(set) var tickets = 0
    /// 0…1.
    public private(set) var fraction = 0.0

    public init(total: Int) { self.total = total }

    /// One more part done, with its tickets; `fraction` of the work is done now.
    mutating func add(tickets: Int, fraction: Double) {
        done += 1
        self.tickets += tickets
        self.fraction = min(1, fraction)
    }
}

/// Called on the reading thread after each part of a read.
public typealias ReadProgressHandler = (ReadProgress) -> Void
