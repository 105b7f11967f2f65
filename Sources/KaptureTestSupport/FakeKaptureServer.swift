public import Foundation
import Hummingbird
import Logging
import NIOCore
public import SampleData
import ServiceLifecycle
public import TicketModel

/// A fault the fake server can inject into a call.
public enum KaptureFault: String, Sendable, CaseIterable {
    /// HTTP 500 with an HTML body.
    case serverError
    /// HTTP 503.
    case unavailable
    /// HTTP 429 with `Retry-After`.
    case tooManyRequests
    /// The response comes after `slowDelay` (past the client's timeout).
    case slow
    /// Half the body is sent, then the connection is dropped.
    case dropMidBody
    /// HTTP 200 with `{"status":"failed","message":"Something went wrong"}`.
    case failedStatus
}

/// Which calls get which faults: each call (day, offset) draws from `kinds` with
/// probability `rate`, deterministically by `seed`, at most `maxPerCall` times for the same
/// call, so a client that retries enough always gets through.
public struct FaultPlan: Sendable {
    public var rate: Double
    public var kinds: [KaptureFault]
    public var seed: UInt64
    public var maxPerCall: Int
    public var slowDelay: Duration
    public var retryAfterSeconds: Int

    public init(
        rate: Double = 0, kinds: [KaptureFault] = KaptureFault.allCases, seed: UInt64 = 1, maxPerCall: Int = 2,
        slowDelay: Duration = .seconds(3), retryAfterSeconds: Int = 0
    ) {
        self.rate = rate
        self.kinds = kinds
        self.seed = seed
        self.maxPerCall = maxPerCall
        self.slowDelay = slowDelay
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static let none = FaultPlan()
}

/// What the fake serves and how it behaves.
public struct FakeKaptureConfiguration: Sendable {
    /// The Basic token it accepts.
    public var token: String
    /// Makes the tickets of each day (`tickets(for:)`).
    public var generator: SampleGenerator
    /// Days answered with `"message": "No Data Found"` (no tickets).
    public var emptyDays: Set<LocalDate>
    /// Whether `limit`/`offset` are honoured (an account with pagination enabled).
    public var paginates: Bool
    /// Whether `totalCount` is filled in (else `null`).
    public var reportsTotalCount: Bool
    /// Whether day D's answer also carries the first few tickets of D+1 (as some servers do).
    public var includesNextDayTickets: Bool
    /// Delay before every response.
    public var latency: Duration
    public var faults: FaultPlan

    public init(
        token: String, generator: SampleGenerator, emptyDays: Set<LocalDate> = [], paginates: Bool = true,
        reportsTotalCount: Bool = true, includesNextDayTickets: Bool = false, latency: Duration = .zero,
        faults: FaultPlan = .none
    ) {
        self.token = token
        self.generator = generator
        self.emptyDays = emptyDays
        self.paginates = paginates
        self.reportsTotalCount = reportsTotalCount
        self.includesNextDayTickets = includesNextDayTickets
        self.latency = latency
        self.faults = faults
    }

    /// The tickets the server holds for `day`.
    public func tickets(for day: LocalDate) -> [JSONValue] {
        emptyDays.contains(day) ? [] : generator.tickets(for: day)
    }
}

/// One request the fake received.
public struct RecordedRequest: Sendable {
    public var authorization: String?
    public var contentType: String?
    public var body: String
    public var startDate: String?
    public var endDate: String?
    public var limit: Int?
    public var offset: Int?
    public var fault: KaptureFault?
    public var status: Int
}

actor FakeKaptureState {
    var requests: [RecordedRequest] = []
    var attempts: [String: Int] = [:]
    var faultsPerCall: [String: Int] = [:]

    func nextAttempt(_ key: String) -> Int {
        let n = attempts[key, default: 0]
        attempts[key] = n + 1
        return n
    }

    func recordFault(_ key: String) { faultsPerCall[key, default: 0] += 1 }
    func faults(_ key: String) -> Int { faultsPerCall[key, default: 0] }
    func record(_ r: RecordedRequest) { requests.append(r) }
}

/// A fake Kapture "Pull Ticket by date range" endpoint on 127.0.0.1, for tests: real HTTP
/// over loopback, generated tickets, offset/limit paging, Basic-auth checking and
/// switchable faults.
///
/// ```swift
/// let server = try await FakeKaptureServer.start(FakeKaptureConfiguration(token: "t", generator: gen))
/// defer { Task { await server.stop() } }
/// // POST \(server.baseURL)/select-ticket-between-start-and-end-dates.html/v.2.0
/// ```
public final class FakeKaptureServer: Sendable {
    public let configuration: FakeKaptureConfiguration
    public let port: Int
    private let task: Task<Void, any Error>
    private let group: ServiceGroup
    private let state: FakeKaptureState

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(
        configuration: FakeKaptureConfiguration, port: Int, task: Task<Void, any Error>, group: ServiceGroup,
        state: FakeKaptureState
    ) {
        self.configuration = configuration
        self.port = port
        self.task = task
        self.group = group
        self.state = state
    }

    /// Starts the server on an ephemeral loopback port and returns once it accepts connections.
    public static func start(_ configuration: FakeKaptureConfiguration) async throws -> FakeKaptureServer {
        let state = FakeKaptureState()
        let router = Router()
        router.post("/select-ticket-between-start-and-end-dates.html/v.2.0") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            return await respond(
                configuration: configuration, state: state, authorization: request.headers[.authorization],
                contentType: request.headers[.contentType], body: String(buffer: body))
        }
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "FakeKapture")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "FakeKapture"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        // Run as a service so that `stop()` can shut it down gracefully: cancelling a
        // Hummingbird server while accepted connections still wait in its queue (a client
        // that gave up, such as a pull refused for its token) drops them unfinished, and
        // SwiftNIO traps on that ("Deinited NIOAsyncWriter without calling finish()").
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var port = 0
        for await p in portStream {
            port = p
            break
        }
        guard port > 0 else {
            task.cancel()
            throw CancellationError()
        }
        return FakeKaptureServer(configuration: configuration, port: port, task: task, group: group, state: state)
    }

    /// Stops the server gracefully: it stops accepting, finishes the connections it has, and
    /// returns when it is down (after 10 s it is cancelled instead).
    public func stop() async {
        await group.triggerGracefulShutdown()
        let task = self.task
        let deadline = Task {
            try await Task.sleep(for: .seconds(10))
            task.cancel()
        }
        _ = await task.result
        deadline.cancel()
    }

    /// Every request received so far.
    public func requests() async -> [RecordedRequest] { await state.requests }

    /// The ticketIds a client should end up with for `days`: every ticket served that has a
    /// ticketId and a readable creation date.
    public func expectedTicketIds(days: [LocalDate], accountTimeZone: TimeZone = TimeZone(identifier: "Asia/Kolkata")!)
        -> Set<String>
    {
        let decoder = TicketDecoder(accountTimeZone: accountTimeZone)
        var ids = Set<String>()
        for day in days {
            for value in configuration.tickets(for: day) {
                if case .success(let t) = decoder.decode(value) { ids.insert(t.ticketId) }
            }
        }
        return ids
    }

    static func json(_ status: HTTPResponse.Status, _ text: String, headers: HTTPFields = [:]) -> Response {
        var h = headers
        h[.contentType] = "application/json"
        return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func respond(
        configuration: FakeKaptureConfiguration, state: FakeKaptureState, authorization: String?, contentType: String?,
        body: String
    ) async -> Response {
        var record = RecordedRequest(
            authorization: authorization, contentType: contentType, body: body, startDate: nil, endDate: nil,
            limit: nil, offset: nil, fault: nil, status: 200)
        if configuration.latency > .zero { try? await Task.sleep(for: configuration.latency) }
        guard authorization == "Basic " + configuration.token else {
            record.status = 200
            await state.record(record)
            // Kapture answers a bad key with HTTP 200 and status failed.
            return json(.ok, #"{"message":"Invalid Auth Key","status":"failed"}"#)
        }
        guard let parsed = try? JSONParser.parse(Array(body.utf8)), case .array(let items) = parsed,
            let query = items.first, let start = query["start_date"].flatMap(TicketDecoder.text),
            let end = query["end_date"].flatMap(TicketDecoder.text), let startDay = LocalDate(start),
            let endDay = LocalDate(end), endDay >= startDay, endDay.daysSinceEpoch - startDay.daysSinceEpoch <= 1
        else {
            record.status = 400
            await state.record(record)
            return json(.badRequest, #"{"message":"Invalid request body","status":"failed"}"#)
        }
        record.startDate = start
        record.endDate = end
        record.limit = query["limit"].flatMap(TicketDecoder.integer).map { Int($0) }
        record.offset = query["offset"].flatMap(TicketDecoder.integer).map { Int($0) }

        // Fault injection, deterministic per call and attempt.
        let key = "\(start)|\(end)|\(record.offset ?? 0)"
        let attempt = await state.nextAttempt(key)
        let plan = configuration.faults
        if plan.rate > 0, !plan.kinds.isEmpty, await state.faults(key) < plan.maxPerCall {
            var rng = SplitMix64(seed: plan.seed ^ UInt64(truncatingIfNeeded: key.hashValueStable &+ attempt &* 7919))
            if rng.chance(plan.rate) {
                let fault = plan.kinds[rng.below(plan.kinds.count)]
                await state.recordFault(key)
                record.fault = fault
                switch fault {
                case .serverError:
                    record.status = 500
                    await state.record(record)
                    return Response(
                        status: .internalServerError, headers: [.contentType: "text/html"],
                        body: .init(byteBuffer: ByteBuffer(string: "<html><body>Internal Server Error</body></html>")))
                case .unavailable:
                    record.status = 503
                    await state.record(record)
                    return json(.serviceUnavailable, "{}")
                case .tooManyRequests:
                    record.status = 429
                    await state.record(record)
                    return json(
                        .tooManyRequests, #"{"message":"Too many requests","status":"failed"}"#,
                        headers: [.retryAfter: String(plan.retryAfterSeconds)])
                case .slow:
                    await state.record(record)
                    try? await Task.sleep(for: plan.slowDelay)
                case .dropMidBody:
                    await state.record(record)
                    let full = page(configuration: configuration, startDay: startDay, endDay: endDay, query: record)
                    let half = ByteBuffer(string: String(full.prefix(max(1, full.utf8.count / 2))))
                    return Response(
                        status: .ok, headers: [.contentType: "application/json"],
                        body: ResponseBody { writer in
                            try await writer.write(half)
                            throw CancellationError()
                        })
                case .failedStatus:
                    await state.record(record)
                    return json(.ok, #"{"message":"Something went wrong, please try again","status":"failed"}"#)
                }
            }
        }
        if record.fault == nil { await state.record(record) }
        return json(.ok, page(configuration: configuration, startDay: startDay, endDay: endDay, query: record))
    }

    static func page(
        configuration: FakeKaptureConfiguration, startDay: LocalDate, endDay: LocalDate, query: RecordedRequest
    )
        -> String
    {
        var all = configuration.tickets(for: startDay)
        if configuration.includesNextDayTickets || endDay > startDay {
            all += configuration.tickets(for: startDay.adding(days: 1)).prefix(3)
        }
        var slice = all[...]
        if configuration.paginates, let limit = query.limit {
            let offset = max(0, query.offset ?? 0)
            slice = all.dropFirst(offset).prefix(max(0, limit))
        }
        if all.isEmpty {
            return #"{"message":"No Data Found","status":"success"}"#
        }
        let total: JSONValue = configuration.reportsTotalCount ? .number(String(all.count)) : .null
        return JSONValue.object([
            ("totalCount", total), ("message", .array(Array(slice))), ("status", .string("success")),
        ])
        .jsonText
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var h: UInt64 = 1_469_598_103_934_665_603
        for b in utf8 {
            h ^= UInt64(b)
            h = h &* 1_099_511_628_211
        }
        return Int(truncatingIfNeeded: h)
    }
}
