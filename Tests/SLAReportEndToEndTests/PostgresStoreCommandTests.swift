import Foundation
import KaptureTestSupport
import SampleData
import Synchronization
import Testing
import TicketModel
import TicketStore

/// What needs no PostgreSQL server: it runs wherever the tests run.
@Suite struct PostgresURLCommandTests {
    /// A password in `--store` appears in no output, and an unreachable server is one
    /// sentence and exit 65.
    @Test func theURLsPasswordIsNeverShown() async throws {
        let result = try await slareport([
            "report", "--store", "postgres://app:hunter2-secret@127.0.0.1:1/helpdesk?sslmode=disable", "--period",
            "last-week",
        ])
        #expect(result.status == 65)
        #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
        #expect(
            result.stderr.hasPrefix("slareport: error: store postgres://app:***@127.0.0.1:1/helpdesk"),
            "\(result.stderr)")
    }
}

/// The commands on a PostgreSQL store (SLAREPORT_TEST_POSTGRES_URL; `.ci/run` starts a
/// server, and with the variable set an unreachable server fails these tests).
@Suite(.enabled(if: TestPostgres.isConfigured))
struct PostgresStoreCommandTests {
    /// A two-week pull with faults into PostgreSQL stores exactly the served tickets, and
    /// `report --store postgres://…` writes the summary.json that `report --store FILE`
    /// writes over the same pulled data, byte for byte; `raw` gives the same bytes.
    @Test func pullIntoPostgresReportsAsTheFileStoreDoes() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try TestPostgres.newDatabase()
        let config = FakeKaptureConfiguration(
            token: "pg-e2e-token", generator: SampleGenerator(seed: 21, perDay: 60),
            faults: FaultPlan(rate: 0.2, kinds: [.serverError, .tooManyRequests, .failedStatus], seed: 4))
        try await withFakeKapture(config) { server in
            let toml = dir.appendingPathComponent("slareport.toml")
            try Data("[kapture]\nretry_base_delay_seconds = 0.01\nretry_max_delay_seconds = 0.05\n".utf8).write(
                to: toml)
            let file = dir.appendingPathComponent("s.sqlite").path
            // PostgreSQL named by [store] url (no --store), the file by --store.
            let pgToml = dir.appendingPathComponent("pg.toml")
            try Data(
                "[store]\nurl = \"\(url)\"\n[kapture]\nretry_base_delay_seconds = 0.01\nretry_max_delay_seconds = 0.05\n"
                    .utf8
            ).write(to: pgToml)
            for arguments in [["--config", pgToml.path], ["--store", file, "--config", toml.path]] {
                let pull = try await slareport(
                    [
                        "pull", "--base-url", server.baseURL, "--from", "2024-04-01", "--to", "2024-04-14",
                        "--page-size", "10",
                    ] + arguments, environment: ["KAPTURE_TOKEN": "pg-e2e-token"])
                #expect(pull.status == 0, "\(pull.stderr)")
            }
            let expected = server.expectedTicketIds(days: days("2024-04-01", count: 14))
            #expect(try TicketStores.open(url, readOnly: true).allTicketIds() == expected)
            #expect(try TicketStores.open(url, readOnly: true).ticketCount() == expected.count)

            let summaries = try await summaryJSON(
                of: [url, file], "2024-04-08", "2024-04-14", asOf: "2024-04-15T09:00:00+05:30", in: dir)
            #expect(summaries.count == 2 && summaries[0] == summaries[1])
            let id = expected.sorted()[7]
            let fromPostgres = try await slareport(["raw", "--store", url, id])
            let fromFile = try await slareport(["raw", "--store", file, id])
            #expect(fromPostgres.status == 0 && fromPostgres.stdout == fromFile.stdout)
        }
    }

    /// Two pulls over overlapping ranges into one database at once: both exit 0, the store
    /// holds exactly the served tickets, and every day was asked for by one of them only
    /// (the other waited for the day's lock and found it pulled). The fake server holds the
    /// first pull's first days (its own, all three of its slots) until the second pull (its
    /// own token) has called, so the two really run at once, and the first cannot take a
    /// shared day's lock before the second is inside.
    @Test func concurrentPullsShareTheDays() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try TestPostgres.newDatabase()
        var config = FakeKaptureConfiguration(
            token: "pg-pair-token-a", generator: SampleGenerator(seed: 22, perDay: 40), latency: .milliseconds(30))
        config.otherTokens = ["pg-pair-token-b"]
        config.holdDays = Set(days("2024-04-01", count: 3))
        config.holdUntilTokens = ["pg-pair-token-b"]
        try await withFakeKapture(config) { server in
            async let a = pull(server, token: "pg-pair-token-a", into: url, "2024-04-01", "2024-04-10", concurrency: 3)
            async let b = pull(server, token: "pg-pair-token-b", into: url, "2024-04-05", "2024-04-14", concurrency: 3)
            let (ra, rb) = try await (a, b)
            #expect(ra.status == 0, "\(ra.stderr)")
            #expect(rb.status == 0, "\(rb.stderr)")
            // Both pulls called while the other was running: each token's calls began
            // before the other's ended.
            let requests = await server.requests()
            let calls = ["a", "b"].map { name in requests.filter { $0.authorization == "Basic pg-pair-token-\(name)" } }
            #expect(calls.allSatisfy { !$0.isEmpty })
            if let firstA = calls[0].map(\.receivedAt).min(), let lastB = calls[1].map(\.receivedAt).max(),
                let firstB = calls[1].map(\.receivedAt).min(), let lastA = calls[0].map(\.receivedAt).max()
            {
                #expect(firstA < lastB && firstB < lastA)
            }
            try expectExactlyServed(by: server, days: 14, in: url)
            let firstPages = await server.requests().filter { $0.offset == 0 && $0.fault == nil }
            var perDay: [String: Int] = [:]
            for r in firstPages { perDay[r.startDate ?? "", default: 0] += 1 }
            #expect(perDay.count == 14)
            #expect(perDay.values.allSatisfy { $0 == 1 }, "\(perDay.sorted { $0.key < $1.key })")
        }
    }

    /// `store copy` SQLite → PostgreSQL → SQLite: every ticket's raw JSON identical, the
    /// ledger identical, the same summary; run again, the same store (idempotent).
    @Test func storeCopyRoundTrips() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let examples = SLAReportBinary.packageRoot.appendingPathComponent("Examples/responses").path
        let original = dir.appendingPathComponent("a.sqlite").path
        let back = dir.appendingPathComponent("b.sqlite").path
        let url = try TestPostgres.newDatabase()
        #expect(try await slareport(["import", "--input", examples, "--store", original]).status == 0)
        let there = try await slareport(["store", "copy", "--from", original, "--to", url])
        #expect(there.status == 0, "\(there.stderr)")
        #expect(there.stdout.hasPrefix("Copied 4038 tickets"), "\(there.stdout)")
        // Run again: every day is already there, byte for byte, and nothing is copied.
        let again = try await slareport(["store", "copy", "--from", original, "--to", url])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("Copied 0 tickets"), "\(again.stdout)")
        #expect(again.stdout.contains("(14 days the target already held, byte for byte, skipped)"), "\(again.stdout)")
        // An interrupted copy (one day's tickets missing, one ticket of another day): a new
        // run copies those two days only.
        let firstDay = try TestPostgres.query("SELECT min(created_at)::text FROM tickets", on: url)
        let missing = try TestPostgres.query(
            "SELECT count(*)::text FROM tickets WHERE created_at < \(firstDay) + 86400", on: url)
        let other = try TestPostgres.query(
            "SELECT count(*)::text FROM tickets WHERE created_at >= \(firstDay) + 86400 AND created_at < \(firstDay) + 172800",
            on: url)
        try TestPostgres.execute("DELETE FROM tickets WHERE created_at < \(firstDay) + 86400", on: url)
        try TestPostgres.execute(
            """
            DELETE FROM tickets WHERE ticket_id = (SELECT min(ticket_id) FROM tickets \
            WHERE created_at >= \(firstDay) + 86400 AND created_at < \(firstDay) + 172800)
            """, on: url)
        let resumed = try await slareport(["store", "copy", "--from", original, "--to", url])
        let expected = (Int(missing) ?? 0) + (Int(other) ?? 0)
        #expect(
            resumed.stdout.hasPrefix("Copied \(expected) tickets")
                && resumed.stdout.contains("(12 days the target"), "\(resumed.stdout), expected \(expected)")
        #expect(try await slareport(["store", "copy", "--from", url, "--to", back]).status == 0)
        let a = try TicketStores.open(original, readOnly: true)
        for other in [try TicketStores.open(url, readOnly: true), try TicketStores.open(back, readOnly: true)] {
            #expect(try other.allTicketIds() == (try a.allTicketIds()))
            var mismatched = 0
            try a.forEachRawJSON(createdFrom: .distantPast, before: .distantFuture) { id, json in
                if (try other.rawJSON(ticketId: id)) != json { mismatched += 1 }
            }
            #expect(mismatched == 0)
            let days = (LocalDate("2000-01-01")!, LocalDate("2100-01-01")!)
            #expect(try other.ledger(from: days.0, to: days.1) == (try a.ledger(from: days.0, to: days.1)))
        }
        let summaries = try await summaryJSON(
            of: [original, url, back], "2024-04-15", "2024-04-21", asOf: "2024-04-22T09:00:00+05:30", in: dir)
        #expect(summaries.count == 3 && Set(summaries).count == 1)
    }

    /// `import` into an empty PostgreSQL store builds the period index once at the end (and
    /// the report equals the SQLite import's, byte for byte); into a store with tickets it
    /// keeps the index; a store whose index is missing (an import that died) gets it back
    /// on the next open.
    @Test func importIntoPostgresBuildsThePeriodIndex() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let examples = SLAReportBinary.packageRoot.appendingPathComponent("Examples/responses").path
        let file = dir.appendingPathComponent("a.sqlite").path
        let url = try TestPostgres.newDatabase()
        let indexes = "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'tickets'"
        for store in [file, url, url] {
            let r = try await slareport(["import", "--input", examples, "--store", store])
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try TestPostgres.query(indexes, on: url) == "tickets_period,tickets_pkey")
        let summaries = try await summaryJSON(
            of: [file, url], "2024-04-15", "2024-04-21", asOf: "2024-04-22T09:00:00+05:30", in: dir)
        #expect(summaries.count == 2 && summaries[0] == summaries[1])
        try TestPostgres.execute("DROP INDEX tickets_period", on: url)
        _ = try TicketStores.open(url)
        #expect(try TestPostgres.query(indexes, on: url) == "tickets_period,tickets_pkey")
    }

    /// An import into an empty PostgreSQL store is all or nothing, as a new SQLite store's
    /// is: a broken file after a good one leaves no ticket, no ledger row, no dictionary and
    /// the period index in place. A good import keeps the raw JSON compressed (a quarter of
    /// its size at most) and `raw` prints each ticket as the file has it. Two imports at
    /// once into an empty store: one loads it, the other waits for it and then upserts; the
    /// store holds each ticket once.
    @Test func anImportIntoAnEmptyStoreIsAllOrNothing() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let examples = SLAReportBinary.packageRoot.appendingPathComponent("Examples/responses")
        let bad = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: examples.appendingPathComponent("tickets-2024-04-15.json"), to: bad.appendingPathComponent("a.json"))
        try Data("{\"message\": [{\"ticketId\": 1,".utf8).write(to: bad.appendingPathComponent("b.json"))
        let url = try TestPostgres.newDatabase()
        let failed = try await slareport(["import", "--input", bad.path, "--store", url])
        #expect(failed.status != 0 && failed.stderr.contains("b.json"), "\(failed.stderr)")
        let state = """
            SELECT (SELECT count(*) FROM tickets) || ',' || (SELECT count(*) FROM pull_ledger) || ',' ||
                (SELECT count(*) FROM raw_dictionaries) || ',' || (SELECT count(*) FROM pg_indexes WHERE indexname = 'tickets_period')
            """
        #expect(try TestPostgres.query(state, on: url) == "0,0,0,1")

        let file = dir.appendingPathComponent("s.sqlite").path
        let imports = [file, url, url].map { store in
            Task { try await slareport(["import", "--input", examples.path, "--store", store]) }
        }
        for task in imports {
            let r = try await task.value
            #expect(r.status == 0, "\(r.stderr)")
        }
        let sqlite = try TicketStores.open(file, readOnly: true)
        let count = try sqlite.ticketCount()
        #expect(try TestPostgres.query("SELECT count(*)::text FROM tickets", on: url) == "\(count)")
        let sizes = try TestPostgres.query(
            "SELECT count(raw_dictionary_id) || ',' || sum(octet_length(raw)) FROM tickets", on: url
        ).split(separator: ",")
        #expect(sizes.first.map(String.init) == "\(count)")
        var rawBytes = 0
        var ids: [String] = []
        try sqlite.forEachRawJSON(createdFrom: .distantPast, before: .distantFuture) { id, json in
            rawBytes += json.utf8.count
            ids.append(id)
        }
        #expect(Int(sizes.last ?? "") ?? .max < rawBytes / 4, "\(sizes) for \(rawBytes) bytes of JSON")
        let texts = try FileManager.default.contentsOfDirectory(atPath: examples.path).map {
            try String(contentsOf: examples.appendingPathComponent($0), encoding: .utf8)
        }
        for id in stride(from: 0, to: ids.count, by: 97).map({ ids[$0] }) {
            let r = try await slareport(["raw", "--store", url, id])
            #expect(r.status == 0 && r.stdout.hasPrefix("{"), "\(r.stderr)")
            let raw = r.stdout.trimmingCharacters(in: .newlines)
            #expect(texts.contains { $0.contains(raw) }, "ticket \(id): the stored JSON is a file's own text")
        }
    }

    /// The database drops every connection of the pull every 20 ms while it runs (as a
    /// restarting server does, in flight or idle): the pull reconnects, goes on, exits 0, and
    /// the store holds exactly the served tickets. The drops are counted by the backends
    /// `pg_terminate_backend` really ended, and the test fails unless some were ended while
    /// the pull ran.
    @Test func aPullSurvivesLostConnections() async throws {
        let url = try TestPostgres.newDatabase()
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let config = FakeKaptureConfiguration(
            token: "pg-drop-token", generator: SampleGenerator(seed: 23, perDay: 30), latency: .milliseconds(20))
        try await withFakeKapture(config) { server in
            let finished = Mutex(false)
            let running = Task {
                defer { finished.withLock { $0 = true } }
                return try await pull(
                    server, token: "pg-drop-token", into: url, "2024-04-01", "2024-04-14", concurrency: 3)
            }
            // Drops every 20 ms while the pull runs, for at most 3 s from the first drop (a
            // count of drops would stretch past the pull's reconnect budget on a loaded
            // machine); waiting for the pull to connect has no time limit, only its end.
            // Only the pull connects to its new database (the test's own connections go to the
            // server's `postgres` database), so every backend ended here was the pull's.
            var ended = 0
            var firstDrop: ContinuousClock.Instant?
            while !finished.withLock({ $0 }) {
                if let firstDrop, ContinuousClock.now - firstDrop > .seconds(3) { break }
                try await Task.sleep(for: .milliseconds(20))
                let n = try TestPostgres.query(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::text FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()",
                    on: try TestPostgres.requiredURL())
                ended += Int(n) ?? 0
                if ended > 0 && firstDrop == nil { firstDrop = .now }
            }
            let result = try await running.value
            #expect(ended > 0, "no connection of the pull was ended")
            #expect(result.status == 0, "\(result.stderr)")
            try expectExactlyServed(by: server, days: 14, in: url)
        }
    }

    /// The database server dies (`pg_ctl stop -m immediate`, as a crash) in the middle of a
    /// pull and is started again: the pull's writes fail and are retried, it reconnects,
    /// resumes and ends with every served ticket once, never half-written. The middle is a
    /// gate, not a race with the clock: the fake holds the calls for the days after the third;
    /// the database dies; the gate opens; once the fourth day is fetched (its write can only
    /// fail), the database starts again (well inside the store's ~15 s of retries).
    @Test func aPullSurvivesTheDatabaseRestarting() async throws {
        let cluster = try await TestPostgresCluster.onThread { try TestPostgresCluster() }
        defer { cluster.stop() }
        let url = cluster.url
        var config = FakeKaptureConfiguration(
            token: "pg-restart-token", generator: SampleGenerator(seed: 29, perDay: 40))
        config.holdDays = Set(days("2024-04-04", count: 18))
        config.holdUntilTokens = ["database-restarted"]
        try await withFakeKapture(config) { server in
            async let running = pull(
                server, token: "pg-restart-token", into: url, "2024-04-01", "2024-04-21", concurrency: 2)
            // Once the first three days are stored (the rest are held), the server dies and
            // comes back; then the held calls are let through. (The bound only keeps a broken
            // pull from hanging the suite.)
            var stored = 0
            for _ in 0..<6000 where stored < 3 {
                try await Task.sleep(for: .milliseconds(50))
                stored =
                    Int(
                        (try? TestPostgres.query(
                            "SELECT count(*)::text FROM pull_ledger WHERE state = 'complete'", on: url)) ?? "") ?? 0
            }
            try await TestPostgresCluster.onThread { try cluster.kill() }
            await server.release(token: "database-restarted")
            let fourth = days("2024-04-04", count: 1)
            let wanted = server.expectedTicketIds(days: fourth).count
            for _ in 0..<6000 {
                let served = await server.requests().filter { $0.startDate == fourth[0].description }
                    .map(\.ticketsServed).reduce(0, +)
                if served >= wanted { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await TestPostgresCluster.onThread { try cluster.start() }
            let result = try await running
            #expect(stored == 3, "the restart came in the middle: \(stored) days stored before it")
            #expect(result.status == 0, "\(result.stderr)")
            try expectExactlyServed(by: server, days: 21, in: url)
        }
    }

}

/// `slareport pull` of `from`…`to` from `server` into the store at `url`, in pages of 10.
/// `report --format json` over each of `stores` for `from`…`to` as of `asOf`: each run's
/// summary.json, its bytes (a failed run is an issue and leaves its summary out).
private func summaryJSON(
    of stores: [String], _ from: String, _ to: String, asOf: String, in dir: URL
) async throws -> [Data] {
    var summaries: [Data] = []
    for (n, store) in stores.enumerated() {
        let out = dir.appendingPathComponent("summary-\(n)").path
        let r = try await slareport([
            "report", "--store", store, "--from", from, "--to", to, "--as-of", asOf, "--format", "json", "--out", out,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        if let data = try? Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")) { summaries.append(data) }
    }
    return summaries
}

private func pull(
    _ server: FakeKaptureServer, token: String, into url: String, _ from: String, _ to: String, concurrency: Int
) async throws -> CommandResult {
    try await slareport(
        [
            "pull", "--base-url", server.baseURL, "--from", from, "--to", to, "--store", url, "--page-size", "10",
            "--concurrency", "\(concurrency)",
        ], environment: ["KAPTURE_TOKEN": token])
}

/// The store at `url` holds exactly the tickets `server` serves for `count` days from
/// 2024-04-01, each once, and every one of those days is complete in its ledger.
private func expectExactlyServed(by server: FakeKaptureServer, days count: Int, in url: String) throws {
    let pulled = days("2024-04-01", count: count)
    let expected = server.expectedTicketIds(days: pulled)
    let store = try TicketStores.open(url, readOnly: true)
    #expect(try store.allTicketIds() == expected)
    #expect(try store.ticketCount() == expected.count)
    let ledger = try store.ledger(from: pulled.first!, to: pulled.last!)
    #expect(ledger.count == count && ledger.allSatisfy { $0.state == .complete })
}
