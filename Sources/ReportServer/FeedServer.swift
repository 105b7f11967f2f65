import CompressNIO
public import Foundation
import HTTPTypes
public import Hummingbird
public import HummingbirdCore
public import Logging
import NIOCore
import NIOPosix
public import ReportPipeline
import ReportRendering
import SLAAnalytics
import Synchronization
import TicketModel
public import TicketStore

/// The HTTP feed of `slareport serve`: the summary, its row tables, the rendered reports,
/// the wall dashboard, health and metrics, all from one open store through the report job.
public final class FeedServer: Sendable {
    public let configuration: Configuration
    public let store: any TicketStoring
    public let tokens: FeedTokens
    public let state: ServerState
    public let templatesFolder: String?
    let cache = SummaryCache()
    /// Whether this server runs the schedules (one server per store does).
    public let leadership: Leadership
    let metrics = ServerMetrics()
    let logger: Logger
    let now: @Sendable () -> Date
    let dashboard: Dashboard
    /// The store generation the last successful `verify()` read: readiness checks the whole
    /// store once per generation while it is sound, and on every probe while it is not (a
    /// lost connection mends without a write).
    let verifiedGeneration = Mutex<Int64?>(nil)
    /// The store's generation, one read for all the requests waiting on it.
    let generation: GenerationGate
    /// Where the readiness probe's and `/metrics`' store reads run: not behind the summaries
    /// being computed on the pool for blocking work, so that a probe with a timeout of a
    /// second does not fail while cold quarters compute.
    let probes = BlockingLane()
    /// The configuration's settings every period resolves with, worked out once.
    let reportSettings: Configuration.ReportSettings
    /// The queries resolved so far (`ResolvedQueries`).
    let resolvedQueries = ResolvedQueries()
    /// The query texts the middleware has found well formed (none with a token in it).
    let checkedQueries = BoundedMemo<String, Bool>()
    /// `/v1/openapi.json` and its tag, made once.
    let openAPI: (data: Data, etag: String)

    /// The query parameters' names in messages.
    static let names = PeriodSelection.ParameterNames(
        from: "from", to: "to", period: "period", asOf: "asOf", timezone: "timezone", trendWeeks: "trendWeeks")
    static let periodParameters: Set<String> = ["period", "from", "to", "asOf", "timezone", "trendWeeks", "token"]
    /// The slice parameters: `slice=NAME`, or a filter field (repeatable, one value each).
    static let sliceParameters = Set(["slice"] + TicketSlice.Field.allCases.map(\.rawValue))
    /// The parameters a query may give more than once: the filter fields.
    static let repeatableParameters = Set(TicketSlice.Field.allCases.map(\.rawValue))
    /// Every route the server answers (`GET` and `HEAD`; `{…}` is one path segment): the one
    /// list the 405 check and the route tests read.
    public static let routes = [
        "/", "/healthz", "/readyz", "/metrics", "/v1/summary", "/v1/rows/{table}", "/v1/tickets", "/v1/report.html",
        "/v1/report.xhtml", "/v1/report.txt", "/v1/schema/summary.json", "/v1/openapi.json",
    ]
    /// The largest request body accepted (none of the routes reads one).
    public static let maximumBodyBytes = 65536

    /// Whether `path` is one of `routes`.
    static func isRoute(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return routes.contains { route in
            let pattern = route.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == parts.count
                && zip(pattern, parts).allSatisfy { p, s in p == s || (p.hasPrefix("{") && !s.isEmpty) }
        }
    }

    public init(
        configuration: Configuration, store: any TicketStoring, tokens: FeedTokens, state: ServerState? = nil,
        templatesFolder: String? = nil, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(PipelineError) {
        self.configuration = configuration
        self.store = store
        self.tokens = tokens
        self.state = state ?? ServerState(pullInterval: configuration.serve.pullEvery)
        self.templatesFolder = templatesFolder
        self.logger = logger
        self.now = now
        dashboard = try Dashboard.load()
        leadership = Leadership(store: store)
        generation = GenerationGate { try store.generation() }
        reportSettings = configuration.reportSettings
        let document = OpenAPIDocument.json()
        openAPI = (document, Dashboard.etag(document))
    }

    /// Refuses to listen beyond loopback without tokens.
    public static func checkExposure(host: String, tokens: FeedTokens) throws(PipelineError) {
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
        if tokens.isEmpty && !loopback {
            throw .usage(
                "--host \(host): without feed tokens ([serve] tokens_file; `slareport token new`) serve listens on loopback only"
            )
        }
    }

    /// HTTP/1.1 with the idle timeout: a connection that has not finished its request head
    /// within `[serve] idle_timeout`, or sits idle that long between requests, is closed (so
    /// half-open connections cannot use up the descriptors).
    public func httpServer() -> HTTPServerBuilder {
        let seconds = configuration.serve.idleTimeout.components.seconds
        return .http1(configuration: .init(idleTimeout: .seconds(max(1, seconds))))
    }

    /// The router: every route behind the feed's middleware.
    public func router() -> Router<BasicRequestContext> {
        // HEAD answers as GET does, without the body (uptime checks use `curl -I`).
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: FeedMiddleware(server: self))
        router.get("/healthz") { _, _ in Self.text("ok\n") }
        router.get("/readyz") { request, _ in try await self.readiness(request) }
        router.get("/metrics") { _, _ in
            let store = self.store
            if let count = try? await self.probes.run({ try store.ticketCount() }) { self.metrics.ticketsStored(count) }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: self.metrics.exposition())))
        }
        router.get("/v1/summary") { request, _ in
            let (entry, maxAge) = try await self.summary(request)
            return try self.cached(
                entry.json, etag: entry.etag, contentType: "application/json", request: request, maxAge: maxAge,
                gzipped: entry.gzip)
        }
        router.get("/v1/rows/{table}") { request, context in
            let name = context.parameters.get("table") ?? ""
            guard let table = RowTables.Name(rawValue: name) else {
                throw Problem(
                    .notFound,
                    "no row table '\(name)'; the tables are \(RowTables.Name.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            let format = request.uri.queryParameters.get("format") ?? "json"
            guard format == "json" || format == "csv" else {
                throw Problem(.badRequest, "format: '\(format)' is not json or csv")
            }
            let contentType = format == "csv" ? "text/csv; charset=utf-8; header=present" : "application/json"
            if table == .due {
                // The due lists need only the period's open tickets: not the whole summary.
                let (rows, maxAge) = try await self.dueRows(request)
                let body = format == "csv" ? Data(rows.csv().utf8) : rows.json()
                return try self.cached(
                    body, etag: SummaryCache.etag(of: body), contentType: contentType,
                    request: request, maxAge: maxAge)
            }
            let (entry, maxAge) = try await self.summary(request, extra: ["format"])
            let rows = RowTables.table(table, of: entry.summary)
            let body = format == "csv" ? Data(rows.csv().utf8) : rows.json()
            return try self.cached(
                body, etag: Self.derived(entry.etag, "rows-\(name)-\(format)"), contentType: contentType,
                request: request, maxAge: maxAge)
        }
        router.get("/v1/tickets") { request, _ in try await self.tickets(request) }
        for (path, format, type) in [
            ("/v1/report.html", ReportFormat.html, "text/html; charset=utf-8"),
            ("/v1/report.xhtml", .xhtml, "application/xhtml+xml; charset=utf-8"),
            ("/v1/report.txt", .text, "text/plain; charset=utf-8"),
        ] {
            router.get(RouterPath(path)) { request, _ in
                let (entry, maxAge) = try await self.summary(request)
                let documents: [(name: String, data: Data)]
                do {
                    documents = try ReportJob.render(
                        entry.summary, formats: [format], templatesFolder: self.templatesFolder,
                        envelope: EmailEnvelope())
                } catch {
                    throw Problem(.internalServerError, "the report could not be rendered: \(Self.reason(error))")
                }
                return try self.cached(
                    documents[0].data, etag: Self.derived(entry.etag, format.rawValue), contentType: type,
                    request: request, maxAge: maxAge)
            }
        }
        router.get("/v1/schema/summary.json") { request, _ in
            try self.cached(
                self.dashboard.schema, etag: self.dashboard.schemaETag, contentType: "application/schema+json",
                request: request, maxAge: 3600)
        }
        router.get("/v1/openapi.json") { request, _ in
            try self.cached(
                self.openAPI.data, etag: self.openAPI.etag, contentType: "application/json", request: request,
                maxAge: 3600)
        }
        router.get("/") { request, _ in
            try self.cached(
                self.dashboard.page, etag: self.dashboard.pageETag, contentType: "text/html; charset=utf-8",
                request: request, maxAge: 0)
        }
        return router
    }

    func readiness(_ request: Request) async throws -> Response {
        let store = self.store
        let count: Int
        let generation: Int64
        do {
            (generation, count) = try await probes.run { (try store.generation(), try store.ticketCount()) }
        } catch {
            throw Problem(.serviceUnavailable, "not ready: the store cannot be read: \(Self.reason(error))")
        }
        if verifiedGeneration.withLock({ $0 }) != generation {
            let failure = try await probes.run { () -> String? in
                do { try store.verify() } catch { return Self.reason(error) }
                return nil
            }
            if let failure { throw Problem(.serviceUnavailable, "not ready: the store cannot be read: \(failure)") }
            verifiedGeneration.withLock { $0 = generation }
        }
        metrics.ticketsStored(count)
        let record = await state.pullRecord()
        if let stale = await state.staleness(now: now()) {
            throw Problem(.serviceUnavailable, "not ready: \(stale)")
        }
        var pull = "{\"status\":\(Problem.quote(record.status.rawValue)),\"running\":\(record.running)"
        pull += ",\"finishedAt\":" + (record.finishedAt.map { Problem.quote(ServerState.stamp($0)) } ?? "null")
        pull += ",\"lastSuccess\":" + (record.lastSuccess.map { Problem.quote(ServerState.stamp($0)) } ?? "null")
        pull +=
            ",\"ageSeconds\":" + (record.lastSuccess.map { String(Int(now().timeIntervalSince($0))) } ?? "null")
        pull += ",\"reason\":" + (record.reason.map(Problem.quote) ?? "null") + "}"
        let body =
            "{\"ready\":true,\"store\":{\"tickets\":\(count),\"generation\":\(generation)},\"pull\":\(pull)"
            + ",\"leader\":\(leadership.holds)}\n"
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// A cacheable answer: 304 when the client holds its tag; gzip when it accepts it. The
    /// gzip and identity answers are two representations with two tags (`etag` and `etag`
    /// with `-gzip`), so no cache serves one for the other.
    func cached(
        _ data: Data, etag: String, contentType: String, request: Request, maxAge: Int
    ) throws -> Response {
        try cached(ByteBuffer(bytes: data), etag: etag, contentType: contentType, request: request, maxAge: maxAge)
    }

    /// `cached` for a body already in a buffer (a cached summary's, sent without a copy).
    func cached(
        _ data: ByteBuffer, etag: String, contentType: String, request: Request, maxAge: Int,
        gzipped: ByteBuffer? = nil
    ) throws -> Response {
        let gzip = data.readableBytes > 1024 && Self.acceptsGzip(request.headers[.acceptEncoding])
        let etag = gzip ? Self.derived(etag, "gzip") : etag
        var headers: HTTPFields = [
            .eTag: etag, .cacheControl: maxAge > 0 ? "private, max-age=\(maxAge)" : "no-cache",
            .vary: "Accept-Encoding, Authorization",
        ]
        if let match = request.headers[.ifNoneMatch],
            match == "*" || match.split(separator: ",").contains(where: { Self.sameTag($0, etag) })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = contentType
        var body = data
        if gzip {
            body = try gzipped ?? Self.gzip(data)
            headers[.contentEncoding] = "gzip"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    static func gzip(_ data: Data) throws -> Data {
        var out = try gzip(ByteBuffer(bytes: data))
        return Data(out.readBytes(length: out.readableBytes) ?? [])
    }

    static func gzip(_ data: ByteBuffer) throws -> ByteBuffer {
        var buffer = data
        return try buffer.compress(with: .gzip())
    }

    static func sameTag(_ candidate: Substring, _ etag: String) -> Bool {
        var c = candidate.trimmingASCIIWhitespace()
        if c.hasPrefix("W/") { c.removeFirst(2) }
        return c == etag
    }

    /// Whether `Accept-Encoding` allows gzip (`gzip` or `*` without `q=0`).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for part in header.lowercased().split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingASCIIWhitespace() }
            guard let coding = fields.first, coding == "gzip" || coding == "*" else { continue }
            let q = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return q > 0
        }
        return false
    }

    static func derived(_ etag: String, _ suffix: String) -> String { String(etag.dropLast()) + "-\(suffix)\"" }

    static func text(_ s: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: s)))
    }

    static func reason(_ error: any Error) -> String {
        if let e = error as? TicketStoreError { return e.reason }
        if let e = error as? PipelineError { return e.message }
        return "\(error)"
    }
}
