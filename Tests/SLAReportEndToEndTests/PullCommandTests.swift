import Foundation
import KaptureTestSupport
import SampleData
import Testing
import TicketModel
import TicketStore

/// Runs `slareport` in the background (so the test can kill it); returns the process.
func startSLAReport(_ arguments: [String], environment: [String: String]) throws -> Process {
    let process = Process()
    process.executableURL = SLAReportBinary.url
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

/// Every file below `folder`, concatenated (to search outputs for a secret).
func allBytes(under folder: URL) throws -> Data {
    var data = Data()
    let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    while let url = walker?.nextObject() as? URL {
        if let d = try? Data(contentsOf: url) { data.append(d) }
    }
    return data
}

@Suite(.serialized) struct PullCommandTests {
    static let secret = "S3cr3t-T0ken-Zq9"

    @Test func pullThenReportFromTheStoreAndTheTokenNeverLeaks() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = FakeKaptureConfiguration(
            token: Self.secret, generator: SampleGenerator(seed: 21, perDay: 30),
            faults: FaultPlan(rate: 0.3, kinds: [.serverError, .tooManyRequests, .failedStatus], seed: 9))
        try await withFakeKapture(config) { server in
            let store = dir.appendingPathComponent("slareport.sqlite").path
            let raw = dir.appendingPathComponent("raw").path
            let tomlPath = dir.appendingPathComponent("slareport.toml")
            try Data("[kapture]\nretry_base_delay_seconds = 0.01\nretry_max_delay_seconds = 0.05\n".utf8).write(
                to: tomlPath)
            let pull = try await slareport(
                [
                    "pull", "--base-url", server.baseURL, "--from", "2024-04-01", "--to", "2024-04-14", "--store",
                    store,
                    "--page-size", "10", "--save-raw", raw, "--config", tomlPath.path, "--verbose",
                ], environment: ["KAPTURE_TOKEN": Self.secret])
            #expect(pull.status == 0, "\(pull.stderr)")
            #expect(pull.stdout.contains("Pulled 14 days"))
            #expect(pull.stderr.contains("2024-04-01 complete:"))  // one line per day without a TTY

            let expected = server.expectedTicketIds(days: days("2024-04-01", count: 14))
            #expect(try SQLiteTicketStore(path: store).allTicketIds() == expected)

            let out = dir.appendingPathComponent("out").path
            let report = try await slareport(
                [
                    "report", "--store", store, "--from", "2024-04-08", "--to", "2024-04-14", "--as-of",
                    "2024-04-15T09:00:00+05:30", "--out", out,
                ])
            #expect(report.status == 0, "\(report.stderr)")
            let json = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))
            let completeness = try #require((json as? [String: Any])?["completeness"] as? [String: Any])
            #expect(completeness["source"] as? String == "store")
            #expect(completeness["daysWithData"] as? Int == 7)
            #expect(json as? [String: Any] != nil)
            #expect(((json as? [String: Any])?["comparison"]) is [String: Any])

            // The saved raw responses give the same figures as the store.
            let fromRaw = dir.appendingPathComponent("fromRaw").path
            #expect(
                try await slareport([
                    "report", "--input", raw, "--from", "2024-04-08", "--to", "2024-04-14", "--as-of",
                    "2024-04-15T09:00:00+05:30", "--out", fromRaw,
                ]).status == 0)
            let a = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))
            let b = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: fromRaw + "/summary.json")))
            let ta = (a as? [String: Any])?["totals"] as? [String: Any]
            let tb = (b as? [String: Any])?["totals"] as? [String: Any]
            #expect(ta?["tickets"] as? Int == tb?["tickets"] as? Int)
            #expect(
                ((a as? [String: Any])?["sla"] as? [String: Any])?["breached"] as? Int
                    == ((b as? [String: Any])?["sla"] as? [String: Any])?["breached"] as? Int)

            // The token is nowhere: not in output, not in the store, not in saved responses.
            let everything = try allBytes(under: dir) + Data((pull.stdout + pull.stderr + report.stderr).utf8)
            #expect(everything.range(of: Data(Self.secret.utf8)) == nil)
        }
    }

    @Test func wrongTokenFailsFastWithExitCode3() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = FakeKaptureConfiguration(token: "the-right-one", generator: SampleGenerator(seed: 1, perDay: 10))
        try await withFakeKapture(config) { server in
            let r = try await slareport(
                [
                    "pull", "--base-url", server.baseURL, "--from", "2024-04-01", "--to", "2024-04-30", "--store",
                    dir.appendingPathComponent("s.sqlite").path,
                ], environment: ["KAPTURE_TOKEN": Self.secret])
            #expect(r.status == 3)
            #expect(
                r.stderr
                    == "slareport: error: Kapture refused the token: Invalid Auth Key; check $KAPTURE_TOKEN or token_file\n"
            )
            #expect(!(r.stdout + r.stderr).contains(Self.secret))
            #expect(await server.requests().count <= 4)  // the first refusals, no retries, no further days
        }
        let noToken = try await slareport(["pull", "--base-url", "http://127.0.0.1:9", "--period", "yesterday"])
        #expect(noToken.status == 64)
        #expect(noToken.stderr.contains("no Kapture token"))
    }

    @Test func pullKilledHalfwayAndRunAgainEndsTheSame() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let range = days("2024-03-01", count: 20)
        // A gate, not a race with the clock: the fake holds every call for the days after the
        // third until a call bearing the second run's token arrives, so the first run
        // completes exactly three days (in order) and then waits, however fast or slow the
        // machine.
        var config = FakeKaptureConfiguration(token: Self.secret, generator: SampleGenerator(seed: 5, perDay: 25))
        let secondRun = "second-run-token"
        config.otherTokens = [secondRun]
        config.holdDays = Set(range.dropFirst(3))
        config.holdUntilTokens = [secondRun]
        try await withFakeKapture(config) { server in
            let store = dir.appendingPathComponent("s.sqlite").path
            let args = [
                "pull", "--base-url", server.baseURL, "--from", "2024-03-01", "--to", "2024-03-20", "--store", store,
                "--concurrency", "2", "--page-size", "10", "--quiet",
            ]
            let process = try startSLAReport(args, environment: ["KAPTURE_TOKEN": Self.secret])
            // Wait until the three days are complete (the rest are held), then kill it hard.
            // (The bound only keeps a broken pull from hanging the suite.)
            var completeBeforeKill = 0
            for _ in 0..<6000 {
                try await Task.sleep(for: .milliseconds(50))
                if FileManager.default.fileExists(atPath: store),
                    let ledger = try? SQLiteTicketStore(path: store, readOnly: true).ledger(
                        from: range.first!, to: range.last!)
                {
                    completeBeforeKill = ledger.filter { $0.state == .complete }.count
                    if completeBeforeKill >= 3 { break }
                }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(completeBeforeKill == 3)

            // What the killed pull left: whole days only.
            let partialStore = try SQLiteTicketStore(path: store)
            let ledger = try partialStore.ledger(from: range.first!, to: range.last!)
            let completeDays = ledger.filter { $0.state == .complete }.map(\.day)
            #expect(completeDays == Array(range.prefix(3)))
            #expect(try partialStore.allTicketIds() == server.expectedTicketIds(days: completeDays))

            let requestsBefore = await server.requests().count
            // The second run's token opens the gate.
            let again = try await slareport(args, environment: ["KAPTURE_TOKEN": secondRun])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("\(completeDays.count) already complete"))
            let final = try SQLiteTicketStore(path: store)
            #expect(try final.allTicketIds() == server.expectedTicketIds(days: range))
            #expect(try final.ledger(from: range.first!, to: range.last!).allSatisfy { $0.state == .complete })
            // The re-run asked only for the days that were not complete.
            let rerunDays = Set(await server.requests().dropFirst(requestsBefore).compactMap(\.startDate))
            #expect(rerunDays.isDisjoint(with: completeDays.map(\.description)))
        }
    }

    @Test func nextDayEndDateStoresExtrasButCountsEachTicketOnce() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = FakeKaptureConfiguration(token: "t", generator: SampleGenerator(seed: 8, perDay: 20))
        try await withFakeKapture(config) { server in
            let store = dir.appendingPathComponent("s.sqlite").path
            let r = try await slareport(
                [
                    "pull", "--base-url", server.baseURL, "--from", "2024-04-01", "--to", "2024-04-07", "--store",
                    store,
                    "--end-date", "next-day", "--page-size", "0",
                ], environment: ["KAPTURE_TOKEN": "t"])
            #expect(r.status == 0, "\(r.stderr)")
            let requests = await server.requests()
            #expect(requests.allSatisfy { LocalDate($0.endDate!) == LocalDate($0.startDate!)!.adding(days: 1) })
            #expect(requests.allSatisfy { $0.limit == nil && $0.offset == nil })
            // Day D's answer carries a few of D+1's tickets: stored once; those of 2024-04-08 too.
            let week = server.expectedTicketIds(days: days("2024-04-01", count: 7))
            let stored = try SQLiteTicketStore(path: store).allTicketIds()
            #expect(stored.isSuperset(of: week))
            #expect(stored.count > week.count)
            let out = dir.appendingPathComponent("out").path
            #expect(
                try await slareport([
                    "report", "--store", store, "--from", "2024-04-01", "--to", "2024-04-07", "--as-of",
                    "2024-04-08T12:00:00+05:30", "--out", out, "--timezone", "Asia/Kolkata",
                ]).status == 0)
            let json = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))
            let totals = (json as? [String: Any])?["totals"] as? [String: Any]
            #expect(totals?["tickets"] as? Int == week.count)
        }
    }

    @Test func completeDaysAreSkippedUnlessRecent() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = FakeKaptureConfiguration(token: "t", generator: SampleGenerator(seed: 2, perDay: 5))
        try await withFakeKapture(config) { server in
            let store = dir.appendingPathComponent("s.sqlite").path
            let args = [
                "pull", "--base-url", server.baseURL, "--from", "2024-04-01", "--to", "2024-04-10", "--store", store,
                "--as-of", "2024-04-11T10:00:00+05:30", "--refresh-days", "3",
            ]
            #expect(try await slareport(args, environment: ["KAPTURE_TOKEN": "t"]).status == 0)
            let first = await server.requests().count
            let again = try await slareport(args, environment: ["KAPTURE_TOKEN": "t"])
            #expect(again.status == 0)
            let rerun = await server.requests().dropFirst(first).compactMap(\.startDate)
            // Within 3 days of 2024-04-11: the 8th, 9th and 10th are pulled again.
            #expect(Set(rerun) == ["2024-04-08", "2024-04-09", "2024-04-10"])
        }
    }
}
