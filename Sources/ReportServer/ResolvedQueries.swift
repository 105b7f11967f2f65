import Foundation
import ReportPipeline
import SLAAnalytics
import Synchronization
import TicketModel

/// What the server made of the queries it has answered: a query's text resolved once
/// (its parameters checked, its period and slice resolved, the summary cache's key made)
/// answers the same text again without any of that, for as long as resolving it again would
/// give the same (dashboards and Grafana ask the same few queries again and again).
///
/// A query with `asOf` resolves the same whatever the time; one without resolves relative to
/// today in its zone, so it is kept until the zone's next midnight, and its as-of instant is
/// the request's `now` (the one part of the options that changes within the day, and not part
/// of the cache key). Only queries that resolved are kept (an error is worked out again, as
/// cheap as it was); at most 256 (`BoundedMemo`).
final class ResolvedQueries: Sendable {
    struct Resolved: Sendable {
        var options: ReportOptions
        let selection: PeriodSelection
        let key: SummaryCache.Key
        /// Kept until this instant (seconds since 1970); `.infinity` with a given `asOf`.
        let validUntil: Double
    }

    private let memo = BoundedMemo<String, Resolved>()

    /// The resolution of `text` kept, if still valid `now`, with its as-of instant `now`
    /// when the query gave none.
    func resolved(_ text: String, now: Date) -> Resolved? {
        guard var r = memo[text], now.timeIntervalSince1970 < r.validUntil else { return nil }
        if r.selection.asOf == nil { r.options.asOf = now }
        return r
    }

    /// Keeps what `text` resolved to at `now`.
    func keep(_ text: String, options: ReportOptions, selection: PeriodSelection, key: SummaryCache.Key, now: Date) {
        let validUntil: Double
        if selection.asOf != nil {
            validUntil = .infinity
        } else {
            let clock = ZoneClock(options.timeZone)
            validUntil = Double(clock.startOfDay(clock.localDate(of: now).adding(days: 1)))
        }
        memo[text] = Resolved(options: options, selection: selection, key: key, validUntil: validUntil)
    }
}

/// A dictionary of at most `capacity` entries shared by the server's requests: past that,
/// every entry is forgotten at once (so a client sending endless new keys costs what it would
/// without the memo, and the memory stays bounded).
final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let capacity: Int
    private let entries = Mutex<[Key: Value]>([:])

    init(capacity: Int = 256) { self.capacity = capacity }

    subscript(key: Key) -> Value? {
        get { entries.withLock { $0[key] } }
        set {
            entries.withLock { entries in
                if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
                entries[key] = newValue
            }
        }
    }
}
