import Foundation
import KaptureTestSupport
import ReportPipeline
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
}
