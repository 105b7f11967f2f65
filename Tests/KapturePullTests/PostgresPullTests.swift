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
            let (puller, _) = try await PullTests.pullFaultyMonth(from: server, token: "pg-month-token", into: store)
            let expected = server.expectedTicketIds(days: month)
            // Pulled again (the refresh window covers the month): still exactly the same.
            let again = try await puller.run(
                PullPlan(days: month, today: LocalDate("2024-04-30")!, refreshDays: 30, concurrency: 4))
            #expect(again.failed.isEmpty && again.pulled.count == 30)
            #expect(try store.ticketCount() == expected.count)
        }
    }
}
