public import Foundation

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
