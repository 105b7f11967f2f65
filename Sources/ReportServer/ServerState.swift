public import Foundation
import Synchronization
public import TicketStore

/// Which of the servers on one store runs the scheduled pulls and emails: the one holding
/// the store's `leader:serve` lock (PostgreSQL: an advisory lock on its session, so it passes
/// to another server when the holder dies or loses its connection).
public final class Leadership: Sendable {
    let store: any StoreCoordination
    let lock = Mutex<(any StoreLock)?>(nil)

    public init(store: any StoreCoordination) { self.store = store }

    /// Whether this process leads; takes the lock when nobody holds it.
    public func isLeader() -> Bool {
        lock.withLock { held in
            if let l = held, l.isHeld { return true }
            held = (try? store.tryLock("leader:serve")) ?? nil
            return held != nil
        }
    }

    /// Whether this process holds the lead now, without trying to take it (what `/readyz`
    /// reports: asking must not make a server without schedules the leader).
    public var holds: Bool { lock.withLock { $0?.isHeld ?? false } }

    /// Gives the lead up (at shutdown, or in tests).
    public func resign() {
        lock.withLock { held in
            held?.release()
            held = nil
        }
    }
}

/// What the server knows of its scheduled pulls, for `/readyz`, `/metrics` and the dashboard.
public actor ServerState {
    public enum PullStatus: String, Sendable {
        /// No pull has finished yet (or the server does not pull).
        case none
        case complete
        /// Some days partial or failed: the next pull tries them again.
        case incomplete
        /// The pull stopped: the token was refused, or nothing could be stored.
        case failed
    }

    public struct PullRecord: Sendable {
        public var status: PullStatus
        public var finishedAt: Date?
        public var lastSuccess: Date?
        /// Why the last pull was not complete (never holds the token).
        public var reason: String?
        public var running: Bool
    }

    private(set) var pull = PullRecord(status: .none, finishedAt: nil, lastSuccess: nil, reason: nil, running: false)
    /// Whether the server pulls at all, and how often.
    public let pullInterval: Duration?

    public init(pullInterval: Duration?) { self.pullInterval = pullInterval }

    public func pullRecord() -> PullRecord { pull }

    func pullStarted() { pull.running = true }

    func pullFinished(status: PullStatus, reason: String?, at date: Date) {
        pull.running = false
        pull.status = status
        pull.finishedAt = date
        pull.reason = reason
        if status == .complete { pull.lastSuccess = date }
    }

    /// Why the server is not ready, or `nil` when it is: pulls are configured, one has
    /// finished, and none has been complete for three intervals.
    func staleness(now: Date) -> String? {
        guard let interval = pullInterval, let finished = pull.finishedAt else { return nil }
        let limit = 3 * Double(interval.components.seconds)
        let since = pull.lastSuccess ?? .distantPast
        guard now.timeIntervalSince(since) > limit else { return nil }
        let last = pull.reason.map { ": \($0)" } ?? ""
        return pull.lastSuccess == nil
            ? "no pull has completed yet; the last one, at \(Self.stamp(finished)), was \(pull.status.rawValue)\(last)"
            : "the last complete pull was at \(Self.stamp(since)); the last one was \(pull.status.rawValue)\(last)"
    }

    static func stamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: d)
    }
}
