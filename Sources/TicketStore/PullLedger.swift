public import Foundation
public import TicketModel

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

/// What an import records in one day's ledger row: the tickets it stored for the day (added
/// to earlier imports'), and, when the import read a file covering the day, the unusable
/// tickets (by reason) its files covering the day held. Those replace what an earlier import
/// recorded, as a pull's day replaces its row: the latest files of a day say what it
/// skipped, and importing the same files again changes nothing.
public struct ImportedDay: Sendable, Equatable {
    public var tickets: Int
    /// `nil`: no file of this import covered the day (its count is left as it was).
    public var skipped: [SkipReason: Int]?

    public init(tickets: Int, skipped: [SkipReason: Int]? = nil) {
        self.tickets = tickets
        self.skipped = skipped
    }

    /// Adds another file's counts for the same day.
    public mutating func add(_ other: ImportedDay) {
        tickets += other.tickets
        if let more = other.skipped { skipped = (skipped ?? [:]).merging(more, uniquingKeysWith: +) }
    }
}

/// The pull ledger: what is known of each account-zone day (pulled, partial, failed,
/// imported), written with the day's tickets.
public protocol PullLedgerStore: AnyObject, Sendable {
    /// Upserts a day's tickets by ticketId and writes its ledger row, in one transaction:
    /// either all of it is stored or none of it.
    func saveDay(_ entry: LedgerEntry, tickets: [StoredTicket]) throws

    /// Records days that received imported tickets, and the unusable tickets the files
    /// covering each day held (`ImportedDay`); never downgrades a pulled day.
    func markImported(days: [LocalDate: ImportedDay], at: Date) throws

    /// Marks a day failed, keeping whatever tickets an earlier pull stored.
    func markFailed(day: LocalDate, error: String, at: Date) throws

    /// The ledger rows for `from…to`, by day.
    func ledger(from: LocalDate, to: LocalDate) throws -> [LedgerEntry]
}
