import ArgumentParser
import Foundation
import ReportRendering
import SLAAnalytics
import TicketIngest
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

    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "Threads decoding --input files or reading --store (default: the number of cores).")
    var threads: Int?

    func run() async throws {
        try await reportingErrors {
            let configuration = try Configuration.load(explicit: periodOptions.config)
            let options = try periodOptions.resolve(configuration: configuration)
            let formats = try parseFormats(outputOptions.format)
            guard let accountZone = TimeZone(identifier: configuration.timezone) else {
                throw CLIError.usage("timezone '\(configuration.timezone)' is not an IANA time zone name")
            }
            if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be 1…256") }
            let summary: ReportSummary
            switch (input.isEmpty, store) {
            case (false, nil):
                summary = try summarize(inputs: input, options: options, accountTimeZone: accountZone, threads: threads)
            case (true, let path?):
                summary = try summarize(storePath: path, options: options, threads: threads)
            case (false, .some):
                throw ValidationError("give either --input or --store, not both")
            case (true, nil):
                throw ValidationError("give the data: --input PATH (saved Kapture responses) or --store FILE")
            }
            try await writeOutputs(summary, formats: formats, options: outputOptions, configuration: configuration)
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
}

/// Renders the requested formats from `summary`, validates the documents, writes them all
/// or none, and sends the email when asked.
func writeOutputs(
    _ summary: ReportSummary, formats: [ReportFormat], options: OutputOptions, configuration: Configuration
) async throws {
    var formats = formats
    for address in options.mailTo + configuration.email.to {
        guard EmailAddress.isPlausible(address) else {
            throw ValidationError("'\(address)' is not an email address such as ops@example.com")
        }
    }
    let recipients = options.mailTo.isEmpty ? configuration.email.to : options.mailTo
    if !options.mailTo.isEmpty && !formats.contains(.eml) { formats.append(.eml) }
    let templates: TemplateSet
    do {
        templates = try TemplateSet(overrides: options.templates)
    } catch let e as TemplateError {
        throw CLIError.badInput("template \(e.description)")
    }
    let envelope = EmailEnvelope(
        from: options.mailFrom ?? configuration.email.from, to: recipients,
        subject: options.subject ?? configuration.email.subject, messageIDDomain: configuration.email.messageIDDomain)
    let files: [(name: String, data: Data)]
    do {
        files = try ReportRenderer(templates: templates).render(summary, formats: formats, envelope: envelope)
    } catch let e as InvalidDocumentError {
        throw CLIError.failure(e.description)
    } catch let e as TemplateError {
        throw CLIError.badInput("template \(e.description)")
    }
    try OutputFiles.writeAll(files, into: options.out)
    let breach = summary.sla.breachRate.map { String(format: "%.1f %%", $0 * 100) } ?? "n/a"
    print(
        "Wrote \(files.count) files to \(options.out) (\(files.map(\.name).joined(separator: ", "))): "
            + "\(summary.totals.tickets) tickets \(summary.period.from) … \(summary.period.to), SLA breach rate \(breach)"
    )
    if !options.mailTo.isEmpty, let eml = files.first(where: { $0.name == "report.eml" }) {
        try await Sendmail(command: configuration.email.sendmailCommand).send(eml.data)
        print(
            "Sent report.eml to \(options.mailTo.joined(separator: ", ")) with \(configuration.email.sendmailCommand)")
    }
}

/// Computes a summary from a store: the period and the previous period are read in one
/// streaming query on the decoded columns (no JSON is parsed), and the ledger says which
/// days are complete.
func summarize(storePath: String, options: ReportOptions, threads: Int? = nil) throws -> ReportSummary {
    let store: SQLiteTicketStore
    do {
        store = try SQLiteTicketStore(path: storePath, readOnly: true)
    } catch let e as TicketStoreError {
        throw CLIError.badInput("store \(e.description)")
    }
    let clock = ZoneClock(options.timeZone)
    let previous = options.period.previous
    let start = Date(timeIntervalSince1970: TimeInterval(clock.startOfDay(previous.from)))
    let end = Date(timeIntervalSince1970: TimeInterval(clock.startOfDay(options.period.to.adding(days: 1))))
    // ticket_id is the store's primary key: one copy per ticket, nothing to de-duplicate.
    var builder = ReportBuilder(options: options, keysAreUnique: true)
    do {
        let ledger = try store.ledger(from: options.period.from, to: options.period.to)
        builder.useLedger(
            completeDays: Set(ledger.filter { $0.state == .complete || $0.state == .imported }.map(\.day)))
        for entry in ledger {
            for (reason, n) in entry.skipped { builder.recordSkipped(reason, count: n) }
        }
        // Straight from the columns' bytes (the same facts as decoding each stored Ticket),
        // on several threads when the period covers much of the store.
        try ParallelStoreIngest.feed(
            &builder, store: store, createdFrom: start, before: end, lifecycle: options.lifecycle,
            threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    } catch let e as TicketStoreError {
        throw CLIError.badInput("store \(e.description)")
    }
    return builder.summary()
}
