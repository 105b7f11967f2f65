import ArgumentParser
import Foundation
import ReportPipeline
import ReportRendering
import SLAAnalytics

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

    @Option(
        help:
            "Read the tickets from this store instead of --input: a SQLite file or a postgres:// URL (default without --input: [store] url in config)."
    )
    var store: String?

    @OptionGroup var periodOptions: PeriodOptions

    @OptionGroup var sliceOptions: SliceOptions

    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "Threads decoding --input files or reading --store (default: the number of cores).")
    var threads: Int?

    @Flag(
        name: .customLong("tickets-csv"),
        help: "Also write tickets.csv to --out: one row per ticket of the period with its derived state (streamed).")
    var ticketsCSV = false

    @Flag(help: "No progress line on a terminal.")
    var quiet = false

    func run() async throws {
        try await reportingErrors(Self.self) {
            let configuration = try loadConfiguration(periodOptions.config)
            let options = try periodOptions.selection.resolve(configuration: configuration)
                .sliced(try sliceOptions.resolve(configuration: configuration))
            try checkThreads(threads)
            let source: ReportSource
            switch (input.isEmpty, store ?? (input.isEmpty ? configuration.storeLocation(nil, fallback: nil) : nil)) {
            case (false, nil): source = .files(input)
            case (true, let path?): source = .store(path)
            case (false, .some): throw PipelineError.usage("give either --input or --store, not both")
            case (true, nil):
                throw PipelineError.usage("give the data: --input PATH (saved Kapture responses) or --store FILE")
            }
            let line = ProgressLine(quiet: quiet)
            defer { line.finish() }
            let summary = try ReportJob.summarize(
                source, options: options, accountTimeZone: try configuration.accountTimeZone(), threads: threads,
                progress: line.handler())
            line.finish()
            try await outputOptions.publish(summary, configuration: configuration)
            if ticketsCSV {
                let rows = try TicketsExport.write(
                    source, options: options, accountTimeZone: try configuration.accountTimeZone(),
                    into: outputOptions.out)
                print("Wrote \(TicketsExport.fileName) to \(outputOptions.out): \(rows) tickets")
            }
        }
    }
}

/// Where and how the report files are written, and to whom the email goes.
struct OutputOptions: ParsableArguments {
    @Option(help: "Comma-separated formats: json, html, xhtml, text, csv, eml, or all.")
    var format = "all"

    @Option(help: "Folder to write the report files into.")
    var out = "out"

    @Option(help: "A folder of templates overriding the bundled ones by file name (see Templates/README.md).")
    var templates: String?

    @Option(name: .customLong("mail-to"), help: "Send report.eml to this address with sendmail_command (repeatable).")
    var mailTo: [String] = []

    @Option(name: .customLong("mail-from"), help: "The From address (default: email.from in config).")
    var mailFrom: String?

    @Option(
        help: "The email subject (default: email.subject in config, else one stating the period and headline figures).")
    var subject: String?

    /// Renders the requested formats from `summary` (validated), writes them all or none,
    /// sends the email when asked, and says what it did.
    func publish(_ summary: ReportSummary, configuration: Configuration) async throws {
        let mailing = try ReportMailing(configuration: configuration, mailTo: mailTo, from: mailFrom, subject: subject)
        let documents = try ReportJob.render(
            summary, formats: mailing.formats(try ReportFormat.parseList(format)), templatesFolder: templates,
            envelope: mailing.envelope)
        let publisher = ReportPublisher(outputFolder: out, sendmailCommand: configuration.email.sendmailCommand)
        try publisher.write(documents)
        let breach = summary.sla.breachRate.map { String(format: "%.1f %%", $0 * 100) } ?? "n/a"
        print(
            "Wrote \(plural(documents.count, "file")) to \(out) (\(documents.map(\.name).joined(separator: ", "))): "
                + "\(summary.totals.tickets) tickets \(summary.period.from) … \(summary.period.to), SLA breach rate \(breach)"
        )
        if try await publisher.send(documents, if: mailing.sends) {
            print("Sent report.eml to \(mailTo.joined(separator: ", ")) with \(configuration.email.sendmailCommand)")
        }
    }
}
