import ExampleData
import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportServer
import Testing
import TicketModel
import TicketStore

/// Two servers on one PostgreSQL database: both answer, exactly one leads (runs the
/// scheduled pulls and emails), the lead passes on when its holder goes, and each sees the
/// other's new data (the generation is in the database).
@Suite(.enabled(if: TestPostgres.isConfigured)) struct ServePairTests {
    @Test func oneLeaderAndSharedData() async throws {
        let url = try TestPostgres.newDatabase()
        _ = try ImportJob.run(
            inputs: [ExampleData.responsesURL!.path], storePath: url, accountTimeZone: Harness.kolkata)
        try await Harness.withServer(storePath: url, configuration: Configuration(), readOnly: false) { a in
            try await Harness.withServer(storePath: url, configuration: Configuration(), readOnly: false) { b in
                // Asking a server whether it leads does not make it lead: b is asked first
                // (it runs no schedules here), and a still takes the lead.
                #expect((try await b.get("/readyz").json()["leader"] as? Bool) == false)
                #expect(a.server.leadership.isLeader())
                let leaders = [a.server.leadership.isLeader(), b.server.leadership.isLeader()]
                #expect(leaders == [true, false])
                #expect(leaders.filter { $0 }.count == 1, "\(leaders)")
                #expect(a.server.leadership.isLeader() == leaders[0])  // it stays with its holder
                let first = try await a.get("/v1/summary?" + Harness.demoQuery)
                #expect(first.status == 200)
                #expect(try await b.get("/v1/summary?" + Harness.demoQuery).body == first.body)
                #expect((try await a.get("/readyz").json()["leader"] as? Bool) == leaders[0])

                // The holder goes: the other takes the lead.
                let (holder, other) = leaders[0] ? (a, b) : (b, a)
                holder.server.leadership.resign()
                #expect(other.server.leadership.isLeader())
                #expect(!holder.server.leadership.isLeader())

                // A write through one server's store is seen by the other's cache.
                let before = try await other.metric("slareport_summary_computations_total")
                try holder.server.store.markImported(
                    days: [LocalDate("2024-04-15")!: ImportedDay(tickets: 0)], at: Date())
                _ = try await other.get("/v1/summary?" + Harness.demoQuery)
                #expect(try await other.metric("slareport_summary_computations_total") == before + 1)
            }
        }
    }
}
