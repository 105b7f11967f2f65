import Foundation
import SLAAnalytics
import Testing
import TicketModel

/// A small data set (UTC, tickets only on Mondays at 10:00) where the trend, the anomalies
/// and the movers are worked out by hand:
///
/// | Monday | tickets | breached | resolved (Closed, FTR yes, rated 4, TAT 1 h) |
/// |--------|---------|----------|-----------------------------------------------|
/// | 18 Mar | 40      | 4        | 20                                            |
/// | 25 Mar | 42      | 4        | 21                                            |
/// |  1 Apr | 40      | 4        | 20                                            |
/// |  8 Apr | 42      | 4        | 21                                            |
/// | 15 Apr | 80      | 40       | 40, one of them without a TAT                 |
///
/// (The last resolved ticket of 1 Apr took eight days: resolved 9 Apr 10:00.)
///
/// Every ticket has an SLA and is in the queue Billing; sources and assignees go round three
/// values, so none of them has 30 tickets a week. The period is the week of 15 Apr, the trend
/// three weeks, the anomaly check four weeks (k 3.5, at least 4 samples); as of 22 Apr 09:00.
struct InsightsFixture {
    static let utc = TimeZone(identifier: "UTC")!
    static let period = ReportPeriod(from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-21")!)!
    static let mondays: [(day: String, tickets: Int, breached: Int, resolved: Int)] = [
        ("2024-03-18", 40, 4, 20), ("2024-03-25", 42, 4, 21), ("2024-04-01", 40, 4, 20), ("2024-04-08", 42, 4, 21),
        ("2024-04-15", 80, 40, 40),
    ]

    static func tickets() -> [Ticket] {
        var out: [Ticket] = []
        for m in mondays {
            let created = parseRFC3339(m.day + "T10:00:00Z")!
            for i in 0..<m.tickets {
                var t = Ticket(ticketId: "\(m.day)-\(i)", createdAt: created, assignedId: Int64(1 + i % 3))
                t.assignedToName = "Agent \(1 + i % 3)"
                t.queueName = "Billing"
                t.primarySource = ["Email", "Chat", "Phone"][i % 3]
                t.priority = "high"
                t.slaStatus = i < m.breached ? "Out of SLA" : "Within SLA"
                if i >= m.tickets - m.resolved {
                    t.status = "Closed"
                    t.ftr = true
                    t.customerRating = 4
                    // The last ticket of 15 Apr is resolved without a TAT; the last of 1 Apr
                    // took eight days (resolved 9 Apr 10:00).
                    if m.day == "2024-04-01" && i == m.tickets - 1 {
                        t.tat = DurationText(raw: "8 Days", seconds: 8 * 86_400)
                    } else if !(m.day == "2024-04-15" && i == m.tickets - 1) {
                        t.tat = DurationText(raw: "1 Hrs", seconds: 3600)
                    }
                } else {
                    t.status = "Open"
                }
                out.append(t)
            }
        }
        return out
    }

    static func summary(anomalyWeeks: Int = 4) -> ReportSummary {
        let options = ReportOptions(
            period: period, timeZone: utc, asOf: parseRFC3339("2024-04-22T09:00:00Z")!, trendWeeks: 3,
            anomalies: AnomalySettings(k: 3.5, weeks: anomalyWeeks, minimumSamples: 4))
        var builder = ReportBuilder(options: options)
        for t in tickets() { builder.add(t) }
        return builder.summary()
    }
}

@Suite struct InsightsFixtureTests {
    @Test func trendWeeksByHand() {
        let t = InsightsFixture.summary().trend
        #expect(t.map(\.weekStart) == ["2024-04-01", "2024-04-08", "2024-04-15"])
        #expect(t.map(\.weekEnd) == ["2024-04-07", "2024-04-14", "2024-04-21"])
        #expect(t.map(\.tickets) == [40, 42, 80])
        #expect(t.map(\.withSLA) == [40, 42, 80])
        #expect(t.map(\.breached) == [4, 4, 40])
        #expect(t.map(\.breachRate) == [0.1, 4.0 / 42, 0.5])
        #expect(t.map(\.ftrEligible) == [20, 21, 40])
        #expect(t.map(\.ftrRate) == [1, 1, 1])
        #expect(t.map(\.csatRated) == [20, 21, 40])
        #expect(t.map(\.csatMean) == [4, 4, 4])
        // Open at each week's end, of the tickets created since 1 Apr: the resolved ones were
        // resolved an hour after creation, but one of 1 Apr on 9 Apr. Week 1: 40 − 20 + 1 =
        // 21; week 2: 20 + (42 − 21) = 41; week 3: 41 + 40 = 81, and one resolved ticket
        // without a TAT, so unknown.
        #expect(t.map(\.openAtEndAtLeast) == [21, 41, 81])
        #expect(t.map(\.openAtEndUnknown) == [0, 0, 1])
        #expect(t.map(\.openAtEnd) == [21, 41, nil])
        // One day of seven has tickets in each week: from files, the weeks are partial.
        #expect(t.map(\.daysWithData) == [1, 1, 1])
        #expect(t.map(\.complete) == [false, false, false])
    }

    /// Open at a week's end, at its bounds: a ticket resolved at the very instant a week ends
    /// is not open then, one resolved a second later is; a ticket created at that instant
    /// belongs to the next week. Weeks of the fixture's trend: 1–7, 8–14 and 15–21 April
    /// (UTC), ending at 8, 15 and 22 April 00:00.
    @Test func openAtAWeeksEndByItsBounds() {
        func ticket(_ id: String, _ created: String, tat: Int?) -> Ticket {
            var t = Ticket(ticketId: id, createdAt: parseRFC3339(created)!, assignedId: 1)
            t.status = tat == nil ? "Open" : "Closed"
            t.tat = tat.map { DurationText(raw: "\($0) s", seconds: $0) }
            return t
        }
        let tickets = [
            ticket("A", "2024-04-01T10:00:00Z", tat: 568_800),  // resolved 8 Apr 00:00: [0, 0, 0]
            ticket("B", "2024-04-01T10:00:00Z", tat: 568_801),  // a second later: [1, 0, 0]
            ticket("C", "2024-04-08T00:00:00Z", tat: nil),  // created as week 1 ends: [0, 1, 1]
            ticket("D", "2024-04-07T23:59:59Z", tat: nil),  // [1, 1, 1]
            ticket("E", "2024-04-08T00:00:00Z", tat: 604_800),  // resolved 15 Apr 00:00: [0, 0, 0]
            ticket("F", "2024-04-08T00:00:00Z", tat: 604_801),  // [0, 1, 0]
        ]
        let options = ReportOptions(
            period: InsightsFixture.period, timeZone: InsightsFixture.utc,
            asOf: parseRFC3339("2024-04-22T09:00:00Z")!, trendWeeks: 3)
        var builder = ReportBuilder(options: options)
        for t in tickets { builder.add(t) }
        #expect(builder.summary().trend.map(\.openAtEnd) == [2, 3, 2])
    }

    /// The trend's last week is the period: the same figures, exactly.
    @Test func theTrendWeekOfThePeriodIsThePeriod() {
        for s in [InsightsFixture.summary(), try! periodOfTheBundledExamples()] {
            let week = s.trend.last!
            #expect(week.weekStart == s.period.from && week.weekEnd == s.period.to)
            #expect(week.tickets == s.totals.tickets)
            #expect(week.withSLA == s.sla.withSLA)
            #expect(week.breached == s.sla.breached)
            #expect(week.breachRate == s.sla.breachRate)
            #expect(week.ftrEligible == s.ftr.eligible)
            #expect(week.ftrRate == s.ftr.rate)
            #expect(week.csatRated == s.csat.rated)
            #expect(week.csatMean == s.csat.mean)
        }
    }

    @Test func twoAnomaliesByHand() {
        let s = InsightsFixture.summary()
        // Only 15 Apr has tickets in the period: its volume and its breach rate are judged.
        let check = s.anomalyCheck
        #expect(check.k == 3.5 && check.weeks == 4 && check.minimumSamples == 4)
        #expect(check.checked == 2 && check.withoutVerdict == 0)
        #expect(s.anomalies.count == 2)
        // Volume: the Mondays before are 42, 40, 42, 40: median 41, every deviation 1, MAD 1,
        // scaled 1.4826; 41 ± 3.5 × 1.4826 = 35.8109 … 46.1891; 80 is above.
        let volume = s.anomalies[0]
        #expect(volume.date == "2024-04-15" && volume.weekday == "Monday" && volume.figure == "tickets")
        #expect(volume.observed == 80 && volume.direction == "above" && volume.samples == 4)
        #expect(volume.median == 41)
        #expect(abs(volume.expectedLow - 35.8109) < 1e-9)
        #expect(abs(volume.expectedHigh - 46.1891) < 1e-9)
        // Breach rate: 4/42, 0.1, 4/42, 0.1: median m = (4/42 + 0.1) / 2 = 0.097619, every
        // deviation (0.1 − 4/42) / 2 = 0.0023810, scaled 0.0035301; but the day's 80 tickets
        // give a binomial standard error √(m(1−m)/80) = 0.033183, the larger: the range is
        // m ± 3.5 × 0.033183 = −0.018522 … 0.213760, clipped to 0 … 0.213760; 0.5 is above.
        let rate = s.anomalies[1]
        let median = (4.0 / 42 + 0.1) / 2
        let half = 3.5 * (median * (1 - median) / 80).squareRoot()
        #expect(rate.figure == "breachRate" && rate.observed == 0.5 && rate.direction == "above")
        #expect(abs(rate.median - median) < 1e-12)
        #expect(rate.expectedLow == 0)
        #expect(abs(rate.expectedHigh - (median + half)) < 1e-12)
        #expect(abs(rate.expectedHigh - 0.213760) < 1e-6)
    }

    /// With three earlier weeks there are three Mondays to compare with, fewer than four: no
    /// verdict, no anomaly.
    @Test func tooFewWeekdaysGiveNoVerdict() {
        let s = InsightsFixture.summary(anomalyWeeks: 3)
        #expect(s.anomalies.isEmpty)
        #expect(s.anomalyCheck.checked == 2 && s.anomalyCheck.withoutVerdict == 2)
    }

    @Test func oneMoverByHand() {
        let m = InsightsFixture.summary().movers
        // Billing: 40 of 80 breached against 4 of 42 the week before. Pooled p = 44/122,
        // se = √(p(1−p)(1/80 + 1/42)), z = (0.5 − 4/42) / se ≈ 4.4, two-sided p = erfc(z/√2).
        let pooled = 44.0 / 122
        let z = (0.5 - 4.0 / 42) / (pooled * (1 - pooled) * (1.0 / 80 + 1.0 / 42)).squareRoot()
        #expect(m.queues.count == 1)
        let billing = m.queues[0]
        #expect(billing.key == "Billing" && billing.name == nil && billing.figure == "breachRate")
        #expect(billing.current == 0.5 && billing.previous == 4.0 / 42 && billing.delta == 0.5 - 4.0 / 42)
        #expect(billing.currentDenominator == 80 && billing.previousDenominator == 42)
        #expect(abs(billing.pValue - erfc(z / 2.0.squareRoot())) < 1e-15)
        #expect(billing.pValue < 1e-4)
        // FTR is 100 % both weeks (no change), and no source or assignee has 30 tickets with
        // an SLA in the week before (14 each): no other mover.
        #expect(m.sources.isEmpty && m.assignees.isEmpty)
    }
}

/// The bundled example week (files), as the CLI's demo options read it without history.
func periodOfTheBundledExamples() throws -> ReportSummary {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/responses")
    let files = try TicketInputReader.expand(paths: [folder.path])
    let reader = TicketInputReader(decoder: TicketDecoder(accountTimeZone: kolkata))
    var builder = ReportBuilder(
        options: ReportOptions(
            period: InsightsFixture.period, timeZone: kolkata, asOf: parseRFC3339("2024-04-22T09:00:00+05:30")!))
    for path in files.reversed() { builder.ingest(try reader.read(path: path)) }
    return builder.summary()
}
