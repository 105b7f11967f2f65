public import Foundation
import GRDB
import GRDBSQLite
import Synchronization
public import TicketModel

/// A failure opening or using the store, in one sentence naming the file.
public struct TicketStoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// The SQLite store, through GRDB: one `tickets` table keyed by ticketId holding the
/// decoded columns the reports need and, beside them, the ticket object as received (`raw`,
/// compressed with LZ4 against a dictionary of the store's own tickets, kept in
/// `raw_dictionaries`), and a `pull_ledger` table with a row per day. WAL mode, so a report
/// can read while a pull writes.
public final class SQLiteTicketStore: TicketStoring {
    public let path: String
    private let pool: any DatabaseWriter
    private let bulk: Bool
    /// The dictionaries read or trained so far, by id, and the one new raw JSON uses.
    private let dictionaries = Mutex<KnownDictionaries>(KnownDictionaries())
    private let training = Mutex<Void>(())

    struct KnownDictionaries {
        var byID: [Int64: RawJSONDictionary] = [:]
        var newest: RawJSONDictionary?
    }

    /// Opens (creating if needed) the store at `path`. With `readOnly`, the store must exist
    /// and is only read (reports never write, and never wait for a writer's lock).
    public convenience init(path: String, create: Bool = true, readOnly: Bool = false) throws {
        try self.init(path: path, create: create, readOnly: readOnly, bulk: false)
    }

    /// Creates a store at `path` for a one-off bulk load by a single writer: no journal, no
    /// syncs, an exclusive lock, so each page is written once. A crash leaves a broken file,
    /// so write to a temporary path and `finishBulkLoad()` before renaming it into place
    /// (`slareport import` into a new store does).
    public static func bulkLoad(path: String) throws -> SQLiteTicketStore {
        try SQLiteTicketStore(path: path, create: true, readOnly: false, bulk: true)
    }

    /// Ends a bulk load: switches the file to WAL mode (as every other store) and closes it.
    /// The store must not be used afterwards.
    public func finishBulkLoad() throws {
        try wrap {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA locking_mode = NORMAL")
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try pool.close()
        }
    }

    private init(path: String, create: Bool, readOnly: Bool, bulk: Bool) throws {
        self.bulk = bulk
        self.path = path
        if (!create || readOnly) && !FileManager.default.fileExists(atPath: path) {
            throw TicketStoreError(
                path: path, reason: "no such store (run `slareport pull` or `slareport import` first)")
        }
        do {
            var config = Configuration()
            config.busyMode = .timeout(10)
            config.readonly = readOnly
            if bulk {
                config.prepareDatabase { db in
                    try db.execute(
                        sql:
                            "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -64000"
                    )
                }
                pool = try DatabaseQueue(path: path, configuration: config)
            } else {
                config.prepareDatabase { db in
                    // WAL with synchronous=NORMAL: a crash can lose the last transaction, never corrupt the store.
                    try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16000")
                }
                pool = try DatabasePool(path: path, configuration: config)
            }
            if readOnly {
                let ready = try pool.read { db in try db.tableExists("tickets") && db.tableExists("pull_ledger") }
                guard ready else { throw TicketStoreError(path: path, reason: "not a slareport store") }
            } else {
                try Self.migrator.migrate(pool)
            }
        } catch let e as TicketStoreError {
            throw e
        } catch let e as DatabaseError {
            throw TicketStoreError(path: path, reason: Self.describe(e))
        } catch {
            throw TicketStoreError(path: path, reason: "cannot be opened as a SQLite store")
        }
    }

    static func describe(_ e: DatabaseError) -> String {
        switch e.resultCode {
        case .SQLITE_NOTADB: return "not a SQLite database"
        case .SQLITE_CANTOPEN: return "cannot be opened (check the folder exists and is writable)"
        case .SQLITE_READONLY: return "is read-only"
        case .SQLITE_FULL: return "the disk is full"
        case .SQLITE_CORRUPT: return "the database is corrupt"
        default: return "database error \(e.resultCode.rawValue): \(e.message ?? "")"
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tickets (
                        ticket_id TEXT PRIMARY KEY NOT NULL,
                        created_at INTEGER NOT NULL,
                        status TEXT,
                        substatus_key TEXT,
                        priority TEXT,
                        queue_key TEXT,
                        queue_name TEXT,
                        primary_source TEXT,
                        last_source TEXT,
                        assigned_id INTEGER NOT NULL,
                        assigned_to_name TEXT,
                        sla_status TEXT,
                        tat_text TEXT,
                        tat_seconds INTEGER,
                        ftr INTEGER,
                        customer_rating INTEGER,
                        total_conversations INTEGER,
                        title TEXT,
                        url TEXT,
                        stored_at INTEGER NOT NULL
                    );
                    CREATE INDEX tickets_by_creation ON tickets(created_at);
                    -- The ticket objects as received, apart from the columns reports scan.
                    CREATE TABLE ticket_raw (
                        ticket_id TEXT PRIMARY KEY NOT NULL,
                        raw_json TEXT NOT NULL
                    );
                    CREATE TABLE pull_ledger (
                        day TEXT PRIMARY KEY NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('complete', 'partial', 'failed', 'imported')),
                        tickets_seen INTEGER NOT NULL,
                        pages INTEGER NOT NULL,
                        declared_total INTEGER,
                        skipped_missing_id INTEGER NOT NULL DEFAULT 0,
                        skipped_bad_date INTEGER NOT NULL DEFAULT 0,
                        skipped_not_object INTEGER NOT NULL DEFAULT 0,
                        pulled_at INTEGER NOT NULL,
                        error TEXT
                    );
                    """)
        }
        m.registerMigration("v2 compressed raw JSON") { db in
            // The raw JSON moves into the tickets row (compressed it is about 150 bytes, and
            // one upsert per ticket instead of two made `import` 12 % faster) and is
            // compressed from now on with a dictionary; rows written before stay as text
            // (raw_dictionary_id NULL) and read the same.
            try db.execute(
                sql: """
                    CREATE TABLE raw_dictionaries (
                        id INTEGER PRIMARY KEY,
                        lz4_dictionary BLOB NOT NULL,
                        samples INTEGER NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    ALTER TABLE tickets ADD COLUMN raw BLOB;
                    ALTER TABLE tickets ADD COLUMN raw_dictionary_id INTEGER REFERENCES raw_dictionaries(id);
                    UPDATE tickets SET raw = (SELECT raw_json FROM ticket_raw r WHERE r.ticket_id = tickets.ticket_id);
                    DROP TABLE ticket_raw;
                    """)
        }
        return m
    }

    static let upsertSQL = TicketColumn.upsertSQL

    /// The text and integer columns of a batch with their parameters in `upsertSQL` (`raw`,
    /// a blob when compressed, is bound on its own), from the column declaration.
    static let textColumns: [(TicketBatch.Text, Int32)] = TicketColumn.allCases.compactMap {
        if case .text(let t) = $0.source, t != .raw { return (t, $0.parameter) } else { return nil }
    }
    static let integerColumns: [(TicketBatch.Integer, Int32)] = TicketColumn.allCases.compactMap {
        if case .integer(let i) = $0.source { return (i, $0.parameter) } else { return nil }
    }

    private func upsert(_ batch: TicketBatch, in db: Database, now: Int64) throws {
        let statement = try db.cachedStatement(sql: Self.upsertSQL).sqliteStatement
        func step(_ s: OpaquePointer) throws {
            let rc = sqlite3_step(s)
            sqlite3_reset(s)
            guard rc == SQLITE_DONE else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        // Bound straight through SQLite's C API, without copies: every value stays in the
        // batch's buffer (borrowed here) while its statement runs.
        try batch.bytes.withUnsafeBytes { arena in
            let base = arena.baseAddress
            func bind(_ s: OpaquePointer, _ i: Int32, _ span: TicketBatch.Span, blob: Bool = false) {
                if span.count < 0 {
                    sqlite3_bind_null(s, i)
                } else if let base, span.count > 0 {
                    let p = base + span.start
                    if blob {
                        sqlite3_bind_blob(s, i, p, Int32(span.count), nil)
                    } else {
                        sqlite3_bind_text(s, i, p.assumingMemoryBound(to: CChar.self), Int32(span.count), nil)
                    }
                } else {
                    // An empty value has no bytes to point at; SQLite copies this one.
                    sqlite3_bind_text(s, i, "", 0, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                }
            }
            let compressed = batch.dictionaryID != nil
            if let id = batch.dictionaryID {
                sqlite3_bind_int64(statement, TicketColumn.rawDictionaryId.parameter, id)
            } else {
                sqlite3_bind_null(statement, TicketColumn.rawDictionaryId.parameter)
            }
            sqlite3_bind_int64(statement, TicketColumn.storedAt.parameter, now)
            let texts = Self.textColumns
            let integers = Self.integerColumns
            for row in 0..<batch.count {
                for (c, parameter) in texts { bind(statement, parameter, batch.span(row, c)) }
                for (c, parameter) in integers {
                    if let v = batch.integer(row, c) {
                        sqlite3_bind_int64(statement, parameter, v)
                    } else {
                        sqlite3_bind_null(statement, parameter)
                    }
                }
                bind(statement, TicketColumn.raw.parameter, batch.span(row, .raw), blob: compressed)
                try step(statement)
            }
            // Nothing may keep pointing into the batch once it is gone.
            sqlite3_clear_bindings(statement)
        }
    }

    /// A batch of `tickets`, their raw JSON compressed with the store's dictionary; the first
    /// batch of enough tickets trains it.
    public func batch(of tickets: [StoredTicket]) throws -> TicketBatch {
        let dictionary = try rawDictionary(orTrainingOn: {
            tickets.prefix(RawJSONDictionary.maximumSamples).map { Array($0.rawJSON.utf8) }
        })
        let compressor = dictionary.map(RawJSONCompressor.init)
        var batch = TicketBatch(dictionary: dictionary)
        for t in tickets { batch.append(t.ticket, rawJSON: t.rawJSON, compressor: compressor) }
        return batch
    }

    /// The dictionary new raw JSON is compressed with: the newest in the store; `nil` while
    /// the store has none (its raw JSON is then kept as text).
    public func rawDictionary() throws -> RawJSONDictionary? {
        if let newest = dictionaries.withLock({ $0.newest }) { return newest }
        return try wrap {
            try pool.read { db in
                guard try db.tableExists("raw_dictionaries"),
                    let row = try Row.fetchOne(
                        db, sql: "SELECT id, lz4_dictionary FROM raw_dictionaries ORDER BY id DESC LIMIT 1")
                else { return nil }
                return remember(RawJSONDictionary(id: row[0], bytes: [UInt8](row[1] as Data)), newest: true)
            }
        }
    }

    /// `rawDictionary()`, or when the store has none yet, one trained on `samples()` (raw
    /// ticket objects; `nil` when too few). Callers at once (a pull's concurrent days, say)
    /// train one between them: the first trains, the others use its.
    public func rawDictionary(orTrainingOn samples: () throws -> [[UInt8]]) throws -> RawJSONDictionary? {
        if let dictionary = try rawDictionary() { return dictionary }
        return try training.withLock { _ in try rawDictionary() ?? trainRawDictionary(samples: samples()) }
    }

    /// Trains a dictionary on `samples` (raw ticket objects), stores it and makes it the one
    /// new raw JSON is compressed with. `nil` when the samples are too few to train on.
    public func trainRawDictionary(samples: [[UInt8]]) throws -> RawJSONDictionary? {
        guard let trained = RawJSONDictionary.train(samples: samples) else { return nil }
        return try wrap {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT INTO raw_dictionaries (lz4_dictionary, samples, created_at) VALUES (?, ?, ?)",
                    arguments: [Data(trained), samples.count, Int64(Date().timeIntervalSince1970)])
                return remember(RawJSONDictionary(id: db.lastInsertedRowID, bytes: trained), newest: true)
            }
        }
    }

    private func remember(_ dictionary: RawJSONDictionary?, newest: Bool = false) -> RawJSONDictionary? {
        guard let dictionary else { return nil }
        return dictionaries.withLock { known in
            let kept = known.byID[dictionary.id] ?? dictionary
            known.byID[dictionary.id] = kept
            if newest && kept.id > known.newest?.id ?? .min { known.newest = kept }
            return kept
        }
    }

    private func dictionary(id: Int64, in db: Database) throws -> RawJSONDictionary? {
        if let known = dictionaries.withLock({ $0.byID[id] }) { return known }
        guard
            let data = try Data.fetchOne(
                db, sql: "SELECT lz4_dictionary FROM raw_dictionaries WHERE id = ?", arguments: [id])
        else { return nil }
        return remember(RawJSONDictionary(id: id, bytes: [UInt8](data)))
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as DatabaseError {
            throw TicketStoreError(path: path, reason: Self.describe(e))
        }
    }

    public func saveDay(_ entry: LedgerEntry, tickets: [StoredTicket]) throws {
        try saveDay(entry, batch: batch(of: tickets))
    }

    /// `saveDay` for tickets already in a batch.
    public func saveDay(_ entry: LedgerEntry, batch: TicketBatch) throws {
        let now = Int64(Date().timeIntervalSince1970)
        try wrap {
            try pool.write { db in
                try upsert(batch, in: db, now: now)
                try writeLedger(entry, in: db)
            }
        }
    }

    public func saveTickets(_ tickets: [StoredTicket]) throws {
        try saveTickets(batch(of: tickets))
    }

    /// `saveTickets` for tickets already in a batch (the path `slareport import` takes: its
    /// decoding threads build the batches).
    public func saveTickets(_ batch: TicketBatch) throws {
        let now = Int64(Date().timeIntervalSince1970)
        try wrap { try pool.write { db in try upsert(batch, in: db, now: now) } }
    }

    private func writeLedger(_ e: LedgerEntry, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO pull_ledger (day, state, tickets_seen, pages, declared_total, skipped_missing_id,
                    skipped_bad_date, skipped_not_object, pulled_at, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                e.day.description, e.state.rawValue, e.ticketsSeen, e.pages, e.declaredTotal,
                e.skipped[.missingTicketId] ?? 0, e.skipped[.unparseableCreationDate] ?? 0,
                e.skipped[.notAnObject] ?? 0,
                Int64(e.pulledAt.timeIntervalSince1970), e.error,
            ])
    }

    public func markImported(days: [LocalDate: Int], at: Date) throws {
        try wrap {
            try pool.write { db in
                for (day, n) in days {
                    try db.execute(
                        sql: """
                            INSERT INTO pull_ledger (day, state, tickets_seen, pages, pulled_at)
                            VALUES (?, 'imported', ?, 0, ?)
                            ON CONFLICT(day) DO UPDATE SET tickets_seen = tickets_seen + excluded.tickets_seen
                                WHERE state = 'imported'
                            """,
                        arguments: [day.description, n, Int64(at.timeIntervalSince1970)])
                }
            }
        }
    }

    public func markFailed(day: LocalDate, error: String, at: Date) throws {
        try wrap {
            try pool.write { db in
                // Keep an earlier complete row's counts; only the state and error change.
                try db.execute(
                    sql: """
                        INSERT INTO pull_ledger (day, state, tickets_seen, pages, pulled_at, error)
                        VALUES (?, 'failed', 0, 0, ?, ?)
                        ON CONFLICT(day) DO UPDATE SET state = 'failed', pulled_at = excluded.pulled_at,
                            error = excluded.error
                        """,
                    arguments: [day.description, Int64(at.timeIntervalSince1970), error])
            }
        }
    }

    public func ledger(from: LocalDate, to: LocalDate) throws -> [LedgerEntry] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM pull_ledger WHERE day BETWEEN ? AND ? ORDER BY day",
                    arguments: [from.description, to.description]
                ).compactMap { row -> LedgerEntry? in
                    guard let day = LocalDate(row["day"] as String), let state = LedgerState(rawValue: row["state"])
                    else { return nil }
                    var skipped: [SkipReason: Int] = [:]
                    for (reason, column) in [
                        (SkipReason.missingTicketId, "skipped_missing_id"),
                        (.unparseableCreationDate, "skipped_bad_date"),
                        (.notAnObject, "skipped_not_object"),
                    ] {
                        let n: Int = row[column]
                        if n > 0 { skipped[reason] = n }
                    }
                    return LedgerEntry(
                        day: day, state: state, ticketsSeen: row["tickets_seen"], pages: row["pages"],
                        declaredTotal: row["declared_total"], skipped: skipped,
                        pulledAt: Date(timeIntervalSince1970: TimeInterval(row["pulled_at"] as Int64)),
                        error: row["error"])
                }
            }
        }
    }

    public func forEachTicket(createdFrom start: Date, before end: Date, _ body: (Ticket) throws -> Void) throws {
        try wrap {
            try pool.read { db in
                let cursor = try Row.fetchCursor(
                    db, sql: TicketColumn.decodedSelect + " ORDER BY created_at, ticket_id",
                    arguments: [
                        Int64(start.timeIntervalSince1970.rounded(.up)), Int64(end.timeIntervalSince1970.rounded(.up)),
                    ])
                while let row = try cursor.next() {
                    func value<T: DatabaseValueConvertible>(_ c: TicketColumn) -> T? { row[Int(c.rawValue)] }
                    var t = Ticket(
                        ticketId: row[Int(TicketColumn.ticketId.rawValue)],
                        createdAt: Date(
                            timeIntervalSince1970: TimeInterval(row[Int(TicketColumn.createdAt.rawValue)] as Int64)),
                        assignedId: row[Int(TicketColumn.assignedId.rawValue)])
                    t.status = value(.status)
                    t.substatusKey = value(.substatusKey)
                    t.priority = value(.priority)
                    t.queueKey = value(.queueKey)
                    t.queueName = value(.queueName)
                    t.primarySource = value(.primarySource)
                    t.lastSource = value(.lastSource)
                    t.assignedToName = value(.assignedToName)
                    t.slaStatus = value(.slaStatus)
                    if let raw: String = value(.tatText) { t.tat = DurationText(raw: raw, seconds: value(.tatSeconds)) }
                    t.ftr = (value(.ftr) as Int?).map { $0 != 0 }
                    t.customerRating = value(.customerRating)
                    t.totalConversations = value(.totalConversations)
                    t.title = value(.title)
                    t.url = value(.url)
                    try body(t)
                }
            }
        }
    }

    /// The rowids to scan when the range `[start, end)` covers much of the store: a range
    /// that does reads faster as one scan of the table than through the index (a lookup per
    /// row). `nil` when the index is the better way (or the store is empty).
    public func tableScanRowids(createdFrom start: Date, before end: Date) throws -> Range<Int64>? {
        try wrap {
            try pool.read { db in
                let from = Int64(start.timeIntervalSince1970.rounded(.up))
                let to = Int64(end.timeIntervalSince1970.rounded(.up))
                guard
                    let bounds = try Row.fetchOne(
                        db, sql: "SELECT min(created_at), max(created_at), min(rowid), max(rowid) FROM tickets"),
                    let lo = bounds[0] as Int64?, let hi = bounds[1] as Int64?, hi > lo,
                    let first = bounds[2] as Int64?, let last = bounds[3] as Int64?
                else { return nil }
                let covered = Double(min(hi, to) - max(lo, from)) / Double(hi - lo)
                return covered > 0.2 ? first..<(last + 1) : nil
            }
        }
    }

    /// Streams the decoded columns of the tickets created in `[start, end)` as raw bytes,
    /// without building a `String` per value (the fast path of `report --store`): through the
    /// creation-time index, in creation order, when `rowids` is `nil`; else by scanning the
    /// table over those rowids, in rowid order (see `tableScanRowids`). Several calls over disjoint rowid ranges may run at once,
    /// each on its own reader connection.
    public func forEachRawTicket(
        createdFrom start: Date, before end: Date, rowids: Range<Int64>?, _ body: (RawTicketRow) throws -> Void
    ) throws {
        try wrap {
            try pool.read { db in
                let from = Int64(start.timeIntervalSince1970.rounded(.up))
                let to = Int64(end.timeIntervalSince1970.rounded(.up))
                var sql = Self.rawSelect
                var arguments: StatementArguments = [from, to]
                if let rowids {
                    sql = sql.replacingOccurrences(of: "FROM tickets", with: "FROM tickets NOT INDEXED")
                    sql += " AND rowid >= ? AND rowid < ?"
                    arguments += [rowids.lowerBound, rowids.upperBound]
                }
                let statement = try db.makeStatement(sql: sql)
                try statement.setArguments(arguments)
                let handle = statement.sqliteStatement
                while true {
                    let rc = sqlite3_step(handle)
                    if rc == SQLITE_DONE { break }
                    guard rc == SQLITE_ROW else {
                        throw DatabaseError(
                            resultCode: ResultCode(rawValue: rc),
                            message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                    }
                    try body(RawTicketRow(handle: handle))
                }
                sqlite3_reset(handle)
            }
        }
    }

    static let rawSelect = TicketColumn.decodedSelect

    public func ticketCount() throws -> Int {
        try wrap { try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") ?? 0 } }
    }

    public func allTicketIds() throws -> Set<String> {
        try wrap { try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT ticket_id FROM tickets")) } }
    }

    /// The raw JSON stored for a ticket, exactly as received.
    public func rawJSON(ticketId: String) throws -> String? {
        try wrap {
            try pool.read { db in
                let hasDictionaries = try db.tableExists("raw_dictionaries")
                let sql =
                    hasDictionaries
                    ? "SELECT raw, raw_dictionary_id FROM tickets WHERE ticket_id = ?"
                    : "SELECT raw_json, NULL FROM ticket_raw WHERE ticket_id = ?"
                guard let row = try Row.fetchOne(db, sql: sql, arguments: [ticketId]) else { return nil }
                guard let id = row[1] as Int64? else { return row[0] as String }
                guard let dictionary = try dictionary(id: id, in: db),
                    let json = (row[0] as Data).withUnsafeBytes({ dictionary.decompress($0) })
                else {
                    throw TicketStoreError(
                        path: path,
                        reason: "the raw JSON of ticket \(ticketId) cannot be decompressed (a damaged store)")
                }
                return String(decoding: json, as: UTF8.self)
            }
        }
    }
}

/// One row of `forEachRawTicket`: its columns as bytes and integers, valid only inside the callback.
public struct RawTicketRow {
    let handle: OpaquePointer

    /// The columns, by their declaration (the SELECT lists `TicketColumn.decoded`).
    public typealias Column = TicketColumn

    /// The UTF-8 bytes of a text column; `nil` for NULL.
    public func text(_ c: Column) -> UnsafeBufferPointer<UInt8>? {
        guard sqlite3_column_type(handle, c.rawValue) != SQLITE_NULL, let p = sqlite3_column_text(handle, c.rawValue)
        else { return nil }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, c.rawValue)))
    }

    /// A text column as a `String`; `nil` for NULL.
    public func string(_ c: Column) -> String? {
        text(c).map { String(decoding: $0, as: UTF8.self) }
    }

    /// An integer column; `nil` for NULL.
    public func int64(_ c: Column) -> Int64? {
        sqlite3_column_type(handle, c.rawValue) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, c.rawValue)
    }
}
