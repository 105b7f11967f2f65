import Foundation
import KaptureTestSupport
import Testing
import TicketModel

/// Days that are right in every zone, from files and from the store alike: a ticket counts on
/// its wall time's day when the report zone is the account zone, and on its instant's day
/// in the report zone otherwise (docs/METRICS.md, "Days"). Expected counts come from
/// `ReferenceZone`, a brute-force second implementation.
@Suite struct DayAttributionTests {
    struct Case: Sendable, CustomStringConvertible {
        var accountZone: String
        var day: String
        var otherZone: String
        var description: String { "\(accountZone) \(day)" }
    }

    static let cases = [
        // A day without midnight: Santiago jumps from 00:00 to 01:00 (the reported case).
        Case(accountZone: "America/Santiago", day: "2024-09-08", otherZone: "UTC"),
        Case(accountZone: "Asia/Beirut", day: "2024-03-31", otherZone: "Europe/London"),
        Case(accountZone: "Africa/Cairo", day: "2024-04-26", otherZone: "Asia/Kolkata"),
        // A repeated hour, a 25-hour day.
        Case(accountZone: "America/New_York", day: "2024-11-03", otherZone: "UTC"),
        Case(accountZone: "Europe/London", day: "2024-10-27", otherZone: "America/New_York"),
        // A 30-minute shift, beside a zone that shifts an hour the same night.
        Case(accountZone: "Australia/Lord_Howe", day: "2024-10-06", otherZone: "Australia/Sydney"),
        Case(accountZone: "Australia/Lord_Howe", day: "2024-04-07", otherZone: "Asia/Kolkata"),
        // A 23-hour day.
        Case(accountZone: "America/New_York", day: "2024-03-10", otherZone: "Asia/Kolkata"),
    ]

    /// Tickets every 15 minutes of wall time over the eight days around the transition,
    /// those in a skipped or repeated hour among them, one response file per day.
    static func writeTickets(_ c: Case, into folder: URL) throws -> [(id: String, wall: Int64)] {
        let day = LocalDate(c.day)!
        var all: [(id: String, wall: Int64)] = []
        for offset in -3...4 {
            let d = day.adding(days: offset)
            var tickets: [JSONValue] = []
            for minute in stride(from: 0, to: 1440, by: 15) {
                let id = "\(d.daysSinceEpoch)-\(minute)"
                let wall = Int64(d.daysSinceEpoch) * 86_400 + Int64(minute * 60)
                let text = String(format: "%02d-%02d-%04d %02d:%02d", d.day, d.month, d.year, minute / 60, minute % 60)
                tickets.append(
                    .object([("ticketId", .string(id)), ("date", .string(text)), ("status", .string("Open"))]))
                all.append((id, wall))
            }
            let envelope = JSONValue.object([
                ("totalCount", .number(String(tickets.count))), ("message", .array(tickets)),
                ("status", .string("success")),
            ])
            try Data(envelope.jsonText.utf8).write(to: folder.appendingPathComponent("kapture-\(d).json"))
        }
        return all
    }

    static func expectedDay(_ wall: Int64, account: TimeZone, report: TimeZone) -> LocalDate {
        if account.identifier == report.identifier {
            return LocalDate(daysSinceEpoch: Int(wall / 86_400))  // the wall time's own day
        }
        return ReferenceZone.day(report, ReferenceZone.instant(account, wall: wall))
    }

    @Test(arguments: cases)
    func ticketsCountOnTheRightDayFromFilesAndFromTheStore(_ c: Case) async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let tickets = try Self.writeTickets(c, into: input)
        let account = TimeZone(identifier: c.accountZone)!
        let day = LocalDate(c.day)!
        let store = dir.appendingPathComponent("s.sqlite").path
        let toml = dir.appendingPathComponent("slareport.toml")
        try Data("timezone = \"\(c.accountZone)\"\n".utf8).write(to: toml)
        let imported = try await slareport(["import", "--input", input.path, "--store", store, "--config", toml.path])
        #expect(imported.status == 0, "\(imported.stderr)")

        // The period the reported case used, one that is the day alone, one that ends on it,
        // one that starts on it.
        let periods = [(-2, 4), (0, 0), (-1, 0), (0, 1)]
        for reportZone in [c.accountZone, c.otherZone] {
            let report = TimeZone(identifier: reportZone)!
            var byDay: [LocalDate: Int] = [:]
            for t in tickets { byDay[Self.expectedDay(t.wall, account: account, report: report), default: 0] += 1 }
            for (a, b) in periods {
                let from = day.adding(days: a)
                let to = day.adding(days: b)
                let length = b - a + 1
                let expectedDaily = (0..<length).map { byDay[from.adding(days: $0), default: 0] }
                let expectedPrevious = (1...length).map { byDay[from.adding(days: -$0), default: 0] }.reduce(0, +)
                for source in [["--input", input.path], ["--store", store]] {
                    let out = dir.appendingPathComponent(
                        "out-\(reportZone.filter(\.isLetter))-\(a)\(b)-\(source[0].dropFirst(2))")
                    let r = try await slareport(
                        ["report"] + source + [
                            "--from", from.description, "--to", to.description, "--timezone", reportZone, "--as-of",
                            "2024-12-01T00:00:00Z", "--format", "json", "--out", out.path, "--config", toml.path,
                        ])
                    #expect(r.status == 0, "\(r.stderr)")
                    let summary = try #require(
                        try JSONSerialization.jsonObject(
                            with: Data(contentsOf: out.appendingPathComponent("summary.json")))
                            as? [String: Any])
                    let daily = try #require(summary["daily"] as? [[String: Any]])
                    let label = "\(c) reported in \(reportZone) \(from)…\(to) from \(source[0])"
                    #expect(
                        daily.map { $0["date"] as? String } == (0..<length).map { from.adding(days: $0).description },
                        "\(label)")
                    #expect(daily.map { $0["tickets"] as? Int } == expectedDaily, "\(label)")
                    let totals = try #require(summary["totals"] as? [String: Any])
                    #expect(totals["tickets"] as? Int == expectedDaily.reduce(0, +), "\(label)")
                    let completeness = try #require(summary["completeness"] as? [String: Any])
                    #expect(completeness["ticketsInPreviousPeriod"] as? Int == expectedPrevious, "\(label)")
                }
            }
        }
    }
}
