import Foundation
import KaptureTestSupport
import Synchronization
import Testing
import TicketStore

/// A day's lock (`TicketStoring.lock`) is waited for on the server, not by asking again.
@Suite(.enabled(if: StoreKind.available.contains(.postgres))) struct StoreLockTests {
    /// While one store holds the lock, a second `lock` waits as a queued, ungranted advisory
    /// lock in `pg_locks` (a waiter that tries again never shows there), gets the lock once the
    /// holder unlocks, and a waiter whose task is cancelled leaves nothing queued or held.
    @Test func aLockIsWaitedForOnTheServerAndACancelledWaitLeavesNothing() async throws {
        let location = try TestPostgres.newDatabase()
        let first = try PostgresTicketStore(url: location)
        let second = try PostgresTicketStore(url: location)
        let database = "database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        let waiting = "SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND \(database)"
        let held = "SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory' AND granted AND \(database)"
        @Sendable func count(_ sql: String) async throws -> String {
            try await Blocking.run { try TestPostgres.query(sql, on: location) }
        }
        /// Waits for the server to show `n` such locks (the event each step waits for).
        func until(_ sql: String, is n: String) async throws {
            for _ in 0..<3000 {
                if try await count(sql) == n { return }
                try await Task.sleep(for: .milliseconds(10))
            }
            Issue.record("\(sql) never counted \(n) (now \(try await count(sql)))")
        }

        let a = try await first.lock("day:2024-04-01")
        #expect(try await count(held) == "1")
        let granted = Mutex(false)
        let b = Task {
            let lock = try await second.lock("day:2024-04-01")
            granted.withLock { $0 = true }
            return lock
        }
        try await until(waiting, is: "1")
        #expect(!granted.withLock { $0 })
        #expect(try await Blocking.run { try second.tryLock("day:2024-04-01") } == nil)
        // Another name is not held by anyone.
        let other = try await second.lock("day:2024-04-02")
        await other.unlock()

        await a.unlock()
        #expect(!a.isHeld)
        let bLock = try await b.value
        #expect(bLock.isHeld)
        #expect(try await count(waiting) == "0")

        let c = Task { try await first.lock("day:2024-04-01") }
        try await until(waiting, is: "1")
        c.cancel()
        await #expect(throws: CancellationError.self) { try await c.value }
        // The server stopped waiting for it: only b's lock is left.
        try await until(waiting, is: "0")
        #expect(try await count(held) == "1")

        await bLock.unlock()
        #expect(try await count(held) == "0")
        let again = try await Blocking.run { try first.tryLock("day:2024-04-01") }
        #expect(again?.isHeld == true)
        await again?.unlock()
    }
}
