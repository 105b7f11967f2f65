import Foundation
import NIOPosix

/// Runs `work` over items 0..<count with up to `threads` states at once, on the process's one
/// pool for CPU-bound work (`pool`) and the calling thread, and hands the results to `consume`
/// on the calling thread strictly in item order. At most `threads + 1` results wait at once, so memory stays
/// bounded however many items there are.
public enum OrderedParallelMap {
    /// Where CPU-bound work runs (decoding response files, reading and counting a store's
    /// parts, building fact blocks): one thread per core, made once per process, apart from
    /// `Blocking`'s pool for blocking calls (a summary computed there waits here for items it
    /// does not run itself).
    ///
    /// Each item is a work item of its own, and a run has at most `threads - 1` of them queued
    /// or running on the pool; the calling thread queues the next as results are taken, and
    /// runs items itself rather than wait for one. So two runs at once share the pool item by
    /// item (it takes work first come, first served) and each goes on on its own calling
    /// thread: a week's summary asked while a quarter's is being read is not held behind the
    /// quarter's items. No item ever waits for anything, so a run waiting on a pool thread (a
    /// `work` or `consume` closure that itself runs a map) is the one thing that could stall
    /// the pool: none does.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, ProcessInfo.processInfo.activeProcessorCount))
        pool.start()
        return pool
    }()

    /// The threads of `pool`.
    static var poolThreads: Int { pool.numberOfThreads }

    /// What the calling thread and a run's items share. Safe to send (hence `@unchecked`):
    /// every stored property is read and written only while holding `condition`, and an `R`
    /// value is handed from the item that made it to the calling thread through `results`,
    /// never used by both.
    final class Shared<R>: @unchecked Sendable {
        let condition = NSCondition()
        var next = 0
        var consumed = 0
        var queued = 0
        /// The states no item holds, by index.
        var free: [Int]
        var results: [Int: R] = [:]

        init(states: Int) { free = Array((0..<states).reversed()) }
    }

    /// One state of a run, lent to one item at a time (taken from and given back to
    /// `Shared.free` under its lock). Safe to send (hence `@unchecked`): whoever holds the
    /// index uses `value`, and nobody else does until it is given back.
    final class StateBox<State>: @unchecked Sendable {
        var value: State
        init(_ value: State) { self.value = value }
    }

    /// `work` and its result handed to the pool. Safe to send (hence `@unchecked`): the
    /// closure is called on one item's thread at a time with a state of its own (callers'
    /// `work` closures read only values they do not change while the run lasts).
    final class Work<State, R>: @unchecked Sendable {
        let body: (inout State, Int) -> R
        init(_ body: @escaping (inout State, Int) -> R) { self.body = body }
    }

    public static func run<State, R, E: Error>(
        count: Int, threads: Int, makeState: @escaping (Int) -> State, finish: @escaping (inout State) -> Void,
        work: @escaping (inout State, Int) -> R, consume: (Int, R) throws(E) -> Void
    ) throws(E) {
        if threads <= 1 || count <= 1 {
            var state = makeState(0)
            defer { finish(&state) }
            for k in 0..<count { try consume(k, work(&state, k)) }
            return
        }
        let states = (0..<min(threads, count)).map { StateBox(makeState($0)) }
        let shared = Shared<R>(states: states.count)
        let window = threads + 1
        let work = Work(work)

        /// The next item that may start now, with a free state: inside the window, and (for
        /// the pool) while fewer than `threads - 1` of the run's items are queued there.
        /// Holding `condition`.
        func take(forPool: Bool) -> (k: Int, state: Int)? {
            guard let s = shared.free.last, shared.next < count, shared.next < shared.consumed + window,
                !forPool || shared.queued < threads - 1
            else { return nil }
            shared.free.removeLast()
            shared.next += 1
            return (shared.next - 1, s)
        }

        /// Queues on the pool every item that may go there now. Holding `condition`.
        func queueReady() {
            while let (k, s) = take(forPool: true) {
                let box = states[s]
                shared.queued += 1
                // The pool is never shut down: every item runs.
                pool.submit { _ in
                    let result = work.body(&box.value, k)
                    shared.condition.lock()
                    shared.results[k] = result
                    shared.free.append(s)
                    shared.queued -= 1
                    shared.condition.broadcast()
                    shared.condition.unlock()
                }
            }
        }

        defer {
            // Stop queueing, and wait for what is queued: no item may use a state after it is
            // finished, nor run after `run` returned.
            shared.condition.lock()
            shared.next = count
            while shared.queued > 0 { shared.condition.wait() }
            shared.condition.unlock()
            for box in states { finish(&box.value) }
        }
        for k in 0..<count {
            shared.condition.lock()
            queueReady()
            while shared.results[k] == nil {
                // Rather than wait, the calling thread runs an item itself when one may start.
                if let (j, s) = take(forPool: false) {
                    shared.condition.unlock()
                    let result = work.body(&states[s].value, j)
                    shared.condition.lock()
                    shared.results[j] = result
                    shared.free.append(s)
                } else {
                    shared.condition.wait()
                }
                queueReady()
            }
            let result = shared.results.removeValue(forKey: k)!
            shared.consumed = k + 1
            queueReady()
            shared.condition.unlock()
            try consume(k, result)
        }
    }
}
