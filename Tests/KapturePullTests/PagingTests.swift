import AsyncHTTPClient
import Foundation
import KapturePull
import KaptureTestSupport
import Logging
import SampleData
import Testing
import TicketModel
import TicketStore

@testable import KaptureAPI

/// What one pull against a fake Kapture left behind.
struct PullRun {
    var outcome: PullOutcome
    var stored: Set<String>
    var ledger: [LedgerEntry]
    var requests: [RecordedRequest]
    var expected: Set<String>
}

/// Pulls `range` from a fake Kapture configured as `configuration` into a new store.
func pullAgainst(
    _ configuration: FakeKaptureConfiguration, range: [LocalDate], pageSize: Int? = 40, maxRetries: Int = 3,
    timeout: Double = 10, concurrency: Int = 2
) async throws -> PullRun {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    return try await withFakeKapture(configuration) { server in
        let store = try SQLiteTicketStore(path: dir.appendingPathComponent("s.sqlite").path)
        let puller = makePuller(
            server: server, token: configuration.token, store: store, pageSize: pageSize, timeout: timeout,
            maxRetries: maxRetries, http: HTTPClient.shared)
        let outcome = try await puller.run(
            PullPlan(days: range, today: LocalDate("2026-01-01")!, refreshDays: 7, concurrency: concurrency))
        return PullRun(
            outcome: outcome, stored: try store.allTicketIds(),
            ledger: try store.ledger(from: range.first!, to: range.last!), requests: await server.requests(),
            expected: server.expectedTicketIds(days: range))
    }
}

/// Paging that cannot lose a ticket, whatever the server does with `limit`, `offset` and
/// `totalCount` (every expectation from the generator's own records).
@Suite(.serialized) struct PagingTests {
    static let week = days("2024-05-06", count: 5)

    /// The reported bug: a server that serves at most 50 tickets a page whatever `limit`
    /// asks for. Advancing `offset` by `limit` and stopping at the first short page stored
    /// 152 of 750 tickets and called the days complete.
    @Test func aServerCapBelowTheLimitLosesNoTicket() async throws {
        for total in [TotalCountStyle.missing, .null, .exact] {
            let run = try await pullAgainst(
                FakeKaptureConfiguration(
                    token: "t", generator: SampleGenerator(seed: 4, perDay: 150), pageCap: 50, totalCount: total),
                range: Self.week, pageSize: 100)
            #expect(run.expected.count > 700)
            #expect(run.stored == run.expected, "totalCount \(total)")
            #expect(run.ledger.allSatisfy { $0.state == .complete }, "totalCount \(total)")
            #expect(run.outcome.isComplete)
            // Offsets advance by what each page held.
            for day in Self.week {
                let offsets = run.requests.filter { $0.startDate == day.description }.compactMap(\.offset)
                #expect(offsets.allSatisfy { $0 % 50 == 0 }, "\(day): \(offsets)")
                #expect(offsets == Array(stride(from: 0, through: offsets.max()!, by: 50)), "\(day): \(offsets)")
            }
        }
    }

    /// `totalCount` as a string, not a number, lower than what is served: none of them
    /// changes what is stored; a numeric string counts as a number.
    @Test func everyShapeOfTotalCountEndsWithEveryTicket() async throws {
        let styles: [TotalCountStyle] = [.exact, .missing, .null, .string, .nonNumeric, .lower(by: 9)]
        for style in styles {
            let run = try await pullAgainst(
                FakeKaptureConfiguration(
                    token: "t", generator: SampleGenerator(seed: 7, perDay: 60), pageCap: 25, totalCount: style),
                range: Self.week)
            #expect(run.stored == run.expected, "totalCount \(style)")
            #expect(run.outcome.isComplete, "totalCount \(style): \(run.outcome.partial) \(run.outcome.failed)")
            let declared = run.ledger.map(\.declaredTotal)
            switch style {
            case .exact, .string:
                #expect(zip(run.ledger, declared).allSatisfy { $0.ticketsSeen == $1 }, "\(style)")
            case .missing, .null, .nonNumeric: #expect(declared.allSatisfy { $0 == nil }, "\(style)")
            default: break
            }
        }
    }

    /// A `totalCount` the server never reaches: the day is asked for again as a whole
    /// (`maxRetries` times), then stored `partial` with what came, and the outcome says so.
    @Test func aDayShortOfItsTotalCountIsAskedAgainThenLeftPartial() async throws {
        let run = try await pullAgainst(
            FakeKaptureConfiguration(
                token: "t", generator: SampleGenerator(seed: 7, perDay: 60), pageCap: 25, totalCount: .higher(by: 3)),
            range: Self.week, maxRetries: 2)
        #expect(run.stored == run.expected)  // what was served is kept
        #expect(run.ledger.allSatisfy { $0.state == .partial })
        #expect(run.outcome.partial.map(\.day) == Self.week)
        #expect(!run.outcome.isComplete)
        for entry in run.ledger {
            // Every object served counts, the unusable ones too (totalCount counts them).
            let served = SampleGenerator(seed: 7, perDay: 60).generatedTickets(for: entry.day).count
            #expect(entry.error == "received \(served) of \(served + 3) tickets its totalCount declares, in 3 attempts")
            let passes = run.requests.filter { $0.startDate == entry.day.description && $0.offset == 0 }
            #expect(passes.count == 3)  // the first pass and 2 more
        }
    }

    /// A day that comes back one short on its first pass (a server still indexing) is
    /// complete once asked again; the tickets of both passes are kept.
    @Test func aShortDayAskedAgainBecomesComplete() async throws {
        let run = try await pullAgainst(
            FakeKaptureConfiguration(
                token: "t", generator: SampleGenerator(seed: 8, perDay: 45), pageCap: 20,
                omitsLastTicketOnFirstPasses: 1
            ),
            range: Self.week)
        #expect(run.stored == run.expected)
        #expect(run.ledger.allSatisfy { $0.state == .complete && $0.error == nil })
        #expect(run.outcome.isComplete)
        for day in Self.week {
            #expect(run.requests.filter { $0.startDate == day.description && $0.offset == 0 }.count == 2)
        }
    }

    /// A server that ignores `offset` answers every page with the first one: the day fails
    /// with a sentence that says what to do, after two calls, never a loop.
    @Test func aServerThatIgnoresOffsetFailsTheDayAtOnce() async throws {
        let run = try await pullAgainst(
            FakeKaptureConfiguration(token: "t", generator: SampleGenerator(seed: 9, perDay: 80), ignoresOffset: true),
            range: Self.week)
        #expect(run.outcome.failed.map(\.day) == Self.week)
        #expect(
            run.outcome.failed.allSatisfy {
                $0.error
                    == "the page at offset 40 repeats tickets already received; the server ignores offset; try --page-size 0"
            }, "\(run.outcome.failed)")
        #expect(run.requests.count == 2 * Self.week.count)
        #expect(run.ledger.allSatisfy { $0.state == .failed })

        // Without paging, the same server gives everything in one call per day.
        let whole = try await pullAgainst(
            FakeKaptureConfiguration(token: "t", generator: SampleGenerator(seed: 9, perDay: 80), ignoresOffset: true),
            range: Self.week, pageSize: nil)
        #expect(whole.stored == whole.expected)
        #expect(whole.outcome.isComplete)
        #expect(whole.requests.count == Self.week.count)
    }

    /// The envelope as seen in the wild, served through the client: capitalised keys,
    /// `message` as one ticket object, `message` as a string on a day without tickets.
    @Test func envelopeQuirksLoseNothing() async throws {
        let empty = Self.week[2]
        let capitalised = try await pullAgainst(
            FakeKaptureConfiguration(
                token: "t", generator: SampleGenerator(seed: 10, perDay: 30), emptyDays: [empty],
                envelope: .capitalisedKeys),
            range: Self.week)
        #expect(capitalised.stored == capitalised.expected)
        #expect(capitalised.outcome.isComplete)
        #expect(capitalised.ledger.first { $0.day == empty }?.ticketsSeen == 0)
        #expect(capitalised.ledger.filter { $0.day != empty }.allSatisfy { $0.declaredTotal == $0.ticketsSeen })

        // Pages of one ticket each, every `message` an object.
        let single = try await pullAgainst(
            FakeKaptureConfiguration(
                token: "t", generator: SampleGenerator(seed: 11, perDay: 6), emptyDays: [empty], pageCap: 1,
                envelope: .singleTicketAsObject),
            range: Self.week)
        #expect(single.stored == single.expected)
        #expect(single.expected.count > 15)
        #expect(single.outcome.isComplete)
        #expect(single.requests.filter { $0.ticketsServed == 1 }.count >= single.expected.count)
    }

    /// A complete HTTP response whose JSON stops mid-ticket is retried like a cut connection;
    /// when every attempt is cut, the day fails naming it.
    @Test func truncatedJSONIsRetriedAndFailsTheDayWhenItPersists() async throws {
        let run = try await pullAgainst(
            FakeKaptureConfiguration(
                token: "t", generator: SampleGenerator(seed: 12, perDay: 30),
                faults: FaultPlan(rate: 1, kinds: [.truncatedJSON], maxPerCall: 1)),
            range: Self.week)
        #expect(run.stored == run.expected)
        #expect(run.outcome.isComplete)
        // Each call is cut once and then answered.
        #expect(run.outcome.retries == run.requests.filter { $0.fault == .truncatedJSON }.count)
        #expect(run.outcome.retries * 2 == run.requests.count)
        #expect(run.outcome.retries >= Self.week.count)

        let bad = Self.week[1]
        let failing = try await pullAgainst(
            FakeKaptureConfiguration(
                token: "t", generator: SampleGenerator(seed: 12, perDay: 30), permanentFaults: [bad: .truncatedJSON]),
            range: Self.week, maxRetries: 2)
        #expect(failing.outcome.failed.map(\.day) == [bad])
        #expect(
            failing.outcome.failed.first?.error
                == "offset 0: the response is not a complete Kapture response (after 2 retries)")
        #expect(
            failing.stored
                == failing.expected.subtracting(
                    FakeKaptureConfiguration(
                        token: "t", generator: SampleGenerator(seed: 12, perDay: 30)
                    ).expectedTicketIds(days: [bad])))
        #expect(failing.ledger.first { $0.day == bad }?.state == .failed)
    }

    /// A call that stalls past the timeout is retried, and a day whose calls all stall fails
    /// naming the timeout (no wall-clock bound is asserted: a stall is far longer than the timeout).
    @Test func aStallPastTheTimeoutFailsTheDay() async throws {
        let run = try await pullAgainst(
            FakeKaptureConfiguration(
                token: "t", generator: SampleGenerator(seed: 13, perDay: 5),
                faults: FaultPlan(slowDelay: .seconds(4)), permanentFaults: [Self.week[0]: .slow]),
            range: [Self.week[0]], maxRetries: 1, timeout: 0.5)
        #expect(run.outcome.failed.first?.error == "offset 0: no complete response within 0.5 s (after 1 retry)")
        #expect(run.requests.count == 2)
    }

    /// `Retry-After` as seconds and as an HTTP date: the retry waits at least that long
    /// (measured at the server between the refused call and its retry).
    @Test func retryAfterIsHonouredAsSecondsAndAsAnHTTPDate() async throws {
        for asDate in [false, true] {
            let configuration = FakeKaptureConfiguration(
                token: "t", generator: SampleGenerator(seed: 14, perDay: 5),
                faults: FaultPlan(
                    rate: 1, kinds: [.tooManyRequests], maxPerCall: 1, retryAfterSeconds: 2,
                    retryAfterAsHTTPDate: asDate))
            let dir = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: dir) }
            try await withFakeKapture(configuration) { server in
                let store = try SQLiteTicketStore(path: dir.appendingPathComponent("s.sqlite").path)
                let client = KaptureClient(
                    configuration: KaptureClientConfiguration(
                        baseURL: server.baseURL, token: KaptureToken("t")!, pageSize: nil, timeout: 10, maxRetries: 2,
                        baseBackoff: 0.01, maxBackoff: 0.5),
                    httpClient: HTTPClient.shared, logger: Logger(label: "test"))
                let puller = TicketPuller(client: client, store: store, decoder: TicketDecoder(accountTimeZone: india))
                let outcome = try await puller.run(
                    PullPlan(days: [Self.week[0]], today: LocalDate("2026-01-01")!, refreshDays: 7, concurrency: 1))
                #expect(outcome.isComplete)
                let requests = await server.requests()
                #expect(requests.count == 2)
                #expect(requests.first?.status == 429)
                let waited = requests[1].receivedAt - requests[0].receivedAt
                // An HTTP date has whole seconds: at least one second of the two remains.
                #expect(
                    waited >= (asDate ? .seconds(1) : .seconds(2)), "Retry-After as date: \(asDate), waited \(waited)")
            }
        }
        #expect(KaptureClient.parseRetryAfter("120") == 120)
        let inAMinute = KaptureClient.parseRetryAfter(
            { () -> String in
                let f = DateFormatter()
                f.locale = Locale(identifier: "en_US_POSIX")
                f.timeZone = TimeZone(identifier: "GMT")
                f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                return f.string(from: Date().addingTimeInterval(60))
            }())
        #expect(inAMinute.map { $0 > 55 && $0 <= 60 } == true, "\(String(describing: inAMinute))")
        #expect(KaptureClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == 0)  // in the past: no wait
        #expect(KaptureClient.parseRetryAfter("soon") == nil)
    }

    /// 401 and 403 stop the pull at once with an authentication error; days completed before
    /// the token was refused stay complete.
    @Test func refusalsStopThePullAndKeepTheDaysAlreadyComplete() async throws {
        for status in [401, 403] {
            let dir = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: dir) }
            let configuration = FakeKaptureConfiguration(
                token: "t", generator: SampleGenerator(seed: 15, perDay: 20),
                refusal: TokenRefusal(httpStatus: status, fromDay: Self.week[3]))
            try await withFakeKapture(configuration) { server in
                let store = try SQLiteTicketStore(path: dir.appendingPathComponent("s.sqlite").path)
                let puller = makePuller(server: server, token: "t", store: store, http: HTTPClient.shared)
                let error = await #expect(throws: KaptureError.self) {
                    _ = try await puller.run(
                        PullPlan(days: Self.week, today: LocalDate("2026-01-01")!, refreshDays: 7, concurrency: 1))
                }
                #expect(error?.kind == .authentication)
                #expect(error?.message == "Kapture refused the token (HTTP \(status))")
                let ledger = try store.ledger(from: Self.week[0], to: Self.week[4])
                #expect(ledger.map(\.day) == Array(Self.week.prefix(3)))
                #expect(ledger.allSatisfy { $0.state == .complete })
                #expect(try store.allTicketIds() == server.expectedTicketIds(days: Array(Self.week.prefix(3))))
                #expect(await server.requests().filter { $0.status == status }.count == 1)  // no retry
            }
        }
    }
}
