import Foundation
import GRDBSQLite

/// One row of `forEachRawTicket`: its columns as bytes and integers, valid only inside the
/// callback. A SQLite store hands out its statement's current row; another store fills a
/// `TicketRowValues` and hands out that.
public struct RawTicketRow {
    enum Storage {
        case statement(OpaquePointer)
        case values(TicketRowValues)
        case binary(UnsafeBufferPointer<UnsafeRawBufferPointer?>)
        case block(BlockCursor)
    }

    let storage: Storage

    init(handle: OpaquePointer) { storage = .statement(handle) }

    /// A row read from `values` (for stores that do not read SQLite statements).
    public init(_ values: TicketRowValues) { storage = .values(values) }

    /// A row of values in PostgreSQL's binary form, one per `TicketColumn.read` (NULL:
    /// `nil`; a text its UTF-8 bytes, an integer 1 to 8 bytes big-endian, which the caller
    /// has checked: `PostgresPackedRow`), read where they lie.
    init(binary fields: UnsafeBufferPointer<UnsafeRawBufferPointer?>) { storage = .binary(fields) }

    /// A ticket of a `FactBlock` (which keeps less of `tat_text`, `title` and `url`, and no
    /// `raw_sha256`: see there).
    init(block cursor: BlockCursor) { storage = .block(cursor) }

    /// The columns, by their declaration (the SELECT lists `TicketColumn.read`).
    public typealias Column = TicketColumn

    /// The UTF-8 bytes of a text column; `nil` for NULL.
    @inline(__always) public func text(_ c: Column) -> UnsafeBufferPointer<UInt8>? {
        switch storage {
        case .statement(let handle):
            let i = c.readIndex
            switch sqlite3_column_type(handle, i) {
            case SQLITE_NULL: return nil
            case SQLITE_BLOB:
                guard let p = sqlite3_column_blob(handle, i) else { return nil }
                return UnsafeBufferPointer(
                    start: p.assumingMemoryBound(to: UInt8.self), count: Int(sqlite3_column_bytes(handle, i)))
            default:
                guard let p = sqlite3_column_text(handle, i) else { return nil }
                return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i)))
            }
        case .values(let values):
            return values.text(c)
        case .binary(let fields):
            return fields[Int(c.readIndex)].map { $0.bindMemory(to: UInt8.self) }
        case .block(let cursor):
            return cursor.text(c)
        }
    }

    /// A text column as a `String`; `nil` for NULL.
    public func string(_ c: Column) -> String? {
        text(c).map { String(decoding: $0, as: UTF8.self) }
    }

    /// An integer column; `nil` for NULL.
    @inline(__always) public func int64(_ c: Column) -> Int64? {
        switch storage {
        case .statement(let handle):
            return sqlite3_column_type(handle, c.readIndex) == SQLITE_NULL
                ? nil : sqlite3_column_int64(handle, c.readIndex)
        case .values(let values):
            return values.integers[Int(c.readIndex)]
        case .binary(let fields):
            return fields[Int(c.readIndex)].map(PostgresPackedRow.integer)
        case .block(let cursor):
            return cursor.int64(c)
        }
    }
}

/// The decoded columns of one row, owned (for stores that read rows into memory): `begin()`,
/// set each column's value, hand `RawTicketRow(values)` to the reader, and reuse it for the
/// next row. Texts live in one arena per row (no allocation per value once it is grown).
public final class TicketRowValues {
    var spans: [(offset: Int, count: Int)]
    var integers: [Int64?]
    var arena: UnsafeMutableRawPointer
    var capacity: Int
    var used = 0

    public init() {
        spans = Array(repeating: (0, -1), count: TicketColumn.read.count)
        integers = Array(repeating: nil, count: TicketColumn.read.count)
        capacity = 4096
        arena = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    }

    deinit { arena.deallocate() }

    /// Starts the next row: every column NULL.
    public func begin() {
        used = 0
        for i in spans.indices {
            spans[i] = (0, -1)
            integers[i] = nil
        }
    }

    /// Sets a text column from `bytes` (`nil`: NULL). Texts must be set before any is read.
    public func set(_ c: TicketColumn, text bytes: UnsafeRawBufferPointer?) {
        let i = Int(c.readIndex)
        guard let bytes else {
            spans[i] = (0, -1)
            return
        }
        if used + bytes.count > capacity {
            var grown = capacity * 2
            while used + bytes.count > grown { grown *= 2 }
            let bigger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
            bigger.copyMemory(from: arena, byteCount: used)
            arena.deallocate()
            arena = bigger
            capacity = grown
        }
        if let base = bytes.baseAddress { (arena + used).copyMemory(from: base, byteCount: bytes.count) }
        spans[i] = (used, bytes.count)
        used += bytes.count
    }

    /// Sets a text column (`nil`: NULL).
    public func set(_ c: TicketColumn, text bytes: [UInt8]?) {
        guard let bytes else { return set(c, text: nil as UnsafeRawBufferPointer?) }
        bytes.withUnsafeBytes { set(c, text: $0) }
    }

    /// Sets an integer column (`nil`: NULL).
    public func set(_ c: TicketColumn, integer: Int64?) { integers[Int(c.readIndex)] = integer }

    func text(_ c: TicketColumn) -> UnsafeBufferPointer<UInt8>? {
        let s = spans[Int(c.readIndex)]
        guard s.count >= 0 else { return nil }
        return UnsafeBufferPointer(start: (arena + s.offset).assumingMemoryBound(to: UInt8.self), count: s.count)
    }
}
