import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import ReportServer
import SLAAnalytics
import Testing
import TicketModel
import TicketStore

/// The feed's slices: `slice=NAME` and the filter fields as query parameters on
/// `/v1/summary`, `/v1/rows/*` and `/v1/report.*`, and the scheduled email of a slice.
@Suite struct SliceRouteTests {
    static let toml = """
        [[slice]]
        name = "billing"
        title = "Billing <team> & returns"
        where = { queue = ["Billing & Payments", "Returns & Refunds"] }
        """
    static let queues = "queue=Billing%20%26%20Payments&queue=Returns%20%26%20Refunds"

    @Test func aSliceByNameOrByFieldsIsTheReportOfThoseTickets() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Harness.configuration(Self.toml)
        try await Harness.withServer(storePath: path, configuration: configuration) { s in
            let whole = try SummaryJSON.decode(try await s.get("/v1/summary?" + Harness.demoQuery).body)
            let named = try await s.get("/v1/summary?slice=billing&" + Harness.demoQuery)
            let inline = try await s.get("/v1/summary?\(Self.queues)&" + Harness.demoQuery)
            #expect(named.status == 200 && inline.status == 200)
            #expect(try SchemaValidator(Data(contentsOf: FeedRouteTests.schema)).errors(named.body) == [])
            #expect(try SchemaValidator(Data(contentsOf: FeedRouteTests.schema)).errors(inline.body) == [])
            let a = try SummaryJSON.decode(named.body)
            let b = try SummaryJSON.decode(inline.body)
            // The slice's tickets are the two queues' tickets of the whole report (its own JSON).
            let expected = whole.sla.byQueue.filter { ["Billing & Payments", "Returns & Refunds"].contains($0.key) }
            #expect(expected.count == 2)
            #expect(a.totals.tickets == expected.map(\.tickets).reduce(0, +))
            #expect(a.sla.breached == expected.map(\.breached).reduce(0, +))
            #expect(a.sla.byQueue.sorted { $0.key < $1.key } == expected.sorted { $0.key < $1.key })
            #expect(a.slice?.name == "billing" && a.slice?.title == "Billing <team> & returns")
            #expect(b.slice?.name == nil && b.slice?.filter[.queue] == ["Billing & Payments", "Returns & Refunds"])
            var c = b
            c.slice = a.slice
            #expect(c == a, "the same figures by name and by fields")
            // Each is its own cache entry: its own tag.
            #expect(named.header("ETag") != inline.header("ETag"))
            #expect(named.header("ETag") != (try await s.get("/v1/summary?" + Harness.demoQuery)).header("ETag"))
            // The rows and the reports of a slice.
            let rows = try await s.get("/v1/rows/queues?slice=billing&" + Harness.demoQuery).json()
            #expect(
                (rows["rows"] as? [[String: Any]])?.compactMap { $0["queue"] as? String }.sorted() == [
                    "Billing & Payments", "Returns & Refunds",
                ])
            let html = try await s.get("/v1/report.html?slice=billing&" + Harness.demoQuery).text
            #expect(html.contains("· Billing &lt;team&gt; &amp; returns</h1>"))
            let text = try await s.get("/v1/report.txt?priority=critical&" + Harness.demoQuery).text
            #expect(text.hasPrefix("SLA report · priority=critical "))
        }
    }

    @Test func aBadSliceIsAProblem() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Harness.configuration(Self.toml)
        try await Harness.withServer(storePath: path, configuration: configuration) { s in
            let cases: [(String, String)] = [
                ("/v1/summary?slice=nope", "slice: 'nope' is not a [[slice]] of the configuration; it names billing"),
                ("/v1/summary?slice=billing&queue=Orders", "slice cannot be combined with a filter field"),
                ("/v1/summary?slice=billing&slice=billing", "query parameter 'slice' is given more than once"),
                ("/v1/summary?team=Orders", "unknown query parameter 'team'; this route takes asOf, assignee,"),
                ("/v1/summary?queue=", "queue has an empty value"),
                ("/v1/rows/queues?priority=a%07", "query parameter 'priority' holds a control character"),
                (
                    "/v1/report.html?queue=%3Cscript%3E&queue=" + String(repeating: "x", count: 201),
                    "queue has a value over 200 characters"
                ),
            ]
            for (route, detail) in cases {
                let a = try await s.get(route)
                #expect(a.status == 400, "\(route)")
                #expect(a.header("Content-Type") == "application/problem+json", "\(route)")
                #expect((try a.json()["detail"] as? String)?.contains(detail) == true, "\(route): \(a.text)")
                #expect(!a.text.contains("<script>"), "\(route)")
            }
            // A filter that matches nothing is a report of no tickets, not an error.
            let none = try await s.get("/v1/summary?queue=%3Cscript%3Ealert(1)%3C%2Fscript%3E&" + Harness.demoQuery)
            #expect(none.status == 200)
            #expect(try SummaryJSON.decode(none.body).totals.tickets == 0)
        }
    }

    /// Two schedules at the same time, one of them a slice's: two emails, recorded apart,
    /// the slice's subject naming it and counting only its tickets.
    @Test func eachLeadGetsTheEmailOfTheirSlice() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mail = folder.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        let configuration = try Harness.configuration(
            Self.toml + """

                [email]
                sendmail_command = "\(try ScheduleTests.fakeSendmail(mail))"
                [[serve.schedule]]
                at = "mon 07:00"
                period = "last-week"
                to = ["head@example.com"]
                [[serve.schedule]]
                at = "mon 07:00"
                period = "last-week"
                to = ["billing-lead@example.com"]
                slice = "billing"
                """)
        let clock = TestClock(parseRFC3339("2024-04-22T07:00:30+05:30")!)
        let server = try FeedServer(
            configuration: configuration, store: try TicketStores.open(path), tokens: FeedTokens(hashes: []),
            logger: LogCapture().logger(), now: { clock.now })
        let sent = await ScheduledEmails(configuration: configuration, server: server).sendDue(now: clock.now)
        #expect(sent.count == 2 && sent.allSatisfy { $0.error == nil }, "\(sent)")
        #expect(Set(sent.map(\.schedule)).count == 2)
        let messages = try ScheduleTests.mails(mail)
        #expect(messages.count == 2)
        let lead = try #require(messages.first { $0.contains("To: billing-lead@example.com") })
        let head = try #require(messages.first { $0.contains("To: head@example.com") })
        func subject(_ m: String) -> String {
            // sendmail is handed the message with local line ends.
            let lines = m.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            guard let at = lines.firstIndex(where: { $0.hasPrefix("Subject: ") }) else { return "" }
            let folded = ([lines[at]] + lines[(at + 1)...].prefix { $0.hasPrefix(" ") }).joined(separator: " ")
            return folded.dropFirst("Subject: ".count).split(separator: " ").map { word -> String in
                guard word.hasPrefix("=?UTF-8?B?"), let d = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
                else { return String(word) + " " }
                return String(decoding: d, as: UTF8.self)
            }.joined()
        }
        let options = try PeriodSelection(from: "2024-04-15", to: "2024-04-21", asOf: "2024-04-22T07:00:00+05:30")
            .resolve(configuration: configuration)
        let whole = try ReportJob.summarize(.store(path), options: options, accountTimeZone: Harness.kolkata)
        let billing = whole.sla.byQueue.filter { ["Billing & Payments", "Returns & Refunds"].contains($0.key) }
            .map(\.tickets).reduce(0, +)
        #expect(
            subject(lead).hasPrefix(
                "SLA report · Billing <team> & returns 15 Apr 2024 – 21 Apr 2024: \(billing) tickets"))
        #expect(
            subject(head).hasPrefix(
                "SLA report 15 Apr 2024 – 21 Apr 2024: \(whole.totals.tickets.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) tickets"
            ))
    }
}
