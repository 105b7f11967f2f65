import ArgumentParser
import ExampleData
import Foundation
import ReportPipeline
import SLAAnalytics
import TicketModel

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline on the bundled example data; no account needed.",
        discussion: """
            Reports the week 2024-04-15 … 2024-04-21 (compared with the week before) from the two \
            weeks of generated Kapture responses bundled in Examples/responses, as of \
            2024-04-22T09:00:00+05:30, and writes every format to --out.
            """
    )

    static let period = ReportPeriod(from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-21")!)!
    static let asOf = "2024-04-22T09:00:00+05:30"

    @OptionGroup var outputOptions: OutputOptions

    func run() async throws {
        try await reportingErrors(Self.self) {
            guard let responses = ExampleData.responsesURL else {
                throw PipelineError.failure("the bundled example data is missing from this build")
            }
            let zone = TimeZone(identifier: "Asia/Kolkata")!
            let options = ReportOptions(
                period: Self.period, timeZone: zone, asOf: parseRFC3339(Self.asOf)!, lifecycle: .default)
            let summary = try ReportJob.summarize(.files([responses.path]), options: options, accountTimeZone: zone)
            try await outputOptions.publish(summary, configuration: Configuration())
            print(DemoCommand.headline(summary))
        }
    }

    /// A few headline lines for the terminal, formatted from the summary.
    static func headline(_ s: ReportSummary) -> String {
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
