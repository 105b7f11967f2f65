import Foundation
public import SLAAnalytics

/// A few headline lines of a summary for a terminal (what `slareport demo` prints).
public enum ReportHeadline {
    /// A few headline lines for the terminal, formatted from the summary.
    public static func text(_ s: ReportSummary) -> String {
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f %%", $0 * 100) } ?? "n/a" }
        var lines = [
            "SLA report \(s.period.from) … \(s.period.to) (\(s.period.timeZone)), as of \(s.asOf)",
            "  tickets \(s.totals.tickets)  open \(s.totals.open)  resolved \(s.totals.resolved)  skipped \(s.totals.skipped)",
            "  SLA breach rate \(pct(s.sla.breachRate)) (\(s.sla.breached) of \(s.sla.withSLA) with an SLA)",
            "  first-time resolution \(pct(s.ftr.rate)) (\(s.ftr.firstTime) of \(s.ftr.eligible) resolved)",
            "  backlog \(s.backlog.open) open, \(s.backlog.over7Days) older than 7 days",
        ]
        if let c = s.comparison {
            lines.append(
                "  vs \(c.previousFrom) … \(c.previousTo): tickets \(c.tickets.delta >= 0 ? "+" : "")\(c.tickets.delta), "
                    + "breach rate \(c.breachRate.delta.map { String(format: "%+.1f pts", $0 * 100) } ?? "n/a")"
                    + (c.breachRate.significant ? " (significant)" : ""))
        }
        if let top = s.assignees.first {
            lines.append("  busiest assignee \(top.name): \(top.tickets) tickets")
        }
        return lines.joined(separator: "\n")
    }
}
