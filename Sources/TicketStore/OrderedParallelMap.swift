import Foundation
import NIOPosix

/// Runs `work` over items 0..<count with up to `threads` states at once, on the process's one
/// pool for CPU-bound work (`pool`), and hands the results to `consume` on the calling thread
/// strictly in item order. At most `threads + 1` results wait at once, so memory stays
/// bounded however many items there are.
public enum OrderedParallelMap {
    /// Where CPU-bound work runs (decoding response files, reading and counting a store's
    /// parts, building fact blocks): one thread per core, made once per process, apart from
    /// `Blocking`'s pool for blocking calls (a summary computed there waits here for items it
    /// does not run itself).
    ///
    /// Each item is a work item of its own, and a run has at most `threads` items under way
    /// (one per state); the calling thread queues the next as results are taken. So two runs
    /// at once share the pool item by item (it takes work first come, first served). And
    /// when the item whose result the calling thread needs next is still waiting in the
    /// pool's queue (behind another run's), the calling thread runs it itself, and the pool
    /// skips it: a week's summary asked while a quarter's is being read is not held behind
    /// the quarter's items. No item ever waits for anything, so a run waiting on a pool
    /// thread (a `work` or `consume` closure that itself runs a map) is the one thing that
    /// could stall the pool: none does.
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
        /// The run's items running on the pool.
        var running = 0
        /// The states no item holds, by index.
        var free: [Int]
        /// Each queued item's state, and whether it has begun (on the pool, or on the calling
        /// thread, which the pool's work item then finds and skips; once the run ends, every
        /// item counts as begun).
        var state: [Int]
        var begun: [Bool]
        var results: [Int: R] = [:]

        init(states: Int, items: Int) {
            free = Array((0..<states).reversed())
            state = Array(repeating: -1, count: items)
            begun = Array(repeating: false, count: items)
        }
    }

    /// One state of a run, lent to one item at a time (taken from and given back to
    /// `Shared.free` under its lock). Safe to send (hence `@unchecked`): whoever holds the
    /// index uses `value`, and nobody else does until it is given back.
    final class StateBox<State>: @unchecked Sendable {
        var value: State
        init(_ value: State) { self.value = value }
    }

    /// `work`, handed to the pool. Safe to send (hence `@unchecked`): it is called from
    /// several threads at once, each call with a state of its own, and the callers' `work`
    /// closures only read what they capture (values nothing changes while the run lasts).
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
        let shared = Shared<R>(states: states.count, items: count)
        let window = threads + 1
        let work = Work(work)

        /// Queues on the pool every item that may start now: a state is free and the item is
        /// inside the window. Holding `condition`.
        func queueReady() {
            while let s = shared.free.last, shared.next < count, shared.next < shared.consumed + window {
                shared.free.removeLast()
                let (k, box) = (shared.next, states[s])
                shared.state[k] = s
                shared.next += 1
                // The pool is never shut down: every work item runs, unless the calling thread
                // took its item (or the run ended) first.
                pool.submit { _ in
                    shared.condition.lock()
                    if shared.begun[k] {
                        shared.condition.unlock()
                        return
                    }
                    shared.begun[k] = true
                    shared.running += 1
                    shared.condition.unlock()
                    let result = work.body(&box.value, k)
                    shared.condition.lock()
                    shared.results[k] = result
                    shared.free.append(s)
                    shared.running -= 1
                    shared.condition.broadcast()
                    shared.condition.unlock()
                }
            }
        }

        defer {
            // Stop queueing, take the items still waiting in the pool's queue (their work items
            // will find them taken), and wait for those running: no item may use a state after
            // it is finished, nor run after `run` returned.
            shared.condition.lock()
            shared.next = count
            for k in shared.begun.indices { shared.begun[k] = true }
            while shared.running > 0 { shared.condition.wait() }
            shared.condition.unlock()
            for box in states { finish(&box.value) }
        }
        for k in 0..<count {
            shared.condition.lock()
            queueReady()
            while shared.results[k] == nil {
                if !shared.begun[k], shared.state[k] >= 0 {
                    // Still in the pool's queue: run it here (its work item will skip it).
                    shared.begun[k] = true
                    let s = shared.state[k]
                    shared.condition.unlock()
                    let result = work.body(&states[s].value, k)
                    shared.condition.lock()
                    shared.results[k] = result
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
