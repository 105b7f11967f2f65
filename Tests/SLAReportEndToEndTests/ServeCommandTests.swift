import AsyncHTTPClient
import Foundation
import KaptureTestSupport
import NIOCore
import NIOHTTP1
import SampleData
import Testing
import TicketModel
import TicketStore

/// `slareport serve` as a process: what it answers is what `report` writes, SIGTERM stops
/// it cleanly, and it refuses to expose an unauthenticated feed.
@Suite struct ServeCommandTests {
    /// A started `serve`, its address read from its first line of output.
    final class ServeProcess: @unchecked Sendable {
        let process = Process()
        let output: URL
        var baseURL = ""

        init(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws {
            output = folder.appendingPathComponent("serve-\(UUID().uuidString).out")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.executableURL = SLAReportBinary.url
            process.arguments = ["serve"] + arguments
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "SLAREPORT_CONFIG")
            env.merge(environment) { $1 }
            process.environment = env
            process.currentDirectoryURL = folder
            let handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }

        var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

        /// Waits (polling its output, up to a minute on a loaded machine) for the listening line.
        func listening() async throws -> String {
            for _ in 0..<600 {
                if let line = text.split(separator: "\n").first(where: {
                    $0.hasPrefix("slareport serve: listening on ")
                }) {
                    baseURL = String(line.split(separator: " ").last!)
                    return baseURL
                }
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("serve did not start: \(text)")
            throw CancellationError()
        }

        /// Sends SIGTERM and waits for the exit status.
        func terminate() async -> Int32 {
            process.terminate()
            return await exitStatus()
        }

        /// Waits for the process to exit; its status.
        func exitStatus() async -> Int32 {
            await withCheckedContinuation { c in
                Thread.detachNewThread {
                    self.process.waitUntilExit()
                    c.resume(returning: self.process.terminationStatus)
                }
            }
        }
    }

    static func get(_ url: String) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: url)
        // A connection per request, as `RunningServer.send` (ReportServerTests) says why.
        request.headers.add(name: "Connection", value: "close")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        var body = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Data(body.readBytes(length: body.readableBytes) ?? []))
    }

    @Test func serveAnswersWhatReportWritesAndStopsOnSIGTERM() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = SLAReportBinary.packageRoot.appendingPathComponent("Examples/responses").path
        let store = folder.appendingPathComponent("s.sqlite").path
        #expect(try await slareport(["import", "--input", examples, "--store", store]).status == 0)
        let period = ["--from", "2024-04-15", "--to", "2024-04-21", "--as-of", "2024-04-22T09:00:00+05:30"]
        let out = folder.appendingPathComponent("out").path
        let report = try await slareport(
            ["report", "--store", store] + period + ["--format", "json,text", "--out", out])
        #expect(report.status == 0, "\(report.stderr)")

        let serve = try ServeProcess(["--store", store, "--port", "0"], in: folder)
        let base = try await serve.listening()
        #expect(base.hasPrefix("http://127.0.0.1:"))
        let query = "from=2024-04-15&to=2024-04-21&asOf=2024-04-22T09:00:00%2B05:30"
        let summary = try await Self.get("\(base)/v1/summary?\(query)")
        #expect(summary.status == 200)
        #expect(summary.body == (try Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))))
        let text = try await Self.get("\(base)/v1/report.txt?\(query)")
        #expect(text.body == (try Data(contentsOf: URL(fileURLWithPath: out + "/report.txt"))))

        // A request in flight when SIGTERM arrives is answered in full; then the process exits
        // 0. The gate: the text template is a named pipe, so the server's render of
        // report.txt waits inside the request until the test writes the template; the pipe's
        // open for writing returns once the server has opened it for reading.
        #expect(await serve.terminate() == 0, "\(serve.text)")
        let templates = folder.appendingPathComponent("templates/text")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let fifo = templates.appendingPathComponent("report.mustache").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let gated = try ServeProcess(
            ["--store", store, "--port", "0", "--templates", folder.appendingPathComponent("templates").path],
            in: folder)
        let gatedBase = try await gated.listening()
        let template = try Data(
            contentsOf: SLAReportBinary.packageRoot.appendingPathComponent("Templates/text/report.mustache"))
        async let inFlight = Self.get("\(gatedBase)/v1/report.txt?\(query)")
        let writer = await withCheckedContinuation { c in
            Thread.detachNewThread { c.resume(returning: open(fifo, O_WRONLY)) }
        }
        try #require(writer >= 0)
        gated.process.terminate()  // SIGTERM while the request is held in the server
        let written = template.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
        close(writer)
        #expect(written == template.count)
        let answer = try await inFlight
        #expect(answer.status == 200)
        #expect(answer.body == (try Data(contentsOf: URL(fileURLWithPath: out + "/report.txt"))))
        #expect(await gated.exitStatus() == 0, "\(gated.text)")
        #expect(!gated.text.contains("Fatal error") && !gated.text.contains("Stack"))
        #expect(!serve.text.contains("Fatal error") && !serve.text.contains("Stack"))
    }

    /// A second `serve` on a port in use says so in one sentence naming the address, exit 1.
    @Test func aPortInUseIsOneSentence() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = SLAReportBinary.packageRoot.appendingPathComponent("Examples/responses").path
        let store = folder.appendingPathComponent("s.sqlite").path
        #expect(try await slareport(["import", "--input", examples, "--store", store]).status == 0)
        let first = try ServeProcess(["--store", store, "--port", "0"], in: folder)
        let base = try await first.listening()
        let port = String(base.split(separator: ":").last ?? "")
        let second = try await slareport(["serve", "--store", store, "--port", port], in: folder)
        #expect(second.status == 1)
        #expect(
            second.stderr == "slareport: error: --host/--port 127.0.0.1:\(port) is already in use "
                + "(another slareport serve?); choose another --port\n", "\(second.stderr)")
        #expect(await first.terminate() == 0)
    }

    @Test func serveRefusesAnUnauthenticatedFeedBeyondLoopback() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = SLAReportBinary.packageRoot.appendingPathComponent("Examples/responses").path
        let store = folder.appendingPathComponent("s.sqlite").path
        #expect(try await slareport(["import", "--input", examples, "--store", store]).status == 0)
        let refused = try await slareport(["serve", "--store", store, "--host", "0.0.0.0", "--port", "0"])
        #expect(refused.status == 64)
        #expect(refused.stderr.hasPrefix("slareport: error: --host 0.0.0.0: without feed tokens"), "\(refused.stderr)")
        let missing = try await slareport(["serve", "--store", folder.appendingPathComponent("none.sqlite").path])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("no such store"))

        // `token new` prints a token once and appends only its hash.
        let tokens = folder.appendingPathComponent("tokens").path
        let made = try await slareport(["token", "new", "--tokens-file", tokens])
        #expect(made.status == 0)
        let token = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("slr_"))
        let file = try String(contentsOfFile: tokens, encoding: .utf8)
        #expect(!file.contains(token) && file.count == 65)
        try Data("[serve]\ntokens_file = \"\(tokens)\"\n".utf8).write(
            to: folder.appendingPathComponent("slareport.toml"))
        let serve = try ServeProcess(["--store", store, "--port", "0", "--host", "0.0.0.0"], in: folder)
        let base = try await serve.listening()
        let port = base.split(separator: ":").last!
        #expect(try await Self.get("http://127.0.0.1:\(port)/v1/summary?period=last-week").status == 401)
        #expect(try await Self.get("http://127.0.0.1:\(port)/v1/summary?period=last-week&token=\(token)").status == 200)
        #expect(await serve.terminate() == 0)
        #expect(!serve.text.contains(token))
    }

    /// Two `serve` processes on one PostgreSQL database, each with `pull_every`: both
    /// answer; exactly one leads (runs the scheduled pulls) at a time; the follower serves
    /// the tickets the leader pulled (the generation is in the database); killed with
    /// SIGKILL (no goodbye to the database), the leader's lock passes to the other process,
    /// which then pulls.
    @Test(.enabled(if: TestPostgres.isConfigured)) func aServePairSharesOneDatabase() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try TestPostgres.newDatabase()
        let config = FakeKaptureConfiguration(token: "pair-token", generator: SampleGenerator(seed: 31, perDay: 40))
        try await withFakeKapture(config) { kapture in
            let toml = folder.appendingPathComponent("pair.toml")
            try Data(
                """
                [kapture]
                base_url = "\(kapture.baseURL)"
                refresh_days = 1
                [serve]
                pull_every = "10s"

                """.utf8
            ).write(to: toml)
            let token = ["KAPTURE_TOKEN": "pair-token"]
            let servers = try ["a", "b"].map { _ in
                try ServeProcess(
                    ["--store", url, "--port", "0", "--config", toml.path], in: folder, environment: token)
            }
            defer { for s in servers where s.process.isRunning { kill(s.process.processIdentifier, SIGKILL) } }
            for s in servers { _ = try await s.listening() }
            func leaders() async throws -> [Bool] {
                var answers: [Bool] = []
                for s in servers where s.process.isRunning {
                    let r = try await Self.get("\(s.baseURL)/readyz")
                    let json = try JSONSerialization.jsonObject(with: r.body) as? [String: Any]
                    answers.append(json?["leader"] as? Bool ?? false)
                }
                return answers
            }
            // Within a minute on a loaded machine: one leader, which has pulled today.
            var seen: [Bool] = []
            for _ in 0..<600 {
                seen = try await leaders()
                #expect(seen.filter { $0 }.count <= 1, "two leaders at once: \(seen)")
                if seen.contains(true), try TestPostgres.query("SELECT count(*)::text FROM tickets", on: url) != "0" {
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(seen.filter { $0 }.count == 1, "\(seen)")
            let leader = seen.firstIndex(of: true) ?? 0
            let follower = 1 - leader
            let stored = try TestPostgres.query("SELECT count(*)::text FROM tickets", on: url)
            #expect(stored != "0")
            let ready = try await Self.get("\(servers[follower].baseURL)/readyz")
            let store = (try JSONSerialization.jsonObject(with: ready.body) as? [String: Any])?["store"]
            #expect(
                "\((store as? [String: Any])?["tickets"] ?? "none")" == stored, "the follower sees the pulled tickets")

            // The leader dies without a word; the follower takes the lead and pulls.
            kill(servers[leader].process.processIdentifier, SIGKILL)
            servers[leader].process.waitUntilExit()
            let before = await kapture.requests().count
            var took = false
            for _ in 0..<600 where !took {
                try await Task.sleep(for: .milliseconds(100))
                took = try await leaders() == [true]
            }
            #expect(took, "the lead did not pass on")
            for _ in 0..<600 where await kapture.requests().count == before {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(await kapture.requests().count > before, "the new leader did not pull")
            #expect(await servers[follower].terminate() == 0, "\(servers[follower].text)")
        }
    }

}

/// SIGTERM while the server's scheduled pull is waiting on a slow Kapture: the process exits
/// 0 soon, and the store holds whole days only (each day complete with all its tickets, or
/// not stored), never half a day.
@Suite struct ServeShutdownTests {
    @Test func sigtermDuringAPullLeavesWholeDaysAndExitsZero() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("s.sqlite").path
        let config = FakeKaptureConfiguration(
            token: "shutdown-token", generator: SampleGenerator(seed: 9, perDay: 25), latency: .milliseconds(400))
        try await withFakeKapture(config) { kapture in
            try Data("shutdown-token".utf8).write(to: folder.appendingPathComponent("token"))
            try Data(
                """
                [kapture]
                base_url = "\(kapture.baseURL)"
                token_file = "\(folder.appendingPathComponent("token").path)"
                page_size = 10
                concurrency = 2
                refresh_days = 5
                [serve]
                pull_every = "1m"
                """.utf8
            ).write(to: folder.appendingPathComponent("slareport.toml"))
            let serve = try ServeCommandTests.ServeProcess(["--store", store, "--port", "0"], in: folder)
            _ = try await serve.listening()
            // Wait until the pull has asked for something, then stop the server mid-pull.
            for _ in 0..<300 where await kapture.requests().isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            try await Task.sleep(for: .milliseconds(500))
            let status = await serve.terminate()
            #expect(status == 0, "\(serve.text)")
            let pulled = try SQLiteTicketStore(path: store, readOnly: true)
            let ledger = try pulled.ledger(from: LocalDate("2000-01-01")!, to: LocalDate("2100-01-01")!)
            let stored = try pulled.allTicketIds()
            var expected = Set<String>()
            for entry in ledger where entry.state == .complete {
                expected.formUnion(kapture.expectedTicketIds(days: [entry.day]))
            }
            // It was stopped mid-pull (5 days at 400 ms a page take seconds)…
            #expect(ledger.filter { $0.state == .complete }.count < 5, "\(ledger.map(\.state))")
            // …and every complete day has all its tickets; nothing else is stored.
            #expect(stored == expected)
        }
    }
}
