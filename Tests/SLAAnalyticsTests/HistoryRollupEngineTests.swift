import Foundation
import SLAAnalytics
import Testing
import TicketModel

/// A day added as its `HistoryRollup` counts exactly as its tickets added one by one: the
/// trend (open at each week's end, to the second), the anomaly check's days, the
/// comparison with the previous period, the movers and the completeness counts.
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
                                tat: tat, disposition: 0, dispositionDetail: 0))
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
        #expect(days == LocalDate("2024-02-19")!...LocalDate("2024-04-14")!)
        var counters: [LocalDate: HistoryRollupCounter] = [:]
        for f in facts(clock, asOf: asOf) {
            byTicket.add(f)
            let day = clock.localDate(atInstant: Int64(f.created))
            if days.contains(day) {
                counters[day, default: HistoryRollupCounter()].add(f)
            } else {
                byRollup.add(f)
            }
        }
        for (day, counter) in counters {
            let r = counter.rollup(labels: ["label 0"])
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

    /// The previous period from rollups, each day's made in two parts with label tables of
    /// their own (as two reading threads do) and merged: the comparison and the movers of
    /// queues, sources and assignees are those of its tickets added one by one.
    @Test func thePreviousPeriodFromRollupsIsItsTickets() throws {
        let options = options(asOf: "2024-04-22T00:00:00+05:30")
        let clock = ZoneClock(kolkata)
        // Two label tables, as two threads' readers have: the same texts, other ids.
        let tables = [
            ["P1", "Q-a", "Q-b", "web", "email", "Ann", "Bob", "Zed", "Orders", "(none)"],
            ["Zed", "email", "Bob", "Q-b", "web", "(none)", "Ann", "P1", "Orders", "Q-a"],
        ]
        func id(_ text: String, _ table: Int) -> Int32 { Int32(tables[table].firstIndex(of: text)!) }
        var byTicket = ReportBuilder(options: options, keysAreUnique: true)
        var byRollup = ReportBuilder(options: options, keysAreUnique: true)
        var remaps: [[Int32]] = [[], [], [], []]
        var counters: [LocalDate: [HistoryRollupCounter]] = [:]
        var state: UInt64 = 7
        func next(_ n: UInt64) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % n)
        }
        for k in 0..<2_800 {
            let day = LocalDate("2024-04-08")!.adding(days: k % 14)
            let inPeriod = options.period.contains(day)
            let table = k % 2
            let queue = next(2) == 0 ? "Q-a" : "Q-b"
            // Q-a breaches far more often in the period than before it; Ann's FTR falls.
            let breachOdds: UInt64 = queue == "Q-a" ? (inPeriod ? 2 : 10) : 5
            let assignee = Int64(next(4))  // 0: unassigned
            let names = ["Ann", "Bob", "Zed"]
            // Assignee 3's tickets of a day share one instant under two names: a tie.
            let created =
                assignee == 3 ? clock.startOfDay(day) + 7200 : clock.startOfDay(day) + Int64(next(86_400))
            let name: Int32 =
                assignee == 0 || next(9) == 0 ? -1 : id(names[assignee == 3 ? next(2) + 1 : Int(assignee) - 1], table)
            let resolved = next(3) != 0
            let f = TicketFacts(
                key: UInt64(k + 1), created: Double(created), resolved: resolved, hasSLA: next(5) != 0,
                breached: next(breachOdds) == 0, ftrYes: assignee == 1 && inPeriod ? next(4) == 0 : next(4) != 0,
                channelSwitch: next(7) == 0, priority: id("P1", table), queue: id(queue, table),
                source: id(next(3) == 0 ? "email" : "web", table), assigneeId: assignee, assigneeName: name,
                rating: Int32(next(7)), conversations: Int32(next(5)),
                tat: resolved ? Int32(next(90_000)) : TicketFacts.noTAT, disposition: id("Orders", table),
                dispositionDetail: id("(none)", table))
            byTicket.add(f, foreignLabels: tables[table], remap: &remaps[table])
            if inPeriod {
                byRollup.add(f, foreignLabels: tables[table], remap: &remaps[2 + table])
            } else {
                counters[day, default: [HistoryRollupCounter(), HistoryRollupCounter()]][table].add(f)
            }
        }
        #expect(byRollup.rollupDays == LocalDate("2024-02-19")!...LocalDate("2024-04-14")!)
        let days = try #require(byRollup.rollupDays)
        for day in (days.lowerBound.daysSinceEpoch...days.upperBound.daysSinceEpoch).map(
            LocalDate.init(daysSinceEpoch:))
        {
            let parts = counters[day] ?? [HistoryRollupCounter(), HistoryRollupCounter()]
            var r = parts[0].rollup(labels: tables[0])
            r.merge(parts[1].rollup(labels: tables[1]))
            r.sort()
            let decoded = try #require(HistoryRollup(encoded: r.encoded))
            #expect(decoded == r)
            byRollup.add(decoded, day: day)
        }
        let a = byTicket.summary()
        let b = byRollup.summary()
        #expect(a == b)
        // The fixture reaches what it is for.
        #expect(a.completeness.ticketsInPreviousPeriod == 1_400)
        #expect(a.comparison?.breachRate.previous != nil)
        #expect(a.movers.queues.contains { $0.key == "Q-a" && $0.figure == "breachRate" })
        #expect(a.movers.assignees.contains { $0.key == "1" && $0.figure == "ftrRate" })
    }
}
