public import Foundation
public import TicketModel

/// A ticket as stored: the decoded ticket and the JSON object it came from.
public struct StoredTicket: Sendable {
    public var ticket: Ticket
    /// The ticket object exactly as received (compact JSON).
    public var rawJSON: String

    public init(ticket: Ticket, rawJSON: String) {
        self.ticket = ticket
        self.rawJSON = rawJSON
    }
}

/// The state of one day in the pull ledger.
public enum LedgerState: String, Sendable, Codable, CaseIterable {
    /// Every page was received and the count matches `totalCount` when one was sent.
    case complete
    /// Pages were received but fewer tickets than `totalCount` declared.
    case partial
    /// The day could not be pulled; its tickets (if any) are from an earlier pull.
    case failed
    /// Tickets of the day were loaded from saved files (`slareport import`); whether they are
    /// all of the day's tickets is as complete as those files were.
    case imported
}

/// One row of the pull ledger: what is known of one account-zone day.
public struct LedgerEntry: Sendable, Equatable {
    public var day: LocalDate
    public var state: LedgerState
    /// Tickets received for the day (all pages), before skipping unusable ones.
    public var ticketsSeen: Int
    public var pages: Int
    /// `totalCount` as the server declared it, if it did.
    public var declaredTotal: Int?
    public var skipped: [SkipReason: Int]
    public var pulledAt: Date
    /// Why the day failed (never contains the token).
    public var error: String?

    public init(
        day: LocalDate, state: LedgerState, ticketsSeen: Int, pages: Int, declaredTotal: Int?,
        skipped: [SkipReason: Int], pulledAt: Date, error: String?
    ) {
        self.day = day
        self.state = state
        self.ticketsSeen = ticketsSeen
        self.pages = pages
        self.declaredTotal = declaredTotal
        self.skipped = skipped
        self.pulledAt = pulledAt
        self.error = error
    }
}

/// Persistence of tickets and of the pull ledger. SQLite today (`SQLiteTicketStore`); the
/// protocol lets a PostgreSQL store follow.
public protocol TicketStoring: Sendable {
    /// Upserts a day's tickets by ticketId and writes its ledger row, in one transaction:
    /// either all of it is stored or none of it.
    func saveDay(_ entry: LedgerEntry, tickets: [StoredTicket]) throws

    /// Upserts tickets that belong to no pulled day (an import), in one transaction.
    func saveTickets(_ tickets: [StoredTicket]) throws

    /// Records days that received imported tickets (never downgrading a pulled day).
    func markImported(days: [LocalDate: Int], at: Date) throws

    /// Marks a day failed, keeping whatever tickets an earlier pull stored.
    func markFailed(day: LocalDate, error: String, at: Date) throws

    /// The ledger rows for `from…to`, by day.
    func ledger(from: LocalDate, to: LocalDate) throws -> [LedgerEntry]

    /// Streams the tickets created in `[start, end)` to `body`, in creation order.
    func forEachTicket(createdFrom start: Date, before end: Date, _ body: (Ticket) throws -> Void) throws

    /// Number of stored tickets.
    func ticketCount() throws -> Int

    /// Every stored ticketId (for checks and tests).
    func allTicketIds() throws -> Set<String>
}
