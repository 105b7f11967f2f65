import Foundation
import Hummingbird
import Logging
import NIOCore
import SampleData
import ServiceLifecycle
public import TicketModel

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

    /// Opens the gate of `holdUntilTokens` for `token`, as a call bearing it would: a test
    /// releases the held calls when it is ready (an event, not a wait on the clock).
    public func release(token: String) async { await state.saw(token) }

    /// The ticketIds a client must end up with for `days` (`FakeKaptureConfiguration.expectedTicketIds`).
    public func expectedTicketIds(days: [LocalDate]) -> Set<String> {
        configuration.expectedTicketIds(days: days)
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
        let accepted = ([configuration.token] + configuration.otherTokens).first { authorization == "Basic " + $0 }
        guard let accepted else {
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
        await state.saw(accepted)
        if configuration.holdDays.contains(startDay) { await state.waitUntilSeen(configuration.holdUntilTokens) }
        record.limit = query["limit"].flatMap(TicketDecoder.integer).map { Int($0) }
        record.offset = query["offset"].flatMap(TicketDecoder.integer).map { Int($0) }

        if let refusal = configuration.refusal, refusal.fromDay.map({ startDay >= $0 }) ?? true {
            record.status = refusal.httpStatus
            await state.record(record)
            return json(
                HTTPResponse.Status(code: refusal.httpStatus), #"{"message":"Invalid Auth Key","status":"failed"}"#)
        }

        // Fault injection, deterministic per call and attempt; or the day's permanent fault.
        let key = "\(start)|\(end)|\(record.offset ?? 0)"
        let attempt = await state.nextAttempt(key)
        let plan = configuration.faults
        var fault = configuration.permanentFaults[startDay]
        if fault == nil, plan.rate > 0, !plan.kinds.isEmpty, await state.faults(key) < plan.maxPerCall {
            var rng = SplitMix64(seed: plan.seed ^ UInt64(truncatingIfNeeded: key.hashValueStable &+ attempt &* 7919))
            if rng.chance(plan.rate) { fault = plan.kinds[rng.below(plan.kinds.count)] }
        }
        let pass = await state.pass(start, starts: (record.offset ?? 0) == 0)
        let served = page(
            configuration: configuration, startDay: startDay, endDay: endDay, query: record,
            omitLast: pass <= configuration.omitsLastTicketOnFirstPasses)
        guard let fault else {
            record.ticketsServed = served.tickets
            await state.record(record)
            return json(.ok, served.text)
        }
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
            return json(.serviceUnavailable, "{}", headers: [.retryAfter: retryAfter(plan)])
        case .tooManyRequests:
            record.status = 429
            await state.record(record)
            return json(
                .tooManyRequests, #"{"message":"Too many requests","status":"failed"}"#,
                headers: [.retryAfter: retryAfter(plan)])
        case .slow:
            await state.record(record)
            try? await Task.sleep(for: plan.slowDelay)
            return json(.ok, served.text)
        case .dropMidBody:
            await state.record(record)
            let half = ByteBuffer(string: String(served.text.prefix(max(1, served.text.utf8.count / 2))))
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody { writer in
                    try await writer.write(half)
                    throw CancellationError()
                })
        case .failedStatus:
            await state.record(record)
            return json(.ok, #"{"message":"Something went wrong, please try again","status":"failed"}"#)
        case .truncatedJSON:
            await state.record(record)
            return json(.ok, truncatedInsideLastTicket(served.text))
        }
    }

    /// `Retry-After` as the plan says: seconds, or the HTTP date that many seconds from now.
    static func retryAfter(_ plan: FaultPlan) -> String {
        guard plan.retryAfterAsHTTPDate else { return String(plan.retryAfterSeconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let at = (Date().timeIntervalSince1970 + Double(plan.retryAfterSeconds)).rounded(.up)
        return formatter.string(from: Date(timeIntervalSince1970: at))
    }

    /// The response text cut off halfway through its last ticket (or halfway, without tickets).
    static func truncatedInsideLastTicket(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let marker = Array(#"{"tat""#.utf8)
        var last = -1
        if bytes.count >= marker.count {
            for i in 0...(bytes.count - marker.count)
            where bytes[i] == marker[0] && Array(bytes[i..<i + marker.count]) == marker {
                last = i
            }
        }
        let cut = last >= 0 ? last + (bytes.count - last) / 2 : bytes.count / 2
        return String(decoding: bytes[..<max(1, cut)], as: UTF8.self)
    }

    /// The page a call gets, and how many tickets it holds.
    static func page(
        configuration: FakeKaptureConfiguration, startDay: LocalDate, endDay: LocalDate, query: RecordedRequest,
        omitLast: Bool = false
    ) -> (text: String, tickets: Int) {
        var all = configuration.tickets(for: startDay)
        if configuration.includesNextDayTickets || endDay > startDay {
            all += configuration.tickets(for: startDay.adding(days: 1)).prefix(3)
        }
        let declared = all.count
        if omitLast && !all.isEmpty { all.removeLast() }
        if all.isEmpty {
            return (#"{"message":"No Data Found","status":"success"}"#, 0)
        }
        var slice = all[...]
        if configuration.paginates, let limit = query.limit {
            let offset = configuration.ignoresOffset ? 0 : max(0, query.offset ?? 0)
            slice = all.dropFirst(offset).prefix(max(0, min(limit, configuration.pageCap ?? .max)))
        }
        let total: JSONValue? =
            switch configuration.totalCount {
            case .exact: .number(String(declared))
            case .missing: nil
            case .null: .null
            case .string: .string(String(declared))
            case .nonNumeric: .string("many")
            case .lower(let n): .number(String(max(0, declared - n)))
            case .higher(let n): .number(String(declared + n))
            }
        let capitalised = configuration.envelope == .capitalisedKeys
        let message: JSONValue =
            configuration.envelope == .singleTicketAsObject && slice.count == 1 ? slice.first! : .array(Array(slice))
        var members: [(key: String, value: JSONValue)] = []
        if let total { members.append((capitalised ? "TotalCount" : "totalCount", total)) }
        members.append((capitalised ? "Message" : "message", message))
        members.append((capitalised ? "Status" : "status", .string("success")))
        return (JSONValue.object(members).jsonText, slice.count)
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
