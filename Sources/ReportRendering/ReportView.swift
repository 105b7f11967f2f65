import Foundation
import SLAAnalytics

/// The logic-less view of a `ReportSummary` that the templates render: display strings and
/// booleans only, all derived from the summary by formatting, never by computing a figure.
struct ReportView {
    let title: String
    let subject: String
    let periodText: String
    /// The slice's title (`TicketSlice.displayTitle`); empty for a report of every ticket.
    let sliceText: String
    let hasSlice: Bool
    let zone: String
    let asOfText: String
    let hasComparison: Bool
    let comparisonText: String
    let tiles: [Tile]
    let slaSplit: [Bar]
    let daily: [Bar]
    let dailyBreaches: [Bar]
    let priorityTable: Table
    let queueTable: Table
    let dispositionTable: Table
    /// The team's targets; without `[[target]]`s (`hasTargets` false) the section is left out.
    let targetTable: Table
    let hasTargets: Bool
    let sourceBars: [Bar]
    let channelSwitchText: String
    let ftrTable: Table
    let assigneeTable: Table
    let dailyTable: Table
    let tatTable: Table
    let csatBars: [Bar]
    let csatText: String
    let backlogBars: [Bar]
    let attention: [Attention]
    let hasAttention: Bool
    /// Shown with the targets (`hasTargets`).
    let dueNext: DueNextView
    let completenessLines: [String]
    let isIncomplete: Bool
    let footer: String
    let dailyChart: SVGChart
    let sourceChart: SVGChart
    let insights: Insights
    /// The text report's sections as lines (their headings are in the text template).
    let textSections: TextSections

    struct TextSections {
        let slaSplit: [String]
        let daily: [String]
        let priority: [String]
        let queue: [String]
        let dispositions: [String]
        let targets: [String]
        let hasTargets: Bool
        let channels: [String]
        let ftr: [String]
        let assignees: [String]
        let backlog: [String]
        let tat: [String]
        let csat: [String]
        let attention: [String]
        let dueNext: [String]
        let trend: [String]
        let unusual: [String]
        let anomalies: [String]
        let provenance: [String]
    }

    static let blue = "#2563eb"
    static let red = "#dc2626"
    static let green = "#15803d"
    static let amber = "#b45309"
    static let grey = "#6b7280"

    init(summary s: ReportSummary, layout: ReportLayout) {
        let clean = { (t: String) in DisplayText.clean(t) }
        let periodText = "\(Format.day(s.period.from)) – \(Format.day(s.period.to))"
        sliceText = s.slice.map { clean($0.displayTitle) } ?? ""
        hasSlice = s.slice != nil
        let named = hasSlice ? " · \(sliceText)" : ""
        title = "SLA report\(named) \(periodText)"
        subject =
            "SLA report\(named) \(Format.day(s.period.from)) – \(Format.day(s.period.to)): \(Format.count(s.totals.tickets)) tickets, "
            + "\(Format.percent(s.sla.breachRate)) breached"
        self.periodText = periodText
        zone = s.period.timeZone
        asOfText = s.asOf
        hasComparison = s.comparison != nil
        comparisonText =
            s.comparison.map { "Compared with \(Format.day($0.previousFrom)) – \(Format.day($0.previousTo))." }
            ?? "No data for the previous period (\(Format.day(s.period.previousFrom)) – \(Format.day(s.period.previousTo)))."

        // Headline tiles.
        let c = s.comparison
        func rateTile(_ label: String, _ rate: Double?, _ detail: String, _ cmp: RateComparison?, higherIsBetter: Bool)
            -> Tile
        {
            let delta = cmp.flatMap { Format.pointsDelta($0.delta) }
            var color = Self.grey
            if let d = cmp?.delta, d != 0, cmp?.significant == true {
                color = (d > 0) == higherIsBetter ? Self.green : Self.red
            }
            let suffix = cmp?.significant == true ? " (significant)" : ""
            return Tile(
                label: label, value: Format.percent(rate), detail: detail, hasDelta: delta != nil,
                delta: (delta ?? "") + " vs previous" + suffix, deltaColor: color)
        }
        var tiles: [Tile] = []
        tiles.append(
            Tile(
                label: "Tickets", value: Format.count(s.totals.tickets),
                detail: "\(Format.count(s.totals.resolved)) resolved, \(Format.count(s.totals.open)) open",
                hasDelta: c != nil,
                delta: c.map {
                    "\(Format.signed($0.tickets.delta)) (\(Format.percent($0.tickets.change, digits: 0))) vs previous"
                }
                    ?? "", deltaColor: Self.grey))
        tiles.append(
            rateTile(
                "SLA breach rate", s.sla.breachRate,
                "\(Format.count(s.sla.breached)) of \(Format.count(s.sla.withSLA)) with an SLA",
                c?.breachRate, higherIsBetter: false))
        tiles.append(
            rateTile(
                "First-time resolution", s.ftr.rate,
                "\(Format.count(s.ftr.firstTime)) of \(Format.count(s.ftr.eligible)) resolved",
                c?.ftrRate, higherIsBetter: true))
        if let t = s.targets {
            tiles.append(
                rateTile(
                    "Target met rate", t.metRate,
                    "\(Format.count(t.met)) met, \(Format.count(t.missed)) missed in business time; "
                        + "\(Format.count(t.dueNext.dueSoon.count)) due soon, \(Format.count(t.openOverdue)) overdue",
                    c?.targetMetRate, higherIsBetter: true))
        }
        let csatDelta = c?.csatMean.delta
        tiles.append(
            Tile(
                label: "CSAT", value: s.csat.mean.map { Format.fixed($0, 2) + " / 5" } ?? "n/a",
                detail: "\(Format.count(s.csat.rated)) rated (\(Format.percent(s.csat.responseRate, digits: 0)))",
                hasDelta: csatDelta != nil,
                delta: csatDelta.map { ($0 >= 0 ? "+" : "−") + Format.fixed(abs($0), 2) + " vs previous" } ?? "",
                deltaColor: Self.grey))
        tiles.append(
            Tile(
                label: "Backlog", value: Format.count(s.backlog.open),
                detail: "\(Format.count(s.backlog.over7Days)) older than 7 days", hasDelta: true,
                delta: "oldest \(Format.hours(s.backlog.oldestAgeHours))", deltaColor: Self.grey))
        self.tiles = tiles

        // SLA split.
        let splitMax = max(
            1, [s.sla.metResolved, s.sla.breachedResolved, s.sla.breachedOpen, s.sla.openWithinSLA, s.sla.noSLA].max()!)
        slaSplit = [
            (SLAState.metResolved.words, s.sla.metResolved, Self.green),
            (SLAState.breachedResolved.words, s.sla.breachedResolved, Self.red),
            (SLAState.breachedOpen.words, s.sla.breachedOpen, Self.red),
            (SLAState.openWithinSLA.words, s.sla.openWithinSLA, Self.amber),
            (SLAState.noSLA.words, s.sla.noSLA, Self.grey),
        ].map {
            Self.bar($0.0, Double($0.1), max: Double(splitMax), value: Format.count($0.1), detail: "", color: $0.2)
        }

        let dailyMax = Double(max(1, s.daily.map(\.tickets).max() ?? 1))
        daily = s.daily.map {
            Self.bar(
                Format.shortDay($0.date), Double($0.tickets), max: dailyMax, value: Format.count($0.tickets),
                detail: "\(Format.count($0.breached)) breached", color: Self.blue)
        }
        dailyBreaches = s.daily.map {
            Self.bar(
                Format.shortDay($0.date), Double($0.breached), max: dailyMax, value: Format.count($0.breached),
                detail: "", color: Self.red)
        }

        /// `extra`: more columns (their headers, and each group's cells).
        func slaTable(
            _ keyHeader: String, _ groups: [SLAGroup], limit: Int, noun: String,
            extra: (headers: [String], cells: (String) -> [Cell]) = ([], { _ in [] })
        ) -> Table {
            let shown = groups.prefix(limit)
            let rest = groups.dropFirst(limit)
            let rows = shown.map { g in
                Row(
                    cells: [
                        Self.text(clean(g.key)), Self.num(Format.count(g.tickets)), Self.num(Format.count(g.withSLA)),
                        Self.num(Format.count(g.breached)), Self.num(Format.percent(g.breachRate)),
                    ] + extra.cells(g.key),
                    bar: Self.bar("", (g.breachRate ?? 0) * 100, max: 100, value: "", detail: "", color: Self.red),
                    hasBar: true)
            }
            return Self.table(
                caption: "", headers: [keyHeader, "Tickets", "With SLA", "Breached", "Breach rate"] + extra.headers,
                rows: rows,
                more: rest.isEmpty
                    ? ""
                    : "and \(rest.count) more \(noun) (every row is in the XHTML report and the CSV)")
        }
        priorityTable = slaTable("Priority", s.sla.byPriority, limit: .max, noun: "priorities")
        let queueFTR = s.ftr.byQueue.byKey
        let queueTAT = s.tat.byQueue.byKey
        let queueCSAT = s.csat.byQueue.byKey
        queueTable = slaTable(
            "Queue", s.sla.byQueue, limit: layout.maxQueues, noun: "queues",
            extra: (
                ["FTR", "Median TAT", "CSAT"],
                { key in
                    [
                        Self.num(Format.percent(queueFTR[key]?.rate)),
                        Self.num(Format.duration(seconds: queueTAT[key]?.medianSeconds)),
                        Self.num(Self.csat(queueCSAT[key]?.mean, rated: queueCSAT[key]?.rated ?? 0)),
                    ]
                }
            ))

        dispositionTable = Self.dispositionTable(s, layout: layout, clean: clean)
        hasTargets = s.targets != nil
        targetTable =
            Self.targetTable(s, layout: layout, clean: clean)
            ?? Self.table(caption: "", headers: [], rows: [], more: "")

        let sourceMax = max(1.0, s.sources.primary.map { Double($0.tickets) }.max() ?? 1)
        var sourceBars = s.sources.primary.prefix(layout.maxSources).map {
            Self.bar(
                clean($0.key), Double($0.tickets), max: sourceMax, value: Format.count($0.tickets),
                detail: Format.percent($0.share), color: Self.blue)
        }
        let otherSources = s.sources.primary.dropFirst(layout.maxSources)
        if !otherSources.isEmpty {
            // A row count only: the renderer adds no figure of its own.
            sourceBars.append(
                Self.bar(
                    "and \(otherSources.count) more channels", 0, max: sourceMax, value: "", detail: "",
                    color: Self.grey))
        }
        self.sourceBars = sourceBars
        channelSwitchText =
            "\(Format.count(s.sources.channelSwitches)) tickets (\(Format.percent(s.sources.channelSwitchRate))) moved to another channel."

        let sourceCSAT = s.csat.bySource.byKey
        ftrTable = Self.table(
            caption: "", headers: ["Channel", "Resolved", "First time", "FTR", "CSAT"],
            rows: s.ftr.bySource.prefix(layout.maxSources).map { g in
                Row(
                    cells: [
                        Self.text(clean(g.key)), Self.num(Format.count(g.eligible)),
                        Self.num(Format.count(g.firstTime)),
                        Self.num(Format.percent(g.rate)),
                        Self.num(Self.csat(sourceCSAT[g.key]?.mean, rated: sourceCSAT[g.key]?.rated ?? 0)),
                    ], bar: nil, hasBar: false)
            },
            more: s.ftr.bySource.count > layout.maxSources
                ? "and \(s.ftr.bySource.count - layout.maxSources) more channels" : "")

        let shownAssignees = s.assignees.prefix(layout.maxAssignees)
        let restAssignees = s.assignees.dropFirst(layout.maxAssignees)
        let assigneeMax = Double(max(1, s.assignees.first?.tickets ?? 1))
        assigneeTable = Self.table(
            caption: "",
            headers: ["Assignee", "Tickets", "Open", "Breach rate", "FTR", "Avg conv.", "Share", "CSAT"],
            rows: shownAssignees.map { a in
                Row(
                    cells: [
                        Self.text(clean(a.name)), Self.num(Format.count(a.tickets)), Self.num(Format.count(a.open)),
                        Self.num(Format.percent(a.breachRate)), Self.num(Format.percent(a.ftrRate)),
                        Self.num(a.avgConversations.map { Format.fixed($0, 1) } ?? "n/a"),
                        Self.num(Format.percent(a.share)), Self.num(Self.csat(a.csatMean, rated: a.csatRated)),
                    ],
                    bar: Self.bar("", Double(a.tickets), max: assigneeMax, value: "", detail: "", color: Self.blue),
                    hasBar: true)
            },
            more: restAssignees.isEmpty
                ? ""
                : "and \(restAssignees.count) more assignees (every row is in the XHTML report and assignees.csv)"
        )

        dailyTable = Self.table(
            caption: "", headers: ["Day", "Tickets", "With SLA", "Breached", "Resolved"],
            rows: s.daily.map { d in
                Row(
                    cells: [
                        Self.text(Format.shortDay(d.date)), Self.num(Format.count(d.tickets)),
                        Self.num(Format.count(d.withSLA)),
                        Self.num(Format.count(d.breached)), Self.num(Format.count(d.resolved)),
                    ], bar: nil, hasBar: false)
            }, more: "")

        tatTable = Self.table(
            caption: "", headers: ["Priority", "Tickets", "Median", "90th percentile"],
            rows: ([s.tat.overall] + s.tat.byPriority).map { g in
                Row(
                    cells: [
                        Self.text(g.key == "all" ? "All priorities" : clean(g.key)), Self.num(Format.count(g.count)),
                        Self.num(Format.duration(seconds: g.medianSeconds)),
                        Self.num(Format.duration(seconds: g.p90Seconds)),
                    ], bar: nil, hasBar: false)
            },
            more: s.tat.unparsed > 0 ? "\(Format.count(s.tat.unparsed)) tickets had a TAT that could not be read" : "")

        let csatMax = Double(max(1, s.csat.distribution.map(\.count).max() ?? 1))
        csatBars = s.csat.distribution.reversed().map {
            Self.bar(
                String(repeating: "★", count: $0.rating), Double($0.count), max: csatMax, value: Format.count($0.count),
                detail: "",
                color: Self.amber)
        }
        csatText =
            s.csat.rated == 0
            ? "No ratings in this period."
            : "Mean \(s.csat.mean.map { Format.fixed($0, 2) } ?? "n/a") of \(Format.count(s.csat.rated)) ratings."

        let backlogMax = Double(
            max(1, [s.backlog.under1Day, s.backlog.days1To3, s.backlog.days3To7, s.backlog.over7Days].max()!))
        backlogBars = [
            ("Under 1 day", s.backlog.under1Day, Self.blue), ("1–3 days", s.backlog.days1To3, Self.blue),
            ("3–7 days", s.backlog.days3To7, Self.amber), ("7 days or more", s.backlog.over7Days, Self.red),
        ].map { Self.bar($0.0, Double($0.1), max: backlogMax, value: Format.count($0.1), detail: "", color: $0.2) }

        attention = s.oldestBreachedOpen.map { t in
            Self.attentionRow(
                ticketId: t.ticketId, title: t.title, url: t.url, assignee: t.assignee, priority: t.priority,
                queue: t.queue, age: Format.hours(t.ageHours))
        }
        dueNext = Self.dueNextView(s)
        hasAttention = !attention.isEmpty

        let k = s.completeness
        var lines = [
            "Data: \(k.daysWithData) of \(k.daysInPeriod) days"
                + (k.source == "store" ? " completely pulled" : " with tickets")
                + (k.daysWithoutData.isEmpty
                    ? "." : " (missing: \(k.daysWithoutData.map(Format.day).joined(separator: ", "))).")
        ]
        if k.skipped > 0 {
            lines.append(
                "\(Format.count(k.skipped)) tickets could not be used: "
                    + k.skippedByReason.sorted { $0.key < $1.key }.map { "\($0.value) \(Self.reasonText($0.key))" }
                    .joined(separator: ", ")
                    + ".")
        }
        if k.duplicatesIgnored > 0 {
            lines.append("\(Format.count(k.duplicatesIgnored)) duplicate copies of tickets were counted once.")
        }
        lines.append(
            "As of \(s.asOf); \(k.source == "store" ? "from the ticket store" : "from \(k.inputFiles) saved response files")."
        )
        completenessLines = lines
        isIncomplete = !k.complete
        footer = "Generated by slareport. Definitions of every figure: docs/METRICS.md."

        dailyChart = Self.dailySVG(s)
        sourceChart = Self.sourceSVG(s, clean: clean)
        let insights = Self.insights(s, clean: clean)
        self.insights = insights
        func barLines(_ bars: [Bar]) -> [String] {
            Self.columns(bars.map { [$0.label, $0.value, $0.detail] }, numeric: [false, true, true])
        }
        textSections = TextSections(
            slaSplit: barLines(slaSplit), daily: Self.textLines(dailyTable), priority: Self.textLines(priorityTable),
            queue: Self.textLines(queueTable), dispositions: Self.textLines(dispositionTable),
            targets: hasTargets ? Self.textLines(targetTable) : [], hasTargets: hasTargets,
            channels: barLines(sourceBars) + [channelSwitchText],
            ftr: Self.textLines(ftrTable), assignees: Self.textLines(assigneeTable), backlog: barLines(backlogBars),
            tat: Self.textLines(tatTable), csat: [csatText] + barLines(csatBars),
            attention: attention.map(Self.textLine), dueNext: dueNext.lines,
            trend: Self.textLines(insights.trendTable),
            unusual: insights.hasUnusual ? insights.unusual.map { "- " + $0 } : ["Nothing unusual."],
            // The unusual days and the movers are listed once, as sentences, under "Unusual".
            anomalies: [
                insights.anomalyNote,
                "Movers: a queue, channel or assignee whose breach or FTR rate changed against the previous "
                    + "period by the two-proportion test (p < 0.05, at least 30 tickets on each side).",
            ],
            provenance: insights.provenanceLines)
    }
}
