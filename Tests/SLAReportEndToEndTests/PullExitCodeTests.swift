import Foundation
import KaptureTestSupport
import SampleData
import Testing
import TicketModel
import TicketStore

/// `slareport pull` as cron runs it: exit 0 only when every day of the range is complete,
/// one line naming each day that is not, and the flags that shape the calls.
@Suite(.serialized) struct PullExitCodeTests {
    static let token = "Pull-T0ken-Xy7"

    func pull(
        _ server: FakeKaptureServer, _ dir: URL, _ extra: [String], from: String = "2024-05-06",
        to: String = "2024-05-10"
    )
        async throws -> CommandResult
    {
        let toml = dir.appendingPathComponent("fast.toml")
        try Data("[kapture]\nretry_base_delay_seconds = 0.01\nretry_max_delay_seconds = 0.05\n".utf8).write(to: toml)
        return try await slareport(
            [
                "pull", "--base-url", server.baseURL, "--from", from, "--to", to, "--store",
                dir.appendingPathComponent("s.sqlite").path, "--config", toml.path, "--quiet",
            ] + extra, environment: ["KAPTURE_TOKEN": Self.token])
    }

    /// The reported case end to end: 50 tickets a page at most, the default page size of
    /// 100, five days. Every ticket is stored and the command exits 0.
    @Test func aCappedServerGivesEveryTicketAndExitZero() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = FakeKaptureConfiguration(
            token: Self.token, generator: SampleGenerator(seed: 4, perDay: 150), pageCap: 50, totalCount: .null)
        try await withFakeKapture(config) { server in
            let r = try await pull(server, dir, [])
            #expect(r.status == 0, "\(r.stderr)")
            let expected = server.expectedTicketIds(days: days("2024-05-06", count: 5))
            #expect(expected.count > 700)
            #expect(try SQLiteTicketStore(path: dir.appendingPathComponent("s.sqlite").path).allTicketIds() == expected)
            #expect(r.stdout.contains("Pulled 5 days (\(expected.count) tickets"), "\(r.stdout)")
        }
    }

    /// Days partial and failed: exit 75, one line for each naming the day and why, the
    /// complete days stored.
    @Test func partialAndFailedDaysExitNonZeroNamingEachDay() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let failing = LocalDate("2024-05-08")!
        let config = FakeKaptureConfiguration(
            token: Self.token, generator: SampleGenerator(seed: 5, perDay: 30), totalCount: .higher(by: 2),
            permanentFaults: [failing: .serverError])
        try await withFakeKapture(config) { server in
            let r = try await pull(server, dir, ["--max-retries", "2"])
            #expect(r.status == 75, "\(r.stderr)")
            let lines = r.stderr.split(separator: "\n").map(String.init)
            for day in days("2024-05-06", count: 5) where day != failing {
                let served = SampleGenerator(seed: 5, perDay: 30).generatedTickets(for: day).count
                #expect(
                    lines.contains(
                        "slareport: \(day) partial: received \(served) of \(served + 2) tickets its totalCount declares, in 3 attempts"
                    ), "\(lines)")
            }
            #expect(lines.contains("slareport: 2024-05-08 failed: offset 0: HTTP 500 (after 2 retries)"), "\(lines)")
            #expect(
                lines.last
                    == "slareport: error: 5 of 5 days not complete (4 partial, 1 failed); run the same command again to pull them again"
            )
            #expect(r.stdout.contains("0 already complete, 4 partial, 1 failed"))
        }
        // The same server without the shortfall: complete days only, exit 0.
        let fine = FakeKaptureConfiguration(token: Self.token, generator: SampleGenerator(seed: 5, perDay: 30))
        try await withFakeKapture(fine) { server in
            let r = try await pull(server, dir, [])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(
                try SQLiteTicketStore(path: dir.appendingPathComponent("s.sqlite").path, readOnly: true).ledger(
                    from: LocalDate("2024-05-06")!, to: LocalDate("2024-05-10")!
                ).allSatisfy { $0.state == .complete })
        }
    }

    /// Partial days alone (nothing failed) are enough to exit 75: a store short of tickets
    /// must never pass for a complete one.
    @Test func partialDaysAloneExitNonZero() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = FakeKaptureConfiguration(
            token: Self.token, generator: SampleGenerator(seed: 9, perDay: 12), totalCount: .higher(by: 1))
        try await withFakeKapture(config) { server in
            let r = try await pull(server, dir, ["--max-retries", "1"], from: "2024-05-06", to: "2024-05-07")
            #expect(r.status == 75, "\(r.stderr)")
            let lines = r.stderr.split(separator: "\n").map(String.init)
            #expect(lines.filter { $0.contains(" partial: received ") && $0.hasSuffix("in 2 attempts") }.count == 2)
            #expect(lines.last?.hasPrefix("slareport: error: 2 of 2 days not complete (2 partial, 0 failed)") == true)
        }
    }

    /// A token refused after some days were pulled: those days stay complete, exit 3.
    @Test func aRefusalAfterSomeDaysKeepsThemAndExitsThree() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = FakeKaptureConfiguration(
            token: Self.token, generator: SampleGenerator(seed: 6, perDay: 20),
            refusal: TokenRefusal(httpStatus: 401, fromDay: LocalDate("2024-05-09")!))
        try await withFakeKapture(config) { server in
            let r = try await pull(server, dir, ["--concurrency", "1"])
            #expect(r.status == 3, "\(r.stderr)")
            #expect(
                r.stderr.hasSuffix(
                    "slareport: error: Kapture refused the token (HTTP 401); check $KAPTURE_TOKEN or token_file\n"))
            let store = try SQLiteTicketStore(path: dir.appendingPathComponent("s.sqlite").path, readOnly: true)
            let ledger = try store.ledger(from: LocalDate("2024-05-06")!, to: LocalDate("2024-05-10")!)
            #expect(ledger.map(\.day.description) == ["2024-05-06", "2024-05-07", "2024-05-08"])
            #expect(ledger.allSatisfy { $0.state == .complete })
            #expect(try store.allTicketIds() == server.expectedTicketIds(days: days("2024-05-06", count: 3)))
            #expect(!(r.stdout + r.stderr).contains(Self.token))
        }
    }

    /// `--requests-per-second`, measured at the server over the whole run.
    @Test func requestsPerSecondHoldsOverTheRun() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = FakeKaptureConfiguration(token: Self.token, generator: SampleGenerator(seed: 7, perDay: 20))
        try await withFakeKapture(config) { server in
            let r = try await pull(
                server, dir, ["--requests-per-second", "20", "--page-size", "5", "--concurrency", "4"])
            #expect(r.status == 0, "\(r.stderr)")
            let times = await server.requests().map(\.receivedAt).sorted()
            #expect(times.count >= 25)
            // The limiter spaces the calls' departures 1/20 s apart; arrivals at the server
            // jitter by the time a call spends in transit (a loaded machine), so the check
            // leaves 40 % for that: without the limiter, 4 days at once make the same calls
            // in a small fraction of it.
            let span = times.last! - times.first!
            let nominal = Duration.milliseconds((times.count - 1) * 50)
            #expect(span >= nominal * 0.6, "\(times.count) calls in \(span)")
            for i in 0..<(times.count - 10) {
                #expect(times[i + 10] - times[i] >= .milliseconds(300), "calls \(i)…\(i + 10)")
            }
        }
    }

    /// `--token-file`: the token read from a file (a trailing newline is fine), never
    /// printed; a missing or empty file is one sentence naming it.
    @Test func tokenFileIsReadAndNeverLeaks() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tokenFile = dir.appendingPathComponent("kapture.token")
        try Data("\(Self.token)\n".utf8).write(to: tokenFile)
        let config = FakeKaptureConfiguration(token: Self.token, generator: SampleGenerator(seed: 8, perDay: 10))
        try await withFakeKapture(config) { server in
            let r = try await slareport(
                [
                    "pull", "--base-url", server.baseURL, "--from", "2024-05-06", "--to", "2024-05-07", "--store",
                    dir.appendingPathComponent("s.sqlite").path, "--token-file", tokenFile.path, "--verbose",
                ])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(await server.requests().allSatisfy { $0.authorization == "Basic \(Self.token)" })
            #expect(!(r.stdout + r.stderr).contains(Self.token))
            // Nothing written holds it (the token file itself aside).
            try FileManager.default.removeItem(at: tokenFile)
            #expect(try allBytes(under: dir).range(of: Data(Self.token.utf8)) == nil)
        }
        let missing = try await slareport([
            "pull", "--base-url", "http://127.0.0.1:9", "--period", "yesterday", "--token-file",
            dir.appendingPathComponent("nope").path,
        ])
        #expect(missing.status == 64)
        #expect(
            missing.stderr.hasPrefix(
                "slareport: error: token file \(dir.path)/nope cannot be read\nUsage: slareport pull"))
        let empty = dir.appendingPathComponent("empty.token")
        try Data("\n".utf8).write(to: empty)
        let blank = try await slareport([
            "pull", "--base-url", "http://127.0.0.1:9", "--period", "yesterday", "--token-file", empty.path,
        ])
        #expect(blank.status == 64)
        #expect(
            blank.stderr.hasPrefix("slareport: error: token file \(empty.path) holds no token\nUsage: slareport pull"))
    }

    /// `--subdomain` builds the Kapture endpoint (shown by `--dry-run`, which calls nothing
    /// and writes nothing); a subdomain that is not one is refused naming the flag.
    @Test func subdomainMakesTheEndpointAndDryRunCallsNothing() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        let r = try await slareport(
            [
                "pull", "--subdomain", "Acme-Support", "--from", "2024-05-06", "--to", "2024-05-12", "--store", store,
                "--dry-run",
            ], environment: ["KAPTURE_TOKEN": Self.token])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.hasPrefix(
                "Would pull 7 days from POST https://acme-support.kapturecrm.com/select-ticket-between-start-and-end-dates.html/v.2.0\n"
            ), "\(r.stdout)")
        #expect(r.stdout.contains("days: 2024-05-06 … 2024-05-12"))
        #expect(!FileManager.default.fileExists(atPath: store))
        #expect(!(r.stdout + r.stderr).contains(Self.token))
        for bad in ["acme.evil.com", "acme/x", ""] {
            let refused = try await slareport(
                ["pull", "--subdomain", bad, "--period", "yesterday", "--dry-run"],
                environment: ["KAPTURE_TOKEN": Self.token])
            #expect(refused.status == 64, "\(bad)")
            #expect(
                refused.stderr.contains("--subdomain: '\(bad)' is not a subdomain such as acme"), "\(refused.stderr)")
        }
    }
}
