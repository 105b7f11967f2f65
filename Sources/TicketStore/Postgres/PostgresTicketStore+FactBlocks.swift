import Foundation
import NIOCore
import PostgresNIO
import Synchronization
import TicketModel

/// The fact blocks (`FactBlock`, one per UTC day with tickets) in `fact_blocks`, kept as
/// the SQLite store keeps them: built in the transaction that writes the day's tickets,
/// from the batches in a bulk load, marked stale by a deletion or a move made past
/// slareport (`slareport_stamp_old_day`), all built again when the layout changes.
extension PostgresTicketStore {
    public var keepsFactBlocks: Bool { true }

    public func factBlock(utcDay: Int64, reusing buffer: inout [UInt8]) throws -> StoredFactBlock? {
        let row: (ByteBuffer, Bool)? = try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(utcDay)
                return try run(c, "SELECT data, stale FROM fact_blocks WHERE utc_day = $1", b).rows.first?
                    .decode((ByteBuffer, Bool).self)
            }
        }
        guard let (data, stale) = row else { return nil }
        if stale { return .stale }
        Self.copy(data, into: &buffer)
        do { return .block(try FactBlock(utcDay: utcDay, bytes: buffer)) } catch {
            throw TicketStoreError(path: location, reason: error.description, cause: error)
        }
    }

    public func factBlockCounts(utcDay: Int64, reusing buffer: inout [UInt8]) throws -> BlockCounts? {
        let data: ByteBuffer? = try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(utcDay)
                return try run(c, "SELECT counts FROM fact_blocks WHERE utc_day = $1 AND NOT stale", b).rows.first?
                    .decode(ByteBuffer?.self)
            }
        }
        guard let data else { return nil }
        Self.copy(data, into: &buffer)
        do { return try BlockCounts(utcDay: utcDay, bytes: buffer) } catch {
            throw TicketStoreError(path: location, reason: error.description, cause: error)
        }
    }

    /// Copies a value's bytes into `buffer`, its storage kept.
    static func copy(_ data: ByteBuffer, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: data.readableBytesView)
    }

    /// The migration that adds each block's counts (`BlockCounts`); the layout's name
    /// changed with it, so every block is built again.
    static let blockCountsMigration: [MigrationStep] = [
        "ALTER TABLE fact_blocks ADD COLUMN IF NOT EXISTS counts bytea",
        "ALTER TABLE fact_blocks ALTER COLUMN counts SET STORAGE EXTERNAL",
    ]

    /// The migration that adds the blocks (after the field columns': it runs again, as
    /// they do, when a new field column comes before it).
    static let factBlocksMigration: [MigrationStep] = [
        """
        CREATE TABLE IF NOT EXISTS fact_blocks (utc_day bigint PRIMARY KEY, tickets bigint NOT NULL,
            data bytea NOT NULL, stale boolean NOT NULL DEFAULT false)
        """,
        // Kept whole and uncompressed out of line: read in one piece, not inflated by pglz.
        "ALTER TABLE fact_blocks ALTER COLUMN data SET STORAGE EXTERNAL",
        "CREATE TABLE IF NOT EXISTS fact_block_layout (layout text NOT NULL)",
        // A ticket deleted or moved (by slareport, whose write then builds the day again,
        // or past it) stamps its old day and marks the day's block stale.
        .sql(stampOldDayFunction(markingBlocksStale: true)),
    ]

    /// After a write of `rows` of `batch` (inside its transaction): in a bulk load, the
    /// batch goes into the load's builders; else the days the write stamped after
    /// `generation` (its tickets' days, the days tickets moved from) and those marked stale
    /// are built again from their rows, which the transaction sees as it left them.
    func keepFactBlocks(of batch: TicketBatch, rows: [Int], stampedAfter generation: Int64, _ c: PostgresConnection)
        throws
    {
        if let bulk {
            for b in bulk.blocks.withLock({ $0.add(batch, rows: rows, replaced: []) }) { try save(b, day: b.utcDay, c) }
            return
        }
        try rebuildFactBlocks(stampedAfter: generation, c)
    }

    /// Builds again the blocks of the days stamped after `generation`, and of those marked
    /// stale, from their rows (inside the transaction on `c`).
    func rebuildFactBlocks(stampedAfter generation: Int64, _ c: PostgresConnection) throws {
        var b = PostgresBindings()
        b.append(generation)
        let days = try run(
            c,
            """
            SELECT utc_day FROM written_days WHERE generation > $1
            UNION SELECT utc_day FROM fact_blocks WHERE stale ORDER BY 1
            """, b
        ).rows.map { try $0.decode(Int64.self) }
        for day in days { try save(try factBlockBuilder(utcDay: day, on: c), day: day, c) }
    }

    /// The block of one UTC day built from its rows (`nil`: the day has none); on `c` when
    /// given (inside its transaction).
    func factBlockBuilder(utcDay day: Int64, on c: PostgresConnection?) throws -> FactBlockBuilder? {
        var builder = FactBlockBuilder(utcDay: day)
        try forEachRawRow(from: day * 86_400, to: (day + 1) * 86_400, on: c) { builder.add($0) }
        return builder.count > 0 ? builder : nil
    }

    /// Keeps the block of `day` (none when `block` is `nil` or empty).
    func save(_ block: FactBlockBuilder?, day: Int64, _ c: PostgresConnection) throws {
        var b = PostgresBindings()
        b.append(day)
        guard let block, block.count > 0 else {
            _ = try run(c, "DELETE FROM fact_blocks WHERE utc_day = $1", b)
            return
        }
        let (data, counts) = try block.encodedWithCounts()
        b.append(Int64(block.count))
        b.append(ByteBuffer(bytes: data))
        b.append(ByteBuffer(bytes: counts))
        _ = try run(
            c,
            """
            INSERT INTO fact_blocks (utc_day, tickets, data, counts, stale) VALUES ($1, $2, $3, $4, false)
            ON CONFLICT (utc_day) DO UPDATE SET tickets = EXCLUDED.tickets, data = EXCLUDED.data,
                counts = EXCLUDED.counts, stale = false
            """, b)
    }

    /// Records that the blocks are of this build's layout.
    func recordFactBlockLayout(_ c: PostgresConnection) throws {
        var b = PostgresBindings()
        b.append(FactBlock.layoutName)
        _ = try run(c, "DELETE FROM fact_block_layout")
        _ = try run(c, "INSERT INTO fact_block_layout (layout) VALUES ($1)", b)
    }

    /// The layout the blocks were built with (`nil`: never built).
    func factBlockLayout(_ c: PostgresConnection) throws -> String? {
        try run(c, "SELECT layout FROM fact_block_layout").rows.first?.decode(String.self)
    }

    /// The end of a bulk load (inside its transaction, once the period index is built):
    /// the blocks still open, the days to build from their rows, the layout.
    func finishFactBlocks(_ load: BulkLoad) throws {
        let (open, redo) = load.blocks.withLock { $0.finish() }
        for b in open { try save(b, day: b.utcDay, load.connection) }
        for day in redo { try save(try factBlockBuilder(utcDay: day, on: load.connection), day: day, load.connection) }
        try recordFactBlockLayout(load.connection)
    }

    /// On open, after the migrations: every block built again when they were built with
    /// another layout (or never), whether or not the store is opened to write, as the
    /// schema is; the stale ones built again when it is. The transaction raises the
    /// generation first: every write of tickets raises it before it commits, so writers
    /// wait, and the committed tickets the readers see stay as they are, while the days are
    /// read on every core, each on a connection of its own.
    func upgradeFactBlocks(readOnly: Bool, building: FactBlockProgressHandler?) throws {
        let (layout, stale) = try withConnection { c in
            (
                try factBlockLayout(c),
                try run(c, "SELECT EXISTS (SELECT 1 FROM fact_blocks WHERE stale)").rows.first?.decode(Bool.self)
                    ?? false
            )
        }
        guard layout != FactBlock.layoutName || (stale && !readOnly) else { return }
        try transaction { c in
            _ = try run(c, "UPDATE store_generation SET generation = generation + 1")
            // Another process may have done it while this one waited.
            guard try factBlockLayout(c) != FactBlock.layoutName else {
                return try rebuildFactBlocks(stampedAfter: .max, c)
            }
            _ = try run(c, "DELETE FROM fact_blocks")
            // The days with tickets, one index lookup each.
            let days = try run(
                c,
                """
                WITH RECURSIVE d (day) AS (
                    SELECT floor(min(created_at) / 86400.0)::bigint FROM tickets
                    UNION ALL SELECT (SELECT floor(min(created_at) / 86400.0)::bigint FROM tickets
                        WHERE created_at >= (d.day + 1) * 86400) FROM d WHERE d.day IS NOT NULL)
                SELECT day FROM d WHERE day IS NOT NULL
                """
            ).rows.map { try $0.decode(Int64.self) }
            let threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, days.count))
            var progress = FactBlockProgress(days: 0, total: days.count, tickets: 0)
            try OrderedParallelMap.run(
                count: days.count, threads: threads, makeState: { _ in () }, finish: { _ in },
                work: { _, k -> Result<FactBlockBuilder?, any Error> in
                    Result { try self.factBlockBuilder(utcDay: days[k], on: nil) }
                },
                consume: { (k, built: Result<FactBlockBuilder?, any Error>) throws(any Error) in
                    let block = try built.get()
                    try save(block, day: days[k], c)
                    progress.add(block)
                    building?(progress)
                })
            try recordFactBlockLayout(c)
        }
    }
}
