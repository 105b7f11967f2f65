import SLAAnalytics

extension ReportView {
    /// The team's targets in business time (`targets`): all tickets with a target, then each
    /// priority; agreement with Kapture and the business TAT under it. `nil` without targets.
    static func targetTable(_ s: ReportSummary, layout: ReportLayout, clean: (String) -> String) -> Table? {
        guard let t = s.targets else { return nil }
        func row(_ label: String, _ g: TargetGroup) -> Row {
            Row(
                cells: [
                    text(label), num(Format.count(g.tickets)), num(Format.count(g.met)), num(Format.count(g.missed)),
                    num(Format.count(g.openWithin)), num(Format.count(g.openOverdue)), num(Format.percent(g.metRate)),
                ],
                bar: bar("", (g.metRate ?? 0) * 100, max: 100, value: "", detail: "", color: green), hasBar: true)
        }
        let a = t.agreement
        let note =
            "Breached by Kapture and by the target: \(Format.count(a.bothBreached)); only by Kapture: "
            + "\(Format.count(a.onlyKapture)); only by the target: \(Format.count(a.onlyTarget)). "
            + "Business time to resolution: median \(Format.duration(seconds: t.businessTAT.medianSeconds)), "
            + "p90 \(Format.duration(seconds: t.businessTAT.p90Seconds))."
        return table(
            caption: "",
            headers: ["Priority", "With target", "Met", "Missed", "Open, within", "Open, overdue", "Met rate"],
            rows: [row("All", t.all)] + t.byPriority.prefix(layout.maxQueues).map { row(clean($0.key), $0) }, more: note
        )
    }
}
