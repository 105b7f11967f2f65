import Foundation
import TicketModel

/// The figures that look beyond the period: `trend`, `anomalies`, `movers`, and
/// `provenance` (docs/METRICS.md).
extension ReportBuilder {
    /// Whether `day` (at history index `i`) has data: in the store's ledger as complete, or,
    /// from files, with at least one ticket.
    func hasData(_ day: LocalDate, _ i: Int) -> Bool {
        ledgerDays?.contains(day) ?? (history.days[i].sla.tickets > 0)
    }

    func trend() -> [TrendWeek] {
        let first = options.trendFrom
        return (0..<options.trendWeeks).map { w in
            let start = first.adding(days: 7 * w)
            var sum = HistoryDay()
            var covered = 0
            var indices: [Int] = []
            for k in 0..<7 {
                let day = start.adding(days: k)
                guard let i = history.index(day) else { continue }
                sum.add(history.days[i])
                indices.append(i)
                if hasData(day, i) { covered += 1 }
            }
            let open = history.openAtEnd[w]
            let unknown = history.openAtEndUnknown[w]
            return TrendWeek(
                weekStart: start.description, weekEnd: start.adding(days: 6).description, tickets: sum.sla.tickets,
                withSLA: sum.sla.withSLA, breached: sum.sla.breached,
                breachRate: Statistics.rate(sum.sla.breached, sum.sla.withSLA), ftrEligible: sum.ftr.eligible,
                ftrRate: Statistics.rate(sum.ftr.firstTime, sum.ftr.eligible), csatRated: sum.csatRated,
                csatMean: Statistics.rate(sum.csatSum, sum.csatRated), openAtEnd: unknown == 0 ? open : nil,
                openAtEndAtLeast: open, openAtEndUnknown: unknown, daysWithData: covered, complete: covered == 7,
                targets: trendTargets(indices))
        }
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Each day of the period with data, its volume and (with SLA tickets) its breach rate,
    /// against the same weekday of the `anomalies.weeks` weeks before that have data.
    func anomalies() -> (found: [Anomaly], check: AnomalyCheck) {
        let settings = options.anomalies
        var found: [Anomaly] = []
        var checked = 0
        var withoutVerdict = 0
        func judge(
            _ day: LocalDate, _ figure: String, _ observed: Double, _ samples: [Double], ceiling: Double?,
            minimumSpread: (Double) -> Double = { _ in 0 }
        ) {
            checked += 1
            guard samples.count >= settings.minimumSamples,
                let r = Statistics.robustRange(samples, k: settings.k, minimumSpread: minimumSpread)
            else {
                withoutVerdict += 1
                return
            }
            let low = max(0, r.low)
            let high = ceiling.map { min($0, r.high) } ?? r.high
            guard observed < low || observed > high else { return }
            found.append(
                Anomaly(
                    date: day.description, weekday: Self.weekdays[day.weekdayFromMonday], figure: figure,
                    observed: observed, direction: observed > high ? "above" : "below", median: r.median,
                    expectedLow: low, expectedHigh: high, samples: samples.count))
        }
        for day in options.period.days {
            guard let i = history.index(day), hasData(day, i) else { continue }
            let samples = stride(from: 1, through: settings.weeks, by: 1).compactMap { j -> SLACounts? in
                let earlier = day.adding(days: -7 * j)
                guard let k = history.index(earlier), hasData(earlier, k) else { return nil }
                return history.days[k].sla
            }
            let today = history.days[i].sla
            judge(day, "tickets", Double(today.tickets), samples.map { Double($0.tickets) }, ceiling: nil)
            if let rate = Statistics.rate(today.breached, today.withSLA) {
                // A rate of n tickets varies by its binomial standard error √(p(1−p)/n) by
                // chance alone: the spread is never taken below it.
                let n = Double(today.withSLA)
                judge(
                    day, "breachRate", rate, samples.compactMap { Statistics.rate($0.breached, $0.withSLA) },
                    ceiling: 1, minimumSpread: { p in (p * (1 - p) / n).squareRoot() })
            }
        }
        return (
            found,
            AnomalyCheck(
                k: settings.k, weeks: settings.weeks, minimumSamples: settings.minimumSamples, checked: checked,
                withoutVerdict: withoutVerdict)
        )
    }

    /// Queues, sources and assignees whose breach rate or FTR rate differs from the previous
    /// period's by the test `comparison` uses (`compare`: at least `minimumForSignificance`
    /// tickets on each side, p < 0.05), the largest change first, at most `Movers.limit`.
    func movers() -> Movers {
        func mover(_ key: String, _ name: String?, _ figure: String, _ x1: Int, _ n1: Int, _ x2: Int, _ n2: Int)
            -> Mover?
        {
            let c = Self.compare(x1, n1, x2, n2)
            guard c.significant, let now = c.current, let before = c.previous, let delta = c.delta,
                let p = c.pValue
            else { return nil }
            return Mover(
                key: key, name: name, figure: figure, current: now, previous: before, delta: delta,
                currentDenominator: n1, previousDenominator: n2, pValue: p)
        }
        func ranked(_ list: [Mover]) -> [Mover] {
            Array(
                list.sorted { a, b in
                    abs(a.delta) != abs(b.delta) ? abs(a.delta) > abs(b.delta) : (a.key, a.figure) < (b.key, b.figure)
                }
                .prefix(Movers.limit))
        }
        func labelled(_ groups: (PeriodAccumulator) -> [GroupCounts]) -> [Mover] {
            let (now, before) = (groups(current), groups(previous))
            return (0..<max(now.count, before.count)).flatMap { id -> [Mover] in
                let c = id < now.count ? now[id] : GroupCounts()
                let p = id < before.count ? before[id] : GroupCounts()
                let key = labels[Int32(id)]
                return [
                    mover(key, nil, "breachRate", c.sla.breached, c.sla.withSLA, p.sla.breached, p.sla.withSLA),
                    mover(key, nil, "ftrRate", c.ftr.firstTime, c.ftr.eligible, p.ftr.firstTime, p.ftr.eligible),
                ].compactMap { $0 }
            }
        }
        func metRate(_ key: String, _ name: String?, _ c: TargetCounts, _ p: TargetCounts) -> Mover? {
            mover(key, name, "targetMetRate", c.met, c.met + c.missed, p.met, p.met + p.missed)
        }
        func targetMovers(_ pick: (TargetTally) -> [TargetCounts]) -> [Mover] {
            self.targetMovers(pick).compactMap { metRate(labels[Int32($0.id)], nil, $0.current, $0.previous) }
        }
        let assigneeIds = Set(current.assignees.keys).union(previous.assignees.keys).sorted()
        let assignees = assigneeIds.flatMap { id -> [Mover] in
            let c = current.assignees[id] ?? AssigneeCounts()
            let p = previous.assignees[id] ?? AssigneeCounts()
            let name = assigneeName(current.assignees[id] ?? p, id: id)
            return [
                mover(String(id), name, "breachRate", c.breached, c.withSLA, p.breached, p.withSLA),
                mover(String(id), name, "ftrRate", c.firstTime, c.resolved, p.firstTime, p.resolved),
            ].compactMap { $0 }
        }
        var assigneeMetRates: [Mover] = []
        if targets != nil {
            for id in assigneeIds {
                let (c, p) = (current.assignees[id] ?? AssigneeCounts(), previous.assignees[id] ?? AssigneeCounts())
                let name = assigneeName(current.assignees[id] ?? p, id: id)
                if let m = metRate(String(id), name, c.target, p.target) { assigneeMetRates.append(m) }
            }
        }
        return Movers(
            queues: ranked(labelled { $0.queues } + targetMovers { $0.byQueue }),
            sources: ranked(labelled { $0.sources } + targetMovers { $0.bySource }),
            assignees: ranked(assignees + assigneeMetRates))
    }

    func provenance(asOf: String) -> Provenance {
        Provenance(
            engineVersion: ReportSummary.engineVersion,
            inputs: inputDigest ?? InputDigest(source: "tickets", sha256: nil, count: 0),
            configurationSHA256: options.configurationSHA256,
            options: ProvenanceOptions(
                from: options.period.from.description, to: options.period.to.description,
                timeZone: options.timeZone.identifier, inputTimeZone: options.inputTimeZone, asOf: asOf,
                resolvedStatuses: options.lifecycle.resolvedStatuses.sorted(),
                resolvedSubstatusKeys: options.lifecycle.resolvedSubstatusKeys.sorted(),
                trendWeeks: options.trendWeeks, anomalyK: options.anomalies.k, anomalyWeeks: options.anomalies.weeks,
                anomalyMinimumSamples: options.anomalies.minimumSamples,
                minimumForSignificance: Self.minimumForSignificance,
                slice: options.slice.map { s in
                    Dictionary(uniqueKeysWithValues: s.filter.map { ($0.key.rawValue, $0.value) })
                }))
    }
}
