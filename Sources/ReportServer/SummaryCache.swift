import CompressNIO
import Crypto
import Foundation
import NIOCore
import ReportPipeline
import ReportRendering
import SLAAnalytics
import TicketModel
import TicketStore

/// Summaries computed once per (parameters, store generation): concurrent requests for the
/// same summary share one computation; an entry for "now" (no `asOf` given) is reused for
/// `maxAge` seconds, one for a given `asOf` while the store is unchanged.
actor SummaryCache {
    struct Key: Hashable, Sendable {
        var from: LocalDate
        var to: LocalDate
        var zone: String
        /// The `asOf` a request gave; `nil`: now.
        var asOf: String?
        var trendWeeks: Int
        /// The slice asked for (`nil`: every ticket).
        var slice: TicketSlice?
    }

    /// One computed summary and its JSON, shared by every request that asks for it (a class:
    /// answering from the cache copies a reference, not the summary).
    final class Entry: Sendable {
        let generation: Int64
        let computedAt: Date
        let summary: ReportSummary
        /// `SummaryJSON.encode(summary)`: what `report --format json` writes, as the buffer
        /// every answer sends (NIO shares it; no copy per request).
        let json: ByteBuffer
        /// A strong validator of `json`.
        let etag: String
        /// `json` gzip-compressed, once (what most clients ask for).
        let gzip: ByteBuffer

        init(generation: Int64, computedAt: Date, summary: ReportSummary, json: Data) throws {
            self.generation = generation
            self.computedAt = computedAt
            self.summary = summary
            let buffer = ByteBuffer(bytes: json)
            self.json = buffer
            etag = "\"\(Hex.lowercase(SHA256.hash(data: json).prefix(16)))\""
            gzip = try FeedServer.gzip(buffer)
        }
    }

    private var entries: [Key: Entry] = [:]
    private var inflight: [Key: (generation: Int64, task: Task<Entry, any Error>)] = [:]
    private let capacity = 64

    /// The entry for `key` at the store's `generation`, computed by `compute` only when no
    /// fresh one exists and none is being computed; `hit` says whether it was.
    func entry(
        for key: Key, generation: Int64, now: Date, maxAge: Double,
        compute: @escaping @Sendable () async throws -> ReportSummary
    ) async throws -> (entry: Entry, hit: Bool) {
        if let e = entries[key], e.generation == generation,
            key.asOf != nil || now.timeIntervalSince(e.computedAt) < maxAge
        {
            return (e, true)
        }
        if let running = inflight[key], running.generation == generation {
            return (try await running.task.value, true)
        }
        let task = Task<Entry, any Error> {
            let summary = try await compute()
            return try Entry(
                generation: generation, computedAt: now, summary: summary, json: try SummaryJSON.encode(summary))
        }
        inflight[key] = (generation, task)
        defer { if inflight[key]?.generation == generation { inflight[key] = nil } }
        let entry = try await task.value
        if entries.count >= capacity, entries[key] == nil {
            // Drop the oldest computation.
            if let oldest = entries.min(by: { $0.value.computedAt < $1.value.computedAt })?.key {
                entries[oldest] = nil
            }
        }
        entries[key] = entry
        return (entry, false)
    }
}
