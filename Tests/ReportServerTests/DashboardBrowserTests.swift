import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import ReportServer
import SLAAnalytics
import Testing

/// Headless Chromium (Debian's `chromium`), if installed: `.ci/run` installs it and sets
/// SLAREPORT_REQUIRE_BROWSER=1, so there a missing browser fails instead of skipping.
enum Browser {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static var required: Bool { ProcessInfo.processInfo.environment["SLAREPORT_REQUIRE_BROWSER"] == "1" }

    /// The page's DOM after its scripts ran (10 s of virtual time: fetches answered, no wait).
    static func dumpDOM(_ url: String) async throws -> String {
        try await run(["--dump-dom", url])
    }

    static func run(_ arguments: [String]) async throws -> String {
        let profile = try temporaryFolder("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        let process = Process()
                        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
                        process.arguments =
                            [
                                "120", path!, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--user-data-dir=\(profile.path)", "--virtual-time-budget=10000",
                                "--window-size=1920,1080",
                            ] + arguments
                        let out = Pipe()
                        process.standardOutput = out
                        process.standardError = FileHandle.nullDevice
                        try process.run()
                        let data = out.fileHandleForReading.readDataToEndOfFile()
                        process.waitUntilExit()
                        return String(decoding: data, as: UTF8.self)
                    })
            }
        }
    }
}

@Suite struct DashboardBrowserTests {
    /// `data-k`/`data-v` pairs and the day columns of a DOM dump.
    static func values(_ dom: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        let pattern = try! NSRegularExpression(pattern: #"data-k="([^"]+)"[^>]*?data-v="([^"]*)""#)
        for m in pattern.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)) {
            let k = String(dom[Range(m.range(at: 1), in: dom)!])
            out[k, default: []].append(String(dom[Range(m.range(at: 2), in: dom)!]))
        }
        let days = try! NSRegularExpression(
            pattern: #"data-date="([^"]+)" data-tickets="(\d+)" data-breached="(\d+)""#)
        for m in days.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)) {
            let s = (1...3).map { String(dom[Range(m.range(at: $0), in: dom)!]) }
            out["day", default: []].append(s.joined(separator: " "))
        }
        return out
    }

    static func number(_ v: Double?) -> String { v.map { "\($0)" } ?? "null" }

    /// The page, loaded from the running server by a real browser with a feed token, shows
    /// the numbers of `/v1/summary`: the headline tiles, every day, SLA by priority, the
    /// channels, the oldest breached tickets, completeness; and no error banner.
    @Test(.enabled(if: Browser.path != nil || Browser.required))
    func theDashboardShowsTheSummarysNumbers() async throws {
        try #require(Browser.path != nil, "install chromium (apt-get install chromium) to test the dashboard")
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = FeedTokens.newToken()
        try await Harness.withServer(
            storePath: path, configuration: Configuration(), tokens: FeedTokens(hashes: [FeedTokens.hash(token)])
        ) { s in
            let summary = try SummaryJSON.decode(
                try await s.get("/v1/summary?" + Harness.demoQuery, headers: [("Authorization", "Bearer \(token)")])
                    .body)
            let dom = try await Browser.dumpDOM("\(s.baseURL)/?\(Harness.demoQuery)&token=\(token)")
            let v = Self.values(dom)
            #expect(v["totals.tickets"] == ["\(summary.totals.tickets)"], "\(dom.prefix(400))")
            #expect(v["sla.breachRate"] == [Self.number(summary.sla.breachRate)])
            #expect(v["ftr.rate"] == [Self.number(summary.ftr.rate)])
            #expect(v["backlog.open"] == ["\(summary.backlog.open)"])
            #expect(v["csat.mean"] == [Self.number(summary.csat.mean)])
            #expect(v["day"] == summary.daily.map { "\($0.date) \($0.tickets) \($0.breached)" })
            #expect(v["priority.tickets"] == summary.sla.byPriority.map { "\($0.tickets)" })
            #expect(v["priority.breached"] == summary.sla.byPriority.map { "\($0.breached)" })
            #expect(v["source.tickets"] == summary.sources.primary.prefix(8).map { "\($0.tickets)" })
            #expect(v["attention.ticketId"] == summary.oldestBreachedOpen.prefix(8).map(\.ticketId))
            #expect(dom.contains("data-state=\"ok\""))
            #expect(dom.contains("2024-04-15 – 2024-04-21 (Asia/Kolkata)"))
        }
    }

    /// Every number opens its tickets: a queue's breached count is a link to its list, and
    /// following it (what a click does) lists exactly that queue's breached tickets, each
    /// linking to Kapture; the count is the summary's own.
    @Test(.enabled(if: Browser.path != nil || Browser.required))
    func aQueuesBreachedCountOpensExactlyThoseTickets() async throws {
        try #require(Browser.path != nil, "install chromium (apt-get install chromium) to test the dashboard")
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let summary = try SummaryJSON.decode(try await s.get("/v1/summary?" + Harness.demoQuery).body)
            let queue = try #require(summary.sla.byQueue.first { $0.key == "Billing & Payments" })
            #expect(queue.breached > 0)
            let dom = try await Browser.dumpDOM("\(s.baseURL)/?\(Harness.demoQuery)")
            // The link the breached count carries (the DOM writes & as &amp;).
            let link = try #require(
                Self.firstMatch(
                    #"href="(#tickets\?[^"]+)" data-drill="queue.breached" data-group="Billing &amp; Payments""#,
                    in: dom)
            )
            .replacingOccurrences(of: "&amp;", with: "&")
            #expect(link == "#tickets?queue=Billing%20%26%20Payments&breached=true")
            // Every tile, priority, source, assignee and day opens a list too.
            for key in [
                "tickets", "breached", "ftr", "backlog", "csat", "priority.tickets", "priority.breached",
                "queue.tickets", "source.tickets", "assignee.tickets",
            ] {
                #expect(dom.contains("data-drill=\"\(key)\""), "\(key)")
            }
            #expect(dom.contains("class=\"day drill\" href=\"#tickets?day=2024-04-15\""))
            // A breached open ticket of the attention list is its Kapture page.
            #expect(
                dom.range(
                    of:
                        #"data-k="attention.ticketId" data-v="[0-9]+"><a class="drill" href="https://acme\.kapturecrm\.com/[^"]+" target="_blank" rel="noopener noreferrer""#,
                    options: .regularExpression) != nil)
            let list = try await Browser.dumpDOM("\(s.baseURL)/?\(Harness.demoQuery)\(link)")
            let rows = Self.matches(#"<tr data-ticket="([^"]+)">(.*?)</tr>"#, in: list)
            #expect(rows.count == queue.breached, "\(list.suffix(2000))")
            #expect(list.contains("data-state=\"all\""))
            for (_, row) in rows {
                #expect(row.contains("<td>Billing &amp; Payments</td>"))
                #expect(row.contains("<td>Breached, resolved</td>") || row.contains("<td>Breached, still open</td>"))
                #expect(row.contains("target=\"_blank\" rel=\"noopener noreferrer\""))
            }
            // The rows are the feed's list of those tickets.
            let feed = try await s.get(
                "/v1/tickets?queue=Billing%20%26%20Payments&breached=true&limit=1000&" + Harness.demoQuery)
            let ids = try #require(try feed.json()["rows"] as? [[String: Any]]).compactMap { $0["ticketId"] as? String }
            #expect(Set(rows.map(\.0)) == Set(ids))
        }
    }

    /// `?slice=NAME` on the page shows one team: its title and its numbers.
    @Test(.enabled(if: Browser.path != nil || Browser.required))
    func aSliceOnThePageShowsOneTeam() async throws {
        try #require(Browser.path != nil, "install chromium (apt-get install chromium) to test the dashboard")
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Harness.configuration(
            "[[slice]]\nname = \"vip\"\ntitle = \"VIP <desk>\"\nwhere = { queue = \"VIP Desk\" }\n")
        try await Harness.withServer(storePath: path, configuration: configuration) { s in
            let whole = try SummaryJSON.decode(try await s.get("/v1/summary?" + Harness.demoQuery).body)
            let vip = try #require(whole.sla.byQueue.first { $0.key == "VIP Desk" })
            let dom = try await Browser.dumpDOM("\(s.baseURL)/?slice=vip&\(Harness.demoQuery)")
            #expect(Self.values(dom)["totals.tickets"] == ["\(vip.tickets)"])
            #expect(dom.contains("<h1 id=\"title\">SLAReport · VIP &lt;desk&gt;</h1>"))
            #expect(dom.contains("data-state=\"ok\""))
        }
    }

    /// Due next counts down on the page's clock between refreshes: the summary's as-of plus
    /// the browser's (virtual) time since it was shown. As of Monday 09:00 on a 24x7 target of
    /// 10 hours (worked out by hand): D1, created Sunday 23:00:03, is due at 09:00:03 (3 s
    /// left); D2, Sunday 23:30, at 09:30 (30 min); D3, Sunday 20:00, was due at 06:00 (3 h
    /// late). After the ten seconds of virtual time the browser runs, D1 has turned overdue
    /// (red), D2 has counted down and stays due soon (amber), D3 is later still.
    @Test(.enabled(if: Browser.path != nil || Browser.required))
    func dueNextCountsDownBetweenRefreshes() async throws {
        try #require(Browser.path != nil, "install chromium (apt-get install chromium) to test the dashboard")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tickets = [
            ("D1", "21-04-2024 23:00:03", "Open"), ("D2", "21-04-2024 23:30:00", "Open"),
            ("D3", "21-04-2024 20:00:00", "Open"), ("R1", "21-04-2024 22:00:00", "Closed"),
        ].map { id, created, status in
            #"{"ticketId":"\#(id)","date":"\#(created)","status":"\#(status)","tat":"1 Hr 0 Min","taskTitle":"<b>\#(id)</b>","url":"https://k.example/\#(id)"}"#
        }
        let input = folder.appendingPathComponent("tickets-2024-04-21.json")
        try Data(#"{"message":[\#(tickets.joined(separator: ","))]}"#.utf8).write(to: input)
        let path = folder.appendingPathComponent("s.sqlite").path
        _ = try ImportJob.run(inputs: [input.path], storePath: path, accountTimeZone: Harness.kolkata)
        let configuration = try Harness.configuration("[[target]]\nresolve_within = \"10h\"\nat_risk = \"1h\"\n")
        try await Harness.withServer(storePath: path, configuration: configuration) { s in
            let summary = try SummaryJSON.decode(try await s.get("/v1/summary?" + Harness.demoQuery).body)
            let due = try #require(summary.targets?.dueNext)
            #expect(due.dueSoon.tickets.map(\.ticketId) == ["D1", "D2"])
            #expect(due.dueSoon.tickets.map(\.businessSecondsLeft) == [3, 1_800])
            #expect(due.overdue.tickets.map(\.ticketId) == ["D3"])
            #expect(due.overdue.tickets.map(\.deadline) == ["2024-04-22T06:00:00+05:30"])
            let dom = try await Browser.dumpDOM("\(s.baseURL)/?\(Harness.demoQuery)")
            let v = Self.values(dom)
            #expect(v["due.ticketId"] == ["D1", "D2", "D3"], "\(dom.prefix(400))")
            // R1, resolved in 1 h of its 10: the met rate is 1 of 1.
            #expect(v["targets.metRate"] == ["1"] && summary.targets?.metRate == 1)
            let left = (v["due.left"] ?? []).compactMap { Int($0) }
            let states = Self.matches(#"class="n countdown ([a-z-]+)"[^>]*data-k="due.left""#, in: dom).map(\.0)
            #expect(left.count == 3 && states == ["overdue", "due-soon", "overdue"], "\(left) \(states)")
            if left.count == 3 {
                #expect(left[0] < 0)
                #expect(left[1] < 1_800 && left[1] >= 1_800 - 11)
                #expect(left[2] < -10_800)
            }
            // Hostile text stays text.
            #expect(dom.contains("D1 · &lt;b&gt;D1&lt;/b&gt;"))
        }
    }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        matches(pattern, in: text).first?.0
    }

    /// The first and second groups of each match of `pattern` (`.` matching newlines too).
    static func matches(_ pattern: String, in text: String) -> [(String, String)] {
        guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else {
            return []
        }
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            let group = { (i: Int) in
                i < m.numberOfRanges ? Range(m.range(at: i), in: text).map { String(text[$0]) } ?? "" : ""
            }
            return (group(1), group(2))
        }
    }

    /// With the server gone, the page says so (and keeps the numbers it had).
    @Test(.enabled(if: Browser.path != nil || Browser.required))
    func anUnreachableServerIsShown() async throws {
        try #require(Browser.path != nil, "install chromium (apt-get install chromium) to test the dashboard")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("index.html")
        // The page as served, opened where no feed answers (file:// has no /v1/summary).
        let (storeFolder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: storeFolder) }
        let html = try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            try await s.get("/").body
        }
        try html.write(to: page)
        let dom = try await Browser.dumpDOM(page.absoluteString)
        #expect(dom.contains("data-state=\"down\""))
        #expect(dom.contains("Server unreachable"))
    }
}
