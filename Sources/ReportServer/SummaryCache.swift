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
    final class Entry: Sendable, Computed {
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
            etag = SummaryCache.etag(of: json)
            gzip = try FeedServer.gzip(buffer)
        }
    }

    /// A strong validator of a body: its SHA-256, shortened.
    nonisolated static func etag(of body: Data) -> String {
        "\"\(Hex.lowercase(SHA256.hash(data: body).prefix(16)))\""
    }

    private var entries: [Key: Entry] = [:]
    private var inflight: [Key: (generation: Int64, task: Task<Entry, any Error>)] = [:]
    /// Due lists computed alone (`/v1/rows/due` without a cached summary).
    private var dues: [Key: DueEntry] = [:]

    /// What was computed from the store at a generation, at an instant.
    protocol Computed {
        var generation: Int64 { get }
        var computedAt: Date { get }
    }

    struct DueEntry: Computed {
        let generation: Int64
        let computedAt: Date
        let lists: DueNext?
    }
    private let capacity = 64

    /// Whether what was computed at `computedAt` from the store's `made` generation may answer
    /// now: the store unchanged, and for "now" (no `asOf`) younger than `maxAge`.
    static func isFresh(_ key: Key, made: Int64, computedAt: Date, generation: Int64, now: Date, maxAge: Double)
        -> Bool
    {
        made == generation && (key.asOf != nil || now.timeIntervalSince(computedAt) < maxAge)
    }

    /// The entry for `key` at the store's `generation`, computed by `compute` only when no
    /// fresh one exists and none is being computed; `hit` says whether it was.
    func entry(
        for key: Key, generation: Int64, now: Date, maxAge: Double,
        compute: @escaping @Sendable () async throws -> ReportSummary
    ) async throws -> (entry: Entry, hit: Bool) {
        if let e = fresh(entries[key], key, generation, now, maxAge) { return (e, true) }
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
        keep(entry, for: key, in: &entries)
        return (entry, false)
    }

    /// The due lists for `key`: those of a fresh summary, or of a fresh earlier answer, or
    /// `compute`d (from the period's open tickets alone); `hit` says whether they were cached.
    func dueNext(
        for key: Key, generation: Int64, now: Date, maxAge: Double,
        compute: @escaping @Sendable () async throws -> DueNext?
    ) async throws -> (lists: DueNext?, hit: Bool) {
        if let e = fresh(entries[key], key, generation, now, maxAge) { return (e.summary.targets?.dueNext, true) }
        if let d = fresh(dues[key], key, generation, now, maxAge) { return (d.lists, true) }
        let lists = try await compute()
        keep(DueEntry(generation: generation, computedAt: now, lists: lists), for: key, in: &dues)
        return (lists, false)
    }

    /// `cached` when it may answer now (`isFresh`).
    private func fresh<E: Computed>(_ cached: E?, _ key: Key, _ generation: Int64, _ now: Date, _ maxAge: Double)
        -> E?
    {
        guard let cached,
            Self.isFresh(
                key, made: cached.generation, computedAt: cached.computedAt, generation: generation, now: now,
                maxAge: maxAge)
        else { return nil }
        return cached
    }

    /// Keeps `value` for `key`, dropping the oldest computation when `capacity` are kept.
    private func keep<E: Computed>(_ value: E, for key: Key, in kept: inout [Key: E]) {
        if kept.count >= capacity, kept[key] == nil,
            let oldest = kept.min(by: { $0.value.computedAt < $1.value.computedAt })?.key
        {
            kept[oldest] = nil
        }
        kept[key] = value
    }
}
