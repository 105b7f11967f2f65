import Crypto
import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import TicketModel

/// A failure opening or using the store, in one sentence naming the file.
public struct TicketStoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// The error underneath (a driver's, a file system's), for logs; `reason` says it in words.
    public var cause: (any Error)?
    public var description: String { "\(path): \(reason)" }

    public init(path: String, reason: String, cause: (any Error)? = nil) {
        self.path = path
        self.reason = reason
        self.cause = cause
    }
}

/// The SQLite store, through GRDB: one `tickets` table keyed by ticketId holding the
/// decoded columns the reports need and, beside them, the ticket object as received (`raw`,
/// compressed with LZ4 against a dictionary of the store's own tickets, kept in
/// `raw_dictionaries`), and a `pull_ledger` table with a row per day. WAL mode, so a report
/// can read while a pull writes.
public final class SQLiteTicketStore: TicketStoring {
    public let path: String
    public var location: String { path }
    let pool: any DatabaseWriter
    let bulk: Bool
    let readOnly: Bool
    /// The dictionaries read or trained so far, by id, and the one new raw JSON uses.
    let dictionaries = Mutex<KnownDictionaries>(KnownDictionaries())
    let training = Mutex<Void>(())
    /// A bulk load's blocks in the making.
    let bulkBlocks = Mutex(BulkBlocks())

    /// Opens (creating if needed) the store at `path`. With `readOnly`, the store must exist
    /// and is only read (reports never write, and never wait for a writer's lock).
    /// `building` hears how far the fact blocks have come when the open builds them all.
    public convenience init(
        path: String, create: Bool = true, readOnly: Bool = false, building: FactBlockProgressHandler? = nil
    ) throws {
        try self.init(path: path, create: create, readOnly: readOnly, bulk: false, building: building)
    }

    /// Creates a store at `path` for a one-off bulk load by a single writer: no journal, no
    /// syncs, an exclusive lock, so each page is written once. A crash leaves a broken file,
    /// so write to a temporary path and `finishBulkLoad()` before renaming it into place
    /// (`slareport import` into a new store does).
    public static func bulkLoad(path: String) throws -> SQLiteTicketStore {
        let store = try SQLiteTicketStore(path: path, create: true, readOnly: false, bulk: true, building: nil)
        try store.wrap { try store.pool.writeWithoutTransaction { try $0.execute(sql: BulkBlocks.setUp) } }
        return store
    }

    /// Ends a bulk load: switches the file to WAL mode (as every other store) and closes it.
    /// The store must not be used afterwards.
    public func finishBulkLoad() throws {
        try wrap {
            try pool.write { db in try bulkBlocks.withLock { try $0.finish(in: db) } }
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA locking_mode = NORMAL")
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try pool.close()
        }
    }

    private init(path: String, create: Bool, readOnly: Bool, bulk: Bool, building: FactBlockProgressHandler?) throws {
        self.bulk = bulk
        self.readOnly = readOnly
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
                    // The writer's page cache 16 MB (a write's indexes); a reader's SQLite's
                    // default, 2 MB: reports stream blocks and rows once, and each of a
                    // pool's readers keeps its own cache (the quarter's peak RSS 110 → 82 MB).
                    let cache = db.configuration.readonly ? 2000 : 16000
                    try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(cache)")
                }
                pool = try DatabasePool(path: path, configuration: config)
            }
            if readOnly {
                let ready = try pool.read { db in try db.tableExists("tickets") && db.tableExists("pull_ledger") }
                guard ready else { throw TicketStoreError(path: path, reason: "not a slareport store") }
                if try !pool.read({ try Self.isUpToDate($0, path: path) }) {
                    // A store of an older slareport: brought up to date once, as a writer.
                    try Self.upgrade(try DatabasePool(path: path), path: path, building: building)
                }
            } else {
                try Self.upgrade(pool, path: path, building: building)
            }
        } catch let e as TicketStoreError {
            throw e
        } catch let e as DatabaseError {
            throw TicketStoreError(path: path, reason: Self.describe(e), cause: e)
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

    /// The schema's migrations (`path` names the store in their errors).
    static func migrator(path: String) -> DatabaseMigrator {
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
        m.registerMigration("v3 store generation") { db in
            // A counter every write transaction raises (`bumpGeneration`), so a server in
            // another process knows when its cached summaries are stale.
            try db.execute(
                sql: """
                    CREATE TABLE store_generation (generation INTEGER NOT NULL);
                    INSERT INTO store_generation (generation) VALUES (1);
                    """)
        }
        m.registerMigration("v4 scheduled sends") { db in
            // One row per scheduled email that went out: `serve` never sends one twice, even
            // after a restart or from a second process.
            try db.execute(
                sql: """
                    CREATE TABLE scheduled_sends (
                        schedule TEXT NOT NULL,
                        due_at INTEGER NOT NULL,
                        sent_at INTEGER NOT NULL,
                        PRIMARY KEY (schedule, due_at)
                    );
                    """)
        }
        m.registerMigration("v5 raw JSON digests") { db in
            // The SHA-256 of each ticket's raw JSON as received, which every write stores from
            // now on (`TicketBatch.setRaw`) and reports add up for `provenance.inputs`
            // instead of hashing the tickets they read. Stored tickets get theirs here.
            try db.execute(sql: "ALTER TABLE tickets ADD COLUMN raw_sha256 BLOB")
            try fill(db, path: path, column: "raw_sha256") { Data(SHA256.hash(data: $0)).databaseValue }
        }
        m.registerMigration("v6 history rollups") { db in
            // Per-day rollups of the history a report's trend and anomaly check read
            // (`history_rollups`, kept by reports until v9), valid while the day's write stamp
            // (`written_days`, kept by every write and by these triggers) is unchanged.
            let oldDay = "(OLD.created_at - (((OLD.created_at % 86400) + 86400) % 86400)) / 86400"
            let stampOldDay = """
                UPDATE store_generation SET generation = generation + 1;
                INSERT INTO written_days (utc_day, generation) SELECT \(oldDay), generation FROM store_generation WHERE true
                    ON CONFLICT (utc_day) DO UPDATE SET generation = excluded.generation;
                """
            try db.execute(
                sql: """
                    CREATE TABLE written_days (utc_day INTEGER PRIMARY KEY, generation INTEGER NOT NULL);
                    CREATE TABLE history_rollups (
                        rollup_key TEXT NOT NULL,
                        day INTEGER NOT NULL,
                        stamp INTEGER NOT NULL,
                        data BLOB NOT NULL,
                        PRIMARY KEY (rollup_key, day)
                    ) WITHOUT ROWID;
                    CREATE TRIGGER tickets_moved AFTER UPDATE OF created_at ON tickets
                        WHEN OLD.created_at IS NOT NEW.created_at BEGIN \(stampOldDay) END;
                    CREATE TRIGGER tickets_deleted AFTER DELETE ON tickets BEGIN \(stampOldDay) END;
                    """)
        }
        m.registerMigration("v7 dispositions") { db in
            // `disposition`, the contact reason (`dispositions` in the summary), the first
            // field column added later: from here on every such column is added and filled
            // by `addFieldColumns`, when the store is opened.
            try addFieldColumns(db, path: path)
        }
        m.registerMigration("v8 fact blocks") { db in try createFactBlocks(db) }
        m.registerMigration("v9 no history rollups") { db in
            // Reports read every day from the blocks and never write: the rollups they kept go
            // (`written_days` stays: it names the days whose blocks a write builds again).
            try db.execute(sql: "DROP TABLE IF EXISTS history_rollups")
        }
        m.registerMigration("v10 block counts") { db in try addBlockCounts(db) }
        m.registerMigration("v11 block staleness index") { db in
            // A block's staleness read from an index, without the chain of its overflow pages.
            try db.execute(sql: "CREATE INDEX fact_blocks_stale ON fact_blocks (utc_day, stale)")
        }
        return m
    }

    /// The columns of `TicketColumn.addedLater` the store's `tickets` table lacks.
    static func missingFieldColumns(_ db: Database) throws -> [TicketColumn] {
        let present = Set(try Row.fetchAll(db, sql: "PRAGMA table_info(tickets)").map { $0["name"] as String })
        return TicketColumn.addedLater.filter { !present.contains($0.name) }
    }

    /// Adds the field columns the store lacks, each filled for every stored ticket from its
    /// raw JSON with the value writing the ticket again would store
    /// (`TicketColumn.storedValue`), inside the caller's transaction.
    static func addFieldColumns(_ db: Database, path: String) throws {
        for column in try missingFieldColumns(db) {
            try db.execute(sql: "ALTER TABLE tickets ADD COLUMN \(column.name) \(column.sqliteType)")
            try fill(db, path: path, column: column.name) { json in
                switch column.storedValue(inRawJSON: json) {
                case .null: .null
                case .text(let s): s.databaseValue
                case .integer(let i): i.databaseValue
                }
            }
        }
    }

    /// Brings the store's schema up to date: the migrations, then the field columns it lacks,
    /// then the fact blocks when they were built with another layout (or never).
    static func upgrade(_ writer: some DatabaseWriter, path: String, building: FactBlockProgressHandler? = nil) throws {
        // Two processes opening a store at once (a pull creating it, a report opening it
        // read-only, which brings an older schema up to date) may both migrate it. GRDB's
        // migrator reads the applied migrations outside each one's transaction, so the one
        // that loses a race fails on a migration the other applied, its transaction rolled
        // back: it tries again from what the other applied.
        for attempt in 1... {
            do {
                try migrator(path: path).migrate(writer)
                break
            } catch is DatabaseError where attempt < 5 {
                continue
            }
        }
        if try !writer.read({ try missingFieldColumns($0).isEmpty }) {
            try writer.write { try addFieldColumns($0, path: path) }
        }
        if try writer.read({ try factBlockLayout($0) }) != FactBlock.layoutName {
            try rebuildAllFactBlocks(writer, building: building)
        } else if try writer.read({ try hasStaleFactBlocks($0) }) {
            try writer.write { try rebuildFactBlocks($0, stampedAfter: .max) }
        }
    }

    /// Whether the store's schema is this build's: every migration, every field column, and
    /// blocks of this layout.
    static func isUpToDate(_ db: Database, path: String) throws -> Bool {
        try migrator(path: path).hasCompletedMigrations(db) && missingFieldColumns(db).isEmpty
            && factBlockLayout(db) == FactBlock.layoutName
    }

    /// Sets `column` of every stored ticket to `value` of its raw JSON (decompressed), for the
    /// migrations that derive a column from it: a page of rows at a time, their values
    /// computed on every core (`RawJSONDictionary.values`), then written.
    static func fill(
        _ db: Database, path: String, column: String,
        value: @escaping @Sendable ([UInt8]) -> DatabaseValue
    ) throws {
        var dictionaries: [Int64: RawJSONDictionary] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, lz4_dictionary FROM raw_dictionaries") {
            dictionaries[row[0]] = RawJSONDictionary(id: row[0], bytes: [UInt8](row[1] as Data))
        }
        let update = try db.makeStatement(sql: "UPDATE tickets SET \(column) = ? WHERE rowid = ?")
        var after: Int64 = -1
        while true {
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT rowid, ticket_id, raw, raw_dictionary_id FROM tickets WHERE rowid > ? ORDER BY rowid LIMIT 16384",
                arguments: [after])
            guard let last = rows.last else { return }
            after = last[0]
            let stored = rows.map { row in
                let dictionaryID = row[3] as Int64?
                return StoredRawJSON(
                    ticketId: row[1], bytes: [UInt8](row[2] as Data? ?? Data()), compressed: dictionaryID != nil,
                    dictionary: dictionaryID.flatMap { dictionaries[$0] })
            }
            let values = try RawJSONDictionary.values(of: stored, store: path, value)
            for (row, v) in zip(rows, values) {
                try update.execute(arguments: [v ?? .null, row[0] as Int64])
            }
        }
    }

    /// Raises the store's generation, inside a write transaction.
    func bumpGeneration(in db: Database) throws {
        try db.execute(sql: "UPDATE store_generation SET generation = generation + 1")
    }

    /// Raises the store's generation and stamps the days of `batch`'s tickets with it
    /// (`WrittenDays`), inside the transaction that wrote them.
    func bumpGeneration(stamping batch: TicketBatch, in db: Database) throws {
        try bumpGeneration(in: db)
        let stamp = try db.cachedStatement(
            sql: """
                INSERT INTO written_days (utc_day, generation) SELECT ?, generation FROM store_generation WHERE true
                    ON CONFLICT (utc_day) DO UPDATE SET generation = excluded.generation
                """)
        for day in batch.utcDays { try stamp.execute(arguments: [day]) }
    }

    func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as DatabaseError {
            throw TicketStoreError(path: path, reason: Self.describe(e), cause: e)
        }
    }
}
