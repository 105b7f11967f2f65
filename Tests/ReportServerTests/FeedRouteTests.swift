import AsyncHTTPClient
import ExampleData
import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import ReportServer
import SLAAnalytics
import Testing
import TicketModel
import TicketStore

/// Every route over real loopback HTTP, against a store of the bundled examples.
@Suite struct FeedRouteTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/summary.schema.json")

    /// `/v1/summary` is what `report --store … --format json` writes for the same period and
    /// as-of, byte for byte (the report job's publishing path computes it here), and it
    /// validates against the committed schema.
    @Test func summaryIsTheReportsJSON() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let options = try PeriodSelection(from: "2024-04-15", to: "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
            .resolve(configuration: Configuration())
        let documents = try ReportJob.render(
            try ReportJob.summarize(.store(path), options: options, accountTimeZone: Harness.kolkata),
            formats: [.json, .html, .xhtml, .text, .csv], templatesFolder: nil, envelope: EmailEnvelope())
        func file(_ name: String) -> Data { documents.first { $0.name == name }!.data }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let a = try await s.get("/v1/summary?" + Harness.demoQuery)
            #expect(a.status == 200)
            #expect(a.header("Content-Type") == "application/json")
            #expect(a.body == file("summary.json"))
            #expect(try SchemaValidator(Data(contentsOf: Self.schema)).errors(a.body) == [])
            // The rendered reports are the report command's files.
            #expect(try await s.get("/v1/report.html?" + Harness.demoQuery).body == file("report.html"))
            #expect(try await s.get("/v1/report.xhtml?" + Harness.demoQuery).body == file("report.xhtml"))
            #expect(try await s.get("/v1/report.txt?" + Harness.demoQuery).body == file("report.txt"))
            // The CSV rows are the CSV files' rows.
            #expect(try await s.get("/v1/rows/assignees?format=csv&" + Harness.demoQuery).body == file("assignees.csv"))
            #expect(try await s.get("/v1/rows/queues?format=csv&" + Harness.demoQuery).body == file("queues.csv"))
            #expect(
                try await s.get("/v1/rows/dispositions?format=csv&" + Harness.demoQuery).body
                    == file("dispositions.csv"))
            let schema = try await s.get("/v1/schema/summary.json")
            #expect(schema.body == (try Data(contentsOf: Self.schema)))
        }
    }

    /// The rows are flat objects Grafana's Infinity reads with root `rows`: every day of the
    /// summary with its figures, `dayStart` a full RFC 3339 timestamp with the zone's offset
    /// (a DST change moves it), rates in 0…1 or null.
    @Test func rowsAreFlatAndCarryFullTimestamps() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let summary = try SummaryJSON.decode(try await s.get("/v1/summary?" + Harness.demoQuery).body)
            let daily = try await s.get("/v1/rows/daily?" + Harness.demoQuery).json()
            let rows = try #require(daily["rows"] as? [[String: Any]])
            #expect(rows.count == 7)
            for (row, day) in zip(rows, summary.daily) {
                #expect(row["date"] as? String == day.date)
                #expect(row["dayStart"] as? String == day.date + "T00:00:00+05:30")
                #expect((row["tickets"] as? NSNumber)?.intValue == day.tickets)
                #expect((row["breached"] as? NSNumber)?.intValue == day.breached)
                #expect(row.values.allSatisfy { !($0 is [Any]) && !($0 is [String: Any]) })
                let rate = (row["breachRate"] as? NSNumber)?.doubleValue
                #expect(rate == nil || (0...1).contains(rate!))
                // (Foundation's parser may lose the last digit; the text is the shortest form.)
                let expected = day.withSLA == 0 ? nil : Double(day.breached) / Double(day.withSLA)
                #expect((rate == nil) == (expected == nil))
                if let rate, let expected { #expect(abs(rate - expected) < 1e-12) }
            }
            // New York: the day clocks go forward starts at -05:00, the next at -04:00.
            let ny = try await s.get(
                "/v1/rows/daily?from=2024-03-10&to=2024-03-11&timezone=America/New_York&asOf=2024-03-12T00:00:00Z"
            ).json()
            let starts = (ny["rows"] as? [[String: Any]])?.compactMap { $0["dayStart"] as? String }
            #expect(starts == ["2024-03-10T00:00:00-05:00", "2024-03-11T00:00:00-04:00"])
            for name in ["assignees", "queues", "sources", "priorities", "dispositions"] {
                let a = try await s.get("/v1/rows/\(name)?" + Harness.demoQuery)
                #expect(a.status == 200, "\(name)")
                let rows = try #require(try a.json()["rows"] as? [[String: Any]])
                #expect(!rows.isEmpty, "\(name)")
            }
            let sources = try #require(
                try await s.get("/v1/rows/sources?" + Harness.demoQuery).json()["rows"] as? [[String: Any]])
            #expect(sources.map { $0["source"] as? String } == summary.sources.primary.map(\.key))
            // Contact reasons: a row per reason (level 1) followed by its details (level 2),
            // the reasons adding up to the period's tickets and each reason's details to it.
            let reasons = try #require(
                try await s.get("/v1/rows/dispositions?" + Harness.demoQuery).json()["rows"] as? [[String: Any]])
            let expected = summary.dispositions.flatMap { r in
                [(r.key, "", 1, r.tickets)] + r.children.map { (r.key, $0.key, 2, $0.tickets) }
            }
            #expect(reasons.count == expected.count && reasons.count > summary.dispositions.count)
            for (row, e) in zip(reasons, expected) {
                #expect(row["reason"] as? String == e.0 && row["detail"] as? String == e.1)
                #expect((row["level"] as? NSNumber)?.intValue == e.2 && (row["tickets"] as? NSNumber)?.intValue == e.3)
            }
            let levelOne = reasons.filter { ($0["level"] as? NSNumber)?.intValue == 1 }
            #expect(
                levelOne.compactMap { ($0["tickets"] as? NSNumber)?.intValue }.reduce(0, +) == summary.totals.tickets)
            let csv = try await s.get("/v1/rows/daily?format=csv&" + Harness.demoQuery)
            #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("date,dayStart,tickets,withSLA,breached,resolved,breachRate\r\n"))
        }
    }

    /// A client's mistake is a 4xx `application/problem+json` with one sentence naming the
    /// parameter; never a 500.
    @Test func clientMistakesAreProblems() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Harness.configuration("[serve]\nmax_days = 31\n")
        try await Harness.withServer(storePath: path, configuration: configuration) { s in
            let cases: [(String, Int, String)] = [
                ("/v1/summary?period=last-fortnight", 400, "period: 'last-fortnight' is not one of"),
                ("/v1/summary?from=2024-04-21&to=2024-04-15", 400, "to (2024-04-15) is before from (2024-04-21)"),
                ("/v1/summary?from=2024-01-01&to=2024-03-31", 400, "this server answers at most 31 ([serve] max_days)"),
                ("/v1/summary?period=last-week&timezone=Mars/Olympus", 400, "timezone: 'Mars/Olympus' is not an IANA"),
                ("/v1/summary?from=2024-04-15", 400, "from and to go together"),
                ("/v1/summary?peroid=last-week", 400, "unknown query parameter 'peroid'"),
                ("/v1/summary?asOf=yesterday", 400, "asOf: 'yesterday' is not an RFC 3339 time"),
                ("/v1/rows/weekly", 404, "no row table 'weekly'"),
                ("/v1/rows/daily?format=xml", 400, "format: 'xml' is not json or csv"),
                ("/v2/summary", 404, "no route GET /v2/summary"),
            ]
            for (route, status, detail) in cases {
                let a = try await s.get(route)
                #expect(a.status == status, "\(route)")
                #expect(a.header("Content-Type") == "application/problem+json", "\(route)")
                let problem = try a.json()
                #expect((problem["detail"] as? String)?.contains(detail) == true, "\(route): \(problem)")
                #expect((problem["status"] as? NSNumber)?.intValue == status)
                #expect(!a.text.contains("Swift") && !a.text.contains(".swift"), "\(route)")
            }
        }
    }

    /// ETag and 304; gzip when asked; the security headers; a strict CSP on the dashboard
    /// (its inline script and style allowed by hash, nothing external in the page).
    @Test func cachingCompressionAndHeaders() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let first = try await s.get("/v1/summary?" + Harness.demoQuery)
            let etag = try #require(first.header("ETag"))
            #expect(first.header("Cache-Control")?.contains("max-age=") == true)
            let again = try await s.get("/v1/summary?" + Harness.demoQuery, headers: [("If-None-Match", etag)])
            #expect(again.status == 304 && again.body.isEmpty)
            let other = try await s.get("/v1/summary?" + Harness.demoQuery, headers: [("If-None-Match", "\"x\"")])
            #expect(other.status == 200)
            let zipped = try await s.get("/v1/summary?" + Harness.demoQuery, headers: [("Accept-Encoding", "gzip")])
            #expect(zipped.header("Content-Encoding") == "gzip")
            let sent = try #require(zipped.header("Content-Length").flatMap { Int($0) })
            #expect(sent * 4 < first.body.count)
            // (The shared client may have inflated it already.)
            let inflated = zipped.body.starts(with: [0x1F, 0x8B]) ? try Harness.gunzip(zipped.body) : zipped.body
            #expect(inflated == first.body)
            let refused = try await s.get(
                "/v1/summary?" + Harness.demoQuery, headers: [("Accept-Encoding", "gzip;q=0")])
            #expect(refused.header("Content-Encoding") == nil)
            #expect(first.header("X-Content-Type-Options") == "nosniff")

            let page = try await s.get("/")
            #expect(page.status == 200)
            let csp = try #require(page.header("Content-Security-Policy"))
            #expect(csp.hasPrefix("default-src 'none'; script-src 'sha256-"))
            #expect(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe"))
            #expect(page.header("X-Frame-Options") == "DENY")
            #expect(page.header("Referrer-Policy") == "no-referrer")
            for external in ["src=\"http", "href=\"http", "@import", "url(http", "<link", "src=\"/"] {
                #expect(!page.text.contains(external), "\(external)")
            }
            let report = try await s.get("/v1/report.html?" + Harness.demoQuery)
            #expect(report.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            #expect(try await s.get("/healthz").text == "ok\n")
        }
    }

    /// 100 concurrent requests for a summary nobody asked for yet: one computation (seen in
    /// `/metrics`), 100 identical answers; a write to the store starts a new one.
    @Test func concurrentColdRequestsShareOneComputation() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let bodies = try await withThrowingTaskGroup(of: Data.self) { group in
                for _ in 0..<100 { group.addTask { try await s.get("/v1/summary?" + Harness.demoQuery).body } }
                return try await group.reduce(into: [Data]()) { $0.append($1) }
            }
            #expect(bodies.count == 100 && Set(bodies).count == 1)
            #expect(try await s.metric("slareport_summary_computations_total") == 1)
            #expect(try await s.metric("slareport_summary_cache_hits_total") == 99)
            #expect(try await s.metric("slareport_http_requests_total", "route=\"/v1/summary\",status=\"200\"") == 100)
            // A write in another connection (as a pull in another process) makes it stale.
            try TicketStores.open(path).markImported(
                days: [LocalDate("2024-04-15")!: ImportedDay(tickets: 0)], at: Date())
            _ = try await s.get("/v1/summary?" + Harness.demoQuery)
            #expect(try await s.metric("slareport_summary_computations_total") == 2)
            let buckets = try await s.get("/metrics").text
            #expect(buckets.contains("slareport_http_request_duration_seconds_bucket{"))
            #expect(buckets.contains("slareport_summary_computation_duration_seconds_count 2"))
        }
    }

    /// `last-week` and `yesterday` follow the server's clock: at midnight of the report zone
    /// the period moves on, without a restart; within a day the summary for "now" is reused.
    @Test func relativePeriodsRollOverAtMidnightOfTheReportZone() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock(parseRFC3339("2024-04-21T23:59:00+05:30")!)
        try await Harness.withServer(storePath: path, configuration: Configuration(), clock: clock) { s in
            let before = try await s.get("/v1/summary?period=yesterday").json()
            #expect((before["period"] as? [String: Any])?["from"] as? String == "2024-04-20")
            clock.advance(120)
            let after = try await s.get("/v1/summary?period=yesterday").json()
            #expect((after["period"] as? [String: Any])?["from"] as? String == "2024-04-21")
            let week = try await s.get("/v1/summary?period=last-week").json()
            #expect((week["period"] as? [String: Any])?["from"] as? String == "2024-04-15")
            // The zone is the query's: in New York it is still the 22nd's afternoon before.
            let ny = try await s.get("/v1/summary?period=yesterday&timezone=America/New_York").json()
            #expect((ny["period"] as? [String: Any])?["from"] as? String == "2024-04-20")
            let computed = try await s.metric("slareport_summary_computations_total")
            _ = try await s.get("/v1/summary?period=yesterday")
            #expect(try await s.metric("slareport_summary_computations_total") == computed)
        }
    }

    /// A client holding the summary's ETag gets 304 until the store changes; after a write
    /// (an import in another connection, as a pull in another process) the same request is a
    /// 200 with a new tag and the new ticket counted.
    @Test func aStoreWriteChangesTheETagAndGivesA200() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let route = "/v1/summary?" + Harness.demoQuery
            let first = try await s.get(route)
            let tag = try #require(first.header("ETag"))
            let tickets = try #require((try first.json()["totals"] as? [String: Any])?["tickets"] as? Int)
            #expect(try await s.get(route, headers: [("If-None-Match", tag)]).status == 304)
            let file = folder.appendingPathComponent("new.json")
            try Data(
                #"{"status":"success","message":[{"ticketId":"etag-test-1","date":"16-04-2024 10:00","status":"Pending"}]}"#
                    .utf8
            ).write(to: file)
            _ = try ImportJob.run(inputs: [file.path], storePath: path, accountTimeZone: Harness.kolkata)
            let after = try await s.get(route, headers: [("If-None-Match", tag)])
            #expect(after.status == 200)
            let newTag = try #require(after.header("ETag"))
            #expect(newTag != tag)
            #expect((try after.json()["totals"] as? [String: Any])?["tickets"] as? Int == tickets + 1)
            #expect(try await s.get(route, headers: [("If-None-Match", newTag)]).status == 304)
        }
    }

    /// The dashboard's CSP names exactly the SHA-256 of each inline script and style of the
    /// page as served, computed here by a second implementation (Python's hashlib over the
    /// bytes the server sent), so an edit to the page that the policy missed fails here, not
    /// only in a browser.
    @Test func theDashboardPolicyHashesAreThePagesOwn() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let page = try await s.get("/")
            let csp = try #require(page.header("Content-Security-Policy"))
            let file = folder.appendingPathComponent("page.html")
            try page.body.write(to: file)
            let script = """
                import base64, hashlib, re, sys
                page = open(sys.argv[1], encoding="utf-8").read()
                for tag in ("script", "style"):
                    bodies = re.findall("<%s>(.*?)</%s>" % (tag, tag), page, re.S)
                    print(tag, " ".join("'sha256-%s'" % base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in bodies))
                """
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", "-c", script, file.path]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            try #require(p.terminationStatus == 0, "python3 is needed for this test")
            var expected: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1)
                expected[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            let scripts = try #require(expected["script"])
            let styles = try #require(expected["style"])
            #expect(!scripts.isEmpty && !styles.isEmpty)
            #expect(csp.contains("script-src \(scripts);"), "\(csp)")
            #expect(csp.contains("style-src \(styles);"), "\(csp)")
        }
    }
}
