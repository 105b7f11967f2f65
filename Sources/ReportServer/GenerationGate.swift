import NIOPosix
import Synchronization
import TicketStore

/// The store's generation for every request that needs it, asked of the store once for as
/// many requests as arrive while one question is out.
///
/// A request must see every write committed before it arrived, so it never takes the
/// answer of a question asked before it came: it waits for the next one. When no question is
/// out, a request asks at once (one store read, as before); under load, one read answers
/// every request that queued while the previous read ran, and those requests take no thread
/// hop of their own.
///
/// The reads run on a thread of the gate's own (`BlockingLane`), not on the pool for blocking
/// work (`Blocking`): there a summary being computed holds a thread for as long as it reads,
/// and with one thread per core two cold quarters held them all, so that every cached answer
/// (a 304 included) waited for them.
final class GenerationGate: Sendable {
    private struct State {
        /// Whether a read is out (or about to be): requests arriving now wait for the next.
        var reading = false
        var waiting: [CheckedContinuation<Int64, any Error>] = []
    }

    private let state = Mutex(State())
    private let read: @Sendable () throws -> Int64
    private let lane = BlockingLane()

    /// `read` blocks (a store query); it runs on the gate's thread, never on the cooperative
    /// pool.
    init(read: @escaping @Sendable () throws -> Int64) {
        self.read = read
    }

    /// The generation as of a read that began after this call did.
    func current() async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { s in
                s.waiting.append(continuation)
                if s.reading { return false }
                s.reading = true
                return true
            }
            if start { lane.submit { self.drain($0) } }
        }
    }

    /// Requests waiting for a read not yet begun (for tests).
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// On a pool thread: reads for the requests waiting now, answers them, and goes on while
    /// more arrived meanwhile.
    private func drain(_ work: NIOThreadPool.WorkItemState) {
        while true {
            let batch = state.withLock { s in
                if s.waiting.isEmpty { s.reading = false }
                defer { s.waiting = [] }
                return s.waiting
            }
            if batch.isEmpty { return }
            let result: Result<Int64, any Error> =
                work == .cancelled ? .failure(CancellationError()) : Result { try read() }
            for continuation in batch { continuation.resume(with: result) }
        }
    }
}
