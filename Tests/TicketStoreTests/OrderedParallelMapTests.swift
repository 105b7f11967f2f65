import Foundation
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

    /// A run started while another's items hold every thread of the pool (and the other's
    /// calling thread) is not held until the other has ended: the first run's items are let
    /// go one at a time, and the second ends long before the first has.
    @Test func aRunStartedDuringAnotherIsNotHeldBehindAllOfIt() {
        let p = OrderedParallelMap.poolThreads + 1
        let long = 40 * p
        let gate = DispatchSemaphore(value: 0)
        let events = NSCondition()
        nonisolated(unsafe) var (started, ended, secondStarted, secondDone) = (0, 0, false, false)
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
                    events.lock()
                    ended += 1
                    events.broadcast()
                    events.unlock()
                    return k
                }, consume: { _, _ in })
            firstDone.signal()
        }.start()
        // The first run holds as many threads as the pool has (all of the pool's, or all but
        // one and its calling thread).
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
        var released = 0
        events.lock()
        while !secondStarted { events.wait() }
        while !secondDone && released < long {
            events.unlock()
            gate.signal()
            released += 1
            events.lock()
            while !secondDone && ended < released { events.wait() }
        }
        let done = secondDone
        events.unlock()
        #expect(done)
        // About one item per thread of the first run for each of the second's four rounds
        // (the second may start queueing a little after it says it starts).
        #expect(released <= 8 * p, "the second run ended after \(released) of the first's \(long) items")
        for _ in released..<long { gate.signal() }
        firstDone.wait()
    }
}
