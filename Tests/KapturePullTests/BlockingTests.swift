import AsyncHTTPClient
import Foundation
import KapturePull
import KaptureTestSupport
import SampleData
import Synchronization
import Testing
import TicketModel
import TicketStore

/// A pull's store calls (which block: SQLite's, PostgreSQL's queries) run on NIO's pool for
/// blocking work, never on the cooperative pool its tasks run on.
@Suite struct BlockingTests {
    @Test func aPullsStoreCallsRunOnThePoolForBlockingWork() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = FakeKaptureConfiguration(token: "t", generator: SampleGenerator(seed: 2, perDay: 15))
        try await withFakeKapture(config) { server in
            let store = ThreadNotingStore(try SQLiteTicketStore(path: dir.appendingPathComponent("s.sqlite").path))
            let puller = makePuller(server: server, token: "t", store: store, http: HTTPClient.shared)
            let outcome = try await puller.run(
                PullPlan(
                    days: days("2024-04-01", count: 3), today: LocalDate("2026-01-01")!, refreshDays: 7, concurrency: 2)
            )
            #expect(outcome.pulled.count == 3)
            let calls = store.threads
            #expect(Set(calls.keys).isSuperset(of: ["ledger(from:to:)", "saveDay(_:tickets:)"]))
            for (call, threads) in calls {
                #expect(threads.allSatisfy { $0.hasPrefix("SGLTN-TP-#") }, "\(call) ran on \(threads.sorted())")
            }
        }
    }
}
