import AsyncHTTPClient
public import Foundation
import KaptureAPI
public import KapturePull
import Logging
import SLAAnalytics
public import TicketModel
import TicketStore

/// What a pull is asked to do, as given (flags, or the server's schedule): every setting
/// that is `nil` falls back to the configuration's `[kapture]` table.
public struct PullRequest: Sendable {
    public var period: PeriodSelection
    public var storePath: String
    public var subdomain: String?
    public var baseURL: String?
    public var tokenFile: String?
    public var concurrency: Int?
    public var requestsPerSecond: Double?
    public var timeout: Double?
    public var maxRetries: Int?
    public var pageSize: Int?
    public var endDate: String?
    public var refreshDays: Int?
    public var saveRawDirectory: String?
    /// Log every retry.
    public var verbose = false

    public init(
        period: PeriodSelection, storePath: String, subdomain: String? = nil, baseURL: String? = nil,
        tokenFile: String? = nil, concurrency: Int? = nil, requestsPerSecond: Double? = nil, timeout: Double? = nil,
        maxRetries: Int? = nil, pageSize: Int? = nil, endDate: String? = nil, refreshDays: Int? = nil,
        saveRawDirectory: String? = nil, verbose: Bool = false
    ) {
        self.period = period
        self.storePath = storePath
        self.subdomain = subdomain
        self.baseURL = baseURL
        self.tokenFile = tokenFile
        self.concurrency = concurrency
        self.requestsPerSecond = requestsPerSecond
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.pageSize = pageSize
        self.endDate = endDate
        self.refreshDays = refreshDays
        self.saveRawDirectory = saveRawDirectory
        self.verbose = verbose
    }
}

/// A pull resolved and checked: where it calls, with what, for which days. Building one is
/// every check a pull makes before its first call (`--dry-run` stops here).
public struct PullJob: Sendable {
    public let storePath: String
    public let endpoint: String
    public let pageSize: Int
    public let plan: PullPlan
    let client: KaptureClientConfiguration
    let requestsPerSecond: Double?
    let accountTimeZone: TimeZone
    let verbose: Bool

    /// Resolves `request` against `configuration`; the token comes from `request.tokenFile`,
    /// else `$KAPTURE_TOKEN`, else `kapture.token_file`. Messages name the command line's flags.
    public init(
        _ request: PullRequest, configuration: Configuration,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(PipelineError) {
        let k = configuration.kapture
        accountTimeZone = try configuration.accountTimeZone()
        let token = try Self.token(request.tokenFile, configuration: configuration, environment: environment)
        let base: String
        if let url = request.baseURL ?? k.baseURL {
            guard let parsed = URL(string: url), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil
            else { throw .usage("--base-url: '\(url)' is not an http(s) URL") }
            base = url.hasSuffix("/") ? String(url.dropLast()) : url
        } else if let sub = request.subdomain ?? k.subdomain {
            guard !sub.isEmpty, sub.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw .usage("--subdomain: '\(sub)' is not a subdomain such as acme")
            }
            base = KaptureClientConfiguration.baseURL(subdomain: sub.lowercased())
        } else {
            throw .usage("give --subdomain (or kapture.subdomain in slareport.toml) or --base-url")
        }
        // Pull days are account-zone days.
        var period = request.period
        period.timezone = configuration.timezone
        let options = try period.resolve(configuration: configuration)
        let concurrency = request.concurrency ?? k.concurrency
        guard (1...64).contains(concurrency) else { throw .usage("--concurrency must be 1…64") }
        let pageSize = request.pageSize ?? k.pageSize
        guard (0...10_000).contains(pageSize) else { throw .usage("--page-size must be 0…10000") }
        guard let mode = EndDateMode(rawValue: request.endDate ?? k.endDate) else {
            throw .usage("--end-date must be same-day or next-day")
        }
        let timeout = request.timeout ?? k.timeoutSeconds
        guard timeout > 0, timeout <= 3600 else { throw .usage("--timeout must be a number of seconds 0…3600") }
        let retries = request.maxRetries ?? k.maxRetries
        guard (0...100).contains(retries) else { throw .usage("--max-retries must be 0…100") }
        requestsPerSecond = request.requestsPerSecond ?? k.requestsPerSecond
        if let rps = requestsPerSecond, !(rps > 0 && rps <= 10_000) {
            throw .usage("--requests-per-second must be a number 0…10000")
        }
        let refresh = request.refreshDays ?? k.refreshDays
        guard (0...PeriodSelection.maximumDays).contains(refresh) else {
            throw .usage("--refresh-days must be 0…\(PeriodSelection.maximumDays)")
        }

        storePath = request.storePath
        endpoint = base + KaptureClientConfiguration.endpointPath
        self.pageSize = pageSize
        verbose = request.verbose
        plan = PullPlan(
            days: options.period.days, today: ZoneClock(accountTimeZone).localDate(of: options.asOf),
            refreshDays: refresh, concurrency: concurrency, saveRawDirectory: request.saveRawDirectory)
        client = KaptureClientConfiguration(
            baseURL: base, token: token, pageSize: pageSize == 0 ? nil : pageSize, endDateMode: mode,
            timeout: timeout, maxRetries: retries, baseBackoff: k.baseBackoffSeconds, maxBackoff: k.maxBackoffSeconds)
    }

    /// The Kapture token: never printed, never in an error.
    static func token(_ tokenFile: String?, configuration: Configuration, environment: [String: String])
        throws(PipelineError) -> KaptureToken
    {
        if let path = tokenFile ?? (environment["KAPTURE_TOKEN"] == nil ? configuration.kapture.tokenFile : nil) {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else { throw .usage("token file \(path) cannot be read") }
            guard let token = KaptureToken(text) else { throw .usage("token file \(path) holds no token") }
            return token
        }
        guard let value = environment["KAPTURE_TOKEN"] else {
            throw .usage("no Kapture token: set KAPTURE_TOKEN, or token_file in slareport.toml, or --token-file")
        }
        guard let token = KaptureToken(value) else { throw .usage("KAPTURE_TOKEN is empty") }
        return token
    }

    /// The days the pull would ask for and those already complete, from the store's ledger
    /// (no store yet: every day). Reads only.
    public func preview() throws(PipelineError) -> (pull: [LocalDate], complete: [LocalDate]) {
        guard TicketStores.isURL(storePath) || FileManager.default.fileExists(atPath: storePath),
            let first = plan.days.first, let last = plan.days.last
        else { return (plan.days, []) }
        do {
            let ledger = try TicketStores.open(storePath, readOnly: true).ledger(from: first, to: last)
            return TicketPuller.daysToPull(plan, ledger: ledger)
        } catch let e as TicketStoreError {
            throw .store(at: storePath, e)
        } catch {
            throw .unexpected(error)
        }
    }

    /// Runs the pull; `events` hears of every day and retry. A refused token is an
    /// `.authentication` error (days completed before it stay complete).
    public func run(events: @escaping @Sendable (PullEvent) -> Void = { _ in }) async throws(PipelineError)
        -> PullOutcome
    {
        let store: any TicketStoring
        let path = storePath
        do { store = try await Blocking.run { try TicketStores.open(path) } } catch let e as TicketStoreError {
            throw .store(e)
        } catch {
            throw .unexpected(error)
        }
        var logger = Logger(label: "slareport.pull")
        logger.logLevel = verbose ? .debug : .info
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let puller = TicketPuller(
            client: KaptureClient(
                configuration: client, httpClient: httpClient, logger: logger,
                rateLimiter: requestsPerSecond.map { RequestRateLimiter(perSecond: $0) }),
            store: store, decoder: TicketDecoder(accountTimeZone: accountTimeZone))
        let result: Result<PullOutcome, PipelineError>
        do {
            result = .success(try await puller.run(plan, events: events))
        } catch let error as KaptureError where error.kind == .authentication {
            result = .failure(PipelineError(.authentication, "\(error.message); check $KAPTURE_TOKEN or token_file"))
        } catch let error as TicketStoreError {
            result = .failure(.store(TicketStores.displayed(storePath), error.reason))
        } catch {
            result = .failure(.unexpected(error))
        }
        try? await httpClient.shutdown()
        return try result.get()
    }

    /// The verdict on an outcome: one line for each day that is not complete, and the error
    /// that ends the run (`nil` when every day is complete). A store that is short of tickets
    /// must never pass for a complete one.
    public func verdict(_ outcome: PullOutcome) -> (lines: [String], error: PipelineError?) {
        guard !outcome.isComplete else { return ([], nil) }
        let lines =
            outcome.partial.map { "\($0.day) partial: \($0.reason)" }
            + outcome.failed.map { "\($0.day) failed: \($0.error)" }
        let error = PipelineError(
            .incompletePull,
            "\(outcome.partial.count + outcome.failed.count) of \(plural(plan.days.count, "day")) not complete "
                + "(\(outcome.partial.count) partial, \(outcome.failed.count) failed); "
                + "run the same command again to pull them again")
        return (lines, error)
    }
}
