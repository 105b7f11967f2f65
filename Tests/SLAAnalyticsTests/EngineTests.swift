import Foundation
import SLAAnalytics
import SampleData
import Testing
import TicketModel

@Suite struct EngineTests {
    let week = ReportPeriod(from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-21")!)!

    func builder(asOf: String = "2024-04-22T09:00:00+05:30") -> ReportBuilder {
        ReportBuilder(options: ReportOptions(period: week, timeZone: kolkata, asOf: parseRFC3339(asOf)!))
    }

    @Test func emptyPeriodHasNullRatesNotZeroOrNaN() throws {
        let s = builder().summary()
        #expect(s.totals.tickets == 0)
        #expect(s.sla.breachRate == nil)
        #expect(s.ftr.rate == nil)
        #expect(s.csat.mean == nil)
        #expect(s.tat.overall.medianSeconds == nil)
        #expect(s.backlog.oldestAgeHours == nil)
        #expect(s.comparison == nil)
        #expect(s.daily.count == 7)
        #expect(s.daily.allSatisfy { $0.tickets == 0 })
        #expect(s.completeness.daysWithData == 0)
        #expect(s.completeness.daysWithoutData.count == 7)
        #expect(!s.completeness.complete)
    }

    @Test func breachRateIgnoresTicketsWithoutSLA() {
        var b = builder()
        for i in 0..<10 {
            var t = Ticket(ticketId: "\(i)", createdAt: parseRFC3339("2024-04-16T10:00:00+05:30")!)
            t.slaStatus = i < 4 ? (i == 0 ? "out of sla" : "within sla") : nil
            b.add(t)
        }
        let s = b.summary()
        #expect(s.sla.withSLA == 4)
        #expect(s.sla.breachRate == 0.25)
        #expect(s.sla.noSLA == 6)
    }

    @Test func backlogBucketBoundaries() {
        let twoWeeks = ReportPeriod(from: LocalDate("2024-04-08")!, to: LocalDate("2024-04-21")!)!
        var b = ReportBuilder(
            options: ReportOptions(
                period: twoWeeks, timeZone: kolkata, asOf: parseRFC3339("2024-04-21T23:00:00+05:30")!))
        let asOf = parseRFC3339("2024-04-21T23:00:00+05:30")!
        let ages: [Double] = [0, 86_399, 86_400, 3 * 86_400 - 1, 3 * 86_400, 7 * 86_400 - 1, 7 * 86_400, 9 * 86_400]
        for (i, age) in ages.enumerated() {
            b.add(Ticket(ticketId: "\(i)", createdAt: asOf.addingTimeInterval(-age)))
        }
        // Created after as-of: not in the backlog.
        b.add(Ticket(ticketId: "future", createdAt: asOf.addingTimeInterval(60)))
        let s = b.summary()
        #expect(s.backlog.open == 8)
        #expect(s.backlog.under1Day == 2)
        #expect(s.backlog.days1To3 == 2)
        #expect(s.backlog.days3To7 == 2)
        #expect(s.backlog.over7Days == 2)
        #expect(abs((s.backlog.oldestAgeHours ?? 0) - 9 * 24) < 1e-6)
    }

    @Test func lifecyclePolicyIsConfigurable() {
        let policy = LifecyclePolicy(resolvedStatuses: ["Done"], resolvedSubstatusKeys: ["cl"])
        var done = Ticket(ticketId: "1", createdAt: Date())
        done.status = "DONE"
        var byKey = Ticket(ticketId: "2", createdAt: Date())
        byKey.status = "Pending"
        byKey.substatusKey = "CL"
        var closed = Ticket(ticketId: "3", createdAt: Date())
        closed.status = "Closed"
        #expect(policy.isResolved(done))
        #expect(policy.isResolved(byKey))
        #expect(!policy.isResolved(closed))
        #expect(LifecyclePolicy.default.isResolved(closed))
    }

    @Test func comparisonSignificanceNeedsThirtyASide() {
        var b = builder()
        // Current week: 40 tickets, 4 breached. Previous week: 40 tickets, 30 breached.
        for i in 0..<80 {
            let current = i < 40
            var t = Ticket(
                ticketId: "\(i)",
                createdAt: parseRFC3339(current ? "2024-04-16T10:00:00+05:30" : "2024-04-09T10:00:00+05:30")!)
            t.slaStatus = (current ? i < 4 : i < 70) ? "out of sla" : "within sla"
            b.add(t)
        }
        let c = b.summary().comparison!
        #expect(c.breachRate.current == 0.1)
        #expect(c.breachRate.previous == 0.75)
        #expect(abs(c.breachRate.delta! - -0.65) < 1e-12)
        #expect(c.breachRate.significant)
        #expect(c.breachRate.pValue! < 1e-6)

        var small = builder()
        for i in 0..<20 {
            var t = Ticket(
                ticketId: "\(i)",
                createdAt: parseRFC3339(i < 10 ? "2024-04-16T10:00:00+05:30" : "2024-04-09T10:00:00+05:30")!)
            t.slaStatus = i < 1 || i >= 19 ? "within sla" : i < 10 ? "within sla" : "out of sla"
            small.add(t)
        }
        #expect(small.summary().comparison?.breachRate.significant == false)
    }

    @Test func statisticsAgainstKnownValues() throws {
        let w = try #require(Statistics.wilsonInterval(successes: 5, trials: 10))
        #expect(abs(w.lower - 0.236_59) < 1e-4)
        #expect(abs(w.upper - 0.763_41) < 1e-4)
        #expect(Statistics.wilsonInterval(successes: 0, trials: 0) == nil)
        let p = try #require(Statistics.twoProportionPValue(x1: 30, n1: 100, x2: 50, n2: 100))
        #expect(abs(p - 0.003_892) < 1e-5)
        #expect(Statistics.twoProportionPValue(x1: 0, n1: 10, x2: 0, n2: 10) == nil)
        #expect(Statistics.nearestRank([1, 2, 3, 4], 0.5) == 2)
        #expect(Statistics.nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9)
        #expect(Statistics.nearestRank([], 0.5) == nil)
        // Selection gives the same ranks as sorting, on random data with many ties: a new seed
        // each run, printed and in every failure, and SLAREPORT_TEST_SEED runs one again.
        let seed =
            ProcessInfo.processInfo.environment["SLAREPORT_TEST_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64.max)
        print("EngineTests: nearest-rank selection with SLAREPORT_TEST_SEED=\(seed)")
        var rng = SplitMix64(seed: seed)
        for n in [1, 2, 3, 10, 101, 1000] {
            let values = (0..<n).map { _ in Int32.random(in: 0...50, using: &rng) }
            for p in [0.5, 0.9, 0.1, 1.0] {
                var work = values
                #expect(
                    Statistics.nearestRank(selecting: &work, p)
                        == Statistics.nearestRank(values.sorted().map(Int.init), p),
                    "SLAREPORT_TEST_SEED=\(seed), n \(n), p \(p)")
            }
            // Several ranks of one array, each selected above the one before (in any order).
            for ps in [[0.5, 0.9], [0.9, 0.1, 0.5, 1.0], [0.5, 0.5]] {
                var work = values
                #expect(
                    Statistics.nearestRanks(selecting: &work, ps)
                        == ps.map { Statistics.nearestRank(values.sorted().map(Int.init), $0) },
                    "SLAREPORT_TEST_SEED=\(seed), n \(n), ps \(ps)")
            }
        }
        // Across several lists (the overall TAT from the priorities' lists): the ranks of the
        // lists put together, by sorting; values around the 4,096-wide ranges the selection
        // counts by, up to the largest Int32, empty lists among them.
        for lists in [[], [[]], [[0]], [[7], [], [3, 3]], [[Int32.max, 0], [4095, 4096, 4097]]] as [[[Int32]]] {
            let all = lists.flatMap { $0 }.sorted().map(Int.init)
            #expect(
                Statistics.nearestRanks(across: lists, [0.5, 0.9, 0.1])
                    == [0.5, 0.9, 0.1].map {
                        Statistics.nearestRank(all, $0)
                    }, "\(lists)")
        }
        // A median that is the first value of the next range of 4,096.
        let boundary: [[Int32]] = [Array(repeating: 0, count: 35_000), Array(repeating: 5000, count: 35_001)]
        #expect(Statistics.nearestRanks(across: boundary, [0.5, 0.4]) == [5000, 0])
        // The largest Int32 among more than 65,536 values: the counters reach it.
        let far: [[Int32]] = [Array(repeating: 7, count: 70_000), [Int32.max, Int32.max - 4096]]
        #expect(Statistics.nearestRanks(across: far, [0.5, 1.0]) == [7, Int(Int32.max)])
        // Past 65,536 values in all, the ranges are counted (one list or many).
        for (k, most) in [(1, 3000), (3, 3000), (1, 80_000), (12, 12_000)] {
            let lists = (0..<k).map { _ in
                (0..<Int.random(in: (most * 9 / 10)...most, using: &rng)).map { _ in
                    Int32.random(in: 0...(Bool.random(using: &rng) ? 9000 : 400_000), using: &rng)
                }
            }
            let all = lists.flatMap { $0 }.sorted().map(Int.init)
            // Two ranks in one range of 4,096 too.
            for ps in [[0.5, 0.9], [1.0, 0.0001], [0.5, 0.50001, 0.9]] {
                #expect(
                    Statistics.nearestRanks(across: lists, ps) == ps.map { Statistics.nearestRank(all, $0) },
                    "SLAREPORT_TEST_SEED=\(seed), lists \(k), ps \(ps)")
            }
        }
        #expect(Statistics.rate(1, 0) == nil)
    }

    /// Several groups of lists at once (a quarter's TATs: all, by priority, by queue; a list in
    /// three groups), each group's ranks against sorting its lists put together: overlapping
    /// and empty groups, values up to the largest Int32, ranks in one range, past 65,536 values
    /// and below, groups so many that each gets fewer ranges, and values bunched in one range.
    @Test func nearestRanksOfSeveralGroupsAreEachGroupsRanks() {
        let seed =
            ProcessInfo.processInfo.environment["SLAREPORT_TEST_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64.max)
        print("EngineTests: nearest ranks of several groups with SLAREPORT_TEST_SEED=\(seed)")
        var rng = SplitMix64(seed: seed)
        let ps = [0.5, 0.9, 0.0001, 1.0, 0.50001]
        for (listCount, longest, groupCount, top) in [
            (6, 40_000, 4, 400_000), (12, 12_000, 7, 9_000), (3, 100, 3, 50), (30, 5_000, 80, 1_000_000),
            (2, 70_000, 2, Int(Int32.max)),
        ] {
            let lists = (0..<listCount).map { i in
                (0..<(i == 1 ? 0 : Int.random(in: (longest / 2)...longest, using: &rng))).map { _ in
                    Int32.random(in: 0...(Bool.random(using: &rng) ? Int32(min(top, 9_000)) : Int32(top)), using: &rng)
                }
            }
            // The first group holds every list; one group is empty; the rest are random picks.
            var groups: [[Int]] = [Array(lists.indices), []]
            for _ in 2..<groupCount {
                groups.append(lists.indices.filter { _ in Bool.random(using: &rng) })
            }
            let ranks = Statistics.nearestRanks(across: lists, groups: groups, ps)
            #expect(ranks.count == groups.count)
            for (g, indices) in groups.enumerated() {
                let all = indices.flatMap { lists[$0] }.sorted().map(Int.init)
                #expect(
                    ranks[g] == ps.map { Statistics.nearestRank(all, $0) },
                    "SLAREPORT_TEST_SEED=\(seed), \(listCount) lists, group \(g) of \(groupCount)")
            }
        }
        // Values bunched in one range, more than 4 M of them in the ranges the ranks fall in:
        // their copies made a few at a time.
        let fives = [Int32](repeating: 5, count: 2_100_000)
        let nines = [Int32](repeating: 9, count: 2_100_000)
        #expect(
            Statistics.nearestRanks(across: [fives, nines], groups: [[0], [1], [0, 1]], [0.5, 0.9])
                == [[5, 5], [9, 9], [5, 9]])
        // A rank on the first value of a range, and the largest Int32 in a group of its own.
        let edge: [[Int32]] = [Array(repeating: 0, count: 40_000), Array(repeating: 5000, count: 40_001), [Int32.max]]
        #expect(
            Statistics.nearestRanks(across: edge, groups: [[0, 1], [2], [1, 2]], [0.5, 1.0])
                == [[5000, 5000], [Int(Int32.max), Int(Int32.max)], [5000, Int(Int32.max)]])
    }

    /// Every combination of the three flags, its state listed by hand.
    @Test func theSLAStateOfEachCombinationOfFlags() {
        let byHand: [(hasSLA: Bool, resolved: Bool, breached: Bool, state: SLAState)] = [
            (false, false, false, .noSLA), (false, false, true, .noSLA), (false, true, false, .noSLA),
            (false, true, true, .noSLA), (true, true, false, .metResolved), (true, true, true, .breachedResolved),
            (true, false, true, .breachedOpen), (true, false, false, .openWithinSLA),
        ]
        for c in byHand {
            let f = TicketFacts(
                key: 1, created: 0, resolved: c.resolved, hasSLA: c.hasSLA, breached: c.breached, ftrYes: false,
                channelSwitch: false, priority: 0, queue: 0, source: 0, assigneeId: 0, assigneeName: -1, rating: 0,
                conversations: TicketFacts.noConversations, tat: TicketFacts.noTAT, disposition: 0, dispositionDetail: 0
            )
            #expect(SLAState(f) == c.state, "\(c)")
        }
    }

    @Test func assigneeNameIsTheLatestRegardlessOfInputOrder() {
        func run(_ order: [Int]) -> String {
            var b = builder()
            let names = ["Old Name", "New Name"]
            let times = ["2024-04-15T10:00:00+05:30", "2024-04-18T10:00:00+05:30"]
            for i in order {
                var t = Ticket(ticketId: "\(i)", createdAt: parseRFC3339(times[i])!, assignedId: 9)
                t.assignedToName = names[i]
                b.add(t)
            }
            return b.summary().assignees[0].name
        }
        #expect(run([0, 1]) == "New Name")
        #expect(run([1, 0]) == "New Name")
    }
}
