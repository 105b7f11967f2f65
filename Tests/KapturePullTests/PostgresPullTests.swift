import AsyncHTTPClient
import Foundation
import KapturePull
import KaptureTestSupport
import SampleData
import Testing
import TicketModel
import TicketStore

/// The month-long faulty pull of `PullTests`, into PostgreSQL (SLAREPORT_TEST_POSTGRES_URL).
@Suite(.enabled(if: TestPostgres.isConfigured)) struct PostgresPullTests {
    @Test func monthWithFaultsIntoPostgresStoresExactlyTheServedTickets() async throws {
        let month = days("2024-04-01", count: 30)
        try await withFakeKapture(PullTests.faultyMonth(token: "pg-month-token")) { server in
            let store = try TicketStores.open(try TestPostgres.newDatabase())
            let puller = makePuller(
                server: server, token: "pg-month-token", store: store, timeout: 5, http: HTTPClient.shared)
            let outcome = try await puller.run(
                PullPlan(days: month, today: LocalDate("2026-01-01")!, refreshDays: 7, concurrency: 4))
            #expect(outcome.failed.isEmpty, "\(outcome.failed)")
            #expect(outcome.pulled.count == 30)
            let expected = server.expectedTicketIds(days: month)
            #expect(expected.count > 1000)
            #expect(try store.allTicketIds() == expected)  // none lost, none extra
            #expect(try store.ticketCount() == expected.count)  // none doubled
            let ledger = try store.ledger(from: month.first!, to: month.last!)
            #expect(ledger.count == 30 && ledger.allSatisfy { $0.state == .complete })
            // Pulled again (the refresh window covers the month): still exactly the same.
            let again = try await puller.run(
                PullPlan(days: month, today: LocalDate("2024-04-30")!, refreshDays: 30, concurrency: 4))
            #expect(again.failed.isEmpty && again.pulled.count == 30)
            #expect(try store.ticketCount() == expected.count)
        }
    }
}
