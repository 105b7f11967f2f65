import SLAAnalytics

extension ReportView {
    /// The most details shown under a reason in the email (the XHTML document shows all).
    static let emailDetailsPerReason = 5

    /// Contact reasons: a row per reason, its details under it (`Reason › Detail`), cut in
    /// the email to `layout.maxQueues` reasons and `emailDetailsPerReason` details each.
    static func dispositionTable(_ s: ReportSummary, layout: ReportLayout, clean: (String) -> String) -> Table {
        let detailLimit = layout.maxQueues == .max ? Int.max : emailDetailsPerReason
        func row(_ label: String, _ g: DispositionGroup) -> Row {
            Row(
                cells: [
                    text(label), num(Format.count(g.tickets)), num(Format.percent(g.share)),
                    num(Format.percent(g.breachRate)), num(Format.percent(g.ftrRate)),
                ],
                bar: bar("", (g.breachRate ?? 0) * 100, max: 100, value: "", detail: "", color: red), hasBar: true)
        }
        var hiddenDetails = 0
        let rows = s.dispositions.prefix(layout.maxQueues).flatMap { reason in
            hiddenDetails += max(0, reason.children.count - detailLimit)
            return [row(clean(reason.key), reason)]
                + reason.children.prefix(detailLimit).map { row(clean(reason.key) + " › " + clean($0.key), $0) }
        }
        let hiddenReasons = max(0, s.dispositions.count - layout.maxQueues)
        var more: [String] = []
        if hiddenReasons > 0 { more.append("\(hiddenReasons) more contact reasons") }
        if hiddenDetails > 0 { more.append("\(hiddenDetails) more details") }
        return table(
            caption: "", headers: ["Contact reason", "Tickets", "Share", "Breach rate", "FTR"], rows: rows,
            more: more.isEmpty
                ? "" : "and " + more.joined(separator: " and ") + " (every row is in the XHTML report and the CSV)")
    }
}
