import Foundation
import NIOCore
import NIOPosix
import ReportPipeline
import Synchronization
import Testing

@testable import ReportServer

/// The generation every cached answer is keyed on: read once for many requests, never
/// older than the request.
@Suite struct GenerationGateTests {
    /// A store stand-in whose first read can be held: a read reports that it started, waits
    /// while held until the test lets it go, and returns the value of the moment it began, as
    /// a query's snapshot does.
    final class HeldStore: Sendable {
        struct State {
            var value: Int64 = 1
            var reads = 0
            var held = true
        }
        let state = Mutex(State())
        let started = AsyncStream<Int>.makeStream()
        let release = DispatchSemaphore(value: 0)

        func read() -> Int64 {
            let (value, n, held) = state.withLock { s in
                s.reads += 1
                return (s.value, s.reads, s.held)
            }
            started.continuation.yield(n)
            if held { release.wait() }
            return value
        }
    }

    /// A request that arrives while a read is out waits for the next read: a write committed
    /// before it arrived is seen (taking the running read's answer would give the old value).
    /// Meanwhile every request that queued behind the running read shares one read.
    @Test func aRequestNeverTakesAReadBegunBeforeIt() async throws {
        let store = HeldStore()
        let gate = GenerationGate { store.read() }
        var started = store.started.stream.makeAsyncIterator()

        async let first = gate.current()
        #expect(await started.next() == 1)  // the first read is out, snapshot 1
        store.state.withLock { $0.value = 2 }  // a write commits
        let later = (0..<20).map { _ in Task { try await gate.current() } }
        while gate.waitingCount < later.count { await Task.yield() }
        store.state.withLock { $0.held = false }
        store.release.signal()

        #expect(try await first == 1)
        for request in later { #expect(try await request.value == 2) }
        #expect(store.state.withLock { $0.reads } == 2)
    }

    /// A cached summary (here a 304) is answered while every thread of the pool for blocking
    /// work is held, as cold summaries being computed hold them: the generation it is keyed on
    /// is read on the gate's own thread. (On that pool, the request waited for them all.)
    @Test func aCachedAnswerDoesNotWaitForThePoolForBlockingWork() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let route = "/v1/summary?" + Harness.demoQuery
            let tag = try #require(try await s.get(route).header("ETag"))
            let (answer, whileHeld) = try await Self.whileThePoolIsHeld {
                try await s.get(route, headers: [("If-None-Match", tag)])
            }
            #expect(answer.status == 304)
            #expect(whileHeld, "the cached answer came only after the pool's threads were let go")
        }
    }

    /// The readiness probe (the store's generation and ticket count, and on its first call the
    /// whole store checked) and `/metrics` are answered while every thread of the pool for
    /// blocking work is held: a probe with a timeout does not fail while cold summaries compute.
    @Test func probesDoNotWaitForThePoolForBlockingWork() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let (ready, readyWhileHeld) = try await Self.whileThePoolIsHeld { try await s.get("/readyz") }
            #expect(ready.status == 200, "\(ready.text)")
            #expect(readyWhileHeld, "/readyz came only after the pool's threads were let go")
            let (metrics, metricsWhileHeld) = try await Self.whileThePoolIsHeld { try await s.get("/metrics") }
            #expect(metrics.text.contains("slareport_tickets_stored"))
            #expect(metricsWhileHeld, "/metrics came only after the pool's threads were let go")
        }
    }

    /// Runs `body` while every thread of NIO's pool for blocking work is held (work items that
    /// wait on a semaphore, each seen started), then lets them go; returns what `body` gave and
    /// whether it gave it while they were held. A backstop lets them go if `body` waits for
    /// them, so that the test fails instead of hanging.
    static func whileThePoolIsHeld<T>(_ body: () async throws -> T) async throws -> (T, Bool) {
        let threads = NIOSingletons.blockingPoolThreadCountSuggestion
        let held = AsyncStream<Void>.makeStream()
        let release = DispatchSemaphore(value: 0)
        let released = Atomic<Bool>(false)
        let releaseAll: @Sendable () -> Bool = {
            guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return false }
            for _ in 0..<threads { release.signal() }
            return true
        }
        let backstop = Task {
            do { try await Task.sleep(for: .seconds(300)) } catch { return }
            _ = releaseAll()
        }
        defer { backstop.cancel() }
        for _ in 0..<threads {
            NIOThreadPool.singleton.submit { _ in
                held.continuation.yield()
                release.wait()
            }
        }
        var started = held.stream.makeAsyncIterator()
        for _ in 0..<threads { await started.next() }
        let result: T
        do { result = try await body() } catch {
            _ = releaseAll()
            throw error
        }
        return (result, releaseAll())
    }

    /// A failing read fails exactly the requests it answers; the next request reads again.
    @Test func aFailedReadIsNotKept() async throws {
        struct Broken: Error {}
        let fail = Mutex(true)
        let gate = GenerationGate {
            if fail.withLock({ $0 }) { throw Broken() }
            return 7
        }
        await #expect(throws: Broken.self) { try await gate.current() }
        fail.withLock { $0 = false }
        #expect(try await gate.current() == 7)
    }
}
