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
            + " Open with a target: \(Format.count(t.backlogAge.open)), open for a median of "
            + "\(Format.duration(seconds: t.backlogAge.medianSeconds)) of business time "
            + "(p90 \(Format.duration(seconds: t.backlogAge.p90Seconds)), oldest \(Format.duration(seconds: t.backlogAge.oldestSeconds)))."
        return table(
            caption: "",
            headers: ["Priority", "With target", "Met", "Missed", "Open, within", "Open, overdue", "Met rate"],
            rows: [row("All", t.all)] + t.byPriority.prefix(layout.maxQueues).map { row(clean($0.key), $0) }, more: note
        )
    }
}

extension ReportView {
    /// The due-next section (`targets.dueNext`): a sentence, then the tickets due soon (least
    /// time left first) and those overdue (the latest first), as the oldest-breached rows.
    struct DueNextView {
        let text: String
        let dueSoon: [Attention]
        let hasDueSoon: Bool
        let overdue: [Attention]
        let hasOverdue: Bool
        /// Text lines of both lists, for the text report.
        let lines: [String]
    }

    static func dueNextView(_ s: ReportSummary) -> DueNextView {
        guard let d = s.targets?.dueNext else {
            return DueNextView(text: "", dueSoon: [], hasDueSoon: false, overdue: [], hasOverdue: false, lines: [])
        }
        func rows(_ list: DueList) -> [Attention] {
            list.tickets.map { t in
                let left = t.businessSecondsLeft
                let when =
                    left >= 0
                    ? "\(Format.businessDuration(seconds: left)) left, due \(Format.shortInstant(t.deadline))"
                    : "late by \(Format.businessDuration(seconds: -left)), due \(Format.shortInstant(t.deadline))"
                return attentionRow(
                    ticketId: t.ticketId, title: t.title, url: t.url, assignee: t.assignee, priority: t.priority,
                    queue: t.queue, age: when)
            }
        }
        func shown(_ list: DueList) -> String {
            list.tickets.count < list.count ? " (the first \(list.tickets.count) listed)" : ""
        }
        let text =
            "\(Format.count(d.dueSoon.count)) open tickets are due within their target's warning window"
            + "\(shown(d.dueSoon)); \(Format.count(d.overdue.count)) are past their target\(shown(d.overdue)). "
            + "Time left is business time on the target's calendar, as of \(s.asOf)."
        let (soon, late) = (rows(d.dueSoon), rows(d.overdue))
        func lines(_ heading: String, _ rows: [Attention]) -> [String] {
            rows.isEmpty ? [] : [heading] + rows.map { textLine($0) }
        }
        return DueNextView(
            text: text, dueSoon: soon, hasDueSoon: !soon.isEmpty, overdue: late, hasOverdue: !late.isEmpty,
            lines: [text] + lines("Due soon:", soon) + lines("Overdue:", late))
    }
}
