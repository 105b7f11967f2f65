import Foundation
import NIOPosix
import Synchronization
import Testing

@testable import TicketStore

/// `OrderedParallelMap`: results in item order, on the process's one pool for CPU-bound
/// work, shared item by item between runs.
@Suite struct OrderedParallelMapTests {
    /// The thread an item runs on, by its name (NIO names its pools' threads; the process's
    /// pool for blocking calls is `SGLTN-TP-#n`, a pool it starts itself `TP-#n`).
    static func threadName() -> String {
        ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every item's result reaches `consume` once, in item order, whatever the number of
    /// states; every state made is finished once, after its last item; the items run on
    /// the pool's threads and the calling thread, never on threads made for the run.
    @Test(arguments: [1, 2, 3, 5]) func resultsComeInOrderFromThePoolsThreads(_ threads: Int) {
        let caller = Self.threadName()
        let names = Mutex<Set<String>>([])
        let finished = Mutex<[Int]>([])
        var consumed: [Int] = []
        OrderedParallelMap.run(
            count: 300, threads: threads, makeState: { (index: $0, items: 0) },
            finish: { state in finished.withLock { $0.append(state.index) } },
            work: { state, k -> Int in
                state.items += 1
                if threads > 1 { names.withLock { _ = $0.insert(Self.threadName()) } }
                return k * k
            },
            consume: { k, r in
                #expect(r == k * k)
                consumed.append(k)
            })
        #expect(consumed == Array(0..<300))
        #expect(finished.withLock { $0.sorted() } == Array(0..<threads))
        if threads > 1 {
            let used = names.withLock { $0 }
            #expect(used.allSatisfy { $0.hasPrefix("TP-#") || $0 == caller }, "\(used.sorted()) (caller \(caller))")
            #expect(used.subtracting([caller]).count <= OrderedParallelMap.poolThreads)
        }
    }

    /// A run started while another's items hold every thread of the pool is not held behind
    /// them: the item it needs next still waits in the pool's queue, so its calling thread
    /// runs it, and so on to the end, before any of the first run's items is let go.
    @Test func aRunStartedDuringAnotherIsNotHeldBehindAllOfIt() {
        let p = OrderedParallelMap.poolThreads + 1
        let long = 40 * p
        let gate = DispatchSemaphore(value: 0)
        let events = NSCondition()
        nonisolated(unsafe) var (started, secondStarted, secondDone) = (0, false, false)
        let firstDone = DispatchSemaphore(value: 0)
        Thread {
            OrderedParallelMap.run(
                count: long, threads: p, makeState: { _ in () }, finish: { _ in },
                work: { _, k -> Int in
                    events.lock()
                    started += 1
                    events.broadcast()
                    events.unlock()
                    gate.wait()
                    return k
                }, consume: { _, _ in })
            firstDone.signal()
        }.start()
        // The first run holds every thread of the pool, one more item queued behind them.
        events.lock()
        while started < p - 1 { events.wait() }
        events.unlock()
        Thread {
            var sum = 0
            events.lock()
            secondStarted = true
            events.broadcast()
            events.unlock()
            OrderedParallelMap.run(
                count: 4 * p, threads: p, makeState: { _ in () }, finish: { _ in }, work: { _, k in k },
                consume: { _, k in sum += k })
            events.lock()
            secondDone = sum == (0..<4 * p).reduce(0, +)
            events.broadcast()
            events.unlock()
        }.start()
        // None of the first run's items is let go until the second has ended (or a minute
        // has passed, when it is held behind them: then the test fails, and ends).
        events.lock()
        while !secondStarted { events.wait() }
        let deadline = Date().addingTimeInterval(60)
        while !secondDone && events.wait(until: deadline) {}
        let done = secondDone
        events.unlock()
        #expect(done, "the second run was held behind the first's items")
        for _ in 0..<long { gate.signal() }
        firstDone.wait()
    }

    struct Stop: Error {}

    /// When `consume` throws, the error comes out of `run`, no item runs after it returns (the
    /// ones still in the pool's queue are skipped), and every state is finished once.
    @Test func anErrorStopsTheRunAndNothingRunsAfterIt() {
        // Every thread of the pool held meanwhile, so that the run's items wait in its queue
        // (the calling thread runs the ones it needs).
        let threads = OrderedParallelMap.poolThreads
        let hold = DispatchSemaphore(value: 0)
        let holding = NSCondition()
        nonisolated(unsafe) var held = 0
        for _ in 0..<threads {
            OrderedParallelMap.pool.submit { _ in
                holding.lock()
                held += 1
                holding.broadcast()
                holding.unlock()
                hold.wait()
            }
        }
        holding.lock()
        while held < threads { holding.wait() }
        holding.unlock()
        let returned = Mutex(false)
        let late = Mutex(0)
        let finished = Mutex(0)
        // On a thread of its own, so that a run held behind the pool fails the test, not hangs it.
        let outcome = Mutex<Result<Void, Stop>?>(nil)
        let ended = DispatchSemaphore(value: 0)
        Thread {
            let result = Result { () throws(Stop) in
                try OrderedParallelMap.run(
                    count: 500, threads: 3, makeState: { _ in () }, finish: { _ in finished.withLock { $0 += 1 } },
                    work: { _, k -> Int in
                        if returned.withLock({ $0 }) { late.withLock { $0 += 1 } }
                        return k
                    },
                    consume: { (k, _) throws(Stop) in if k == 5 { throw Stop() } })
            }
            outcome.withLock { $0 = result }
            returned.withLock { $0 = true }
            ended.signal()
        }.start()
        let endedInTime = ended.wait(timeout: .now() + 60) == .success
        #expect(endedInTime, "the run was held behind the pool's other work")
        for _ in 0..<threads { hold.signal() }
        if !endedInTime { ended.wait() }
        let threw = outcome.withLock { result -> Bool in
            if case .failure = result { return true }
            return false
        }
        #expect(threw, "run did not throw consume's error")
        // Whatever the run left in the pool's queue has run once every thread of the pool is
        // in a work item queued after it (first come, first served): a barrier of one each.
        let barrier = NSCondition()
        nonisolated(unsafe) var arrived = 0
        let passed = DispatchGroup()
        for _ in 0..<threads {
            passed.enter()
            OrderedParallelMap.pool.submit { _ in
                barrier.lock()
                arrived += 1
                barrier.broadcast()
                while arrived < threads { barrier.wait() }
                barrier.unlock()
                passed.leave()
            }
        }
        passed.wait()
        #expect(late.withLock { $0 } == 0)
        #expect(finished.withLock { $0 } == 3)
    }
}
