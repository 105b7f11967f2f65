import Crypto
public import Foundation
public import SLAAnalytics
public import TicketModel
public import TicketStore

/// The days of a store report before its period (the trend's and the anomaly check's, and
/// the previous period the comparison and the movers read) from per-day rollups the store
/// keeps, instead of from nine weeks of tickets.
///
/// A day's rollup (`HistoryRollup`, and the digest of its rows' raw JSON for `provenance`)
/// is kept under a key naming the report zone and the lifecycle policy, with the day's write
/// stamp (`WrittenDays`) when it was computed. It is used while that stamp is unchanged; a
/// day without a usable rollup is read ticket by ticket, and its new rollup kept when the
/// store can be written. Either way the summary is the same, byte for byte.
public enum HistoryRollups {
    /// Raised whenever what a rollup holds or how it is computed changes: older rollups are
    /// then not used.
    static let format = 3

    /// The key rollups are kept under: the format, the zone and a digest of the policy.
    public static func key(timeZone: TimeZone, lifecycle: LifecyclePolicy) -> String {
        let policy =
            lifecycle.resolvedStatuses.sorted().joined(separator: "\u{1F}") + "\u{1E}"
            + lifecycle.resolvedSubstatusKeys.sorted().joined(separator: "\u{1F}")
        let digest = Hex.lowercase(SHA256.hash(data: Array(policy.utf8))).prefix(16)
        return "\(format) \(timeZone.identifier) \(digest)"
    }

    /// One day's rollup and the digest of its rows.
    struct Day: Sendable {
        var rollup = HistoryRollup()
        var digest = RowDigest()

        mutating func merge(_ o: Day) {
            rollup.merge(o.rollup)
            digest.merge(o.digest)
        }

        /// The digest's sum and count, then the rollup.
        var encoded: [UInt8] {
            var out = digest.sumBytes
            withUnsafeBytes(of: Int64(digest.count).littleEndian) { out.append(contentsOf: $0) }
            return out + rollup.encoded
        }

        init(rollup: HistoryRollup = HistoryRollup(), digest: RowDigest = RowDigest()) {
            self.rollup = rollup
            self.digest = digest
        }

        init?(encoded b: [UInt8]) {
            guard b.count > 40 else { return nil }
            let count = Int(b[32..<40].reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) })
            guard let digest = RowDigest(sumBytes: Array(b[0..<32]), count: count),
                let rollup = HistoryRollup(encoded: b[40...]), rollup.tickets == count
            else { return nil }
            self.digest = digest
            self.rollup = rollup
        }
    }

    /// Adds `builder.rollupDays` (when there are any) to `builder` from the store's rollups,
    /// computing and keeping those missing or stale; returns the digest of those days' rows
    /// and the first day the caller still has to read ticket by ticket.
    public static func feed(
        _ builder: inout ReportBuilder, store: any TicketStoring, threads: Int
    ) throws -> (digest: RowDigest, readFrom: LocalDate?) {
        guard let days = builder.rollupDays else { return (RowDigest(), nil) }
        let options = builder.options
        let clock = ZoneClock(options.timeZone)
        let key = key(timeZone: options.timeZone, lifecycle: options.lifecycle)
        func bounds(_ d: LocalDate) -> (Int64, Int64) { (clock.startOfDay(d), clock.startOfDay(d.adding(days: 1))) }
        let first = bounds(days.lowerBound).0
        let last = bounds(days.upperBound).1
        // The stamps first: tickets read after them are at least as new as they say, so a
        // rollup kept under a stamp never holds older tickets than the stamp's.
        let stamps = try store.writeStamps(utcDays: WrittenDays.utcDays(from: first, before: last))
        func stamp(_ d: LocalDate) -> Int64 {
            let (s, e) = bounds(d)
            return WrittenDays.stamp(from: s, before: e, in: stamps)
        }
        let dayNumbers = days.lowerBound.daysSinceEpoch...days.upperBound.daysSinceEpoch
        var byDay: [Int: Day] = [:]
        for row in try store.historyRollups(key: key, days: dayNumbers)
        where row.stamp == stamp(LocalDate(daysSinceEpoch: row.day)) {
            byDay[row.day] = Day(encoded: row.data)
        }
        let missing = dayNumbers.filter { byDay[$0] == nil }
        if let from = missing.first, let through = missing.last {
            var computed = try compute(
                store: store, from: LocalDate(daysSinceEpoch: from), through: LocalDate(daysSinceEpoch: through),
                clock: clock, lifecycle: options.lifecycle, threads: threads)
            var kept: [StoredRollupRow] = []
            for d in from...through {
                // In order once, for the rollup kept and the report alike.
                var day = computed.removeValue(forKey: d) ?? Day()
                day.rollup.sort()
                byDay[d] = day
                kept.append(StoredRollupRow(day: d, stamp: stamp(LocalDate(daysSinceEpoch: d)), data: day.encoded))
            }
            _ = store.saveHistoryRollups(key: key, kept)
        }
        var digest = RowDigest()
        for d in dayNumbers {
            let day = byDay[d]!
            builder.add(day.rollup, day: LocalDate(daysSinceEpoch: d))
            digest.merge(day.digest)
        }
        return (digest, days.upperBound.adding(days: 1))
    }

    /// The rollups of the days `from…through`, from their tickets (on several threads when
    /// the store's plan has several chunks).
    static func compute(
        store: any TicketStoring, from: LocalDate, through: LocalDate, clock: ZoneClock, lifecycle: LifecyclePolicy,
        threads: Int
    ) throws -> [Int: Day] {
        let range = clock.instants(from: from, through: through)
        let parts = try StoreParts(
            store: store, createdFrom: range.lowerBound, before: range.upperBound,
            chunkRows: ParallelStoreIngest.defaultChunkRows)
        var result: [Int: Day] = [:]
        try OrderedParallelMap.run(
            count: parts.count, threads: max(1, min(threads, parts.count)),
            makeState: { _ in StoreFactsReader(lifecycle: lifecycle) },
            finish: { _ in },
            work: { reader, k -> Result<[Int: Day], any Error> in
                var counters: [Int: HistoryRollupCounter] = [:]
                var digests: [Int: RowDigest] = [:]
                var days = LocalDayFinder(clock: clock)
                do {
                    try parts.read(
                        k, reader: &reader,
                        facts: { f, _ in
                            days.find(Int64(f.created.rounded(.down)))
                            counters[days.daysSinceEpoch, default: HistoryRollupCounter()].add(f)
                        },
                        digest: { instant, digest in
                            days.find(instant)
                            digests[days.daysSinceEpoch, default: RowDigest()].merge(digest)
                        })
                } catch {
                    return .failure(error)
                }
                // The chunk's label ids are this reader's: its rollups take the texts.
                let labels = reader.labels.labels
                return .success(
                    Dictionary(
                        uniqueKeysWithValues: counters.map { d, counter in
                            (d, Day(rollup: counter.rollup(labels: labels), digest: digests[d] ?? RowDigest()))
                        }))
            },
            consume: { (_, chunk: Result<[Int: Day], any Error>) throws(any Error) in
                for (d, day) in try chunk.get() { result[d, default: Day()].merge(day) }
            })
        return result
    }
}
