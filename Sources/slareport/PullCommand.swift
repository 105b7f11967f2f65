import ArgumentParser
import Foundation
import KapturePull
import ReportPipeline
import TicketStore

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull a period's tickets from Kapture into a store (SQLite or PostgreSQL).",
        discussion: """
            One call per account-zone day, paged by what each page held; a day short of its totalCount is \
            asked again, then stored partial. Each day is one transaction with a ledger row, so running the \
            same command again resumes. Exits 0 only when every day is complete, 75 naming the others. The \
            token ($KAPTURE_TOKEN or token_file) never appears in logs, errors, the store or any output.
            """
    )

    @Option(help: "Your Kapture subdomain (acme for acme.kapturecrm.com); or kapture.subdomain in config.")
    var subdomain: String?

    @Option(name: .customLong("base-url"), help: "Use this base URL instead of https://<subdomain>.kapturecrm.com.")
    var baseURL: String?

    @Option(help: "First day, YYYY-MM-DD, inclusive (account time zone).")
    var from: String?

    @Option(help: "Last day, YYYY-MM-DD, inclusive.")
    var to: String?

    @Option(
        help: "A named period instead of --from/--to (last-week, last-7-days, yesterday, month-to-date, last-month).")
    var period: String?

    @Option(
        name: .customLong("as-of"), help: "The instant --period and --refresh-days count from, RFC 3339 (default: now)."
    )
    var asOf: String?

    @Option(help: "The store to write, created if missing: \(storeHelp).")
    var store: String?

    @Option(help: "Days pulled at once (default 4, or kapture.concurrency).")
    var concurrency: Int?

    @Option(name: .customLong("requests-per-second"), help: "Cap on calls per second across all days.")
    var requestsPerSecond: Double?

    @Option(help: "Timeout of one call, seconds (default 30).")
    var timeout: Double?

    @Option(
        name: .customLong("max-retries"), help: "Retries of a failed call before its day is marked failed (default 5).")
    var maxRetries: Int?

    @Option(name: .customLong("page-size"), help: "Tickets per page (limit); 0 sends no limit/offset (default 100).")
    var pageSize: Int?

    @Option(name: .customLong("end-date"), help: "end_date for day D: same-day (D) or next-day (D+1).")
    var endDate: String?

    @Option(
        name: .customLong("refresh-days"),
        help: "Pull complete days again when within this many days of today (default 7).")
    var refreshDays: Int?

    @Option(name: .customLong("save-raw"), help: "Also write every response as received into this folder.")
    var saveRaw: String?

    @Option(name: .customLong("token-file"), help: "Read the token from this file instead of $KAPTURE_TOKEN.")
    var tokenFile: String?

    @Option(help: "Configuration file.")
    var config: String?

    @Flag(help: "No progress line; one log line per day.")
    var quiet = false

    @Flag(help: "Log every retry.")
    var verbose = false

    @Flag(
        name: .customLong("dry-run"),
        help:
            "Check the flags, configuration and token, print the endpoint and the days that would be pulled; call nothing, write nothing."
    )
    var dryRun = false

    func run() async throws {
        try await reportingErrors(Self.self) {
            let configuration = try loadConfiguration(config)
            let store = configuration.storeLocation(self.store)!
            let request = PullRequest(
                period: PeriodSelection(from: from, to: to, preset: period, asOf: asOf), storePath: store,
                subdomain: subdomain, baseURL: baseURL, tokenFile: tokenFile, concurrency: concurrency,
                requestsPerSecond: requestsPerSecond, timeout: timeout, maxRetries: maxRetries, pageSize: pageSize,
                endDate: endDate, refreshDays: refreshDays, saveRawDirectory: saveRaw, verbose: verbose)
            let job = try PullJob(request, configuration: configuration)
            if dryRun {
                try PullDisplay.printPreview(job)
                return
            }
            let display = PullDisplay(line: ProgressLine(quiet: quiet), verbose: verbose)
            defer { display.finish() }
            let outcome = try await job.run { display.handle($0) }
            display.finish()
            print(
                "Pulled \(plural(outcome.pulled.count, "day")) (\(plural(outcome.tickets, "ticket")), "
                    + "\(plural(outcome.retries, "retry", "retries"))) into \(TicketStores.displayed(store)); "
                    + "\(outcome.alreadyComplete.count) already complete, \(outcome.partial.count) partial, "
                    + "\(outcome.failed.count) failed")
            let (lines, error) = job.verdict(outcome)
            for line in lines { printError("slareport: \(line)") }
            if let error { throw error }
        }
    }
}
