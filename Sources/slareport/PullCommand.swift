import ArgumentParser
import AsyncHTTPClient
import Foundation
import KaptureAPI
import KapturePull
import Logging
import ReportPipeline
import SLAAnalytics
import TicketModel
import TicketStore

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull a period's tickets from Kapture into a local SQLite store.",
        discussion: """
            One call per account-zone day (paged by offset/limit), days pulled concurrently, failed calls \
            retried with exponential backoff. Each day is stored in one transaction with a ledger row, so \
            running the same command again resumes: complete days are skipped unless they are within \
            --refresh-days of today. The token comes from $KAPTURE_TOKEN or token_file in slareport.toml; \
            it never appears in logs, errors, the store or any output.
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

    @Option(help: "The SQLite store to write (created if missing).")
    var store = "slareport.sqlite"

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
            let cfg = try loadConfiguration(config)
            let k = cfg.kapture
            let zone = try cfg.accountTimeZone()
            let token = try loadToken(configuration: cfg)
            let base: String
            if let url = baseURL ?? k.baseURL {
                guard let parsed = URL(string: url), parsed.scheme == "http" || parsed.scheme == "https",
                    parsed.host != nil
                else { throw ValidationError("--base-url: '\(url)' is not an http(s) URL") }
                base = url.hasSuffix("/") ? String(url.dropLast()) : url
            } else if let sub = subdomain ?? k.subdomain {
                guard !sub.isEmpty, sub.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                    throw ValidationError("--subdomain: '\(sub)' is not a subdomain such as acme")
                }
                base = KaptureClientConfiguration.baseURL(subdomain: sub.lowercased())
            } else {
                throw ValidationError("give --subdomain (or kapture.subdomain in slareport.toml) or --base-url")
            }
            // Pull days are account-zone days.
            let options = try PeriodSelection(from: from, to: to, preset: period, asOf: asOf, timezone: cfg.timezone)
                .resolve(configuration: cfg)
            let concurrency = concurrency ?? k.concurrency
            guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1…64") }
            let pageSize = pageSize ?? k.pageSize
            guard (0...10_000).contains(pageSize) else { throw ValidationError("--page-size must be 0…10000") }
            guard let mode = EndDateMode(rawValue: endDate ?? k.endDate) else {
                throw ValidationError("--end-date must be same-day or next-day")
            }
            let timeout = timeout ?? k.timeoutSeconds
            guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
            let retries = maxRetries ?? k.maxRetries
            guard (0...100).contains(retries) else { throw ValidationError("--max-retries must be 0…100") }
            if let rps = requestsPerSecond ?? k.requestsPerSecond, rps <= 0 {
                throw ValidationError("--requests-per-second must be positive")
            }
            let refresh = refreshDays ?? k.refreshDays
            guard refresh >= 0 else { throw ValidationError("--refresh-days must be 0 or more") }

            let endpoint = base + KaptureClientConfiguration.endpointPath
            let today = ZoneClock(zone).localDate(of: options.asOf)
            let plan = PullPlan(
                days: options.period.days, today: today, refreshDays: refresh, concurrency: concurrency,
                saveRawDirectory: saveRaw)
            if dryRun {
                try printDryRun(plan: plan, endpoint: endpoint, pageSize: pageSize)
                return
            }
            let ticketStore: SQLiteTicketStore
            do { ticketStore = try SQLiteTicketStore(path: store) } catch let e as TicketStoreError {
                throw PipelineError.failure("store \(e.description)")
            }
            var logger = Logger(label: "slareport.pull")
            logger.logLevel = verbose ? .debug : .info
            let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
            let client = KaptureClient(
                configuration: KaptureClientConfiguration(
                    baseURL: base, token: token, pageSize: pageSize == 0 ? nil : pageSize, endDateMode: mode,
                    timeout: timeout, maxRetries: retries, baseBackoff: k.baseBackoffSeconds,
                    maxBackoff: k.maxBackoffSeconds),
                httpClient: httpClient, logger: logger,
                rateLimiter: (requestsPerSecond ?? k.requestsPerSecond).map { RequestRateLimiter(perSecond: $0) })
            let puller = TicketPuller(
                client: client, store: ticketStore, decoder: TicketDecoder(accountTimeZone: zone))
            let display = PullDisplay(interactive: !quiet && isatty(STDERR_FILENO) == 1, verbose: verbose)
            let outcome: PullOutcome
            do {
                outcome = try await puller.run(plan) { display.handle($0) }
                display.finish()
                try await httpClient.shutdown()
            } catch let error as KaptureError where error.kind == .authentication {
                display.finish()
                try? await httpClient.shutdown()
                throw PipelineError(.authentication, "\(error.message); check $KAPTURE_TOKEN or token_file")
            } catch {
                display.finish()
                try? await httpClient.shutdown()
                throw error
            }
            print(
                "Pulled \(plural(outcome.pulled.count, "day")) (\(plural(outcome.tickets, "ticket")), "
                    + "\(plural(outcome.retries, "retry", "retries"))) into \(store); "
                    + "\(outcome.alreadyComplete.count) already complete, \(outcome.partial.count) partial, "
                    + "\(outcome.failed.count) failed")
            guard outcome.isComplete else {
                // One line per day that is not complete, then the verdict: cron's `&&` must
                // never run a report on a store that is silently short.
                for (day, reason) in outcome.partial { printError("slareport: \(day) partial: \(reason)") }
                for (day, error) in outcome.failed { printError("slareport: \(day) failed: \(error)") }
                let incomplete = outcome.partial.count + outcome.failed.count
                throw PipelineError(
                    .incompletePull,
                    "\(incomplete) of \(plural(plan.days.count, "day")) not complete "
                        + "(\(outcome.partial.count) partial, \(outcome.failed.count) failed); "
                        + "run the same command again to pull them again")
            }
        }
    }

    /// What `--dry-run` prints: where the calls would go and which days they would ask for.
    func printDryRun(plan: PullPlan, endpoint: String, pageSize: Int) throws {
        var complete: [LocalDate] = []
        var pull = plan.days
        if FileManager.default.fileExists(atPath: store) {
            do {
                let existing = try SQLiteTicketStore(path: store, readOnly: true)
                (pull, complete) = try TicketPuller.daysToPull(
                    plan, ledger: existing.ledger(from: plan.days[0], to: plan.days[plan.days.count - 1]))
            } catch let e as TicketStoreError {
                throw PipelineError.failure("store \(e.description)")
            }
        }
        print("Would pull \(plural(pull.count, "day")) from POST \(endpoint)")
        print("  page size: \(pageSize == 0 ? "none (no limit/offset)" : String(pageSize))")
        print("  store: \(store) (\(complete.count) of \(plural(plan.days.count, "day")) already complete)")
        if let first = pull.first, let last = pull.last {
            print(
                "  days: \(first) … \(last)"
                    + (pull.count < last.daysSinceEpoch - first.daysSinceEpoch + 1
                        ? " (\(pull.map(\.description).joined(separator: ", ")))" : ""))
        }
    }

    func loadToken(configuration: Configuration) throws -> KaptureToken {
        if let path = tokenFile
            ?? (ProcessInfo.processInfo.environment["KAPTURE_TOKEN"] == nil ? configuration.kapture.tokenFile : nil)
        {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else { throw PipelineError.usage("token file \(path) cannot be read") }
            guard let token = KaptureToken(text) else { throw PipelineError.usage("token file \(path) holds no token") }
            return token
        }
        guard let value = ProcessInfo.processInfo.environment["KAPTURE_TOKEN"] else {
            throw PipelineError.usage(
                "no Kapture token: set KAPTURE_TOKEN, or token_file in slareport.toml, or --token-file")
        }
        guard let token = KaptureToken(value) else { throw PipelineError.usage("KAPTURE_TOKEN is empty") }
        return token
    }
}

/// Progress on a terminal (one rewritten line), or one line per day otherwise.
final class PullDisplay: @unchecked Sendable {
    let interactive: Bool
    let verbose: Bool
    private let lock = NSLock()
    private var total = 0
    private var done = 0
    private var tickets = 0
    private var retries = 0
    private var failed = 0

    init(interactive: Bool, verbose: Bool) {
        self.interactive = interactive
        self.verbose = verbose
    }

    func handle(_ event: PullEvent) {
        lock.withLock {
            switch event {
            case .planned(let total, let complete):
                self.total = total
                self.done = complete
                if !interactive && complete > 0 { printError("\(complete) of \(total) days already complete; skipped") }
            case .dayDone(let day, let state, let n, let pages, let r):
                done += 1
                tickets += n
                if !interactive {
                    printError("\(day) \(state.rawValue): \(n) tickets, \(pages) pages, \(r) retries")
                }
            case .dayFailed(let day, let error, _):
                done += 1
                failed += 1
                if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                printError("\(day) failed: \(error)")
            case .retry(let day, let error):
                retries += 1
                if verbose && !interactive { printError("\(day) retrying after: \(error)") }
            }
            if interactive {
                let line = "\r\u{1B}[K[\(done)/\(total) days] \(tickets) tickets, \(retries) retries, \(failed) failed"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
    }

    func finish() {
        if interactive { lock.withLock { FileHandle.standardError.write(Data("\n".utf8)) } }
    }
}
