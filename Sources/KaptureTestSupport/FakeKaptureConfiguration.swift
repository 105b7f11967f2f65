import Foundation
public import SampleData
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
    /// A complete HTTP response (its full `Content-Length`) whose JSON stops in the middle
    /// of a ticket.
    case truncatedJSON
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
    /// The `Retry-After` of a 429 and a 503, in seconds.
    public var retryAfterSeconds: Int
    /// Whether `Retry-After` is sent as an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`,
    /// `retryAfterSeconds` from now, rounded up to the next whole second) instead of seconds.
    public var retryAfterAsHTTPDate: Bool

    public init(
        rate: Double = 0, kinds: [KaptureFault] = KaptureFault.allCases, seed: UInt64 = 1, maxPerCall: Int = 2,
        slowDelay: Duration = .seconds(3), retryAfterSeconds: Int = 0, retryAfterAsHTTPDate: Bool = false
    ) {
        self.rate = rate
        self.kinds = kinds
        self.seed = seed
        self.maxPerCall = maxPerCall
        self.slowDelay = slowDelay
        self.retryAfterSeconds = retryAfterSeconds
        self.retryAfterAsHTTPDate = retryAfterAsHTTPDate
    }

    /// Every call gets `fault`, on every attempt: retries run out.
    public static func always(_ fault: KaptureFault, slowDelay: Duration = .seconds(3)) -> FaultPlan {
        FaultPlan(rate: 1, kinds: [fault], maxPerCall: .max, slowDelay: slowDelay)
    }

    public static let none = FaultPlan()
}

/// How the fake fills in `totalCount`.
public enum TotalCountStyle: Sendable, Hashable {
    /// The number of tickets it holds for the call (what it serves over all pages).
    case exact
    /// No `totalCount` key.
    case missing
    /// `"totalCount": null` (as Kapture sends it).
    case null
    /// The right number, as a string: `"totalCount": "150"`.
    case string
    /// A string that is no number: `"totalCount": "many"`.
    case nonNumeric
    /// `n` fewer than it serves.
    case lower(by: Int)
    /// `n` more than it ever serves.
    case higher(by: Int)
}

/// The shape of the response envelope, as seen in the wild.
public enum EnvelopeStyle: Sendable, Hashable {
    /// `{"totalCount":…,"message":[…],"status":"success"}`.
    case standard
    /// `TotalCount`, `Message`, `Status`.
    case capitalisedKeys
    /// A page of exactly one ticket sends `message` as that ticket object, not an array.
    case singleTicketAsObject
}

/// How the fake refuses a token that it otherwise accepts: from a day on (the token was
/// revoked during the pull) or for every call.
public struct TokenRefusal: Sendable {
    /// 401 or 403, or 200 with `{"message":"Invalid Auth Key","status":"failed"}`.
    public var httpStatus: Int
    /// Calls for this day and later are refused; `nil`: every call.
    public var fromDay: LocalDate?

    public init(httpStatus: Int, fromDay: LocalDate? = nil) {
        self.httpStatus = httpStatus
        self.fromDay = fromDay
    }
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
    /// At most this many tickets a page, whatever `limit` asks for (a server cap); `nil`: none.
    public var pageCap: Int?
    /// Whether `offset` is ignored: every call starts at the first ticket (`limit` still cuts).
    public var ignoresOffset: Bool
    public var totalCount: TotalCountStyle
    public var envelope: EnvelopeStyle
    /// Whether day D's answer also carries the first few tickets of D+1 (as some servers do).
    public var includesNextDayTickets: Bool
    /// Delay before every response.
    public var latency: Duration
    public var faults: FaultPlan
    /// Days whose every call gets a fault (retries run out, the day fails).
    public var permanentFaults: [LocalDate: KaptureFault]
    /// Refuses the right token too, from a day on or always.
    public var refusal: TokenRefusal?
    /// The first `n` passes over a day (counted by its calls at offset 0) leave out the day's
    /// last ticket, as a server does while it is still indexing: the day comes back one
    /// short of its `totalCount` until it is asked for again.
    public var omitsLastTicketOnFirstPasses: Int
    /// More Basic tokens it accepts for the same account (each client its own, so a test can
    /// tell which client asked).
    public var otherTokens: Set<String> = []
    /// A gate: a call for one of these days is held until calls bearing every token of
    /// `holdUntilTokens` have arrived (two pulls are then both inside the server at once).
    public var holdDays: Set<LocalDate> = []
    public var holdUntilTokens: Set<String> = []

    public init(
        token: String, generator: SampleGenerator, emptyDays: Set<LocalDate> = [], paginates: Bool = true,
        pageCap: Int? = nil, ignoresOffset: Bool = false, totalCount: TotalCountStyle = .exact,
        envelope: EnvelopeStyle = .standard, includesNextDayTickets: Bool = false, latency: Duration = .zero,
        faults: FaultPlan = .none, permanentFaults: [LocalDate: KaptureFault] = [:], refusal: TokenRefusal? = nil,
        omitsLastTicketOnFirstPasses: Int = 0
    ) {
        self.token = token
        self.generator = generator
        self.emptyDays = emptyDays
        self.paginates = paginates
        self.pageCap = pageCap
        self.ignoresOffset = ignoresOffset
        self.totalCount = totalCount
        self.envelope = envelope
        self.includesNextDayTickets = includesNextDayTickets
        self.latency = latency
        self.faults = faults
        self.permanentFaults = permanentFaults
        self.refusal = refusal
        self.omitsLastTicketOnFirstPasses = omitsLastTicketOnFirstPasses
    }

    /// The tickets the server holds for `day`.
    public func tickets(for day: LocalDate) -> [JSONValue] {
        emptyDays.contains(day) ? [] : generator.tickets(for: day)
    }

    /// The ticketIds a client must end up with for `days`: those the generator made with a
    /// ticketId and a real creation time (from its own records, not by decoding).
    public func expectedTicketIds(days: [LocalDate]) -> Set<String> {
        var ids = Set<String>()
        for day in days where !emptyDays.contains(day) {
            for ticket in generator.generatedTickets(for: day) where ticket.isUsable { ids.insert(ticket.ticketId!) }
        }
        return ids
    }
}
