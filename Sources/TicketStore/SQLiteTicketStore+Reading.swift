public import Foundation
import GRDB
import GRDBSQLite
import Synchronization
public import TicketModel

extension SQLiteTicketStore {
    public func forEachTicket(createdFrom start: Date, before end: Date, _ body: (Ticket) throws -> Void) throws {
        try forEachRawTicket(createdFrom: start, before: end, chunk: .wholePeriod) { try body(Ticket(row: $0)) }
    }

    /// How to read `[start, end)`: a range that covers much of the store reads faster as one
    /// scan of the table than through the index (a lookup per row), so it is cut into rowid
    /// chunks of `chunkRows`; a smaller one (or an empty store) is read through the index.
    public func readPlan(createdFrom start: Date, before end: Date, chunkRows: Int64) throws -> [TicketReadChunk] {
        guard let scan = try tableScanRowids(createdFrom: start, before: end) else { return [.wholePeriod] }
        let size = max(1, chunkRows)
        return stride(from: scan.lowerBound, to: scan.upperBound, by: Int(size)).map { lower in
            let upper = min(scan.upperBound, lower + size)
            return TicketReadChunk(keys: lower..<upper, capacity: upper - lower)
        }
    }

    /// The rowids to scan when the range `[start, end)` covers much of the store; `nil` when
    /// the index is the better way (or the store is empty).
    func tableScanRowids(createdFrom start: Date, before end: Date) throws -> Range<Int64>? {
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
                guard covered > 0.2 else { return nil }
                guard covered < 1 else { return first..<(last + 1) }
                // Only the rowids the range's tickets have (one pass over the index range):
                // an import writes in creation order, so a part of the store is a part of the
                // table (two weeks of four: half the rows scanned).
                guard
                    let own = try Row.fetchOne(
                        db, sql: "SELECT min(rowid), max(rowid) FROM tickets WHERE created_at >= ? AND created_at < ?",
                        arguments: [from, to]),
                    let ownFirst = own[0] as Int64?, let ownLast = own[1] as Int64?
                else { return nil }
                return ownFirst..<(ownLast + 1)
            }
        }
    }

    /// Streams the decoded columns of the tickets created in `[start, end)` as raw bytes,
    /// without building a `String` per value: through the creation-time index, in creation
    /// order, for `.wholePeriod`; else by scanning the table over the chunk's rowids, in
    /// rowid order. Each call reads on its own reader connection.
    public func forEachRawTicket(
        createdFrom start: Date, before end: Date, chunk: TicketReadChunk, _ body: (RawTicketRow) throws -> Void
    ) throws {
        try wrap {
            try pool.read { db in
                try Self.forEachRawRow(
                    db, createdFrom: Int64(start.timeIntervalSince1970.rounded(.up)),
                    before: Int64(end.timeIntervalSince1970.rounded(.up)), rowids: chunk.keys, body)
            }
        }
    }

    /// The rows created in `[from, to)` (seconds): through the creation-time index, or, when
    /// `rowids` is given, by scanning the table over them.
    static func forEachRawRow(
        _ db: Database, createdFrom from: Int64, before to: Int64, rowids: Range<Int64>?,
        _ body: (RawTicketRow) throws -> Void
    ) throws {
        var sql = rawSelect
        var arguments: StatementArguments = [from, to]
        if let rowids {
            sql = sql.replacingOccurrences(of: "FROM tickets", with: "FROM tickets NOT INDEXED")
            sql += " AND rowid >= ? AND rowid < ?"
            arguments += [rowids.lowerBound, rowids.upperBound]
        }
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try body(RawTicketRow(handle: handle))
        }
    }

    static let rawSelect = TicketColumn.readSelect

    public func generation() throws -> Int64 {
        try wrap {
            // Every open runs the migrations, so the table is there (v3); the statement is
            // kept prepared per connection: `serve` asks this on every request. One statement
            // reads one snapshot on its own: no transaction around it (`unsafeRead`).
            try pool.unsafeRead { db in
                try Int64.fetchOne(db.cachedStatement(sql: "SELECT generation FROM store_generation")) ?? 0
            }
        }
    }

    /// Concurrent writers are serialized by SQLite itself and upserts are idempotent: every
    /// lock is granted (the one-process-per-day guarantee is the PostgreSQL store's).
    public func tryLock(_ name: String) throws -> (any StoreLock)? { UncontendedLock() }
    public func lock(_ name: String) async throws -> any StoreLock { UncontendedLock() }

    public func createdRange() throws -> ClosedRange<Date>? {
        try wrap {
            try pool.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT min(created_at), max(created_at) FROM tickets"),
                    let lo = row[0] as Int64?, let hi = row[1] as Int64?
                else { return nil }
                return Date(timeIntervalSince1970: TimeInterval(lo))...Date(timeIntervalSince1970: TimeInterval(hi))
            }
        }
    }

    /// SQLite's `quick_check`: every page of every table and index read and checked (the
    /// indexes' agreement with their tables is left to `integrity_check`).
    public func verify() throws {
        let problems = try wrap { try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(3)") } }
        guard problems == ["ok"] else {
            let found = problems.joined(separator: "\n").split(separator: "\n").filter { !$0.hasPrefix("***") }
            throw TicketStoreError(
                path: path, reason: "the database is corrupt (\(found.joined(separator: "; ").prefix(200)))")
        }
    }

    public func ticketCount() throws -> Int {
        try wrap { try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") ?? 0 } }
    }

    public func allTicketIds() throws -> Set<String> {
        try wrap { try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT ticket_id FROM tickets")) } }
    }
}
