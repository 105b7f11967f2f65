import Foundation
import SLAAnalytics

/// The inline SVG charts of the XHTML document.
extension ReportView {
    /// Daily volume (blue) with breaches (red) as an SVG bar chart, 640 × 220.
    static func dailySVG(_ s: ReportSummary) -> SVGChart {
        let width = 640.0
        let height = 220.0
        let left = 40.0
        let bottom = 30.0
        let top = 10.0
        let plotW = width - left - 10
        let plotH = height - bottom - top
        let maxV = Double(Swift.max(1, s.daily.map(\.tickets).max() ?? 1))
        let slot = plotW / Double(Swift.max(1, s.daily.count))
        let barW = Swift.max(1, slot * 0.7)
        var bars: [SVGBar] = []
        var labels: [SVGLabel] = []
        let labelEvery = Swift.max(1, s.daily.count / 14)
        for (i, d) in s.daily.enumerated() {
            let x = left + Double(i) * slot + (slot - barW) / 2
            let h = Double(d.tickets) / maxV * plotH
            let hb = Double(d.breached) / maxV * plotH
            bars.append(
                SVGBar(
                    x: n(x), y: n(top + plotH - h), width: n(barW), height: n(h), color: blue,
                    title: "\(Format.shortDay(d.date)): \(d.tickets) tickets"))
            bars.append(
                SVGBar(
                    x: n(x), y: n(top + plotH - hb), width: n(barW), height: n(hb), color: red,
                    title: "\(Format.shortDay(d.date)): \(d.breached) breached"))
            if i % labelEvery == 0 {
                labels.append(
                    SVGLabel(x: n(x + barW / 2), y: n(height - 12), text: Format.shortDay(d.date), anchor: "middle"))
            }
        }
        var grid: [SVGBar] = []
        for k in 0...4 {
            let v = maxV * Double(k) / 4
            let y = top + plotH - plotH * Double(k) / 4
            grid.append(SVGBar(x: n(left), y: n(y), width: n(plotW), height: "0.5", color: "#d1d5db", title: ""))
            labels.append(SVGLabel(x: n(left - 4), y: n(y + 4), text: Format.count(Int(v.rounded())), anchor: "end"))
        }
        return SVGChart(
            width: n(width), height: n(height), viewBox: "0 0 \(Int(width)) \(Int(height))",
            title: "Tickets per day (blue) and SLA breaches (red)", bars: bars, labels: labels, gridLines: grid)
    }

    /// Channel mix as horizontal bars.
    static func sourceSVG(_ s: ReportSummary, clean: (String) -> String) -> SVGChart {
        let rows = s.sources.primary
        let rowH = 24.0
        let left = 140.0
        let width = 640.0
        let height = Swift.max(40, Double(rows.count) * rowH + 10)
        let maxV = Double(Swift.max(1, rows.map(\.tickets).max() ?? 1))
        var bars: [SVGBar] = []
        var labels: [SVGLabel] = []
        for (i, r) in rows.enumerated() {
            let y = 5 + Double(i) * rowH
            let w = Double(r.tickets) / maxV * (width - left - 120)
            let name = DisplayText.clean(r.key, maxLength: 22)
            bars.append(
                SVGBar(
                    x: n(left), y: n(y + 4), width: n(Swift.max(1, w)), height: n(rowH - 8), color: blue,
                    title: "\(name): \(r.tickets)"))
            labels.append(SVGLabel(x: n(left - 6), y: n(y + rowH / 2 + 4), text: name, anchor: "end"))
            labels.append(
                SVGLabel(
                    x: n(left + Swift.max(1, w) + 6), y: n(y + rowH / 2 + 4),
                    text: "\(Format.count(r.tickets)) (\(Format.percent(r.share)))", anchor: "start"))
        }
        return SVGChart(
            width: n(width), height: n(height), viewBox: "0 0 \(Int(width)) \(Int(height))",
            title: "Tickets by primary channel", bars: bars, labels: labels, gridLines: [])
    }
}
