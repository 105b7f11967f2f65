import ArgumentParser
import Foundation
import ReportRendering
import SLAAnalytics
import TicketModel
import TicketStore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Compute a period's service figures and write the report files.",
        discussion: """
            Reads saved Kapture "Pull Ticket by date range" responses (--input: files or folders of \
            response envelopes, or JSON Lines of ticket objects) and writes summary.json to --out.
            """
    )

    @Option(name: .long, help: "A response file or a folder of them (repeatable).")
    var input: [String] = []

    @Option(help: "Read the tickets from this SQLite store (written by `slareport pull`) instead of --input.")
    var store: String?

    @OptionGroup var periodOptions: PeriodOptions

    @Option(help: "Comma-separated formats to write: json, or all.")
    var format = "json"

    @Option(help: "Folder to write the report files into.")
    var out = "out"

    func run() async throws {
        try await reportingErrors {
            let configuration = try Configuration.load(explicit: periodOptions.config)
            let options = try periodOptions.resolve(configuration: configuration)
            let formats = try OutputFormat.parse(format)
            guard let accountZone = TimeZone(identifier: configuration.timezone) else {
                throw CLIError.usage("timezone '\(configuration.timezone)' is not an IANA time zone name")
            }
            let summary: ReportSummary
            switch (input.isEmpty, store) {
            case (false, nil):
                summary = try summarize(inputs: input, options: options, accountTimeZone: accountZone)
            case (true, let path?):
                summary = try summarize(storePath: path, options: options)
            case (false, .some):
                throw ValidationError("give either --input or --store, not both")
            case (true, nil):
                throw ValidationError("give the data: --input PATH (saved Kapture responses) or --store FILE")
            }
            try writeOutputs(summary, formats: formats, to: out)
        }
    }
}

/// Renders the requested formats from `summary` and writes them all, or none.
func writeOutputs(_ summary: ReportSummary, formats: [OutputFormat], to directory: String) throws {
    var files: [(name: String, data: Data)] = []
    for format in formats {
        switch format {
        case .json: files.append(("summary.json", try SummaryJSON.encode(summary)))
        }
    }
    try OutputFiles.writeAll(files, into: directory)
    let breach = summary.sla.breachRate.map { String(format: "%.1f %%", $0 * 100) } ?? "n/a"
    print(
        "Wrote \(files.map { (directory as NSString).appendingPathComponent($0.name) }.joined(separator: ", ")) — "
            + "\(summary.totals.tickets) tickets \(summary.period.from) … \(summary.period.to), SLA breach rate \(breach)"
    )
}

/// Computes a summary from a store: the period and the previous period are read in one
/// streaming query on the decoded columns (no JSON is parsed), and the ledger says which
/// days are complete.
func summarize(storePath: String, options: ReportOptions) throws -> ReportSummary {
    let store: SQLiteTicketStore
    do {
        store = try SQLiteTicketStore(path: storePath, create: false)
    } catch let e as TicketStoreError {
        throw CLIError.badInput("store \(e.description)")
    }
    let clock = ZoneClock(options.timeZone)
    let previous = options.period.previous
    let start = Date(timeIntervalSince1970: TimeInterval(clock.startOfDay(previous.from)))
    let end = Date(timeIntervalSince1970: TimeInterval(clock.startOfDay(options.period.to.adding(days: 1))))
    var builder = ReportBuilder(options: options)
    do {
        let ledger = try store.ledger(from: options.period.from, to: options.period.to)
        builder.useLedger(completeDays: Set(ledger.filter { $0.state == .complete }.map(\.day)))
        for entry in ledger {
            for (reason, n) in entry.skipped { builder.recordSkipped(reason, count: n) }
        }
        try store.forEachTicket(createdFrom: start, before: end) { builder.add($0) }
    } catch let e as TicketStoreError {
        throw CLIError.badInput("store \(e.description)")
    }
    return builder.summary()
}
