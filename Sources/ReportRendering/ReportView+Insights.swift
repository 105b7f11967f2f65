import Foundation
import SLAAnalytics

/// The views of `trend`, `anomalies`, `movers` and `provenance`: formatting only.
extension ReportView {
    struct SVGLine {
        let points: String
        let color: String
    }

    /// What the report shows beyond the period: the trend, what is unusual, who moved, and
    /// where the figures came from.
    struct Insights {
        /// Email: a bar per week, the ticket count beside it.
        let trendBars: [Bar]
        let trendTable: Table
        let trendChart: SVGChart
        let trendRateChart: SVGChart
        let hasTrend: Bool
        let unusualTitle: String
        /// Plain sentences, anomalies first, then movers.
        let unusual: [String]
        let hasUnusual: Bool
        /// The email's first `emailUnusualLimit` sentences and how many more there are.
        let unusualShort: [String]
        let hasUnusualMore: Bool
        let unusualMoreText: String
        let anomalyTable: Table
        let moverTable: Table
        let anomalyNote: String
        let provenanceLines: [String]
    }

    static let emailUnusualLimit = 8
    /// How the reports name a kind of `Movers.byKind`.
    static let kindWords = ["queue": "Queue", "source": "Channel", "assignee": "Assignee"]

    static func insights(_ s: ReportSummary, clean: (String) -> String) -> Insights {
        let weekly = s.period.days == 7
        let previousWord = weekly ? "last week" : "the previous period"
        let trendMax = Double(max(1, s.trend.map(\.tickets).max() ?? 1))
        let trendBars = s.trend.map { w in
            bar(
                "\(Format.shortDay(w.weekStart))" + (w.complete ? "" : " (partial)"), Double(w.tickets),
                max: trendMax, value: Format.count(w.tickets),
                detail: "\(Format.percent(w.breachRate)) breached", color: w.complete ? blue : grey)
        }
        // With targets, each week's met rate too.
        let targetHeader = s.targets == nil ? [] : ["Target met"]
        let trendTable = table(
            caption: "",
            headers: ["Week", "Tickets", "With SLA", "Breached", "Breach rate", "FTR", "CSAT", "Open at end", "Data"]
                + targetHeader,
            rows: s.trend.map { w in
                Row(
                    cells: [
                        text("\(Format.shortDay(w.weekStart)) – \(Format.shortDay(w.weekEnd))"),
                        num(Format.count(w.tickets)), num(Format.count(w.withSLA)), num(Format.count(w.breached)),
                        num(Format.percent(w.breachRate)), num(Format.percent(w.ftrRate)),
                        num(csat(w.csatMean, rated: w.csatRated)),
                        num(
                            w.openAtEnd.map(Format.count)
                                ?? "≥ \(Format.count(w.openAtEndAtLeast)) (\(Format.count(w.openAtEndUnknown)) unknown)"
                        ),
                        num(w.complete ? "complete" : "\(w.daysWithData) of 7 days"),
                    ] + (w.targets.map { [num(Format.percent($0.metRate))] } ?? []), bar: nil, hasBar: false)
            }, more: "")

        /// A mover's figure in words, capitalised for a table cell or not for a sentence.
        func figureWords(_ figure: String, inSentence: Bool = false) -> String {
            switch figure {
            case "breachRate": inSentence ? "breach rate" : "Breach rate"
            case "targetMetRate": inSentence ? "target met rate" : "Target met rate"
            default: "FTR"
            }
        }
        var unusual: [String] = []
        for a in s.anomalies {
            let weekday = a.weekday
            let observed =
                a.figure == "tickets"
                ? Format.count(Int(a.observed)) + " tickets" : "breach rate " + Format.percent(a.observed)
            let range =
                a.figure == "tickets"
                ? "\(Format.fixed(a.expectedLow, 0))–\(Format.fixed(a.expectedHigh, 0))"
                : "\(Format.percent(a.expectedLow))–\(Format.percent(a.expectedHigh))"
            unusual.append(
                "\(Format.shortDay(a.date)): \(observed), \(a.direction) the usual \(range) for a \(weekday) "
                    + "(\(a.samples) earlier \(weekday)s)")
        }
        func moverText(_ m: Mover, _ label: String) -> String {
            let figure = figureWords(m.figure, inSentence: true)
            return
                "\(label): \(figure) \(Format.percent(m.current, digits: 0)) vs \(Format.percent(m.previous, digits: 0)) \(previousWord)"
        }
        for (kind, movers) in s.movers.byKind {
            for m in movers {
                let name = clean(m.name ?? m.key)
                unusual.append(moverText(m, kind == "assignee" ? name : "\(name) \(kindWords[kind]!.lowercased())"))
            }
        }
        let more = unusual.count - emailUnusualLimit

        let anomalyTable = table(
            caption: "", headers: ["Day", "Figure", "Observed", "Usual range", "Median", "Weekdays compared"],
            rows: s.anomalies.map { a in
                let isCount = a.figure == "tickets"
                func v(_ x: Double) -> String { isCount ? Format.fixed(x, 1) : Format.percent(x) }
                return Row(
                    cells: [
                        text(Format.shortDay(a.date)), text(isCount ? "Tickets" : "Breach rate"),
                        num(isCount ? Format.count(Int(a.observed)) : Format.percent(a.observed)),
                        num("\(v(a.expectedLow)) – \(v(a.expectedHigh))"), num(v(a.median)), num(String(a.samples)),
                    ], bar: nil, hasBar: false)
            }, more: "")
        let moverTable = table(
            caption: "", headers: ["Kind", "Name", "Figure", "Now", "Before", "Change", "Tickets now / before", "p"],
            rows: s.movers.byKind.flatMap { kind, movers in
                movers.map { m in
                    Row(
                        cells: [
                            text(kindWords[kind] ?? kind), text(clean(m.name ?? m.key)),
                            text(figureWords(m.figure)), num(Format.percent(m.current)),
                            num(Format.percent(m.previous)), num(Format.pointsDelta(m.delta) ?? "n/a"),
                            num("\(Format.count(m.currentDenominator)) / \(Format.count(m.previousDenominator))"),
                            num(Format.fixed(m.pValue, 3)),
                        ], bar: nil, hasBar: false)
                }
            }, more: "")
        let check = s.anomalyCheck
        let anomalyNote =
            "Each day's volume and breach rate against the same weekday of up to \(check.weeks) earlier weeks: "
            + "unusual outside the median ± \(Format.fixed(check.k, 1)) × scaled MAD; "
            + "\(check.checked) checked, \(check.withoutVerdict) without a verdict (fewer than \(check.minimumSamples) earlier weekdays with data)."
        let p = s.provenance
        let provenanceLines = [
            "Engine: slareport \(p.engineVersion).",
            "Input: \(p.inputs.source), \(Format.count(p.inputs.count)) \(p.inputs.source == "files" ? "files" : "tickets")"
                + (p.inputs.from.map { f in " created \(Format.day(f)) – \(Format.day(p.inputs.to ?? f))" } ?? "")
                + ", SHA-256 \(p.inputs.sha256 ?? "not computed").",
            "Configuration SHA-256 \(p.configurationSHA256 ?? "not given").",
            "Options: trend \(p.options.trendWeeks) weeks; anomalies k = \(Format.fixed(p.options.anomalyK, 2)), "
                + "\(p.options.anomalyWeeks) weeks, at least \(p.options.anomalyMinimumSamples); "
                + "resolved statuses \(p.options.resolvedStatuses.map(clean).joined(separator: ", ")).",
        ]
        return Insights(
            trendBars: trendBars, trendTable: trendTable, trendChart: trendSVG(s, rates: false),
            trendRateChart: trendSVG(s, rates: true), hasTrend: !s.trend.isEmpty,
            unusualTitle: weekly ? "Unusual this week" : "Unusual this period", unusual: unusual,
            hasUnusual: !unusual.isEmpty, unusualShort: Array(unusual.prefix(emailUnusualLimit)),
            hasUnusualMore: more > 0, unusualMoreText: more > 0 ? "and \(more) more in the XHTML report" : "",
            anomalyTable: anomalyTable, moverTable: moverTable, anomalyNote: anomalyNote,
            provenanceLines: provenanceLines)
    }

    /// The trend as a line chart, 640 × 200: tickets per week (blue), or the breach rate
    /// (red) and FTR rate (green) in percent. A week without a value breaks its line.
    static func trendSVG(_ s: ReportSummary, rates: Bool) -> SVGChart {
        let (width, height, left, bottom, top) = (640.0, 200.0, 48.0, 30.0, 12.0)
        let plotW = width - left - 40
        let plotH = height - bottom - top
        let weeks = s.trend
        let series: [(String, [Double?])] =
            rates
            ? [(red, weeks.map { $0.breachRate.map { $0 * 100 } }), (green, weeks.map { $0.ftrRate.map { $0 * 100 } })]
            : [(blue, weeks.map { Double($0.tickets) })]
        let maxV = rates ? 100 : Swift.max(1, series[0].1.compactMap { $0 }.max() ?? 1)
        let step = plotW / Double(Swift.max(1, weeks.count - 1))
        func x(_ i: Int) -> Double { left + (weeks.count == 1 ? plotW / 2 : Double(i) * step) }
        func y(_ v: Double) -> Double { top + plotH - v / maxV * plotH }
        var lines: [SVGLine] = []
        var dots: [SVGBar] = []
        for (color, values) in series {
            var run: [String] = []
            func flush() {
                if run.count > 1 {
                    lines.append(SVGLine(points: run.joined(separator: " "), color: color))
                }
                run = []
            }
            for (i, v) in values.enumerated() {
                guard let v else {
                    flush()
                    continue
                }
                run.append("\(n(x(i))),\(n(y(v)))")
                let label = rates ? Format.fixed(v, 1) + " %" : Format.count(Int(v))
                dots.append(
                    SVGBar(
                        x: n(x(i) - 2.5), y: n(y(v) - 2.5), width: "5", height: "5", color: color,
                        title: "Week of \(Format.shortDay(weeks[i].weekStart)): \(label)"))
            }
            flush()
        }
        var labels: [SVGLabel] = []
        let every = Swift.max(1, weeks.count / 9)
        for (i, w) in weeks.enumerated() where i % every == 0 || i == weeks.count - 1 {
            labels.append(SVGLabel(x: n(x(i)), y: n(height - 10), text: Format.shortDay(w.weekStart), anchor: "middle"))
        }
        var grid: [SVGBar] = []
        for k in 0...4 {
            let v = maxV * Double(k) / 4
            let gy = top + plotH - plotH * Double(k) / 4
            grid.append(SVGBar(x: n(left), y: n(gy), width: n(plotW), height: "0.5", color: "#d1d5db", title: ""))
            labels.append(
                SVGLabel(
                    x: n(left - 4), y: n(gy + 4), text: rates ? "\(Int(v)) %" : Format.count(Int(v.rounded())),
                    anchor: "end"))
        }
        return SVGChart(
            width: n(width), height: n(height), viewBox: "0 0 \(Int(width)) \(Int(height))",
            title: rates ? "Breach rate (red) and FTR rate (green) per week" : "Tickets per week",
            bars: dots, labels: labels, gridLines: grid, lines: lines)
    }
}
