import ArgumentParser
import Foundation
import ReportPipeline
import SampleData
import TicketModel

struct SampleDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-data",
        abstract: "Generate realistic Kapture responses, one file per day, deterministic by seed.",
        discussion: """
            Writes tickets-YYYY-MM-DD.json files (response envelopes) or, with --jsonl, one \
            tickets.jsonl of bare ticket objects. The same options always give the same bytes.
            """
    )

    @Option(help: "Number of days.")
    var days = 7

    @Option(name: .customLong("per-day"), help: "About how many tickets a weekday gets (weekends get fewer).")
    var perDay = 500

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "First day, YYYY-MM-DD.")
    var from = "2024-04-15"

    @Option(
        name: .customLong("ages-as-of"),
        help: "The day tickets' ages (open, then resolved) count to, YYYY-MM-DD (default: the last day written).")
    var agesAsOf: String?

    @Option(help: "Number of assignees.")
    var assignees = 40

    @Flag(help: "Write JSON Lines of bare tickets (tickets.jsonl) instead of day responses.")
    var jsonl = false

    @Option(help: "Folder to write into.")
    var out: String

    func validate() throws {
        guard days > 0, days <= 3660 else { throw ValidationError("--days must be 1…3660") }
        guard perDay >= 0, perDay <= 1_000_000 else { throw ValidationError("--per-day must be 0…1000000") }
        guard (1...100_000).contains(assignees) else { throw ValidationError("--assignees must be 1…100000") }
        let range = "\(ReportPeriod.earliestDay) … \(ReportPeriod.latestDay)"
        guard let first = LocalDate(from) else { throw ValidationError("--from: '\(from)' is not a YYYY-MM-DD date") }
        guard ReportPeriod.allows(first), ReportPeriod.allows(first.adding(days: days - 1)) else {
            throw ValidationError("--from/--days: the days written must lie in \(range)")
        }
        if let agesAsOf {
            guard let day = LocalDate(agesAsOf) else {
                throw ValidationError("--ages-as-of: '\(agesAsOf)' is not a YYYY-MM-DD date")
            }
            guard ReportPeriod.allows(day) else { throw ValidationError("--ages-as-of: \(day) is outside \(range)") }
        }
    }

    func run() async throws {
        try await reportingErrors(Self.self) {
            let first = LocalDate(from)!
            let written = try SampleDataJob.write(
                SampleGenerator(seed: seed, perDay: perDay, assigneeCount: assignees), from: first, days: days,
                jsonLines: jsonl, into: out, asOfDay: agesAsOf.flatMap(LocalDate.init))
            print(
                "Wrote \(written) \(jsonl ? "tickets" : "day files") for \(first) … \(first.adding(days: days - 1)) to \(out)"
            )
        }
    }
}
