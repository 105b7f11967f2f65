import Crypto
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization
import TicketModel

/// Writing tickets: upserts, `COPY` for large batches and bulk loads, the raw-JSON
/// dictionaries.
extension PostgresTicketStore {
    static let upsertColumns = TicketColumn.allCases
    /// The upserts' conflict clause: a later copy of a ticket replaces every column.
    static let onConflictUpdate =
        " ON CONFLICT (ticket_id) DO UPDATE SET "
        + writtenColumns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")

    /// Batches from this many tickets go through `COPY` (an import's files); smaller ones
    /// (a pulled day, a test) through multi-row upserts.
    static let copyThreshold = 5000

    /// Upserts `batch` (a later copy of a ticket in the batch wins): a big batch through
    /// `COPY … FROM STDIN` (`copyUpsert`), a small one in statements of at most 1,000 rows.
    /// In a bulk load, the tickets the load has written already are left as they are (it
    /// keeps the first copy it is handed: `BulkLoad`). Returns the rows of `batch` written,
    /// in order.
    @discardableResult
    func upsert(_ batch: TicketBatch, straight: Bool, _ c: PostgresConnection) throws -> [Int] {
        guard batch.count > 0 else { return [] }
        let ids = batch.ticketIds
        var rows: [Int]
        if let bulk {
            // From the batch's end, the first copy of a ticket is its last; one the load has
            // written already (from a newer file) is left out.
            rows = bulk.written.withLock { written in
                (0..<batch.count).reversed().filter { written.insert(ids[$0]).inserted }
            }
            rows.reverse()
        } else {
            var last: [String: Int] = [:]
            for (row, id) in ids.enumerated() { last[id] = row }
            rows = (0..<batch.count).filter { last[ids[$0]] == $0 }
        }
        let now = Int64(Date().timeIntervalSince1970)
        // A bulk load's rows all go through `COPY … FREEZE`, however few (frozen, all-visible).
        if rows.count >= Self.copyThreshold || bulk != nil {
            try copyUpsert(batch, ids: ids, rows: rows, now: now, straight: straight, c)
            return rows
        }
        for start in stride(from: 0, to: rows.count, by: 1000) {
            let chunk = rows[start..<min(rows.count, start + 1000)]
            var binds = PostgresBindings(capacity: chunk.count * Self.writtenColumns.count)
            var tuples: [String] = []
            tuples.reserveCapacity(chunk.count)
            var n = 0
            for row in chunk {
                var params: [String] = []
                for column in Self.upsertColumns {
                    n += 1
                    params.append("$\(n)")
                    switch column.source {
                    case .text where column.isBinary:
                        binds.append(batch.text(row, column).map { ByteBuffer(bytes: $0) })
                    case .text:
                        binds.append(batch.text(row, column).map { String(decoding: $0, as: UTF8.self) })
                    case .integer: binds.append(batch.integer(row, column))
                    case .storedAt: binds.append(now)
                    case .dictionaryID: binds.append(batch.dictionaryID)
                    }
                }
                tuples.append("(" + params.joined(separator: ",") + ")")
            }
            let sql =
                "INSERT INTO tickets (\(Self.writtenColumnList)) VALUES \(tuples.joined(separator: ","))"
                + Self.onConflictUpdate
            _ = try run(c, sql, binds)
        }
        return rows
    }

    /// `COPY` of `rows`: the tickets the store does not hold yet (asked by their ids; in a
    /// bulk load, every row `upsert` leaves) go straight into `tickets`; the others into
    /// `tickets_in` (a temporary table, emptied at commit) and then one upsert from it.
    /// Another writer adding one of the new tickets in between makes the straight `COPY`
    /// fail on the key (the caller retries the batch with `straight: false`, every row
    /// through the upsert).
    func copyUpsert(
        _ batch: TicketBatch, ids: [String], rows: [Int], now: Int64, straight: Bool, _ c: PostgresConnection
    ) throws {
        // A bulk load holds none of `rows` (`upsert` left only those it has not written).
        var held: Set<String> = []
        if bulk == nil {
            if straight {
                var b = PostgresBindings()
                b.append(rows.map { ids[$0] })
                for row in try run(c, "SELECT ticket_id FROM tickets WHERE ticket_id = ANY($1)", b).rows {
                    held.insert(try row.decode(String.self))
                }
            } else {
                held = Set(rows.map { ids[$0] })
            }
        }
        var fresh: [Int] = []
        var known: [Int] = []
        for row in rows {
            if held.contains(ids[row]) { known.append(row) } else { fresh.append(row) }
        }
        if !fresh.isEmpty { try copy(batch, rows: fresh, now: now, into: .tickets, freeze: bulk != nil, c) }
        guard !known.isEmpty else { return }
        _ = try run(
            c,
            "CREATE TEMP TABLE IF NOT EXISTS tickets_in (LIKE tickets INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
        try copy(batch, rows: known, now: now, into: .staging, freeze: false, c)
        _ = try run(
            c,
            "INSERT INTO tickets (\(Self.writtenColumnList)) SELECT \(Self.writtenColumnList) FROM tickets_in"
                + Self.onConflictUpdate)
        _ = try run(c, "TRUNCATE tickets_in")
    }

    /// The columns every write sends.
    static let writtenColumns = upsertColumns.map(\.name)
    static let writtenColumnList = writtenColumns.joined(separator: ", ")

    /// `COPY table (writtenColumns) FROM STDIN` of `rows` in the binary format, sent
    /// `copyChunk` bytes at a time as it is encoded (the server parses one while the next is
    /// made). Binary, because the text format costs both ends a pass over every byte of the
    /// raw JSON (escaping, then unescaping it). postgres-nio 1.33 builds only
    /// `COPY "table" (…) FROM STDIN WITH (FORMAT text)`: the table name it quotes is given so
    /// that its statement asks for the binary format and the rest of the line is a comment
    /// (`copyStatementTable`).
    func copy(
        _ batch: TicketBatch, rows: [Int], now: Int64, into table: CopyTable, freeze: Bool, _ c: PostgresConnection
    ) throws {
        let logger = self.logger
        let statementTable = Self.copyStatementTable(table, freeze: freeze)
        try Self.blocking {
            try await c.copyFrom(table: statementTable, logger: logger) { writer in
                var next = 0
                repeat {
                    // Rows are encoded straight into the buffer that is sent; a new buffer
                    // for each chunk (the one sent may still be held).
                    var chunk = ByteBufferAllocator().buffer(capacity: Self.copyChunk + (64 << 10))
                    if next == 0 { chunk.writeBytes(PostgresBinaryCopy.header) }
                    batch.withColumns { columns in
                        while next < rows.count, chunk.readableBytes < Self.copyChunk {
                            let row = rows[next]
                            chunk.writeWithUnsafeMutableBytes(minimumWritableBytes: columns.encodedBound(row)) {
                                var out = ByteWriter(base: $0.baseAddress!)
                                Self.appendCopyRow(columns, row: row, now: now, to: &out)
                                return out.count
                            }
                            next += 1
                        }
                    }
                    if next == rows.count { chunk.writeBytes(PostgresBinaryCopy.trailer) }
                    try await writer.write(chunk)
                } while next < rows.count
            }
        }
    }

    /// The bytes of `COPY` data sent at a time: under glibc's mmap threshold (128 kB as
    /// `ProcessTuning` sets it), so that each buffer is heap memory used again, not pages
    /// mapped and faulted in anew.
    static let copyChunk = 96 << 10

    /// What `copyFrom(table:)` is given so that the statement it builds,
    /// `COPY "<table>" FROM STDIN WITH (FORMAT text)`, reads
    /// `COPY "table" (writtenColumns) FROM STDIN WITH (FORMAT binary) --" FROM STDIN …`
    /// (with `FREEZE`: see `BulkLoad`). The table is one of `CopyTable`'s, never input.
    static func copyStatementTable(_ table: CopyTable, freeze: Bool) -> String {
        "\(table.rawValue)\" (\(writtenColumnList)) FROM STDIN WITH (FORMAT binary\(freeze ? ", FREEZE" : "")) --"
    }

    /// The tables rows are copied into: the tickets, or the staging table an upsert of
    /// known tickets goes through.
    enum CopyTable: String {
        case tickets
        case staging = "tickets_in"
    }

    /// One row of `writtenColumns` in COPY's binary format: the number of fields, then each
    /// field's length (-1: NULL) and bytes (a text its UTF-8, a `bigint` eight bytes
    /// big-endian, a `bytea` its bytes).
    @inline(__always) static func appendCopyRow(
        _ columns: TicketBatch.Columns, row: Int, now: Int64, to out: inout ByteWriter
    ) {
        out.append(bigEndian: Int16(writtenColumns.count))
        for column in upsertColumns {
            switch column.source {
            case .text: PostgresBinaryCopy.appendField(columns.text(row, column), to: &out)
            case .integer: PostgresBinaryCopy.appendField(columns.integer(row, column), to: &out)
            case .storedAt: PostgresBinaryCopy.appendField(now, to: &out)
            case .dictionaryID: PostgresBinaryCopy.appendField(columns.dictionaryID, to: &out)
            }
        }
    }

    /// Waits for async work (postgres-nio's `COPY` has no future form). The task runs on
    /// threads of its own (`BlockingExecutor`), never on the cooperative pool: a caller
    /// that blocks a pool thread while it waits (the store protocol is synchronous) would
    /// otherwise wait for a task that has no thread left to run on.
    static func blocking(_ body: @escaping @Sendable () async throws -> Void) throws {
        let outcome = Mutex<(any Error)??>(nil)
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: BlockingExecutor.shared) {
            do {
                try await body()
                outcome.withLock { $0 = .some(nil) }
            } catch {
                outcome.withLock { $0 = .some(error) }
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.withLock({ $0 }) ?? nil { throw error }
    }

    public func saveDay(_ entry: LedgerEntry, tickets: [StoredTicket]) throws {
        let batch = try batch(of: tickets)
        try wrap {
            try writing { c, straight in
                let before = try generation(c)
                let rows = try upsert(batch, straight: straight, c)
                try writeLedger(entry, c)
                try bumpGeneration(stamping: batch, c)
                try keepFactBlocks(of: batch, rows: rows, stampedAfter: before, c)
            }
        }
    }

    public func saveTickets(_ tickets: [StoredTicket]) throws { try saveTickets(batch(of: tickets)) }

    public func saveTickets(_ batch: TicketBatch) throws {
        if let id = batch.dictionaryID, try dictionary(id: id) == nil {
            throw TicketStoreError(path: location, reason: "was handed raw JSON compressed for another store")
        }
        try wrap {
            try writing { c, straight in
                let before = try generation(c)
                let rows = try upsert(batch, straight: straight, c)
                try bumpGeneration(stamping: batch, c)
                try keepFactBlocks(of: batch, rows: rows, stampedAfter: before, c)
            }
        }
    }

    /// `body` in one transaction, told to `COPY` new tickets straight into `tickets`; again
    /// without that when another writer added one of them in between (a key violation).
    func writing(_ body: (PostgresConnection, _ straight: Bool) throws -> Void) throws {
        // No other writer while a bulk load holds the table.
        if bulk != nil { return try transaction { try body($0, true) } }
        do {
            try transaction { try body($0, true) }
        } catch let e as PSQLError where e.serverInfo?[.sqlState] == "23505" {
            try transaction { try body($0, false) }
        }
    }

    /// The dictionary new raw JSON is compressed with: the newest in `raw_dictionaries`; when
    /// there is none, one trained on `samples()` (`nil` when too few) and stored. Trainers
    /// at once, in this process or another, train one between them (an advisory lock).
    public func rawDictionary(orTrainingOn samples: () throws -> [[UInt8]]) throws -> RawJSONDictionary? {
        if let newest = try newestDictionary() { return newest }
        return try training.withLock { _ in
            try wrap {
                try transaction { c in
                    _ = try run(c, "SELECT pg_advisory_xact_lock(7240416)")
                    if let newest = try newestDictionary(c) { return newest }
                    let samples = try samples()
                    guard let trained = RawJSONDictionary.train(samples: samples) else { return nil }
                    var b = PostgresBindings()
                    b.append(ByteBuffer(bytes: trained))
                    b.append(samples.count)
                    b.append(Int64(Date().timeIntervalSince1970))
                    let sql =
                        "INSERT INTO raw_dictionaries (lz4_dictionary, samples, created_at) VALUES ($1, $2, $3) RETURNING id"
                    guard let id = try run(c, sql, b).rows.first?.decode(Int64.self),
                        let dictionary = RawJSONDictionary(id: id, bytes: trained)
                    else { return nil }
                    return dictionaries.withLock { $0.remember(dictionary, newest: true) }
                }
            }
        }
    }

    /// The newest dictionary the store holds (`nil`: none yet).
    func newestDictionary(_ connection: PostgresConnection? = nil) throws -> RawJSONDictionary? {
        if let newest = dictionaries.withLock({ $0.newest }) { return newest }
        let read = { (c: PostgresConnection) -> RawJSONDictionary? in
            let sql = "SELECT id, lz4_dictionary FROM raw_dictionaries ORDER BY id DESC LIMIT 1"
            guard let row = try self.run(c, sql).rows.first else { return nil }
            let (id, bytes) = try row.decode((Int64, ByteBuffer).self)
            guard let d = RawJSONDictionary(id: id, bytes: Array(bytes.readableBytesView)) else { return nil }
            return self.dictionaries.withLock { $0.remember(d, newest: true) }
        }
        if let connection { return try read(connection) }
        return try wrap { try withConnection(read) }
    }

    /// The dictionary with `id` (`nil`: the store holds none such).
    func dictionary(id: Int64) throws -> RawJSONDictionary? {
        if let known = dictionaries.withLock({ $0.byID[id] }) { return known }
        return try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(id)
                let sql = "SELECT lz4_dictionary FROM raw_dictionaries WHERE id = $1"
                guard let bytes = try run(c, sql, b).rows.first?.decode(ByteBuffer.self),
                    let d = RawJSONDictionary(id: id, bytes: Array(bytes.readableBytesView))
                else { return nil }
                return dictionaries.withLock { $0.remember(d, newest: false) }
            }
        }
    }
}
