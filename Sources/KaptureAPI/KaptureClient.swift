public import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import TicketModel

/// How `end_date` is sent for day D: `D` (the documentation's body example) or `D+1` (its curl example).
public enum EndDateMode: String, Sendable, CaseIterable {
    case sameDay = "same-day"
    case nextDay = "next-day"
}

/// Settings of the Pull Ticket API client.
public struct KaptureClientConfiguration: Sendable {
    /// `https://<subdomain>.kapturecrm.com`, or any base URL (tests, proxies, gateways).
    public var baseURL: String
    public var token: KaptureToken
    /// `limit` per page; `nil` sends no `limit`/`offset` (accounts without pagination).
    public var pageSize: Int?
    public var endDateMode: EndDateMode
    /// Timeout of one call, head and body, seconds.
    public var timeout: Double
    /// Retries after the first attempt of a call.
    public var maxRetries: Int
    /// First backoff delay, seconds; doubles each retry, with jitter, up to `maxBackoff`.
    public var baseBackoff: Double
    public var maxBackoff: Double
    /// Largest response body accepted, bytes.
    public var maxBodyBytes: Int

    public static let endpointPath = "/select-ticket-between-start-and-end-dates.html/v.2.0"

    public init(
        baseURL: String, token: KaptureToken, pageSize: Int? = 100, endDateMode: EndDateMode = .sameDay,
        timeout: Double = 30, maxRetries: Int = 5, baseBackoff: Double = 0.5, maxBackoff: Double = 30,
        maxBodyBytes: Int = 512 << 20
    ) {
        self.baseURL = baseURL
        self.token = token
        self.pageSize = pageSize
        self.endDateMode = endDateMode
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
        self.maxBodyBytes = maxBodyBytes
    }

    /// The base URL for a Kapture subdomain.
    public static func baseURL(subdomain: String) -> String { "https://\(subdomain).kapturecrm.com" }
}

/// One page as received: the raw bytes and what they hold.
public struct KapturePage: Sendable {
    public var offset: Int
    public var body: [UInt8]
    public var envelope: KaptureEnvelope
}

/// Everything received for one day: every page of every attempt at the day, in order.
public struct KaptureDay: Sendable {
    public var day: LocalDate
    public var pages: [KapturePage]
    /// Calls that failed and were made again.
    public var retries: Int
    /// Times the whole day was asked for again because it came back short of `totalCount`.
    public var dayRepeats: Int = 0
    /// The largest numeric `totalCount` any page of the day declared; `nil` when none did.
    public var declaredTotal: Int?
    /// Distinct tickets received (by ticketId; an object without one counts on its own).
    public var distinctTickets: Int = 0
    /// Whether the tickets received reach `declaredTotal` (or nothing was declared): the
    /// day is `complete`; otherwise `partial`.
    public var reachedDeclaredTotal: Bool = true
    /// Ticket objects of all pages, in order (a ticketId received twice is in it twice; the
    /// later copy is the fresher one).
    public var ticketValues: [JSONValue] { pages.flatMap(\.envelope.ticketValues) }

    public init(day: LocalDate, pages: [KapturePage], retries: Int) {
        self.day = day
        self.pages = pages
        self.retries = retries
    }
}

/// Tells the tickets of one day apart: by ticketId, or by the whole object when it has none.
struct TicketKeys {
    private var seen = Set<String>()
    var count: Int { seen.count }

    /// Adds the tickets another set told apart.
    mutating func formUnion(_ other: TicketKeys) { seen.formUnion(other.seen) }

    /// Adds the tickets of a page; returns how many were not seen before.
    mutating func insert(_ values: [JSONValue]) -> Int {
        var new = 0
        for value in values {
            let key = TicketDecoder.ticketId(of: value).map { "id:" + $0 } ?? "object:" + value.jsonText
            if seen.insert(key).inserted { new += 1 }
        }
        return new
    }
}

/// Spaces calls to at most `perSecond` a second across all tasks.
public actor RequestRateLimiter {
    let interval: Duration
    var next: ContinuousClock.Instant = .now

    public init(perSecond: Double) {
        interval = .nanoseconds(Int64(1e9 / perSecond))
    }

    public func waitForSlot() async throws {
        let now = ContinuousClock.now
        let slot = max(now, next)
        next = slot + interval
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
    }
}

/// Calls Kapture's "Pull Ticket API by date range", one day and page at a time, with retries.
public struct KaptureClient: Sendable {
    public let configuration: KaptureClientConfiguration
    let httpClient: HTTPClient
    let logger: Logger
    let rateLimiter: RequestRateLimiter?

    public init(
        configuration: KaptureClientConfiguration, httpClient: HTTPClient, logger: Logger,
        rateLimiter: RequestRateLimiter? = nil
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.rateLimiter = rateLimiter
    }

    /// The request body for `day` at `offset`: `[{"start_date":…,"end_date":…,"limit":…,"offset":…}]`.
    public func requestBody(day: LocalDate, offset: Int) -> String {
        let end = configuration.endDateMode == .sameDay ? day : day.adding(days: 1)
        var members: [(key: String, value: JSONValue)] = [
            ("start_date", .string(day.description)), ("end_date", .string(end.description)),
        ]
        if let limit = configuration.pageSize {
            members.append(("limit", .number(String(limit))))
            members.append(("offset", .number(String(offset))))
        }
        return JSONValue.array([.object(members)]).jsonText
    }

    /// Fetches every ticket of `day`, page by page, trusting nothing the server does not show:
    ///
    /// - `offset` advances by the tickets a page actually held, not by `limit`;
    /// - paging goes on while the page was as long as the longest page seen that day (the
    ///   server may cap pages below `limit`) or a numeric `totalCount` is not yet reached,
    ///   and stops at an empty page, or at a shorter page when `totalCount` is reached or absent;
    /// - a page that holds only tickets already received that day means the server ignores
    ///   `offset`: an error (`.ignoresOffset`), never a loop;
    /// - a day still short of its `totalCount` is asked for again as a whole, up to
    ///   `maxRetries` times; the tickets of every attempt are kept, and
    ///   `reachedDeclaredTotal` says whether they add up.
    ///
    /// `onRetry` is told of each call made again and each day asked for again.
    public func fetchDay(_ day: LocalDate, onRetry: @Sendable (KaptureError) -> Void = { _ in })
        async throws(KaptureError)
        -> KaptureDay
    {
        var result = KaptureDay(day: day, pages: [], retries: 0)
        var keys = TicketKeys()
        var attempt = 0
        while true {
            let pass = try await fetchAllPages(day, retries: &result.retries, onRetry: onRetry)
            result.pages += pass.pages
            keys.formUnion(pass.keys)
            if let total = pass.declaredTotal { result.declaredTotal = max(result.declaredTotal ?? 0, total) }
            result.distinctTickets = keys.count
            let passComplete = pass.declaredTotal.map { pass.received >= $0 } ?? true
            result.reachedDeclaredTotal =
                passComplete || result.declaredTotal.map { keys.count >= $0 } ?? true
            if result.reachedDeclaredTotal || attempt >= configuration.maxRetries { return result }
            attempt += 1
            result.dayRepeats += 1
            let shortfall = KaptureError(
                kind: .incomplete,
                message: "received \(keys.count) of \(result.declaredTotal ?? 0) tickets (totalCount)")
            onRetry(shortfall)
            logger.debug("pulling the day again", metadata: ["day": "\(day)", "reason": "\(shortfall.message)"])
            do {
                try await Task.sleep(for: .milliseconds(Int64(backoff(attempt: attempt, retryAfter: nil) * 1000)))
            } catch {
                throw KaptureError(kind: .transport, message: "cancelled")
            }
        }
    }

    /// One pass over a day's pages.
    struct DayPass {
        var pages: [KapturePage] = []
        /// Tickets received, counted by position (what `totalCount` counts).
        var received = 0
        var declaredTotal: Int?
        /// The tickets of the pass, told apart.
        var keys = TicketKeys()
    }

    func fetchAllPages(_ day: LocalDate, retries: inout Int, onRetry: @Sendable (KaptureError) -> Void)
        async throws(KaptureError) -> DayPass
    {
        var pass = DayPass()
        var longest = 0
        while true {
            let page = try await fetchPageWithRetries(
                day: day, offset: pass.received, retries: &retries, onRetry: onRetry)
            pass.pages.append(page)
            let count = page.envelope.ticketValues.count
            if let total = page.envelope.totalCount { pass.declaredTotal = max(pass.declaredTotal ?? 0, total) }
            let new = pass.keys.insert(page.envelope.ticketValues)
            // Without paging there is one call per day.
            guard configuration.pageSize != nil, count > 0 else { return pass }
            if new == 0 && pass.received > 0 {
                throw KaptureError(
                    kind: .ignoresOffset,
                    message:
                        "the page at offset \(pass.received) repeats tickets already received; "
                        + "the server ignores offset; try --page-size 0")
            }
            pass.received += count
            longest = max(longest, count)
            let totalSaysMore = pass.declaredTotal.map { pass.received < $0 } ?? false
            guard count >= longest || totalSaysMore else { return pass }
            if pass.pages.count >= 100_000 {
                throw KaptureError(kind: .malformedBody, message: "more than 100000 pages")
            }
        }
    }

    func fetchPageWithRetries(
        day: LocalDate, offset: Int, retries: inout Int, onRetry: @Sendable (KaptureError) -> Void
    ) async throws(KaptureError) -> KapturePage {
        var attempt = 0
        while true {
            do {
                return try await fetchPage(day: day, offset: offset)
            } catch {
                guard error.isRetryable, attempt < configuration.maxRetries else { throw error }
                if Task.isCancelled { throw KaptureError(kind: .transport, message: "cancelled") }
                attempt += 1
                retries += 1
                onRetry(error)
                let delay = backoff(attempt: attempt, retryAfter: error.retryAfter)
                logger.debug(
                    "retrying",
                    metadata: [
                        "day": "\(day)", "offset": "\(offset)", "attempt": "\(attempt)", "error": "\(error.message)",
                        "delay": "\(delay)",
                    ])
                do {
                    try await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
                } catch {
                    throw KaptureError(kind: .transport, message: "cancelled")
                }
            }
        }
    }

    /// Exponential backoff with "equal jitter": half the step fixed, half random; a server's
    /// `Retry-After` is honoured (up to ten times `maxBackoff`).
    public func backoff(attempt: Int, retryAfter: Double?) -> Double {
        let step = min(configuration.maxBackoff, configuration.baseBackoff * pow(2, Double(attempt - 1)))
        let jittered = step / 2 + Double.random(in: 0...(step / 2))
        if let retryAfter { return max(jittered, min(retryAfter, configuration.maxBackoff * 10)) }
        return jittered
    }

    /// One call, no retries.
    public func fetchPage(day: LocalDate, offset: Int) async throws(KaptureError) -> KapturePage {
        if let rateLimiter {
            do { try await rateLimiter.waitForSlot() } catch {
                throw KaptureError(kind: .transport, message: "cancelled")
            }
        }
        var request = HTTPClientRequest(url: configuration.baseURL + KaptureClientConfiguration.endpointPath)
        request.method = .POST
        request.headers.add(name: "Authorization", value: configuration.token.authorizationHeader)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: requestBody(day: day, offset: offset)))
        let prepared = request
        // Messages name the offset; the day is the caller's to name (it asked for it).
        let where_ = "offset \(offset)"

        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        do {
            (status, headers, body) = try await withTimeout(seconds: configuration.timeout) {
                [httpClient, configuration] in
                let response = try await httpClient.execute(
                    prepared, timeout: .seconds(Int64(configuration.timeout) + 1))
                let buffer = try await response.body.collect(upTo: configuration.maxBodyBytes)
                return (Int(response.status.code), response.headers, Array(buffer.readableBytesView))
            }
        } catch let error as KaptureError where error.kind == .timeout {
            throw KaptureError(
                kind: .timeout, message: "\(where_): no complete response within \(configuration.timeout) s")
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw KaptureError(
                kind: .timeout, message: "\(where_): no complete response within \(configuration.timeout) s")
        } catch is NIOTooManyBytesError {
            throw KaptureError(
                kind: .http(413), message: "\(where_): response larger than \(configuration.maxBodyBytes) bytes")
        } catch {
            throw KaptureError(kind: .transport, message: "\(where_): \(Self.describeTransport(error))")
        }

        if status == 401 || status == 403 {
            throw KaptureError(kind: .authentication, message: "Kapture refused the token (HTTP \(status))")
        }
        let parsed = try? JSONParser.parse(body)
        let envelope = parsed.flatMap(KaptureEnvelope.init)
        if let envelope, !envelope.isSuccess, Self.isAuthenticationMessage(envelope.messageText) {
            throw KaptureError(
                kind: .authentication, message: "Kapture refused the token: \(envelope.messageText ?? "status failed")")
        }
        guard (200..<300).contains(status) else {
            let retryAfter = headers.first(name: "Retry-After").flatMap(Self.parseRetryAfter)
            let kind: KaptureError.Kind = status == 429 || status >= 500 ? .retryableHTTP(status) : .http(status)
            throw KaptureError(kind: kind, message: "\(where_): HTTP \(status)", retryAfter: retryAfter)
        }
        guard let envelope else {
            throw KaptureError(
                kind: .malformedBody, message: "\(where_): the response is not a complete Kapture response")
        }
        guard envelope.isSuccess else {
            let text = String((envelope.messageText ?? "").prefix(200))
            throw KaptureError(kind: .failedStatus, message: "\(where_): status \"\(envelope.status ?? "")\": \(text)")
        }
        return KapturePage(offset: offset, body: body, envelope: envelope)
    }

    static func isAuthenticationMessage(_ text: String?) -> Bool {
        guard let t = text?.lowercased() else { return false }
        return t.contains("auth") || t.contains("token") || t.contains("unauthori") || t.contains("credential")
    }

    /// `Retry-After` as seconds or an HTTP date.
    static func parseRetryAfter(_ value: String) -> Double? {
        let v = value.trimmingCharacters(in: .whitespaces)
        if let s = Double(v), s >= 0 { return s }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let d = f.date(from: v) { return max(0, d.timeIntervalSinceNow) }
        return nil
    }

    static func describeTransport(_ error: any Error) -> String {
        if let e = error as? HTTPClientError {
            switch e {
            case .remoteConnectionClosed: return "the connection was closed before the response was complete"
            case .connectTimeout: return "connecting timed out"
            default: return "HTTP client error \(e.shortDescription)"
            }
        }
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) : text
    }
}

/// Runs `body`, throwing a timeout error when it takes longer than `seconds`.
func withTimeout<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            throw KaptureError(kind: .timeout, message: "no complete response within \(seconds) s")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
