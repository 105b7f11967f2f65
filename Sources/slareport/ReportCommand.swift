import ArgumentParser
import Foundation
import ReportRendering
import SLAAnalytics
import TicketModel

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
            guard !input.isEmpty else {
                throw ValidationError("give the data: --input PATH (saved Kapture responses)")
            }
            guard let accountZone = TimeZone(identifier: configuration.timezone) else {
                throw CLIError.usage("timezone '\(configuration.timezone)' is not an IANA time zone name")
            }
            let summary = try summarize(inputs: input, options: options, accountTimeZone: accountZone)
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
