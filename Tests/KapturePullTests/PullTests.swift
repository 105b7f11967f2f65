import AsyncHTTPClient
import Foundation
import KaptureAPI
import KapturePull
import KaptureTestSupport
import Logging
import SampleData
import Testing
import TicketModel
import TicketStore

let india = TimeZone(identifier: "Asia/Kolkata")!

func makePuller(
    server: FakeKaptureServer, token: String, store: any TicketStoring, pageSize: Int? = 10,
    timeout: Double = 5, maxRetries: Int = 6, endDate: EndDateMode = .sameDay, http: HTTPClient
) -> TicketPuller {
    let client = KaptureClient(
        configuration: KaptureClientConfiguration(
            baseURL: server.baseURL, token: KaptureToken(token)!, pageSize: pageSize, endDateMode: endDate,
            timeout: timeout, maxRetries: maxRetries, baseBackoff: 0.01, maxBackoff: 0.05),
        httpClient: http, logger: Logger(label: "test"))
    return TicketPuller(client: client, store: store, decoder: TicketDecoder(accountTimeZone: india))
}

@Suite(.serialized) struct PullTests {
    /// April 2024 at 40 tickets a day, one day empty, faults on 35 % of calls. A stall lasts
    /// well past the pullers' 5 s timeout, and the timeout is far above what an answer takes
    /// on a loaded machine: only the injected stalls time out.
    static func faultyMonth(token: String) -> FakeKaptureConfiguration {
        FakeKaptureConfiguration(
            token: token, generator: SampleGenerator(seed: 11, perDay: 40), emptyDays: [LocalDate("2024-04-14")!],
            faults: FaultPlan(rate: 0.35, seed: 3, maxPerCall: 2, slowDelay: .seconds(8)))
    }

    /// Pulls the month of `faultyMonth` from `server` into `store` and checks that every
    /// day is complete and the store holds exactly the served tickets: none lost, none
    /// extra, none doubled.
    static func pullFaultyMonth(from server: FakeKaptureServer, token: String, into store: any TicketStoring)
        async throws -> (TicketPuller, PullOutcome)
    {
        let month = days("2024-04-01", count: 30)
        let puller = makePuller(server: server, token: token, store: store, timeout: 5, http: HTTPClient.shared)
        let outcome = try await puller.run(
            PullPlan(days: month, today: LocalDate("2026-01-01")!, refreshDays: 7, concurrency: 4))
        #expect(outcome.failed.isEmpty, "\(outcome.failed)")
        #expect(outcome.pulled.count == 30)
        let expected = server.expectedTicketIds(days: month)
        #expect(expected.count > 1000)
        #expect(try store.allTicketIds() == expected)  // none lost, none extra
        #expect(try store.ticketCount() == expected.count)  // none doubled
        let ledger = try store.ledger(from: month.first!, to: month.last!)
        #expect(ledger.count == 30 && ledger.allSatisfy { $0.state == .complete })
        return (puller, outcome)
    }

    @Test func monthWithFaultsOnAFifthOfCallsStoresExactlyTheServedTickets() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let month = days("2024-04-01", count: 30)
        try await withFakeKapture(Self.faultyMonth(token: "month-token")) { server in
            let store = try SQLiteTicketStore(path: dir.appendingPathComponent("s.sqlite").path)
            let (_, outcome) = try await Self.pullFaultyMonth(from: server, token: "month-token", into: store)
            let ledger = try store.ledger(from: month.first!, to: month.last!)
            #expect(ledger.first { $0.day == LocalDate("2024-04-14")! }?.ticketsSeen == 0)

            let requests = await server.requests()
            let faulted = requests.filter { $0.fault != nil }.count
            #expect(Double(faulted) / Double(requests.count) >= 0.2, "\(faulted) of \(requests.count)")
            #expect(Set(requests.compactMap(\.fault)).count == KaptureFault.allCases.count)
            // Every injected fault is retried; a loaded machine may add a retry of its own.
            #expect(outcome.retries >= faulted)
            #expect(
                requests.allSatisfy { $0.authorization == "Basic month-token" && $0.contentType == "application/json" })
            #expect(requests.allSatisfy { $0.limit == 10 && $0.startDate == $0.endDate })
        }
    }

    @Test func requestBodyFollowsTheDocumentation() throws {
        let base = KaptureClientConfiguration(baseURL: "http://127.0.0.1:1", token: KaptureToken("t")!, pageSize: 100)
        let http = HTTPClient.shared
        let client = KaptureClient(configuration: base, httpClient: http, logger: Logger(label: "t"))
        #expect(
            client.requestBody(day: LocalDate("2024-04-19")!, offset: 200)
                == #"[{"start_date":"2024-04-19","end_date":"2024-04-19","limit":100,"offset":200}]"#)
        var next = base
        next.endDateMode = .nextDay
        next.pageSize = nil
        let nextClient = KaptureClient(configuration: next, httpClient: http, logger: Logger(label: "t"))
        #expect(
            nextClient.requestBody(day: LocalDate("2024-04-30")!, offset: 0)
                == #"[{"start_date":"2024-04-30","end_date":"2024-05-01"}]"#)
        #expect("\(KaptureToken("secret-value")!)" == "<redacted token>")
        #expect(client.backoff(attempt: 1, retryAfter: 3) >= 3)
        #expect(client.backoff(attempt: 20, retryAfter: nil) <= base.maxBackoff)
    }

    @Test func unauthorisedStopsAtOnceWithoutRetries() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = FakeKaptureConfiguration(token: "right", generator: SampleGenerator(seed: 1, perDay: 5))
        try await withFakeKapture(config) { server in
            let store = try SQLiteTicketStore(path: dir.appendingPathComponent("s.sqlite").path)
            let http = HTTPClient.shared
            let puller = makePuller(server: server, token: "wrong", store: store, http: http)
            let error = await #expect(throws: KaptureError.self) {
                _ = try await puller.run(
                    PullPlan(
                        days: days("2024-04-01", count: 10), today: LocalDate("2026-01-01")!, refreshDays: 7,
                        concurrency: 2))
            }
            #expect(error?.kind == .authentication)
            #expect(error?.description.contains("wrong") == false)
            #expect(await server.requests().count <= 2)
            #expect(try store.ticketCount() == 0)
        }
    }

    @Test func nonRetryableHTTPFailsTheDayAtOnceAndOtherDaysGoOn() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = FakeKaptureConfiguration(token: "t", generator: SampleGenerator(seed: 1, perDay: 5))
        try await withFakeKapture(config) { server in
            let store = try SQLiteTicketStore(path: dir.appendingPathComponent("s.sqlite").path)
            // A wrong base path: the server answers 404, which no retry can mend.
            let client = KaptureClient(
                configuration: KaptureClientConfiguration(
                    baseURL: server.baseURL + "/wrong", token: KaptureToken("t")!, maxRetries: 5, baseBackoff: 1),
                httpClient: HTTPClient.shared, logger: Logger(label: "test"))
            let puller = TicketPuller(client: client, store: store, decoder: TicketDecoder(accountTimeZone: india))
            let outcome = try await puller.run(
                PullPlan(
                    days: days("2024-04-01", count: 3), today: LocalDate("2026-01-01")!, refreshDays: 7, concurrency: 1)
            )
            #expect(outcome.failed.map(\.day) == days("2024-04-01", count: 3))
            #expect(outcome.failed.allSatisfy { $0.error.contains("HTTP 404") })
            #expect(outcome.retries == 0)
            #expect(
                try store.ledger(from: LocalDate("2024-04-01")!, to: LocalDate("2024-04-03")!).map(\.state) == [
                    .failed, .failed, .failed,
                ])
        }
    }
}

/// Opens a TCP connection to 127.0.0.1:`port` and leaves it open (the descriptor is
/// returned for closing), or returns -1.
func openIdleConnection(port: Int) -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return -1 }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let rc = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    if rc != 0 {
        close(fd)
        return -1
    }
    return fd
}

@Suite struct FakeServerLifecycleTests {
    /// Stopping the fake server while connections are still being accepted (a client that
    /// gave up, as a pull refused for its token does) shuts it down cleanly. Cancelling the
    /// server task instead made SwiftNIO trap now and then ("Deinited NIOAsyncWriter without
    /// calling finish()"), which took the whole test process down.
    @Test func stoppingWithConnectionsStillArrivingIsClean() async throws {
        for _ in 0..<25 {
            let server = try await FakeKaptureServer.start(
                FakeKaptureConfiguration(token: "t", generator: SampleGenerator(seed: 1, perDay: 1)))
            let descriptors = (0..<48).map { _ in openIdleConnection(port: server.port) }
            #expect(descriptors.allSatisfy { $0 >= 0 })
            await server.stop()
            for fd in descriptors where fd >= 0 { close(fd) }
        }
    }
}
