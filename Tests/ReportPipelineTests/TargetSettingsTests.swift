import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import SLAAnalytics
import Testing
import TicketModel

/// `[[calendar]]` and `[[target]]`: read as written, and every bad value one sentence naming
/// its key (exit 64).
@Suite struct TargetSettingsTests {
    @Test func calendarsAndTargetsAreRead() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240815\nEND:VEVENT\nEND:VCALENDAR\n".utf8)
            .write(to: dir.appendingPathComponent("holidays.ics"))
        let path = dir.appendingPathComponent("slareport.toml").path
        let c = try Configuration.parse(
            """
            [[calendar]]
            name = "india-office"
            timezone = "Asia/Kolkata"
            hours = { mon = "09:00-18:00", tue = "09:00-13:00,14:00-18:00", fri = "22:00-06:00", sat = "10:00-14:00" }
            holidays = ["2024-01-26", "2024-03-25"]
            holidays_file = "holidays.ics"

            [[target]]
            priority = ["Critical"]
            queue = "Billing & Payments"
            resolve_within = "4h"
            calendar = "india-office"
            at_risk = "30m"

            [[target]]
            resolve_within = "1h30m"
            """, path: path)
        let office = try #require(c.calendars.first)
        #expect(office.name == "india-office" && office.clock.timeZone.identifier == "Asia/Kolkata")
        #expect(office.week[0] == [BusinessCalendar.Span(start: 32_400, end: 64_800)])
        #expect(office.week[1].count == 2 && office.week[2].isEmpty)
        #expect(office.week[4] == [BusinessCalendar.Span(start: 79_200, end: 108_000)])
        #expect(office.holidays == Set(["2024-01-26", "2024-03-25", "2024-08-15"].compactMap { LocalDate($0) }))
        #expect(c.targets.count == 2)
        #expect(c.targets[0].priorities == ["critical"] && c.targets[0].queues == ["Billing & Payments"])
        #expect(c.targets[0].resolveWithin == 4 * 3600 && c.targets[0].atRisk == 1800)
        #expect(c.targets[0].calendar == office)
        #expect(c.targets[1].calendar == .allHours && c.targets[1].resolveWithin == 5400)
        #expect(c.targets[1].atRisk == ServiceTarget.defaultAtRisk)
        #expect(c.targets[0].applies(priority: "critical", queue: "Billing & Payments"))
        #expect(!c.targets[0].applies(priority: "high", queue: "Billing & Payments"))
        #expect(c.targets[1].applies(priority: "high", queue: "Orders"))
        #expect(c.warnings.isEmpty)
    }

    @Test func badValuesAreOneSentenceNamingTheKey() throws {
        let calendar = "[[calendar]]\nname = \"c\"\ntimezone = \"Asia/Kolkata\"\n"
        for (toml, message) in [
            (
                calendar + "hours = { monday = \"09:00-18:00\" }",
                "t.toml: calendar[1].hours: 'monday' is not a weekday (mon, tue, wed, thu, fri, sat, sun)"
            ),
            (
                calendar + "hours = { mon = \"25:00-26:00\" }",
                "t.toml: calendar[1].hours.mon: '25:00-26:00' is not HH:MM-HH:MM (00:00 … 24:00)"
            ),
            (
                calendar + "hours = { mon = \"18:00-09:00,10:00-11:00\" }",
                "t.toml: calendar[1].hours.mon: '18:00-09:00' ends before it starts and is not the day's last span (only that one may run past midnight)"
            ),
            (
                calendar + "hours = { mon = \"09:00-13:00,12:00-18:00\" }",
                "t.toml: calendar[1].hours.mon: the spans overlap or are out of order"
            ),
            (
                calendar + "hours = { sun = \"22:00-06:00\", mon = \"05:00-09:00\" }",
                "t.toml: calendar[1].hours: sun's span past midnight runs into mon's first span"
            ),
            (calendar + "hours = {}", "t.toml: calendar[1].hours opens on no day"),
            (
                calendar + "hours = { mon = \"09:00-18:00\" }\nholidays = [\"26-01-2024\"]",
                "t.toml: calendar[1].holidays: '26-01-2024' is not a YYYY-MM-DD date"
            ),
            (
                calendar + "hours = { mon = \"09:00-18:00\" }\nholidays_file = \"/nonexistent/h.ics\"",
                "t.toml: calendar[1].holidays_file: /nonexistent/h.ics cannot be read as UTF-8 text"
            ),
            (
                "[[calendar]]\nname = \"c\"\ntimezone = \"Mars/Olympus\"\nhours = { mon = \"09:00-18:00\" }",
                "t.toml: calendar[1].timezone must be an IANA time zone name such as Asia/Kolkata"
            ),
            (
                "[[target]]\nresolve_within = \"4h\"\ncalendar = \"office\"",
                "t.toml: target[1].calendar: 'office' is not a [[calendar]]; the calendars are 24x7"
            ),
            (
                "[[target]]\nresolve_within = \"4 hours\"",
                "t.toml: target[1].resolve_within must be business time in hours and minutes, such as \"4h\" or \"1h30m\""
            ),
            (
                "[[target]]\nresolve_within = \"2d\"",
                "t.toml: target[1].resolve_within must be business time in hours and minutes, such as \"4h\" or \"1h30m\""
            ),
            (
                "[[target]]\npriority = \"high\"",
                "t.toml: target[1].resolve_within must be business time in hours and minutes, such as \"4h\" or \"1h30m\""
            ),
            (
                "[[target]]\nresolve_within = \"4h\"\nteam = \"x\"",
                "t.toml: target[1]: unknown key 'team'; a target has priority, queue, resolve_within, at_risk, calendar"
            ),
        ] {
            do {
                _ = try Configuration.parse(toml, path: "t.toml")
                Issue.record("accepted: \(toml)")
            } catch {
                #expect(error.message == message)
                #expect(error.kind == .usage)
            }
        }
    }

    /// The target figures of a hand-made week, worked out by hand: an office calendar
    /// (Monday–Friday 09:00–18:00, Asia/Kolkata), critical tickets within 4 business hours,
    /// the others within 16 hours on 24x7; as of Monday 2024-04-22 09:00.
    @Test func targetFiguresAreAsWorkedOutByHand() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        // id, priority, created, status, tat, slaStatus
        let tickets: [(String, String, String, String, String, String)] = [
            ("T1", "critical", "15-04-2024 10:00", "Closed", "3 Hr 0 Min", "within sla"),  // 3 h: met
            ("T2", "critical", "15-04-2024 16:00", "Closed", "20 Hr 0 Min", "out of sla"),  // Mon 2 h + Tue 3 h: missed
            ("T3", "critical", "19-04-2024 17:00", "Open", "", "out of sla"),  // Fri 1 h by Mon 09:00: within
            // Fri 14:00–18:00: the 4 h spent at Friday's close; within, due when Monday opens.
            ("T9", "critical", "19-04-2024 14:00", "Open", "", ""),
            ("T4", "critical", "17-04-2024 10:00", "Open", "", ""),  // Wed 8 h + Thu 9 h + Fri 9 h: overdue
            ("T5", "high", "20-04-2024 10:00", "Closed", "10 Hr 0 Min", ""),  // 24x7, 10 h: met
            ("T6", "high", "21-04-2024 08:00", "Closed", "", ""),  // no TAT: neither
            ("T7", "low", "16-04-2024 09:00", "Closed", "1 Day 2 Hr", ""),  // 24x7, 26 h: missed
            // The week before: Tue 10:00, 2 h: met (the comparison's previous period).
            ("T8", "critical", "09-04-2024 10:00", "Closed", "2 Hr 0 Min", "within sla"),
        ]
        let objects = tickets.map { t in
            #"{"ticketId":"\#(t.0)","priority":"\#(t.1)","date":"\#(t.2)","status":"\#(t.3)","tat":"\#(t.4)","slaStatus":"\#(t.5)","queueName":"Orders","taskTitle":"Title <\#(t.0)>","url":"https://k.example/\#(t.0)"}"#
        }
        try Data(#"{"message":[\#(objects.joined(separator: ","))]}"#.utf8).write(
            to: files.appendingPathComponent("tickets-2024-04-17.json"))
        let c = try Configuration.parse(
            """
            [[calendar]]
            name = "office"
            timezone = "Asia/Kolkata"
            hours = { mon = "09:00-18:00", tue = "09:00-18:00", wed = "09:00-18:00", thu = "09:00-18:00", fri = "09:00-18:00" }
            [[target]]
            priority = "critical"
            resolve_within = "4h"
            at_risk = "3h"
            calendar = "office"
            [[target]]
            resolve_within = "16h"
            """, path: dir.appendingPathComponent("t.toml").path)
        let options = try PeriodSelection(from: "2024-04-15", to: "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
            .resolve(configuration: c)
        let kolkata = TimeZone(identifier: "Asia/Kolkata")!
        let store = dir.appendingPathComponent("s.sqlite").path
        _ = try ImportJob.run(inputs: [files.path], storePath: store, accountTimeZone: kolkata)
        var sources: [(String, ReportSource)] = [("files", .files([files.path])), ("SQLite", .store(store))]
        if TestPostgres.isConfigured {
            let pg = try TestPostgres.newDatabase()
            _ = try ImportJob.run(inputs: [files.path], storePath: pg, accountTimeZone: kolkata)
            sources.append(("PostgreSQL", .store(pg)))
        }
        func g(_ key: String, _ n: Int, met: Int = 0, missed: Int = 0, within: Int = 0, overdue: Int = 0) -> TargetGroup
        {
            TargetGroup(
                key: key, tickets: n, met: met, missed: missed, openWithin: within, openOverdue: overdue,
                metRate: met + missed == 0 ? nil : Double(met) / Double(met + missed))
        }
        func due(_ id: String, _ created: String, _ deadline: String, _ left: Int) -> DueTicket {
            DueTicket(
                ticketId: id, title: "Title <\(id)>", url: "https://k.example/\(id)", assigneeId: 0,
                assignee: "Unassigned", priority: "critical", queue: "Orders", createdAt: created, deadline: deadline,
                businessSecondsLeft: left, resolveWithinSeconds: 14_400, calendar: "office")
        }
        let expected = TargetFigures(
            targets: 2, withTarget: 8, met: 2, missed: 2, openWithin: 2, openOverdue: 1, resolvedWithoutTime: 1,
            metRate: 0.5,
            byPriority: [
                g("critical", 5, met: 1, missed: 1, within: 2, overdue: 1), g("high", 2, met: 1),
                g("low", 1, missed: 1),
            ],
            byQueue: [g("Orders", 8, met: 2, missed: 2, within: 2, overdue: 1)],
            bySource: [g("(unknown)", 8, met: 2, missed: 2, within: 2, overdue: 1)],
            byAssignee: [g("0", 8, met: 2, missed: 2, within: 2, overdue: 1)],
            byDay: [
                g("2024-04-15", 2, met: 1, missed: 1), g("2024-04-16", 1, missed: 1), g("2024-04-17", 1, overdue: 1),
                g("2024-04-18", 0), g("2024-04-19", 2, within: 2), g("2024-04-20", 1, met: 1), g("2024-04-21", 1),
            ],
            agreement: TargetAgreement(bothBreached: 1, onlyKapture: 1, onlyTarget: 2),
            businessTAT: TATGroup(key: "all", count: 4, medianSeconds: 18_000, p90Seconds: 93_600),
            // Open by Monday 09:00: T3 1 business hour (Fri 17–18), T9 4, T4 26 (Wed 8, Thu 9, Fri 9).
            backlogAge: BusinessAge(open: 3, medianSeconds: 14_400, p90Seconds: 93_600, oldestSeconds: 93_600),
            dueNext: DueNext(
                // T9: no time left, due as Monday opens; T3: 3 h left (within at_risk 3h), due Monday 12:00.
                dueSoon: DueList(
                    count: 2,
                    tickets: [
                        due("T9", "2024-04-19T14:00:00+05:30", "2024-04-22T09:00:00+05:30", 0),
                        due("T3", "2024-04-19T17:00:00+05:30", "2024-04-22T12:00:00+05:30", 10_800),
                    ]),
                // T4: due Wednesday 14:00 (4 business hours after 10:00), 22 hours late.
                overdue: DueList(
                    count: 1, tickets: [due("T4", "2024-04-17T10:00:00+05:30", "2024-04-17T14:00:00+05:30", -79_200)])))
        for (name, source) in sources {
            let s = try ReportJob.summarize(source, options: options, accountTimeZone: kolkata)
            #expect(s.targets == expected, "\(name)")
            #expect(s.totals.tickets == 8, "\(name)")
            // The last trend week is the period; the week before holds T8 alone, met.
            #expect(s.trend.last?.targets == TrendTargets(withTarget: 8, met: 2, missed: 2, metRate: 0.5), "\(name)")
            #expect(s.trend.dropLast().last?.targets == TrendTargets(withTarget: 1, met: 1, missed: 0, metRate: 1))
            #expect(s.trend.first?.targets == TrendTargets(withTarget: 0, met: 0, missed: 0, metRate: nil))
            let metRate = try #require(s.comparison?.targetMetRate, "\(name)")
            #expect(metRate.current == 0.5 && metRate.previous == 1 && metRate.currentDenominator == 4)
            #expect(metRate.previousDenominator == 1 && metRate.significant == false)
        }
        // The text, HTML and XHTML reports show them (the XHTML validated as it is rendered).
        let summary = try ReportJob.summarize(.files([files.path]), options: options, accountTimeZone: kolkata)
        let documents = try ReportJob.render(
            summary, formats: [.text, .html, .xhtml], templatesFolder: nil, envelope: EmailEnvelope())
        let text = String(decoding: try #require(documents.first { $0.name == "report.txt" }).data, as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("Targets in business time"))
        #expect(lines.contains("All 8 2 2 2 1 50.0 %"))
        #expect(lines.contains("critical 5 1 1 2 1 50.0 %"))
        #expect(
            text.contains(
                "Breached by Kapture and by the target: 1; only by Kapture: 1; only by the target: 2. Business time to resolution: median 5 h 0 min, p90 1 d 2 h."
            ))
        for name in ["report.html", "report.xhtml"] {
            let page = String(decoding: try #require(documents.first { $0.name == name }).data, as: UTF8.self)
            #expect(page.contains("Targets in business time"), "\(name)")
        }
        // targets.csv (and /v1/rows/targets): all, then each priority, queue, source, assignee and day.
        let csv = try ReportJob.render(summary, formats: [.csv], templatesFolder: nil, envelope: EmailEnvelope())
        let rows = String(decoding: try #require(csv.first { $0.name == "targets.csv" }).data, as: UTF8.self)
            .split(separator: "\r\n").map(String.init)
        #expect(rows.first == "group,key,tickets,met,missed,openWithin,openOverdue,metRate")
        #expect(rows.dropFirst().first == "all,all,8,2,2,2,1,0.5")
        #expect(rows.contains("priority,critical,5,1,1,2,1,0.5") && rows.contains("priority,low,1,0,1,0,0,0.0"))
        #expect(rows.contains("day,2024-04-18,0,0,0,0,0,"))
        #expect(rows.count == 1 + 1 + 3 + 1 + 1 + 1 + 7)
        // As of the last year a period may name: quickly, the two open tickets overdue.
        let far = try PeriodSelection(from: "2024-04-15", to: "2024-04-21", asOf: "9998-12-30T00:00:00Z")
            .resolve(configuration: c)
        let late = try ReportJob.summarize(.files([files.path]), options: far, accountTimeZone: kolkata)
        #expect(late.targets?.openOverdue == 3 && late.targets?.openWithin == 0)
        // Without targets: no figures, and the configuration's digest is what it was.
        let plain = try ReportJob.summarize(
            .files([files.path]),
            options: try PeriodSelection(from: "2024-04-15", to: "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
                .resolve(configuration: Configuration()), accountTimeZone: kolkata)
        #expect(plain.targets == nil)
        let plainCSV = try ReportJob.render(plain, formats: [.csv], templatesFolder: nil, envelope: EmailEnvelope())
        #expect(!plainCSV.contains { $0.name == "targets.csv" })
        #expect(Configuration().reportSettingsText.hasSuffix("anomalies.minimum_samples = 4\n"))
    }
}

/// Due next over many tickets, in several files and store parts (merged across reading
/// threads), and the movers by met rate; every expected value by construction.
@Suite struct DueNextTests {
    @Test func dueNextListsTheFirstTwentyAndMoversNameTheMetRate() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        // As of Monday 2024-04-22 09:00 IST, every ticket on one 24x7 target of 10 hours.
        func ticket(_ id: String, _ created: String, _ status: String, _ tat: String, queue: String = "Orders")
            -> String
        {
            #"{"ticketId":"\#(id)","priority":"high","date":"\#(created)","status":"\#(status)","tat":"\#(tat)","queueName":"\#(queue)","taskTitle":"title \#(id)"}"#
        }
        var byDay: [String: [String]] = [:]
        // S00…S29: open, created Sunday 23:01 … 23:30: 1 … 30 minutes left, all due soon (at_risk 2h).
        for k in 0..<30 {
            byDay["2024-04-21", default: []].append(
                ticket(
                    String(format: "S%02d", k), String(format: "21-04-2024 23:%02d", k + 1), "Open", "", queue: "Chat"))
        }
        // L00…L24: open, created Saturday 10:00 … 10:24: due 20:00 … 20:24, overdue.
        for k in 0..<25 {
            byDay["2024-04-20", default: []].append(
                ticket(String(format: "L%02d", k), String(format: "20-04-2024 10:%02d", k), "Open", "", queue: "Chat"))
        }
        // Orders: 40 met in the week before (1 h), 40 missed in this one (12 h).
        for k in 0..<40 {
            let (before, now) = (8 + k % 7, 15 + k % 5)
            byDay[String(format: "2024-04-%02d", before), default: []].append(
                ticket("P\(k)", String(format: "%02d-04-2024 10:00", before), "Closed", "1 Hr 0 Min"))
            byDay[String(format: "2024-04-%02d", now), default: []].append(
                ticket("C\(k)", String(format: "%02d-04-2024 10:00", now), "Closed", "12 Hr 0 Min"))
        }
        for (day, objects) in byDay {
            try Data(#"{"message":[\#(objects.joined(separator: ","))]}"#.utf8).write(
                to: files.appendingPathComponent("tickets-\(day).json"))
        }
        let c = try Configuration.parse("[[target]]\nresolve_within = \"10h\"", path: "t.toml")
        let options = try PeriodSelection(from: "2024-04-15", to: "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
            .resolve(configuration: c)
        let kolkata = TimeZone(identifier: "Asia/Kolkata")!
        let store = dir.appendingPathComponent("s.sqlite").path
        _ = try ImportJob.run(inputs: [files.path], storePath: store, accountTimeZone: kolkata)
        for (name, source) in [("files", ReportSource.files([files.path])), ("SQLite", .store(store))] {
            let s = try ReportJob.summarize(source, options: options, accountTimeZone: kolkata)
            let due = try #require(s.targets?.dueNext, "\(name)")
            #expect(due.dueSoon.count == 30 && due.overdue.count == 25, "\(name)")
            #expect(due.dueSoon.tickets.map(\.ticketId) == (0..<20).map { String(format: "S%02d", $0) }, "\(name)")
            #expect(due.dueSoon.tickets.map(\.businessSecondsLeft) == (1...20).map { $0 * 60 }, "\(name)")
            #expect(due.overdue.tickets.map(\.ticketId) == (0..<20).map { String(format: "L%02d", $0) }, "\(name)")
            // L00 was due Saturday 20:00, 37 hours before as-of (Monday 09:00).
            #expect(due.overdue.tickets.first?.businessSecondsLeft == -37 * 3600, "\(name)")
            #expect(due.overdue.tickets.first?.deadline == "2024-04-20T20:00:00+05:30", "\(name)")
            #expect(due.overdue.tickets.allSatisfy { $0.title == "title \($0.ticketId)" }, "\(name)")
            let mover = s.movers.queues.first { $0.key == "Orders" && $0.figure == "targetMetRate" }
            #expect(mover?.current == 0 && mover?.previous == 1, "\(name)")
            #expect(mover?.currentDenominator == 40 && mover?.previousDenominator == 40, "\(name)")
            let rows = RowTables.table(.due, of: s)
            #expect(rows.rows.count == 40 && rows.columns.first == "list", "\(name)")
        }
    }
}
