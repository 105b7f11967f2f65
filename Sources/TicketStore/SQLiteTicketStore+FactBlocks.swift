import Foundation
import GRDB
import GRDBSQLite

extension SQLiteTicketStore {
    public var keepsFactBlocks: Bool { true }

    public func factBlock(utcDay: Int64, reusing buffer: inout [UInt8]) throws -> StoredFactBlock? {
        try wrap {
            try pool.read { db -> StoredFactBlock? in
                let stale = try Int64.fetchOne(db.cachedStatement(sql: Self.blockStaleness), arguments: [utcDay])
                guard let stale else { return nil }
                if stale != 0 { return .stale }
                try Self.readBlob(db, table: "fact_blocks", column: "data", row: utcDay, into: &buffer)
                do { return .block(try FactBlock(utcDay: utcDay, bytes: buffer)) } catch let error as FactBlockError {
                    throw TicketStoreError(path: path, reason: error.description, cause: error)
                }
            }
        }
    }

    public func factBlockCounts(utcDay: Int64, reusing buffer: inout [UInt8]) throws -> BlockCounts? {
        try wrap {
            try pool.read { db -> BlockCounts? in
                let exists = try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM fact_block_counts WHERE utc_day = ?)"),
                    arguments: [utcDay])
                guard exists == true else { return nil }
                try Self.readBlob(db, table: "fact_block_counts", column: "counts", row: utcDay, into: &buffer)
                do { return try BlockCounts(utcDay: utcDay, bytes: buffer) } catch let error as FactBlockError {
                    throw TicketStoreError(path: path, reason: error.description, cause: error)
                }
            }
        }
    }

    /// Whether a day's block is stale (no row: the day has none), from the index: `stale`
    /// follows `data` in the row, reached only through the chain of the block's overflow
    /// pages (a quarter's 92 blocks, 10,000 page reads).
    static let blockStaleness = "SELECT stale FROM fact_blocks INDEXED BY fact_blocks_stale WHERE utc_day = ?"

    /// Reads the blob of `column` in row `row` of `table`, a row the caller found in the same
    /// read transaction, into `buffer`, its storage kept. SQLite's incremental blob I/O reads
    /// the overflow pages straight into it: a query's value is first assembled in memory of
    /// SQLite's own (for a block, a fresh mapping of 1.8 MB whose every page faults in), then
    /// copied.
    static func readBlob(_ db: Database, table: String, column: String, row: Int64, into buffer: inout [UInt8])
        throws
    {
        func failure(_ rc: Int32) -> DatabaseError {
            DatabaseError(
                resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        var blob: OpaquePointer?
        defer { sqlite3_blob_close(blob) }
        let opened = sqlite3_blob_open(db.sqliteConnection, "main", table, column, row, 0, &blob)
        guard opened == SQLITE_OK, let blob else { throw failure(opened) }
        let n = Int(sqlite3_blob_bytes(blob))
        if buffer.count < n {
            buffer.append(contentsOf: repeatElement(0, count: n - buffer.count))
        } else {
            buffer.removeLast(buffer.count - n)
        }
        let read = buffer.withUnsafeMutableBytes {
            n == 0 ? SQLITE_OK : sqlite3_blob_read(blob, $0.baseAddress, Int32(n), 0)
        }
        guard read == SQLITE_OK else { throw failure(read) }
    }

    /// Migration v8: a block of facts per UTC day with tickets (`FactBlock`), written with
    /// the day's tickets; built from the rows whenever the recorded layout is not this
    /// build's (`upgrade`: for a store migrated here, at once). A ticket deleted or moved past
    /// slareport marks its days' blocks stale: reports read those days' rows until a write
    /// (or an open that may write) builds them again.
    static func createFactBlocks(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE fact_blocks (
                    utc_day INTEGER PRIMARY KEY,
                    tickets INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    stale INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE fact_block_layout (layout TEXT NOT NULL);
                \(staleTriggers(counts: false))
                """)
    }

    /// Migration v10: each block's counts (`BlockCounts`), in a table of their own: a column
    /// after `data` is reached only through the chain of the block's overflow pages (a
    /// report reading 56 days' counts made 7,188 page reads, 1,225 since). A stale day loses
    /// its counts (the triggers again). The layout's name changed with it: every block is
    /// built again.
    static func addBlockCounts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE fact_block_counts (utc_day INTEGER PRIMARY KEY, counts BLOB NOT NULL);
                DROP TRIGGER fact_blocks_moved;
                DROP TRIGGER fact_blocks_deleted;
                \(staleTriggers(counts: true))
                """)
    }

    /// The triggers that mark the old and new days of a ticket moved or deleted past
    /// slareport stale (and, with `counts`, drop their counts).
    static func staleTriggers(counts: Bool) -> String {
        func stale(_ t: String) -> String {
            let day = utcDay(of: t + ".created_at")
            return """
                INSERT INTO fact_blocks (utc_day, tickets, data, stale) VALUES (\(day), 0, x'', 1)
                    ON CONFLICT (utc_day) DO UPDATE SET stale = 1;
                \(counts ? "DELETE FROM fact_block_counts WHERE utc_day = \(day);" : "")
                """
        }
        return """
            CREATE TRIGGER fact_blocks_moved AFTER UPDATE OF created_at ON tickets
                WHEN OLD.created_at IS NOT NEW.created_at BEGIN \(stale("OLD")) \(stale("NEW")) END;
            CREATE TRIGGER fact_blocks_deleted AFTER DELETE ON tickets BEGIN \(stale("OLD")) END;
            """
    }

    static func hasStaleFactBlocks(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM fact_blocks WHERE stale)") ?? false
    }

    /// The layout the store's blocks were built with (`FactBlock.layoutName`); `nil` before any.
    static func factBlockLayout(_ db: Database) throws -> String? {
        guard try db.tableExists("fact_block_layout") else { return nil }
        return try String.fetchOne(db, sql: "SELECT layout FROM fact_block_layout")
    }

    /// Builds every block again from the rows (a new store's load, a new layout) and records
    /// the layout, in one transaction. On a pool, the days are read and their blocks built
    /// by readers on every core while the writer holds the write lock (so they read what it
    /// sees) and writes them in order, a few waiting at most.
    static func rebuildAllFactBlocks(_ writer: some DatabaseWriter, building: FactBlockProgressHandler? = nil) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM fact_blocks; DELETE FROM fact_block_counts")
            let days = try Int64.fetchAll(db, sql: "SELECT DISTINCT \(utcDay) FROM tickets ORDER BY 1")
            var progress = FactBlockProgress(days: 0, total: days.count, tickets: 0)
            func save(_ block: FactBlockBuilder?) throws {
                try Self.save(block, in: db)
                progress.add(block)
                building?(progress)
            }
            if let pool = writer as? DatabasePool {
                let threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, days.count))
                try OrderedParallelMap.run(
                    count: days.count, threads: threads, makeState: { _ in () }, finish: { _ in },
                    work: { _, k -> Result<FactBlockBuilder?, any Error> in
                        Result { try pool.read { try factBlockBuilder($0, utcDay: days[k]) } }
                    },
                    consume: { (_, built: Result<FactBlockBuilder?, any Error>) throws(any Error) in
                        try save(try built.get())
                    })
            } else {
                for day in days { try save(try factBlockBuilder(db, utcDay: day)) }
            }
            try recordFactBlockLayout(db)
        }
    }

    /// Keeps a built block (replacing the day's), if there is one with tickets.
    static func save(_ block: FactBlockBuilder?, in db: Database) throws {
        guard let b = block, b.count > 0 else { return }
        let (data, counts) = try b.encodedWithCounts()
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO fact_blocks (utc_day, tickets, data) VALUES (?, ?, ?)")
            .execute(arguments: [b.utcDay, b.count, Data(data)])
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO fact_block_counts (utc_day, counts) VALUES (?, ?)")
            .execute(arguments: [b.utcDay, Data(counts)])
    }

    /// Records that the blocks are of this build's layout.
    static func recordFactBlockLayout(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM fact_block_layout")
        try db.execute(sql: "INSERT INTO fact_block_layout (layout) VALUES (?)", arguments: [FactBlock.layoutName])
    }

    /// The UTC day of `column` (seconds), in SQL.
    static func utcDay(of column: String) -> String {
        "(\(column) - (((\(column) % 86400) + 86400) % 86400)) / 86400"
    }

    static let utcDay = utcDay(of: "created_at")

    /// Builds again the blocks of the days a write changed: those it stamped in
    /// `written_days` (its tickets' days, and the days tickets moved or were deleted from)
    /// with a generation above `generation`, the one before it, and those marked stale.
    /// Inside its transaction.
    static func rebuildFactBlocks(_ db: Database, stampedAfter generation: Int64) throws {
        let days = try Int64.fetchAll(
            db,
            sql: """
                SELECT utc_day FROM written_days WHERE generation > ?
                UNION SELECT utc_day FROM fact_blocks WHERE stale ORDER BY 1
                """, arguments: [generation])
        for day in days { try writeFactBlock(db, utcDay: day) }
    }

    /// The store's generation, inside a transaction.
    static func generation(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT generation FROM store_generation") ?? 0
    }

    /// Builds the block of one UTC day from its rows, replacing the one kept (none when the
    /// day has no ticket).
    static func writeFactBlock(_ db: Database, utcDay day: Int64) throws {
        try db.execute(
            sql: "DELETE FROM fact_blocks WHERE utc_day = ?; DELETE FROM fact_block_counts WHERE utc_day = ?",
            arguments: [day, day])
        try save(try factBlockBuilder(db, utcDay: day), in: db)
    }

    /// The block of one UTC day, built from its rows; `nil` when it has none. The rows are
    /// read by scanning the table over the day's rowids when they lie together (an import's,
    /// a pull's day), else through the creation-time index (a lookup per row).
    static func factBlockBuilder(_ db: Database, utcDay day: Int64) throws -> FactBlockBuilder? {
        let (from, to) = (day * 86_400, (day + 1) * 86_400)
        guard
            let span = try Row.fetchOne(
                db,
                sql: "SELECT min(rowid), max(rowid), count(*) FROM tickets WHERE created_at >= ? AND created_at < ?",
                arguments: [from, to]),
            let first = span[0] as Int64?, let last = span[1] as Int64?, let count = span[2] as Int64?, count > 0
        else { return nil }
        var builder = FactBlockBuilder(utcDay: day)
        try SQLiteTicketStore.forEachRawRow(
            db, createdFrom: from, before: to, rowids: last - first < 2 * count ? first..<(last + 1) : nil
        ) { builder.add($0) }
        return builder
    }
}

/// A SQLite bulk load's side of `BulkBlocks`: `bulk_replaced`, a trigger on the load's
/// connection, names each ticket a write replaced and its old and new day.
extension BulkBlocks {
    // A trigger's inserts take the conflict handling of the upsert that fires it: no key.
    static let setUp = """
        CREATE TEMP TABLE bulk_replaced (old_day INTEGER NOT NULL, new_day INTEGER NOT NULL, ticket_id TEXT NOT NULL);
        CREATE TEMP TRIGGER bulk_replaced AFTER UPDATE ON main.tickets BEGIN
            INSERT INTO bulk_replaced VALUES (
                \(SQLiteTicketStore.utcDay(of: "OLD.created_at")), \(SQLiteTicketStore.utcDay(of: "NEW.created_at")),
                NEW.ticket_id);
        END;
        """

    /// Adds a batch just written in `db`, and writes the blocks it closes.
    mutating func add(_ batch: TicketBatch, in db: Database) throws {
        let replaced = try Row.fetchAll(db, sql: "SELECT old_day, new_day, ticket_id FROM bulk_replaced ORDER BY rowid")
            .map { Replaced(ticketId: $0[2], oldDay: $0[0], newDay: $0[1]) }
        try db.execute(sql: "DELETE FROM bulk_replaced")
        for b in add(batch, rows: 0..<batch.count, replaced: replaced) { try SQLiteTicketStore.save(b, in: db) }
    }

    /// Writes every open day, builds the days to redo from their rows, records the layout.
    mutating func finish(in db: Database) throws {
        let (open, redo) = finish()
        for b in open { try SQLiteTicketStore.save(b, in: db) }
        for day in redo { try SQLiteTicketStore.writeFactBlock(db, utcDay: day) }
        try SQLiteTicketStore.recordFactBlockLayout(db)
    }
}
