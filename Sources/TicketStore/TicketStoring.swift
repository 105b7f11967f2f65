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

/// Tickets and their day facts: what `import`, `store copy`, a report, `tickets.csv`,
/// drill-down and `raw` read and write.
public protocol TicketFactStore: AnyObject, Sendable {
    /// Where the store is, for messages (a path; never a password).
    var location: String { get }

    // MARK: Writing

    /// Upserts tickets that belong to no pulled day (an import), in one transaction.
    func saveTickets(_ tickets: [StoredTicket]) throws

    /// `saveTickets` for tickets already in a batch (the path `import` takes: its decoding
    /// threads build the batches).
    func saveTickets(_ batch: TicketBatch) throws

    /// The dictionary new raw JSON is compressed with; a store without one trains one on
    /// `samples` (asked for only then).
    func rawDictionary(orTrainingOn samples: () throws -> [[UInt8]]) throws -> RawJSONDictionary?

    // MARK: Reading

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

    /// Every stored ticketId (for checks and tests).
    func allTicketIds() throws -> Set<String>

    // MARK: Fact blocks

    /// Whether the store keeps a `FactBlock` for every UTC day with tickets, written with
    /// them (both stores do; a test's store may not); when not, reports read rows.
    var keepsFactBlocks: Bool { get }

    /// The block of the UTC day `utcDay` (days since 1970-01-01); `nil` when no ticket was
    /// created on it (or the store keeps no blocks). Its bytes are written into `buffer`,
    /// whose storage is reused when nothing else holds it (a reader's, kept from day to day:
    /// a new block of a few MB each time is that many pages to fault in and clear).
    func factBlock(utcDay: Int64, reusing buffer: inout [UInt8]) throws -> StoredFactBlock?

    /// The counts of the block of `utcDay` (`BlockCounts`), written into `buffer` as a
    /// block's are; `nil` when there is no block, or it is stale (the day's tickets are read
    /// then), or the store keeps no counts.
    func factBlockCounts(utcDay: Int64, reusing buffer: inout [UInt8]) throws -> BlockCounts?
}

/// A store: its tickets and day facts, the pull ledger, the send log and the coordination
/// between the processes sharing it, each a protocol of its own, so that a part of the
/// program asks for the concern it uses (`ParallelStoreIngest` reads tickets and facts;
/// `Leadership` takes a lock). Every operation `report --store`, `import`, `pull`, `raw` and
/// `serve` call, so a second store (PostgreSQL) plugs in without touching them;
/// `TicketStores.open` picks the implementation from the location.
public protocol TicketStoring: TicketFactStore, PullLedgerStore, SendLogStore, StoreCoordination {}

extension TicketFactStore {
    /// A store that keeps no counts.
    public func factBlockCounts(utcDay: Int64, reusing buffer: inout [UInt8]) throws -> BlockCounts? { nil }

    /// The block of `utcDay` in a buffer of its own.
    public func factBlock(utcDay: Int64) throws -> StoredFactBlock? {
        var buffer: [UInt8] = []
        return try factBlock(utcDay: utcDay, reusing: &buffer)
    }

    /// The counts of the block of `utcDay` in a buffer of their own.
    public func factBlockCounts(utcDay: Int64) throws -> BlockCounts? {
        var buffer: [UInt8] = []
        return try factBlockCounts(utcDay: utcDay, reusing: &buffer)
    }
}

/// A day's block as a store has it.
public enum StoredFactBlock: Sendable {
    case block(FactBlock)
    /// Tickets of the day were deleted or moved past slareport since the block was built:
    /// the day's rows are to be read instead, until a write builds it again.
    case stale
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
