import Foundation
public import TicketModel

/// Computes a `ReportSummary` from tickets streamed through it, one at a time.
///
/// Tickets are attributed to the period by their creation instant in the report time zone;
/// those in the previous period of equal length feed `comparison`; others are counted and
/// ignored. Nothing but counters (and the ticketIds seen, for de-duplication) is kept.
///
/// ```swift
/// var builder = ReportBuilder(options: options)
/// for file in files.reversed() { builder.ingest(file) }   // later files win
/// let summary = builder.summary()
/// ```
public struct ReportBuilder: Sendable {
    public let options: ReportOptions
    let clock: ZoneClock
    let previousPeriod: ReportPeriod
    private let asOfSeconds: Double
    var current: PeriodAccumulator
    var previous: PeriodAccumulator
    private var seen: TicketKeySet
    private let deduplicates: Bool
    /// The texts that accumulators refer to by id.
    public internal(set) var labels = LabelTable()
    private var skipped: [SkipReason: Int] = [:]
    private var inputFiles = 0
    var ticketsRead = 0
    var duplicates = 0
    var outside = 0
    var ledgerDays: Set<LocalDate>?
    var history: HistoryAccumulator
    var inputDigest: InputDigest?
    /// The local day `slot` found last, and its slot.
    private var localDays: LocalDayFinder
    private var lastSlot = DaySlot()
    /// `options.slice`, remembering its answers per label.
    private var slice: SliceMatcher?
    /// Tickets read that the slice leaves out.
    var outsideSlice = 0
    /// The tickets against `options.targets` (`nil` without targets).
    var targets: TargetAccumulator?

    /// - Parameters:
    ///   - expectedTickets: an estimate of the tickets to come, to size the
    ///     de-duplication set once (0: grow as needed).
    ///   - keysAreUnique: the source guarantees one copy per ticketId (a store keyed by
    ///     it), so no de-duplication set is kept.
    public init(options: ReportOptions, expectedTickets: Int = 0, keysAreUnique: Bool = false) {
        self.init(options: options, expectedTickets: expectedTickets, keysAreUnique: keysAreUnique, calendars: nil)
    }

    /// A builder with the same options, for a reading thread's part of the same tickets (to
    /// be merged here with `merge(_:foreignLabels:remap:)`; no de-duplication): it shares what
    /// the options worked out once (the targets' calendars).
    public func partBuilder() -> ReportBuilder {
        ReportBuilder(options: options, expectedTickets: 0, keysAreUnique: true, calendars: targets?.calendars)
    }

    private init(options: ReportOptions, expectedTickets: Int, keysAreUnique: Bool, calendars: TargetCalendars?) {
        self.options = options
        self.deduplicates = !keysAreUnique
        self.seen = TicketKeySet(capacity: keysAreUnique ? 16 : max(1 << 16, expectedTickets))
        self.clock = ZoneClock(options.timeZone)
        self.localDays = LocalDayFinder(clock: clock)
        self.previousPeriod = options.period.previous
        self.asOfSeconds = options.asOf.timeIntervalSince1970
        self.current = PeriodAccumulator(dayCount: options.period.dayCount)
        self.previous = PeriodAccumulator(dayCount: options.period.dayCount)
        previous.keepsTAT = false  // the comparison reads no TAT
        self.history = HistoryAccumulator(options: options, clock: clock)
        self.slice = options.slice.map(SliceMatcher.init)
        if !options.targets.isEmpty {
            // From the first day read to 400 days past the period's last: where the tickets
            // are created, and most are resolved and measured to (not as-of: a request may ask
            // as of any year, and the stretches are worked out before any ticket is read).
            let start = clock.startOfDay(options.readFrom.adding(days: -1))
            let end = clock.startOfDay(options.period.to.adding(days: 401))
            targets = TargetAccumulator(
                calendars: calendars ?? TargetCalendars(targets: options.targets, covering: start..<end),
                dayCount: options.period.dayCount, historyDays: history.days.count)
        }
    }

    /// Records the digest of the input for `provenance`.
    public mutating func setInputDigest(_ digest: InputDigest) {
        inputDigest = digest
    }

    /// Takes one decoded input file. Call with files from the **latest to the earliest**:
    /// the first copy of a ticketId met wins, and within a file the last copy wins.
    /// `coveredDay` is the account-zone day the file covered (`DecodedFile.coveredDay`): its
    /// unusable tickets count when that day is in the period, or when it has none.
    public mutating func ingest(_ file: DecodedFile, coveredDay: LocalDate? = nil) {
        inputFiles += 1
        recordSkipped(file.skipped, coveredDay: coveredDay)
        for ticket in file.tickets.reversed() { add(ticket) }
    }

    /// Counts one input file read (for `completeness.inputFiles`).
    public mutating func countInputFile() {
        inputFiles += 1
    }

    /// Counts tickets that could not be used.
    public mutating func recordSkipped(_ reason: SkipReason, count: Int = 1) {
        skipped[reason, default: 0] += count
    }

    /// Counts the unusable tickets of an input file or a ledger day: those of a day in the
    /// period (the account-zone day the file or the pull covered), and those with no day (a
    /// file with no usable ticket and no date in its name). The one rule for files and
    /// stores, so both state the same `skipped` (docs/METRICS.md, "Files and the store").
    public mutating func recordSkipped(_ counts: [SkipReason: Int], coveredDay: LocalDate?) {
        if let coveredDay, !options.period.contains(coveredDay) { return }
        for (reason, n) in counts { skipped[reason, default: 0] += n }
    }

    /// Declares that the data comes from a store whose ledger holds these days as completely
    /// pulled; `completeness` and the trend's weeks then count days by the ledger instead of
    /// by tickets seen, and the anomaly check compares only such days.
    public mutating func useLedger(completeDays: Set<LocalDate>) {
        ledgerDays = completeDays
    }

    /// The instant before which a ticket counts only in the history's counts (the trend's
    /// and the anomaly check's days before the previous period): its facts need no key,
    /// groups or texts there. `nil` when every ticket is read whole: a slice and targets read
    /// those fields for every day, and a builder that de-duplicates needs every key.
    public var countsOnlyBefore: Int64? {
        guard slice == nil, options.targets.isEmpty, !options.dueNextOnly, !deduplicates else { return nil }
        return clock.startOfDay(previousPeriod.from)
    }

    /// Adds one ticket; a ticketId already added is counted as a duplicate and ignored.
    /// Returns whether the ticket was counted.
    @discardableResult
    public mutating func add(_ ticket: Ticket) -> Bool {
        let (facts, text) = TicketFacts.of(
            ticket, lifecycle: options.lifecycle, labels: &labels, openText: !options.targets.isEmpty)
        return add(facts, text: text)
    }

    /// Adds one ticket's facts, whose label ids refer to `labels`, and its texts if it has
    /// them; returns whether it was counted (false for a ticketId already added, or one the
    /// slice leaves out).
    @discardableResult
    public mutating func add(_ facts: TicketFacts, text: AttentionText? = nil) -> Bool {
        guard admits(facts), inSlice(slice?.matches(facts, labels: labels)) else { return false }
        place(facts, target: targets?.target(of: facts, labels: labels), text: text)
        return true
    }

    /// `add(_:)` for facts whose label ids refer to `table` (a reading thread's), for a
    /// builder that is merged with `merge(_:foreignLabels:remap:)` later. (The table is
    /// borrowed, not copied: this is called once a ticket.)
    @discardableResult
    public mutating func add(_ facts: TicketFacts, text: AttentionText?, labeledBy table: borrowing LabelTable)
        -> Bool
    {
        guard admits(facts), inSlice(slice?.matches(facts, labels: table)) else { return false }
        place(facts, target: targets?.target(of: facts, labels: table), text: text)
        return true
    }

    /// Counts a ticket read; false for a ticketId already added (a duplicate). The slice is
    /// asked after this: the copy of a ticket that wins decides whether it is in.
    private mutating func admits(_ facts: TicketFacts) -> Bool {
        ticketsRead += 1
        guard !deduplicates || seen.insert(facts.key) else {
            duplicates += 1
            return false
        }
        return true
    }

    /// Whether a ticket is in the slice (`answer`: the slice's, `nil` without one); counts
    /// it out otherwise.
    private mutating func inSlice(_ answer: Bool?) -> Bool {
        if answer == false { outsideSlice += 1 }
        return answer != false
    }

    /// Counts an admitted ticket in its local day's slot; `target`: the index of its target.
    private mutating func place(_ facts: TicketFacts, target index: Int?, text: AttentionText?) {
        let slot = slot(Int64(facts.created.rounded(.down)))
        if options.dueNextOnly {
            // Only the period's open tickets with a target can be due: the others are not
            // evaluated (what a report spends most of its time on).
            if let i = slot.current, let index, facts.resolvedAt == .infinity {
                _ = targets?.addCurrent(facts, text: text, target: index, dayIndex: i, asOf: asOfSeconds)
            }
            return
        }
        count(facts, slot, target: index.flatMap { countTarget(facts, text, $0, slot) }, text: text)
    }

    /// Adds a ticket with target `index` to the target counts of its slot; returns where it
    /// stands (`nil`: not in a slot the targets count).
    private mutating func countTarget(_ facts: TicketFacts, _ text: AttentionText?, _ index: Int, _ slot: DaySlot)
        -> TargetState?
    {
        if let i = slot.current {
            return targets?.addCurrent(facts, text: text, target: index, dayIndex: i, asOf: asOfSeconds)
        } else if slot.previous != nil || slot.history != nil {
            return targets?.addEarlier(
                facts, target: index, previousIndex: slot.previous, historyIndex: slot.history, asOf: asOfSeconds)
        }
        return nil
    }

    /// Adds a ticket to the period, the previous period or the history by its local day's slot.
    private mutating func count(_ facts: TicketFacts, _ slot: DaySlot, target: TargetState?, text: AttentionText?) {
        if let h = slot.history { history.add(facts, dayIndex: h) }
        if let i = slot.current {
            current.add(facts, dayIndex: i, asOf: asOfSeconds, target: target, text: text)
        } else if let i = slot.previous {
            previous.add(facts, dayIndex: i, asOf: asOfSeconds, target: target, text: text)
        } else {
            outside += 1
        }
    }

    /// Where the tickets of one local day go: its index in the history, the period and the
    /// previous period (`nil`: not one of theirs).
    struct DaySlot {
        var history: Int?
        var current: Int?
        var previous: Int?
    }

    /// The slot of the local day of `instant`: the one found last while the instants stay
    /// in its day (a block's tickets come in creation order).
    mutating func slot(_ instant: Int64) -> DaySlot {
        guard localDays.find(instant) else { return lastSlot }
        let day = localDays.day
        lastSlot = DaySlot(
            history: history.index(day), current: options.period.dayIndex(day),
            previous: previousPeriod.dayIndex(day))
        return lastSlot
    }

    /// The summary of everything added so far.
    public func summary() -> ReportSummary {
        let period = options.period
        let c = current
        let skippedTotal = skipped.values.reduce(0, +)
        let skippedByReason = Dictionary(
            uniqueKeysWithValues: skipped.filter { $0.value > 0 }.map { ($0.key.rawValue, $0.value) })
        let asOfText = clock.rfc3339(options.asOf)

        let dayDates = period.days
        let anomalies = self.anomalies()
        // The period's days are history days too: one rule for whether a day has data.
        let daysWithData = dayDates.map { hasData($0, history.index($0)!) }
        let missing = zip(dayDates, daysWithData).filter { !$0.1 }.map { $0.0.description }

        return ReportSummary(
            schemaVersion: ReportSummary.currentSchemaVersion,
            period: PeriodInfo(
                from: period.from.description, to: period.to.description, days: period.dayCount,
                timeZone: options.timeZone.identifier,
                previousFrom: previousPeriod.from.description, previousTo: previousPeriod.to.description),
            asOf: asOfText,
            totals: Totals(
                tickets: c.tickets, open: c.open, resolved: c.resolved, skipped: skippedTotal,
                skippedByReason: skippedByReason),
            sla: SLAFigures(
                withSLA: c.sla.withSLA, breached: c.sla.breached,
                breachRate: Statistics.rate(c.sla.breached, c.sla.withSLA),
                metResolved: c.metResolved, breachedResolved: c.breachedResolved, breachedOpen: c.breachedOpen,
                openWithinSLA: c.openWithinSLA, noSLA: c.tickets - c.sla.withSLA,
                byPriority: slaGroups(c.byPriority), byQueue: slaGroups(c.byQueue),
                bySource: slaGroups(c.bySource),
                byDay: zip(dayDates, c.days).map { date, d in
                    SLAGroup(
                        key: date.description, tickets: d.tickets, withSLA: d.withSLA, breached: d.breached,
                        breachRate: Statistics.rate(d.breached, d.withSLA))
                }),
            ftr: FTRFigures(
                eligible: c.ftr.eligible, firstTime: c.ftr.firstTime,
                rate: Statistics.rate(c.ftr.firstTime, c.ftr.eligible),
                bySource: ftrGroups(c.ftrBySource), byPriority: ftrGroups(c.ftrByPriority),
                byQueue: ftrGroups(c.ftrByQueue)),
            sources: SourceFigures(
                primary: c.bySource.enumerated().filter { $0.element.tickets > 0 }.map { id, v in
                    SourceShare(
                        key: labels[Int32(id)], tickets: v.tickets, share: Statistics.rate(v.tickets, c.tickets))
                }.sorted { ($1.tickets, $0.key) < ($0.tickets, $1.key) },
                channelSwitches: c.channelSwitches,
                channelSwitchRate: Statistics.rate(c.channelSwitches, c.tickets)),
            dispositions: dispositions(c),
            assignees: Self.ordered(c.assignees).map { id, a in
                AssigneeWorkload(
                    id: id, name: assigneeName(a, id: id),
                    tickets: a.tickets, open: a.open, resolved: a.resolved, withSLA: a.withSLA, breached: a.breached,
                    breachRate: Statistics.rate(a.breached, a.withSLA),
                    ftrRate: Statistics.rate(a.firstTime, a.resolved),
                    avgConversations: Statistics.rate(a.conversations, a.conversationTickets),
                    share: Statistics.rate(a.tickets, c.tickets), csatRated: a.csat.rated,
                    csatMean: Statistics.rate(a.csat.sum, a.csat.rated))
            },
            daily: zip(dayDates, c.days).map { date, d in
                DailyFigures(
                    date: date.description, tickets: d.tickets, withSLA: d.withSLA, breached: d.breached,
                    resolved: d.resolved)
            },
            backlog: Backlog(
                open: c.backlogOpen, under1Day: c.backlogBuckets[0], days1To3: c.backlogBuckets[1],
                days3To7: c.backlogBuckets[2], over7Days: c.backlogBuckets[3],
                oldestAgeHours: c.oldestOpenAge.map { $0 / 3600 }),
            csat: csatFigures(c),
            tat: tatFigures(c),
            oldestBreachedOpen: c.oldestBreachedOpen.map { a in
                TicketReference(
                    ticketId: a.ticketId, title: a.title, url: a.url, assigneeId: a.assigneeId,
                    assignee: TicketFacts.assigneeLabel(
                        id: a.assigneeId, name: a.assigneeName >= 0 ? labels[a.assigneeName] : nil),
                    priority: labels[a.priority], queue: labels[a.queue],
                    createdAt: clock.rfc3339(Date(timeIntervalSince1970: a.created)),
                    ageHours: (asOfSeconds - a.created) / 3600)
            },
            comparison: previous.tickets > 0 ? comparison() : nil,
            completeness: Completeness(
                source: ledgerDays == nil ? "files" : "store",
                daysInPeriod: period.dayCount, daysWithData: daysWithData.filter { $0 }.count,
                daysWithoutData: missing, inputFiles: inputFiles, ticketsRead: ticketsRead,
                skipped: skippedTotal, skippedByReason: skippedByReason, duplicatesIgnored: duplicates,
                ticketsInPreviousPeriod: previous.tickets, ticketsOutsidePeriods: outside, asOf: asOfText,
                complete: missing.isEmpty, ticketsOutsideSlice: options.slice == nil ? nil : outsideSlice),
            trend: trend(),
            anomalies: anomalies.found, anomalyCheck: anomalies.check,
            movers: movers(),
            provenance: provenance(asOf: asOfText), slice: options.slice, targets: targetFigures()
        )
    }

    private func comparison() -> PeriodComparison {
        let c = current
        let p = previous
        let csatCurrent = Statistics.rate(c.csat.sum, c.csat.rated)
        let csatPrevious = Statistics.rate(p.csat.sum, p.csat.rated)
        return PeriodComparison(
            previousFrom: previousPeriod.from.description, previousTo: previousPeriod.to.description,
            tickets: CountComparison(
                current: c.tickets, previous: p.tickets, delta: c.tickets - p.tickets,
                change: Statistics.rate(c.tickets - p.tickets, p.tickets)),
            breachRate: Self.compare(c.sla.breached, c.sla.withSLA, p.sla.breached, p.sla.withSLA),
            ftrRate: Self.compare(c.ftr.firstTime, c.ftr.eligible, p.ftr.firstTime, p.ftr.eligible),
            resolvedRate: Self.compare(c.resolved, c.tickets, p.resolved, p.tickets),
            csatMean: MeanComparison(
                current: csatCurrent, previous: csatPrevious,
                delta: csatCurrent.flatMap { a in csatPrevious.map { a - $0 } }),
            targetMetRate: targetComparison())
    }

    /// Minimum tickets on each side before a difference may be called significant.
    public static let minimumForSignificance = 30

    static func compare(_ x1: Int, _ n1: Int, _ x2: Int, _ n2: Int) -> RateComparison {
        let r1 = Statistics.rate(x1, n1)
        let r2 = Statistics.rate(x2, n2)
        let p = Statistics.twoProportionPValue(x1: x1, n1: n1, x2: x2, n2: n2)
        let enough = n1 >= minimumForSignificance && n2 >= minimumForSignificance
        return RateComparison(
            current: r1, previous: r2, delta: r1.flatMap { a in r2.map { a - $0 } },
            currentDenominator: n1, previousDenominator: n2,
            currentInterval: Statistics.wilsonInterval(successes: x1, trials: n1),
            previousInterval: Statistics.wilsonInterval(successes: x2, trials: n2),
            pValue: p, significant: enough && (p ?? 1) < 0.05)
    }

    func slaGroups(_ groups: [SLACounts]) -> [SLAGroup] {
        groups.enumerated().filter { $0.element.tickets > 0 }.map { id, v in
            SLAGroup(
                key: labels[Int32(id)], tickets: v.tickets, withSLA: v.withSLA, breached: v.breached,
                breachRate: Statistics.rate(v.breached, v.withSLA))
        }.sorted { ($1.tickets, $0.key) < ($0.tickets, $1.key) }
    }

    func ftrGroups(_ groups: [FTRCounts]) -> [FTRGroup] {
        groups.enumerated().filter { $0.element.eligible > 0 }.map { id, v in
            FTRGroup(
                key: labels[Int32(id)], eligible: v.eligible, firstTime: v.firstTime,
                rate: Statistics.rate(v.firstTime, v.eligible))
        }.sorted { ($1.eligible, $0.key) < ($0.eligible, $1.key) }
    }
}
