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
        guard assignees > 0 else { throw ValidationError("--assignees must be at least 1") }
        guard LocalDate(from) != nil else { throw ValidationError("--from: '\(from)' is not a YYYY-MM-DD date") }
        if let agesAsOf, LocalDate(agesAsOf) == nil {
            throw ValidationError("--ages-as-of: '\(agesAsOf)' is not a YYYY-MM-DD date")
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
