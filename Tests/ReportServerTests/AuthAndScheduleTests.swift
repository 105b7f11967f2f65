import AsyncHTTPClient
import Crypto
import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import ReportServer
import SampleData
import Testing
import TicketModel
import TicketStore

@Suite struct AuthTests {
    /// Every route but `/healthz` needs a token from the tokens file, by header or query;
    /// a missing or wrong one is a 401 with `WWW-Authenticate`; no token reaches the log.
    @Test func everyRouteButHealthNeedsAToken() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = FeedTokens.newToken()
        let other = FeedTokens.newToken()
        let file = folder.appendingPathComponent("tokens").path
        try FeedTokens.append(hashOf: other, to: file)
        try FeedTokens.append(hashOf: token, to: file)
        // The file holds hashes (an independent SHA-256 of the token), never the token.
        let stored = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!stored.contains(token))
        let hex = SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(stored.split(separator: "\n").last.map(String.init) == hex)
        #expect(token.hasPrefix("slr_") && token.count == 47)

        let tokens = try FeedTokens.load(file)
        let logs = LogCapture()
        try await Harness.withServer(storePath: path, configuration: Configuration(), tokens: tokens, logs: logs) { s in
            for route in [
                "/", "/v1/summary?period=last-week", "/v1/rows/daily", "/v1/report.html", "/readyz", "/metrics",
                "/v1/schema/summary.json", "/no-such-route",
            ] {
                let a = try await s.get(route)
                #expect(a.status == 401, "\(route)")
                #expect(a.header("WWW-Authenticate") == "Bearer realm=\"slareport\"", "\(route)")
                #expect(a.header("Content-Type") == "application/problem+json")
                let wrong = try await s.get(route, headers: [("Authorization", "Bearer " + token.dropLast() + "x")])
                #expect(wrong.status == 401, "\(route)")
            }
            #expect(try await s.get("/healthz").status == 200)
            #expect(
                try await s.get("/v1/summary?" + Harness.demoQuery, headers: [("Authorization", "Bearer \(token)")])
                    .status == 200)
            #expect(
                try await s.get("/v1/summary?" + Harness.demoQuery, headers: [("Authorization", "bearer \(other)")])
                    .status == 200)
            #expect(try await s.get("/v1/summary?\(Harness.demoQuery)&token=\(token)").status == 200)
            #expect(try await s.get("/readyz?token=\(token)").status == 200)
            let metrics = try await s.get("/metrics", headers: [("Authorization", "Bearer \(token)")]).text
            #expect(!metrics.contains(token))
        }
        #expect(!logs.text.isEmpty)
        #expect(!logs.text.contains(token) && !logs.text.contains(other) && !logs.text.contains(hex))
    }

    /// A bad tokens file is one sentence naming the file and line; without tokens the server
    /// refuses any address but loopback.
    @Test func tokensFileAndExposureAreChecked() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tokens").path
        try Data("# feed tokens\n\n\(FeedTokens.hash("a"))\nnot-a-hash\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: PipelineError.self) { try FeedTokens.load(file) }
        do { _ = try FeedTokens.load(file) } catch let error {
            #expect(error.message == "tokens file \(file), line 4: not a SHA-256 hash (64 hex digits)")
        }
        for host in ["0.0.0.0", "192.168.1.5", "::"] {
            #expect(throws: PipelineError.self) {
                try FeedServer.checkExposure(host: host, tokens: FeedTokens(hashes: []))
            }
            try FeedServer.checkExposure(host: host, tokens: FeedTokens(hashes: [FeedTokens.hash("a")]))
        }
        for host in ["127.0.0.1", "::1", "localhost"] {
            try FeedServer.checkExposure(host: host, tokens: FeedTokens(hashes: []))
        }
    }

    /// A tokens file that names no token (empty, blank lines, only comments: the last token's
    /// line deleted to revoke it) fails closed: `serve` refuses to start with one sentence
    /// (exit 64), never serving every route without a token.
    @Test func aTokensFileWithNoTokenRefusesToStart() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tokens").path
        for content in ["", "\n\n", "# feed tokens\n# revoked: the laptop\n", "   \n\t\n"] {
            try Data(content.utf8).write(to: URL(fileURLWithPath: file))
            chmod(file, 0o600)
            do {
                _ = try FeedTokens.load(file)
                Issue.record("loaded \(content.debugDescription)")
            } catch {
                #expect(error.kind == .usage && error.kind.presentation.exitCode == 64)
                #expect(error.message.hasPrefix("tokens file \(file) holds no token hash"), "\(error.message)")
            }
            let configuration = try Harness.configuration("[serve]\ntokens_file = \"\(file)\"\n")
            let (store, storePath) = try Harness.exampleStore()
            defer { try? FileManager.default.removeItem(at: store) }
            #expect(throws: PipelineError.self) {
                try ServeRunner.prepare(
                    .init(storePath: storePath, host: "127.0.0.1", port: 0), configuration: configuration,
                    logger: LogCapture().logger())
            }
        }
        // A missing file fails closed too.
        #expect(throws: PipelineError.self) { try FeedTokens.load(folder.appendingPathComponent("nothing").path) }
    }

    /// A tokens file others may read or write is served, with a warning naming the file and
    /// the fix; one only its owner can reach is not warned about.
    @Test func aTokensFileOthersCanReachIsWarnedAbout() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tokens").path
        try Data("\(FeedTokens.hash("a"))\n".utf8).write(to: URL(fileURLWithPath: file))
        for (mode, warned) in [(0o600, false), (0o400, false), (0o644, true), (0o640, true), (0o602, true)] {
            chmod(file, mode_t(mode))
            let warning = FeedTokens.permissionWarning(file)
            #expect((warning != nil) == warned, "mode \(String(mode, radix: 8))")
            if let warning { #expect(warning.contains("chmod 600 \(file)")) }
        }
        chmod(file, 0o644)
        let logs = LogCapture()
        let (store, storePath) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: store) }
        _ = try ServeRunner.prepare(
            .init(storePath: storePath, host: "127.0.0.1", port: 0),
            configuration: try Harness.configuration("[serve]\ntokens_file = \"\(file)\"\n"), logger: logs.logger())
        #expect(logs.text.contains("warning tokens file \(file) can be read or written by users other than its owner"))
    }
}

@Suite struct ScheduleTests {
    /// A fake sendmail: each message it is handed lands in its own file of `folder`.
    static func fakeSendmail(_ folder: URL) throws -> String {
        let script = folder.appendingPathComponent("sendmail.sh")
        try Data("#!/bin/sh\ncat > \"\(folder.path)/mail-$(date +%s%N)-$$.eml\"\n".utf8).write(to: script)
        chmod(script.path, 0o755)
        return script.path
    }

    static func mails(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
            .map { try String(contentsOfFile: folder.appendingPathComponent($0).path, encoding: .utf8) }
    }

    /// A configuration with one schedule, `mon 07:00`, last week's CSV files to
    /// ops@example.com, through a sendmail that writes each message into `mail` (made here).
    static func weeklyEmail(mailedInto mail: URL) throws -> Configuration {
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        return try Harness.configuration(
            """
            [email]
            sendmail_command = "\(try Self.fakeSendmail(mail))"
            from = "SLAReport <sla@example.com>"
            [serve]
            catch_up = "6h"
            [[serve.schedule]]
            at = "mon 07:00"
            period = "last-week"
            to = ["ops@example.com"]
            subject = "Weekly SLA"
            formats = ["csv"]
            """)
    }

    /// `mon 07:00` in the report zone: nothing before it, one email at it, none again after
    /// it (not even after a restart), a send missed by less than `catch_up` goes out late, one
    /// missed by more does not. Driven by a clock the test sets.
    @Test func weeklyEmailGoesOutOnceAndCatchesUp() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mail = folder.appendingPathComponent("mail")
        let configuration = try Self.weeklyEmail(mailedInto: mail)
        let clock = TestClock(parseRFC3339("2024-04-22T06:59:00+05:30")!)  // a Monday
        func scheduler() throws -> ScheduledEmails {
            let server = try FeedServer(
                configuration: configuration, store: try TicketStores.open(path), tokens: FeedTokens(hashes: []),
                logger: LogCapture().logger(), now: { clock.now })
            return ScheduledEmails(configuration: configuration, server: server)
        }
        let emails = try scheduler()
        #expect(await emails.sendDue(now: clock.now).isEmpty)
        #expect(try Self.mails(mail).isEmpty)

        clock.set(parseRFC3339("2024-04-22T07:00:30+05:30")!)
        let sent = await emails.sendDue(now: clock.now)
        #expect(sent.count == 1 && sent[0].error == nil, "\(sent)")
        #expect(sent.first?.dueAt == parseRFC3339("2024-04-22T07:00:00+05:30"))
        var messages = try Self.mails(mail)
        #expect(messages.count == 1)
        #expect(messages.first?.contains("Subject: Weekly SLA") == true)
        #expect(messages.first?.contains("To: ops@example.com") == true)
        #expect(messages.first?.contains("assignees.csv") == true)

        clock.set(parseRFC3339("2024-04-22T07:05:00+05:30")!)
        #expect(await emails.sendDue(now: clock.now).isEmpty)
        // A restart (a new scheduler on the same store) does not send it again.
        #expect(await (try scheduler()).sendDue(now: clock.now).isEmpty)
        #expect(try Self.mails(mail).count == 1)

        // Down over the next Monday's 07:00 until 12:00: 5 h late, under catch_up: sent.
        clock.set(parseRFC3339("2024-04-29T12:00:00+05:30")!)
        let late = await (try scheduler()).sendDue(now: clock.now)
        #expect(late.map(\.dueAt) == [parseRFC3339("2024-04-29T07:00:00+05:30")!])
        #expect(late.allSatisfy { $0.error == nil }, "\(late)")
        // Down until 14:00 the Monday after: 7 h late: not sent.
        clock.set(parseRFC3339("2024-05-06T14:00:00+05:30")!)
        #expect(await (try scheduler()).sendDue(now: clock.now).isEmpty)
        messages = try Self.mails(mail)
        #expect(messages.count == 2)
    }

    /// A scheduled email's store calls (claiming the send, and the summary's reads) run on
    /// the pool for blocking work (the summary's readers on the pool for CPU-bound work,
    /// `OrderedParallelMap.pool`), not on the cooperative pool the schedules run on.
    @Test func aScheduledEmailReadsTheStoreOffTheCooperativePool() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mail = folder.appendingPathComponent("mail")
        let configuration = try Self.weeklyEmail(mailedInto: mail)
        let store = ThreadNotingStore(try SQLiteTicketStore(path: path))
        let now = parseRFC3339("2024-04-22T07:00:30+05:30")!
        let server = try FeedServer(
            configuration: configuration, store: store, tokens: FeedTokens(hashes: []), logger: LogCapture().logger(),
            now: { now })
        let sent = await ScheduledEmails(configuration: configuration, server: server).sendDue(now: now)
        #expect(sent.count == 1 && sent.first?.error == nil, "\(sent)")
        #expect(try Self.mails(mail).count == 1)
        let calls = store.threads
        let checked = [
            "sentAt(schedule:dueAt:)", "recordSend(schedule:dueAt:sentAt:)", "ledger(from:to:)",
            "factBlock(utcDay:reusing:)",
        ]
        #expect(Set(calls.keys).isSuperset(of: checked), "\(calls.keys.sorted())")
        for call in checked {
            #expect(
                calls[call]?.allSatisfy { $0.hasPrefix("SGLTN-TP-#") || $0.hasPrefix("TP-#") } == true,
                "\(call) ran on \(calls[call] ?? [])")
        }
    }

    /// `at` and the schedule's other keys are checked, each error naming the key.
    @Test func scheduleSettingsAreChecked() throws {
        let bad: [(String, String)] = [
            ("at = \"monday 7am\"", "serve.schedule[1].at must be"),
            ("at = \"xyz 07:00\"", "serve.schedule[1].at must be"),
            ("at = \"07:00\"\nperiod = \"fortnight\"", "serve.schedule[1].period must be one of"),
            ("at = \"07:00\"\nperiod = \"yesterday\"\nto = [\"not an address\"]", "serve.schedule[1].to must be"),
        ]
        for (body, message) in bad {
            do {
                _ = try Harness.configuration("[[serve.schedule]]\n" + body + "\n")
                Issue.record("accepted: \(body)")
            } catch let error as PipelineError {
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
        let ok = try Harness.configuration(
            "[[serve.schedule]]\nat = \"07:30\"\nperiod = \"yesterday\"\nto = [\"a@example.com\"]\n")
        let daily = try #require(ok.serve.schedule.first)
        #expect(daily.weekday == nil && daily.hour == 7 && daily.minute == 30)
        // Daily at 07:30 Kolkata: the last due time before 2024-04-22 07:00 is the 21st's.
        let zone = TimeZone(identifier: "Asia/Kolkata")!
        #expect(
            daily.lastDue(atOrBefore: parseRFC3339("2024-04-22T07:00:00+05:30")!, in: zone)
                == parseRFC3339("2024-04-21T07:30:00+05:30"))
        #expect(ServeSettings.duration("1h30m") == .seconds(5400))
        #expect(ServeSettings.duration("15") == nil && ServeSettings.duration("m") == nil)
    }
}

@Suite struct ScheduledPullTests {
    /// A pull in the server stores the fake Kapture's tickets and shows in `/readyz` and
    /// `/metrics`; a refused token is a failed pull that never stops the server, and once no
    /// pull has been complete for three intervals `/readyz` is 503 with the reason (never
    /// the token).
    @Test func pullsShowInReadinessAndMetrics() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("s.sqlite").path
        let secret = "kapture-secret-\(UUID().uuidString)"
        let generator = SampleGenerator(seed: 5, perDay: 30)
        let config = FakeKaptureConfiguration(token: secret, generator: generator)
        try await withFakeKapture(config) { kapture in
            let tokenFile = folder.appendingPathComponent("kapture-token")
            try Data(secret.utf8).write(to: tokenFile)
            let configuration = try Harness.configuration(
                """
                [kapture]
                base_url = "\(kapture.baseURL)"
                token_file = "\(tokenFile.path)"
                refresh_days = 3
                retry_base_delay_seconds = 0
                retry_max_delay_seconds = 0
                [serve]
                pull_every = "1m"
                """)
            let clock = TestClock(parseRFC3339("2024-04-22T09:00:00+05:30")!)
            let logs = LogCapture()
            try await Harness.withServer(
                storePath: path, configuration: configuration, clock: clock, logs: logs, readOnly: false
            ) { s in
                let pulls = ScheduledPulls(
                    interval: .seconds(60), configuration: configuration, storePath: path, server: s.server)
                // Before any pull: ready (nothing has failed yet).
                #expect(try await s.get("/readyz").status == 200)
                await pulls.pullOnce()
                let ready = try await s.get("/readyz").json()
                let pull = try #require(ready["pull"] as? [String: Any])
                #expect(pull["status"] as? String == "complete")
                let expected = kapture.expectedTicketIds(days: days("2024-04-20", count: 3))
                #expect(try s.server.store.allTicketIds() == expected)
                #expect(((ready["store"] as? [String: Any])?["tickets"] as? NSNumber)?.intValue == expected.count)
                #expect(try await s.metric("slareport_pull_runs_total", "outcome=\"complete\"") == 1)
                #expect(try await s.metric("slareport_tickets_stored") == Double(expected.count))
                #expect(
                    try await s.metric("slareport_last_successful_pull_timestamp_seconds")
                        == clock.now.timeIntervalSince1970)
                // The summary sees the pulled days.
                let summary = try await s.get("/v1/summary?from=2024-04-20&to=2024-04-22").json()
                #expect(((summary["totals"] as? [String: Any])?["tickets"] as? NSNumber)?.intValue == expected.count)

                // The token is revoked: the next pulls fail, the server keeps answering.
                try Data("revoked-\(UUID().uuidString)".utf8).write(to: tokenFile)
                clock.advance(60)
                await pulls.pullOnce()
                #expect(try await s.get("/v1/summary?from=2024-04-20&to=2024-04-22").status == 200)
                let failed = try await s.get("/readyz").json()
                #expect((failed["pull"] as? [String: Any])?["status"] as? String == "failed")
                #expect(try await s.metric("slareport_pull_runs_total", "outcome=\"failed\"") == 1)
                clock.advance(180)
                let stale = try await s.get("/readyz")
                #expect(stale.status == 503)
                #expect(stale.header("Content-Type") == "application/problem+json")
                #expect(stale.text.contains("not ready: the last complete pull was at"), "\(stale.text)")
                #expect(!stale.text.contains(secret))
            }
            #expect(!logs.text.contains(secret))
        }
    }
}
