import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import ReportServer
import SLAAnalytics
import SampleData
import Testing
import TicketModel

/// `/v1/tickets`: the tickets behind every figure. Over the quirky data (hostile texts,
/// duplicates, every SLA shape), the rows of a figure's parameters are as many as the
/// summary's own JSON says, for every queue, priority, source, assignee, day and SLA state;
/// pages join to the whole list with nothing twice.
@Suite struct TicketListTests {
    static let period = "from=2024-06-03&to=2024-06-09&asOf=2024-06-10T09:00:00%2B05:30"

    /// A store of the quirky set, `sample-data --days 7 --per-day 300 --seed 3`: SQLite, or
    /// PostgreSQL when `postgres`.
    static func quirkyStore(postgres: Bool = false) throws -> (folder: URL, path: String) {
        let folder = try temporaryFolder()
        let files = folder.appendingPathComponent("quirky")
        _ = try SampleDataJob.write(
            SampleGenerator(seed: 3, perDay: 300), from: LocalDate("2024-06-03")!, days: 7, jsonLines: false,
            into: files.path)
        let path = postgres ? try TestPostgres.newDatabase() : folder.appendingPathComponent("q.sqlite").path
        _ = try ImportJob.run(inputs: [files.path], storePath: path, accountTimeZone: Harness.kolkata)
        return (folder, path)
    }

    static func encoded(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// Every row of `query` (following the cursors, `limit` a page); fails on a row met twice.
    static func all(_ s: RunningServer, _ query: String, limit: Int = 1000) async throws -> [[String: Any]] {
        var rows: [[String: Any]] = []
        var cursor: String?
        var ids = Set<String>()
        repeat {
            let a = try await s.get(
                "/v1/tickets?\(query)&limit=\(limit)&\(Self.period)" + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(a.status == 200, "\(query): \(a.text.prefix(300))")
            guard a.status == 200 else { return rows }
            let body = try a.json()
            let page = try #require(body["rows"] as? [[String: Any]])
            #expect(page.count <= limit)
            for row in page {
                let id = try #require(row["ticketId"] as? String)
                #expect(ids.insert(id).inserted, "\(query): \(id) twice")
            }
            rows += page
            cursor = body["next"] as? String
            #expect((a.header("Link") != nil) == (cursor != nil))
        } while cursor != nil
        return rows
    }

    @Test(arguments: ["SQLite", "PostgreSQL"])
    func everyFiguresTicketsAreAsManyAsTheFigure(_ kind: String) async throws {
        guard kind == "SQLite" || TestPostgres.isConfigured else { return }
        let (folder, path) = try Self.quirkyStore(postgres: kind == "PostgreSQL")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let summary = try SummaryJSON.decode(try await s.get("/v1/summary?" + Self.period).body)
            #expect(summary.totals.tickets > 1500)
            let everything = try await Self.all(s, "sort=created")
            #expect(everything.count == summary.totals.tickets)
            let counts: [(String, Int)] =
                [
                    ("state=met", summary.sla.metResolved), ("state=breached-resolved", summary.sla.breachedResolved),
                    ("state=breached-open", summary.sla.breachedOpen), ("state=open-within", summary.sla.openWithinSLA),
                    ("state=no-sla", summary.sla.noSLA), ("breached=true", summary.sla.breached),
                    ("lifecycle=open", summary.totals.open), ("lifecycle=resolved", summary.totals.resolved),
                    ("ftr=yes", summary.ftr.firstTime), ("ftr=no", summary.ftr.eligible - summary.ftr.firstTime),
                    ("switched=true", summary.sources.channelSwitches),
                ]
                + summary.sla.byQueue.flatMap { g in
                    [
                        ("queue=\(Self.encoded(g.key))", g.tickets),
                        ("queue=\(Self.encoded(g.key))&breached=true", g.breached),
                    ]
                }
                + summary.sla.byPriority.map { ("priority=\(Self.encoded($0.key))", $0.tickets) }
                + summary.sla.bySource.map { ("source=\(Self.encoded($0.key))&breached=true", $0.breached) }
                + summary.sources.primary.map { ("source=\(Self.encoded($0.key))", $0.tickets) }
                + summary.assignees.flatMap { a in
                    [("assignee=\(a.id)", a.tickets), ("assignee=\(a.id)&lifecycle=open", a.open)]
                }
                + summary.daily.flatMap { d in
                    [
                        ("day=\(d.date)", d.tickets), ("day=\(d.date)&breached=true", d.breached),
                        ("day=\(d.date)&lifecycle=resolved", d.resolved),
                    ]
                }
            #expect(summary.sla.byQueue.count >= 5 && summary.assignees.count >= 5)
            for (query, expected) in counts {
                #expect(try await Self.all(s, query).count == expected, "\(query)")
            }
        }
    }

    /// Pages of 7 in each order join to the whole list, in order (ties by ticket number),
    /// nothing twice; the rows
    /// are `tickets.csv`'s with the Kapture link.
    @Test func pagesJoinToTheWholeListInEachOrder() async throws {
        let (folder, path) = try Self.quirkyStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let whole = try await Self.all(s, "priority=critical")
            for sort in ["created", "-created", "age", "-age", "tat", "-tat"] {
                let paged = try await Self.all(s, "priority=critical&sort=\(sort)", limit: 7)
                #expect(paged.count == whole.count, "\(sort)")
                #expect(
                    Set(paged.compactMap { $0["ticketId"] as? String })
                        == Set(whole.compactMap { $0["ticketId"] as? String }))
                // In the order asked for (then by ticketId), rows without the value last.
                let column = ["created": "created", "age": "ageSeconds", "tat": "tatSeconds"][
                    sort.trimmingCharacters(in: ["-"])]!
                let values = paged.map { row -> (Bool, Double, String) in
                    let id = row["ticketId"] as? String ?? ""
                    switch row[column] {
                    case let n as NSNumber: return (false, sort.hasPrefix("-") ? -n.doubleValue : n.doubleValue, id)
                    case let t as String:
                        let d = parseRFC3339(t)?.timeIntervalSince1970 ?? 0
                        return (false, sort.hasPrefix("-") ? -d : d, id)
                    default: return (true, 0, id)
                    }
                }
                // (Ties are by the ticket's number: the ids here are numeric.)
                let ordered = values.sorted {
                    ($0.0 ? 1 : 0, $0.1, Int64($0.2) ?? 0) < ($1.0 ? 1 : 0, $1.1, Int64($1.2) ?? 0)
                }
                #expect(values.allSatisfy { Int64($0.2) != nil })
                #expect(values.map(\.2) == ordered.map(\.2), "\(sort)")
            }
            // The columns: tickets.csv's, then url.
            let first = try #require(whole.first)
            #expect(Set(first.keys) == Set(TicketsCSV.columns + ["url"]))
            // CSV: the same rows.
            let csv = try await s.get("/v1/tickets?priority=critical&format=csv&limit=1000&" + Self.period)
            #expect(csv.header("Content-Type") == "text/csv; charset=utf-8; header=present")
            let table = parseCSV(csv.text)
            #expect(table.first == TicketsCSV.columns + ["url"])
            #expect(table.count == whole.count + 1)
        }
    }

    /// Hostile text in the tickets' own fields reaches every output of a list as text: JSON
    /// that parses back to the same strings (U+2028 escaped), CSV whose formula cells are
    /// defused, and the dashboard's list, where it is never markup and an unsafe link is none.
    @Test func hostileTextInTheRowsIsEscapedForEachOutput() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        let queue = "<img src=x onerror=alert(1)>\u{2028}\"q\""
        let assignee = "=HYPERLINK(\"http://evil\",\"x\")"
        let tickets = [
            #"{"ticketId":"H1","date":"16-04-2024 10:00","status":"Open","slaStatus":"out of sla","queueName":"\#(queue.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\u{2028}", with: "\\u2028"))","assignedId":7,"assignedToName":"\#(assignee.replacingOccurrences(of: "\"", with: "\\\""))","url":"javascript:alert(1)"}"#,
            #"{"ticketId":"H2","date":"16-04-2024 11:00","status":"Open","slaStatus":"out of sla","queueName":"Plain","assignedId":8,"url":"https://acme.kapturecrm.com/t/H2"}"#,
        ]
        try Data(#"{"message":[\#(tickets.joined(separator: ","))]}"#.utf8).write(
            to: files.appendingPathComponent("tickets-2024-04-16.json"))
        let path = folder.appendingPathComponent("h.sqlite").path
        _ = try ImportJob.run(inputs: [files.path], storePath: path, accountTimeZone: Harness.kolkata)
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let json = try await s.get("/v1/tickets?" + Harness.demoQuery)
            #expect(!json.text.contains("\u{2028}"), "U+2028 is escaped")
            let rows = try #require(try json.json()["rows"] as? [[String: Any]])
            let h1 = try #require(rows.first { $0["ticketId"] as? String == "H1" })
            #expect(h1["queue"] as? String == queue)
            #expect(h1["assignee"] as? String == assignee)
            // By the queue's own name, as a slice parameter.
            let byQueue = try await s.get("/v1/tickets?queue=\(Self.encoded(queue))&" + Harness.demoQuery).json()
            #expect((byQueue["rows"] as? [[String: Any]])?.count == 1)
            let csv = try await s.get("/v1/tickets?format=csv&" + Harness.demoQuery).text
            let table = parseCSV(csv)
            let row = try #require(table.first { $0.first == "H1" })
            #expect(row[6] == "'" + assignee, "a formula is defused")
            #expect(!csv.contains("\n=HYPERLINK") && !csv.contains(",=HYPERLINK"))
            if Browser.path != nil || Browser.required {
                try #require(Browser.path != nil, "install chromium (apt-get install chromium) to test the dashboard")
                let dom = try await Browser.dumpDOM("\(s.baseURL)/?\(Harness.demoQuery)#tickets?lifecycle=open")
                let list = try #require(
                    dom.range(of: "<tr data-ticket=\"H1\">").map { String(dom[$0.lowerBound...].prefix(600)) })
                #expect(list.contains("&lt;img src=x onerror=alert(1)&gt;"))
                #expect(!dom.contains("<img src=x"))
                #expect(!dom.contains("href=\"javascript:"), "an unsafe link is not a link")
                #expect(dom.contains("href=\"https://acme.kapturecrm.com/t/H2\""))
            }
        }
    }

    @Test func badListParametersAreProblems() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let page = try await s.get("/v1/tickets?limit=5&" + Harness.demoQuery).json()
            let cursor = try #require(page["next"] as? String)
            let cases: [(String, String)] = [
                (
                    "state=late",
                    "state: 'late' is not one of met, breached-resolved, breached-open, open-within, no-sla"
                ),
                ("breached=yes", "breached: 'yes' is not true or false"),
                ("lifecycle=closed", "lifecycle: 'closed' is not resolved or open"),
                ("ftr=true", "ftr: 'true' is not yes or no"),
                ("day=2024-05-01", "day: 2024-05-01 is outside the period 2024-04-15 … 2024-04-21"),
                ("day=yesterday", "day: 'yesterday' is not a YYYY-MM-DD date"),
                ("sort=priority", "sort: 'priority' is not one of created, age, tat (descending with '-')"),
                ("limit=0", "limit: '0' is not a number 1…1000"),
                ("limit=1001", "limit: '1001' is not a number 1…1000"),
                ("cursor=%3Cscript%3E", "cursor: not a cursor this server gave"),
                ("cursor=\(cursor)&sort=-created", "cursor: the cursor belongs to another query"),
                ("cursor=\(cursor)&queue=Orders", "cursor: the cursor belongs to another query"),
                ("format=xml", "format: 'xml' is not json or csv"),
                ("colour=red", "unknown query parameter 'colour'"),
            ]
            for (query, detail) in cases {
                let a = try await s.get("/v1/tickets?\(query)&" + Harness.demoQuery)
                #expect(a.status == 400, "\(query)")
                #expect(a.header("Content-Type") == "application/problem+json", "\(query)")
                #expect((try a.json()["detail"] as? String)?.contains(detail) == true, "\(query): \(a.text)")
                #expect(!a.text.contains("<script>"))
            }
            // The cursor goes on with the same parameters, whatever the page size.
            let nextPage = try await s.get("/v1/tickets?limit=50&cursor=\(cursor)&" + Harness.demoQuery)
            #expect(nextPage.status == 200)
            // A slice that matches nothing: no rows, no next page.
            let none = try await s.get("/v1/tickets?queue=%3Cb%3Enone%3C%2Fb%3E&" + Harness.demoQuery).json()
            #expect((none["rows"] as? [Any])?.isEmpty == true)
            #expect(none["next"] is NSNull)
        }
    }
}
