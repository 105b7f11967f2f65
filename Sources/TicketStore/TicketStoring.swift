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

/// A part of a period's tickets that one reader reads on its own (`TicketStoring.readPlan`).
/// What `keys` ranges over is the store's own business (SQLite: rowids); the chunks of a plan
/// are disjoint and, read in their order, give every ticket of the period once.
public struct TicketReadChunk: Sendable, Hashable {
    /// `nil`: the whole period in creation order (through the creation-time index).
    public var keys: Range<Int64>?
    /// Rows the chunk can hold at most (its key range's length; 0 when unknown).
    public var capacity: Int64

    public init(keys: Range<Int64>?, capacity: Int64) {
        self.keys = keys
        self.capacity = capacity
    }

    /// The whole period, read through the index on one reader.
    public static let wholePeriod = TicketReadChunk(keys: nil, capacity: 0)
}

/// Persistence of tickets and of the pull ledger: every operation `report --store`,
/// `import`, `pull`, `raw` and `serve` call, so a second store (PostgreSQL) plugs in
/// without touching them. SQLite today (`SQLiteTicketStore`); `TicketStores.open` picks
/// the implementation from the location.
public protocol TicketStoring: AnyObject, Sendable {
    /// Where the store is, for messages (a path; never a password).
    var location: String { get }

    // MARK: Writing

    /// Upserts a day's tickets by ticketId and writes its ledger row, in one transaction:
    /// either all of it is stored or none of it.
    func saveDay(_ entry: LedgerEntry, tickets: [StoredTicket]) throws

    /// Upserts tickets that belong to no pulled day (an import), in one transaction.
    func saveTickets(_ tickets: [StoredTicket]) throws

    /// `saveTickets` for tickets already in a batch (the path `import` takes: its decoding
    /// threads build the batches).
    func saveTickets(_ batch: TicketBatch) throws

    /// The dictionary new raw JSON is compressed with; a store without one trains one on
    /// `samples` (asked for only then).
    func rawDictionary(orTrainingOn samples: () throws -> [[UInt8]]) throws -> RawJSONDictionary?

    /// Records days that received imported tickets, and the unusable tickets the files
    /// covering each day held (`ImportedDay`); never downgrades a pulled day.
    func markImported(days: [LocalDate: ImportedDay], at: Date) throws

    /// Marks a day failed, keeping whatever tickets an earlier pull stored.
    func markFailed(day: LocalDate, error: String, at: Date) throws

    // MARK: Reading

    /// The ledger rows for `from…to`, by day.
    func ledger(from: LocalDate, to: LocalDate) throws -> [LedgerEntry]

    /// How to read the tickets created in `[start, end)`: chunks of at most about
    /// `chunkRows` rows that readers on several threads can read at once, or
    /// `[.wholePeriod]` when the period is best read in one go.
    func readPlan(createdFrom start: Date, before end: Date, chunkRows: Int64) throws -> [TicketReadChunk]

    /// Streams the decoded columns of one chunk's tickets created in `[start, end)` as raw
    /// bytes (the fast path of `report --store`). Several chunks may be read at once.
    func forEachRawTicket(
        createdFrom start: Date, before end: Date, chunk: TicketReadChunk, _ body: (RawTicketRow) throws -> Void
    ) throws

    /// Streams the tickets created in `[start, end)` to `body`, in creation order.
    func forEachTicket(createdFrom start: Date, before end: Date, _ body: (Ticket) throws -> Void) throws

    /// A stored ticket exactly as received, or `nil` when the store does not hold it.
    func rawJSON(ticketId: String) throws -> String?

    /// Streams the ticketId and raw JSON (exactly as received) of every ticket created in
    /// `[start, end)`, in creation order (`store copy`).
    func forEachRawJSON(
        createdFrom start: Date, before end: Date, _ body: (_ ticketId: String, _ json: String) throws -> Void
    ) throws

    /// The creation times of the oldest and the newest ticket; `nil` for an empty store.
    func createdRange() throws -> ClosedRange<Date>?

    /// Number of stored tickets.
    func ticketCount() throws -> Int

    /// Reads the whole store's structure and throws, naming what is wrong, when it cannot
    /// all be read (a corrupt page, an index out of step, a missing table): what a server's
    /// readiness asks before it says it can answer.
    func verify() throws

    /// Every stored ticketId (for checks and tests).
    func allTicketIds() throws -> Set<String>

    /// Records that the scheduled email `schedule` due at `dueAt` went out; `false` when it
    /// was already recorded (by this process or another), so no email goes out twice.
    func recordSend(schedule: String, dueAt: Date, sentAt: Date) throws -> Bool

    /// When the scheduled email `schedule` due at `dueAt` went out, if it did.
    func sentAt(schedule: String, dueAt: Date) throws -> Date?

    /// Takes the lock `name` (`day:2024-04-01`, `leader:serve`) if no other process holds it;
    /// `nil` when one does. Never waits.
    func tryLock(_ name: String) throws -> (any StoreLock)?

    /// Takes the lock `name`, waiting for as long as another process holds it: the store
    /// wakes the waiter when the lock is free (no polling), and no thread waits meanwhile.
    /// Cancelling the calling task ends the wait with `CancellationError`, leaving nothing
    /// held or queued.
    func lock(_ name: String) async throws -> any StoreLock

    /// A number that changes whenever tickets or the ledger change (a pull's day, an import,
    /// a failed day), seen by every process using the store: what a cache of summaries keys on.
    func generation() throws -> Int64

    // MARK: Fact blocks

    /// Whether the store keeps a `FactBlock` for every UTC day with tickets, written with
    /// them (both stores do; a test's store may not); when not, reports read rows.
    var keepsFactBlocks: Bool { get }

    /// The block of the UTC day `utcDay` (days since 1970-01-01); `nil` when no ticket was
    /// created on it (or the store keeps no blocks).
    func factBlock(utcDay: Int64) throws -> StoredFactBlock?

    /// The counts of the block of `utcDay` (`BlockCounts`); `nil` when there is no block, or
    /// it is stale (the day's tickets are read then), or the store keeps no counts.
    func factBlockCounts(utcDay: Int64) throws -> BlockCounts?
}

extension TicketStoring {
    public func factBlockCounts(utcDay: Int64) throws -> BlockCounts? { nil }
}

/// A day's block as a store has it.
public enum StoredFactBlock: Sendable {
    case block(FactBlock)
    /// Tickets of the day were deleted or moved past slareport since the block was built:
    /// the day's rows are to be read instead, until a write builds it again.
    case stale
}

/// A lock a process holds on a store until it releases it or ends (a PostgreSQL advisory
/// lock on its own session): one puller per day, one server running the schedules.
public protocol StoreLock: AnyObject, Sendable {
    /// Whether the lock is still held (a lost connection loses it).
    var isHeld: Bool { get }
    /// Gives the lock up; returns once others can take it. Waits for the store: call it off
    /// the cooperative pool, or `unlock()` from async code.
    func release()
    /// `release()` for async code: awaited without holding a thread.
    func unlock() async
}

/// A lock that needs no holding: the SQLite store's, whose single writer and idempotent
/// upserts make concurrent pulls correct without it.
public final class UncontendedLock: StoreLock {
    public init() {}
    public var isHeld: Bool { true }
    public func release() {}
    public func unlock() async {}
}

/// A store being filled all-or-nothing (`import`): `store` takes the tickets, `commit()`
/// makes them visible, `abandon()` leaves the store as it was.
public protocol TicketStoreLoad: AnyObject {
    var store: any TicketStoring { get }
    /// Whether `store` keeps the first copy of a ticket it is handed in this load and drops
    /// the later ones (a PostgreSQL bulk load, which then never rewrites a row): the loader
    /// hands it the newest input first, so that the newest copy is still the one kept. When
    /// false, a later copy replaces an earlier one, and the input goes oldest first.
    var keepsFirstCopy: Bool { get }
    func commit() throws(TicketStoreError)
    func abandon()
}

extension TicketStoreLoad {
    public var keepsFirstCopy: Bool { false }
}

/// How far building every fact block of a store has come: days built of those with tickets,
/// and their tickets.
public struct FactBlockProgress: Sendable, Equatable {
    public var days: Int
    public var total: Int
    public var tickets: Int

    public init(days: Int, total: Int, tickets: Int) {
        self.days = days
        self.total = total
        self.tickets = tickets
    }

    /// One more day built, with its block (`nil`: the day has no ticket now).
    mutating func add(_ block: FactBlockBuilder?) {
        days += 1
        tickets += block?.count ?? 0
    }
}

/// Called after each day's block is built, on the thread building them.
public typealias FactBlockProgressHandler = @Sendable (FactBlockProgress) -> Void

/// The stores by location: a `postgres://` or `postgresql://` URL is a PostgreSQL store,
/// anything else a SQLite file.
public enum TicketStores {
    /// Opens the store at `location`. With `readOnly`, it must exist and is only read.
    /// `building` hears how far the fact blocks have come when the open builds them all (a
    /// store of another layout or of an older schema).
    public static func open(
        _ location: String, readOnly: Bool = false, building: FactBlockProgressHandler? = nil
    ) throws(TicketStoreError) -> any TicketStoring {
        if PostgresLocation.isPostgres(location) {
            return try PostgresTicketStore(url: location, readOnly: readOnly, building: building)
        }
        try refuseUnsupported(location)
        do {
            return try SQLiteTicketStore(path: location, readOnly: readOnly, building: building)
        } catch let e as TicketStoreError {
            throw e
        } catch {
            throw TicketStoreError(path: location, reason: "\(error)", cause: error)
        }
    }

    /// Opens `location` for an all-or-nothing load (a PostgreSQL store takes each batch in
    /// its own transaction, as an existing SQLite store does, and is analyzed at the end).
    public static func load(_ location: String, building: FactBlockProgressHandler? = nil)
        throws(TicketStoreError) -> any TicketStoreLoad
    {
        if PostgresLocation.isPostgres(location) {
            return try PostgresStoreLoad(store: try PostgresTicketStore(url: location, building: building))
        }
        try refuseUnsupported(location)
        return try SQLiteStoreLoad(path: location, building: building)
    }

    /// Whether `location` names a store that is not a file.
    public static func isURL(_ location: String) -> Bool { location.contains("://") }

    /// `location` as messages may show it (a URL's password replaced).
    public static func displayed(_ location: String) -> String {
        PostgresLocation.isPostgres(location) ? PostgresLocation.redact(location) : location
    }

    static func refuseUnsupported(_ location: String) throws(TicketStoreError) {
        if let scheme = location.split(separator: ":", maxSplits: 1).first, location.contains("://") {
            throw TicketStoreError(
                path: String(scheme) + "://…",
                reason:
                    "is not a store this build can open (a file path is a SQLite store, postgres:// a PostgreSQL one)")
        }
    }
}
