import Foundation
import ReportRendering
import SLAAnalytics
import Testing
import TicketModel

let kolkata = TimeZone(identifier: "Asia/Kolkata")!

/// Two files of hand-made tickets (Fixtures/a-…, b-…) whose every figure was computed by
/// hand; see the comments for the arithmetic.
func fixtureSummary(timeZone: TimeZone = kolkata, asOf: String = "2024-04-17T12:00:00+05:30") throws -> ReportSummary {
    let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let files = try TicketInputReader.expand(paths: [folder.path])
    #expect(files.count == 2)
    let reader = TicketInputReader(decoder: TicketDecoder(accountTimeZone: kolkata))
    let period = ReportPeriod(from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-16")!)!
    var builder = ReportBuilder(
        options: ReportOptions(period: period, timeZone: timeZone, asOf: parseRFC3339(asOf)!))
    for path in files.reversed() { builder.ingest(try reader.read(path: path)) }
    return builder.summary()
}

@Suite struct HandComputedFixtureTests {
    // Period tickets: T1, T3 (the later file's copy, now Closed), T4, T5, T6. T2 is in the
    // previous period (23:59 the day before), T7 after it (00:00 the day after).
    @Test func totalsAndSkips() throws {
        let s = try fixtureSummary()
        #expect(s.totals.tickets == 5)
        #expect(s.totals.resolved == 4)
        #expect(s.totals.open == 1)
        #expect(s.totals.skipped == 2)
        #expect(s.totals.skippedByReason == ["missingTicketId": 1, "unparseableCreationDate": 1])
    }

    @Test func slaFiguresAndSplit() throws {
        let s = try fixtureSummary()
        #expect(s.sla.withSLA == 4)
        #expect(s.sla.breached == 2)  // T3 ("Out of SLA " trimmed) and T4
        #expect(s.sla.breachRate == 0.5)
        #expect(s.sla.metResolved == 2)
        #expect(s.sla.breachedResolved == 2)
        #expect(s.sla.breachedOpen == 0)
        #expect(s.sla.openWithinSLA == 0)
        #expect(s.sla.noSLA == 1)
        #expect(s.sla.byPriority.map(\.key) == ["high", "(none)", "low"])
        #expect(s.sla.byPriority[0] == SLAGroup(key: "high", tickets: 3, withSLA: 3, breached: 1, breachRate: 1.0 / 3))
        #expect(s.sla.byPriority[1] == SLAGroup(key: "(none)", tickets: 1, withSLA: 0, breached: 0, breachRate: nil))
        #expect(s.sla.byPriority[2] == SLAGroup(key: "low", tickets: 1, withSLA: 1, breached: 1, breachRate: 1))
        #expect(
            s.sla.byQueue == [
                SLAGroup(key: "Billing", tickets: 3, withSLA: 3, breached: 1, breachRate: 1.0 / 3),
                SLAGroup(key: "(none)", tickets: 2, withSLA: 1, breached: 1, breachRate: 1),
            ])
        #expect(s.sla.bySource.map(\.key) == ["Email", "(unknown)", "Chat"])
        #expect(s.sla.bySource[2] == SLAGroup(key: "Chat", tickets: 1, withSLA: 1, breached: 1, breachRate: 1))
        #expect(
            s.sla.byDay == [
                SLAGroup(key: "2024-04-15", tickets: 2, withSLA: 2, breached: 1, breachRate: 0.5),
                SLAGroup(key: "2024-04-16", tickets: 3, withSLA: 2, breached: 1, breachRate: 0.5),
            ])
    }

    @Test func firstTimeResolution() throws {
        let s = try fixtureSummary()
        #expect(s.ftr.eligible == 4)
        #expect(s.ftr.firstTime == 2)  // T1 and T4; T3's later copy says no, T6 says no
        #expect(s.ftr.rate == 0.5)
        #expect(
            s.ftr.bySource == [
                FTRGroup(key: "Email", eligible: 3, firstTime: 2, rate: 2.0 / 3),
                FTRGroup(key: "Chat", eligible: 1, firstTime: 0, rate: 0),
            ])
        #expect(
            s.ftr.byPriority == [
                FTRGroup(key: "high", eligible: 3, firstTime: 1, rate: 1.0 / 3),
                FTRGroup(key: "low", eligible: 1, firstTime: 1, rate: 1),
            ])
    }

    @Test func channelMix() throws {
        let s = try fixtureSummary()
        #expect(
            s.sources.primary == [
                SourceShare(key: "Email", tickets: 3, share: 0.6),
                SourceShare(key: "(unknown)", tickets: 1, share: 0.2),
                SourceShare(key: "Chat", tickets: 1, share: 0.2),
            ])
        #expect(s.sources.channelSwitches == 1)  // T3: Chat → Email
        #expect(s.sources.channelSwitchRate == 0.2)
    }

    @Test func assigneeWorkloads() throws {
        let s = try fixtureSummary()
        #expect(
            s.assignees == [
                AssigneeWorkload(
                    id: 1, name: "Asha", tickets: 3, open: 0, resolved: 3, withSLA: 3, breached: 1, breachRate: 1.0 / 3,
                    ftrRate: 1.0 / 3, avgConversations: 3, share: 0.6, csatRated: 2, csatMean: 4.5),
                AssigneeWorkload(
                    id: 0, name: "Unassigned", tickets: 1, open: 1, resolved: 0, withSLA: 0, breached: 0,
                    breachRate: nil,
                    ftrRate: nil, avgConversations: nil, share: 0.2, csatRated: 0, csatMean: nil),
                AssigneeWorkload(
                    id: 2, name: "Bala", tickets: 1, open: 0, resolved: 1, withSLA: 1, breached: 1, breachRate: 1,
                    ftrRate: 1, avgConversations: 3, share: 0.2, csatRated: 1, csatMean: 3),
            ])
    }

    /// The splits by queue, source and assignee. Period tickets with their queue, source,
    /// assignee, state, ftr, rating and tat: T1 Billing/Email/Asha resolved yes 5 1 h; T3
    /// Billing/Chat/Asha resolved (the later copy) no, unrated, no tat; T4 (none)/Email/Bala
    /// resolved yes 3 2 d 3 h; T5 (none)/(unknown)/Unassigned open, rated 7 (out of scale,
    /// in no split), tat unreadable; T6 Billing/Email/Asha resolved no 4 30 min.
    @Test func splitsByQueueSourceAndAssignee() throws {
        let s = try fixtureSummary()
        // FTR by queue: Billing T1, T3, T6 resolved, T1 first time; (none) T4, first time.
        #expect(
            s.ftr.byQueue == [
                FTRGroup(key: "Billing", eligible: 3, firstTime: 1, rate: 1.0 / 3),
                FTRGroup(key: "(none)", eligible: 1, firstTime: 1, rate: 1),
            ])
        // TAT by queue: Billing [1800, 3600] → nearest rank: median the 1st, p90 the 2nd.
        #expect(
            s.tat.byQueue == [
                TATGroup(key: "Billing", count: 2, medianSeconds: 1800, p90Seconds: 3600),
                TATGroup(key: "(none)", count: 1, medianSeconds: 183_600, p90Seconds: 183_600),
            ])
        func counts(_ c: [Int]) -> [RatingCount] { c.enumerated().map { RatingCount(rating: $0 + 1, count: $1) } }
        // CSAT by queue: Billing 5, 4 → 4.5; (none) 3 (T5's 7 is out of scale).
        #expect(
            s.csat.byQueue == [
                CSATGroup(key: "Billing", rated: 2, mean: 4.5, distribution: counts([0, 0, 0, 1, 1])),
                CSATGroup(key: "(none)", rated: 1, mean: 3, distribution: counts([0, 0, 1, 0, 0])),
            ])
        // By source: Email 5, 3, 4 → 4; Chat (T3) and (unknown) (T5) have no rating.
        #expect(s.csat.bySource == [CSATGroup(key: "Email", rated: 3, mean: 4, distribution: counts([0, 0, 1, 1, 1]))])
        // By assignee, in the order of `assignees`: Asha 5, 4; Unassigned none; Bala 3.
        #expect(
            s.csat.byAssignee == [
                CSATGroup(key: "1", name: "Asha", rated: 2, mean: 4.5, distribution: counts([0, 0, 0, 1, 1])),
                CSATGroup(key: "0", name: "Unassigned", rated: 0, mean: nil, distribution: counts([0, 0, 0, 0, 0])),
                CSATGroup(key: "2", name: "Bala", rated: 1, mean: 3, distribution: counts([0, 0, 1, 0, 0])),
            ])
        #expect(s.schemaVersion == 4)
    }

    @Test func dailyBacklogCSATAndTAT() throws {
        let s = try fixtureSummary()
        #expect(
            s.daily == [
                DailyFigures(date: "2024-04-15", tickets: 2, withSLA: 2, breached: 1, resolved: 2),
                DailyFigures(date: "2024-04-16", tickets: 3, withSLA: 2, breached: 1, resolved: 2),
            ])
        // T5 is the only open ticket: created 2024-04-16 10:30, 25.5 h before as-of.
        #expect(
            s.backlog == Backlog(open: 1, under1Day: 0, days1To3: 1, days3To7: 0, over7Days: 0, oldestAgeHours: 25.5))
        #expect(s.csat.rated == 3)
        #expect(s.csat.mean == 4)
        #expect(s.csat.responseRate == 0.6)
        #expect(s.csat.distribution.map(\.count) == [0, 0, 1, 1, 1])
        #expect(s.csat.outOfScale == 1)
        // high: [1800, 3600]; low: [183600]; T5's "garbage" is unparsed.
        #expect(
            s.tat.byPriority == [
                TATGroup(key: "high", count: 2, medianSeconds: 1800, p90Seconds: 3600),
                TATGroup(key: "low", count: 1, medianSeconds: 183_600, p90Seconds: 183_600),
            ])
        #expect(s.tat.overall == TATGroup(key: "all", count: 3, medianSeconds: 3600, p90Seconds: 183_600))
        #expect(s.tat.unparsed == 1)
    }

    @Test func comparisonWithPreviousPeriod() throws {
        let s = try fixtureSummary()
        let c = try #require(s.comparison)
        #expect(c.previousFrom == "2024-04-13")
        #expect(c.previousTo == "2024-04-14")
        #expect(c.tickets == CountComparison(current: 5, previous: 1, delta: 4, change: 4))
        #expect(c.breachRate.current == 0.5)
        #expect(c.breachRate.previous == 1)
        #expect(c.breachRate.delta == -0.5)
        #expect(c.breachRate.significant == false)  // under 30 a side
        #expect(c.ftrRate.previous == 0)
        #expect(c.resolvedRate.current == 0.8)
        #expect(c.csatMean.current == 4)
        #expect(c.csatMean.previous == nil)
        #expect(c.csatMean.delta == nil)
    }

    @Test func completenessStatesWhatWasRead() throws {
        let s = try fixtureSummary()
        let c = s.completeness
        #expect(c.source == "files")
        #expect(c.daysInPeriod == 2)
        #expect(c.daysWithData == 2)
        #expect(c.daysWithoutData.isEmpty)
        #expect(c.inputFiles == 2)
        #expect(c.ticketsRead == 8)
        #expect(c.duplicatesIgnored == 1)
        #expect(c.ticketsInPreviousPeriod == 1)
        #expect(c.ticketsOutsidePeriods == 1)
        #expect(c.asOf == "2024-04-17T12:00:00+05:30")
        #expect(c.complete)
    }

    @Test func dayBoundariesFollowTheReportTimeZone() throws {
        // In UTC, midnight IST is 18:30 the day before: T1 (00:00 IST on the 15th) moves into
        // the previous period, T4 (00:00 IST on the 16th) onto the 15th, and T7 (00:00 IST on
        // the 17th) into the period. Day 1: T3, T4; day 2: T5, T6, T7.
        let s = try fixtureSummary(timeZone: TimeZone(identifier: "UTC")!)
        #expect(s.totals.tickets == 5)
        #expect(s.daily.map(\.tickets) == [2, 3])
        #expect(s.completeness.ticketsInPreviousPeriod == 2)
        #expect(s.completeness.ticketsOutsidePeriods == 0)
        #expect(s.asOf == "2024-04-17T06:30:00Z")
    }

    @Test func laterFileWinsForDuplicateTicketIds() throws {
        let s = try fixtureSummary()
        // T3 is open in the earlier file, Closed in the later one.
        #expect(s.sla.breachedOpen == 0)
        #expect(s.sla.breachedResolved == 2)
    }

    @Test func jsonIsByteIdenticalAndNullsArePresent() throws {
        let a = try SummaryJSON.encode(try fixtureSummary())
        let b = try SummaryJSON.encode(try fixtureSummary())
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains(#""breachRate" : null"#))
        #expect(try SummaryJSON.decode(a) == (try fixtureSummary()))
    }
}
