import Foundation
import SLAAnalytics
import Testing
import TicketModel

/// A day added as its `HistoryRollup` counts exactly as its tickets added one by one: the
/// trend (open at each week's end, to the second), the anomaly check's days and the
/// completeness counts.
@Suite struct HistoryRollupEngineTests {
    let week = ReportPeriod(from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-21")!)!

    func options(asOf: String) -> ReportOptions {
        ReportOptions(period: week, timeZone: kolkata, asOf: parseRFC3339(asOf)!)
    }

    /// Tickets of days before the previous period, resolved at each week's end exactly, a
    /// second before and after it, never, without a TAT, with an unreadable one.
    func facts(_ clock: ZoneClock, asOf: String) -> [TicketFacts] {
        var all: [TicketFacts] = []
        let weekEnds =
            (1...8).map { clock.startOfDay(LocalDate("2024-02-26")!.adding(days: 7 * $0)) }
            + [Int64(parseRFC3339(asOf)!.timeIntervalSince1970)]
        var key: UInt64 = 1
        for day in [
            "2024-02-18", "2024-02-19", "2024-02-25", "2024-02-26", "2024-03-03", "2024-03-04", "2024-03-20",
            "2024-04-07",
        ] {
            let start = clock.startOfDay(LocalDate(day)!)
            for created in [start, start + 3600, start + 86_399] {
                var tats: [Int32] = [TicketFacts.noTAT, TicketFacts.unreadableTAT, 0, 1, 86_400 * 200]
                for end in weekEnds where end > created {
                    tats += [-1, 0, 1].map { Int32(end - created + $0) }.filter { $0 >= 0 }
                }
                for (i, tat) in tats.enumerated() {
                    for resolved in [true, false] {
                        key += 1
                        all.append(
                            TicketFacts(
                                key: key, created: Double(created), resolved: resolved, hasSLA: i % 2 == 0,
                                breached: i % 3 == 0, ftrYes: i % 4 == 0, channelSwitch: false, priority: 0, queue: 0,
                                source: 0, assigneeId: 0, assigneeName: -1, rating: Int32(i % 7), conversations: 1,
                                tat: tat))
                    }
                }
            }
        }
        return all
    }

    /// As of the start of the next day, and as of an instant inside the period (a week
    /// ends there).
    @Test(arguments: ["2024-04-22T00:00:00+05:30", "2024-04-18T15:30:17+05:30"])
    func aDaysRollupCountsAsItsTickets(asOf: String) throws {
        let options = options(asOf: asOf)
        let clock = ZoneClock(kolkata)
        var byTicket = ReportBuilder(options: options, keysAreUnique: true)
        var byRollup = ReportBuilder(options: options, keysAreUnique: true)
        let days = try #require(byRollup.rollupDays)
        #expect(days == LocalDate("2024-02-19")!...LocalDate("2024-04-07")!)
        var rollups: [LocalDate: HistoryRollup] = [:]
        for f in facts(clock, asOf: asOf) {
            byTicket.add(f)
            let day = clock.localDate(atInstant: Int64(f.created))
            if days.contains(day) {
                rollups[day, default: HistoryRollup()].add(f)
            } else {
                byRollup.add(f)
            }
        }
        for (day, r) in rollups {
            let decoded = try #require(HistoryRollup(encoded: r.encoded))
            var sorted = r
            sorted.sort()
            #expect(decoded == sorted)
            byRollup.add(decoded, day: day)
        }
        let a = byTicket.summary()
        let b = byRollup.summary()
        #expect(a == b)
        // The fixture reaches the cases it is for: some tickets open at a week's end, some
        // not known to be.
        #expect(a.trend.contains { $0.openAtEndAtLeast > 0 } && a.trend.contains { $0.openAtEndUnknown > 0 })
        #expect(a.completeness.ticketsOutsidePeriods == facts(clock, asOf: asOf).count)
    }

    /// An as-of instant inside a day before the previous period: no days from rollups.
    @Test func noRollupsWhenAWeekEndsInsideARollupDay() {
        #expect(ReportBuilder(options: options(asOf: "2024-04-03T15:30:00+05:30")).rollupDays == nil)
        #expect(ReportBuilder(options: options(asOf: "2024-04-03T00:00:00+05:30")).rollupDays != nil)
        #expect(ReportBuilder(options: options(asOf: "2024-04-18T15:30:00+05:30")).rollupDays != nil)
    }
}
