import Foundation

/// One request the fake received.
public struct RecordedRequest: Sendable {
    public var authorization: String?
    public var contentType: String?
    public var body: String
    public var startDate: String?
    public var endDate: String?
    public var limit: Int?
    public var offset: Int?
    public var fault: KaptureFault?
    public var status: Int
    /// When it arrived (the server's monotonic clock).
    public var receivedAt: ContinuousClock.Instant = .now
    /// Tickets in the page served (0 for faults and refusals).
    public var ticketsServed = 0
}

actor FakeKaptureState {
    var requests: [RecordedRequest] = []
    var attempts: [String: Int] = [:]
    var faultsPerCall: [String: Int] = [:]
    var passes: [String: Int] = [:]

    /// Counts a call at offset 0 for `day` (a new pass over it); returns the passes so far.
    func pass(_ day: String, starts: Bool) -> Int {
        if starts { passes[day, default: 0] += 1 }
        return passes[day, default: 0]
    }

    func nextAttempt(_ key: String) -> Int {
        let n = attempts[key, default: 0]
        attempts[key] = n + 1
        return n
    }

    var tokensSeen: Set<String> = []
    var gateWaiters: [(Set<String>, CheckedContinuation<Void, Never>)] = []

    /// Notes a call bearing `token`, and opens the gates it completes.
    func saw(_ token: String) {
        tokensSeen.insert(token)
        let waiters = gateWaiters
        gateWaiters = []
        for (tokens, continuation) in waiters {
            if tokens.isSubset(of: tokensSeen) {
                continuation.resume()
            } else {
                gateWaiters.append((tokens, continuation))
            }
        }
    }

    /// Returns once calls bearing every token of `tokens` have arrived.
    func waitUntilSeen(_ tokens: Set<String>) async {
        if tokens.isSubset(of: tokensSeen) { return }
        await withCheckedContinuation { gateWaiters.append((tokens, $0)) }
    }

    func recordFault(_ key: String) { faultsPerCall[key, default: 0] += 1 }
    func faults(_ key: String) -> Int { faultsPerCall[key, default: 0] }
    func record(_ r: RecordedRequest) { requests.append(r) }
}
