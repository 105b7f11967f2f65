import Crypto
public import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization
public import TicketModel

/// Reading tickets: the period's read plan and pages, raw JSON, counts.
extension PostgresTicketStore {
    /// A day of creation time per chunk (each read in keyset pages on a connection of its
    /// own, so several readers work at once); a period of a day or less in one.
    public func readPlan(createdFrom start: Date, before end: Date, chunkRows: Int64) throws -> [TicketReadChunk] {
        let (from, to) = (Self.seconds(start), Self.seconds(end))
        guard to - from > 86400, from > Int64.min / 2, to < Int64.max / 2 else { return [.wholePeriod] }
        return stride(from: from, to: to, by: 86400).map {
            TicketReadChunk(keys: $0..<min(to, $0 + 86400), capacity: 0)
        }
    }

    public func forEachRawTicket(
        createdFrom start: Date, before end: Date, chunk: TicketReadChunk, _ body: (RawTicketRow) throws -> Void
    ) throws {
        var (from, to) = (Self.seconds(start), Self.seconds(end))
        if let keys = chunk.keys {
            from = max(from, keys.lowerBound)
            to = min(to, keys.upperBound)
        }
        try forEachRawRow(from: from, to: to, body)
    }

    /// The read columns of the tickets created in `[from, to)` (seconds), in (created_at,
    /// ticket_id) byte order; on `connection` (inside its transaction) when given.
    func forEachRawRow(
        from: Int64, to: Int64, on connection: PostgresConnection? = nil, _ body: (RawTicketRow) throws -> Void
    ) throws {
        try forEachPage(
            Self.readColumnNames, from: from, to: to, pageRows: pageRows, on: connection
        ) { fields in
            for i in Self.integerFields {
                if let field = fields[i], !(1...8).contains(field.count) { throw PostgresColumnPage.Malformed() }
            }
            try fields.withUnsafeBufferPointer { try body(RawTicketRow(binary: $0)) }
        }
    }

    /// The read columns' names, in order (`TicketColumn.read`).
    static let readColumnNames = TicketColumn.read.map(\.name)

    /// The first whole second at or after `date` (`created_at` is in seconds).
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.up)) }

    /// The `columns` of the tickets created in `[from, to)`, read in keyset pages of
    /// `pageRows` in (created_at, ticket_id) byte order (bounded memory, each page a
    /// statement of its own), each page one array per column read in place
    /// (`PostgresColumnPage`; the first two columns must be the ticket id and the creation
    /// time). `body` gets each row's fields (NULL: `nil`), valid only during the call. On
    /// `connection` (inside its transaction, seeing its writes) when given, else on pooled ones.
    func forEachPage(
        _ columns: [String], from: Int64, to: Int64, pageRows: Int, on connection: PostgresConnection? = nil,
        _ body: ([UnsafeRawBufferPointer?]) throws -> Void
    ) throws {
        func using<T>(_ work: (PostgresConnection) throws -> T) throws -> T {
            if let connection { return try work(connection) }
            return try withConnection(work)
        }
        var after: (Int64, String)?
        let inner = columns.joined(separator: ", ")
        let outer = columns.map { "array_agg(\($0))" }.joined(separator: ", ")
        while true {
            let page: [ByteBuffer] = try wrap {
                try using { c in
                    var b = PostgresBindings()
                    b.append(from)
                    b.append(to)
                    var filter = "created_at >= $1 AND created_at < $2"
                    if let after {
                        b.append(after.0)
                        b.append(after.1)
                        filter += " AND (created_at, ticket_id COLLATE \"C\") > ($3, $4)"
                    }
                    let sql = """
                        SELECT \(outer) FROM (SELECT \(inner) FROM tickets WHERE \(filter) \
                        ORDER BY created_at, ticket_id COLLATE "C" LIMIT \(pageRows)) page
                        """
                    guard let row = try run(c, sql, b).rows.first else { return [] }
                    return row.compactMap(\.bytes)
                }
            }
            guard page.count == columns.count else { return }  // no rows: every array NULL
            let summary = try wrap {
                try Self.withBytes(of: page[...]) { try PostgresColumnPage.forEachRow(in: $0, body) }
            }
            guard summary.count == pageRows, let last = summary.greatestKey else { return }
            after = last
        }
    }

    /// Calls `body` with the bytes of every buffer at once.
    static func withBytes<R>(
        of buffers: ArraySlice<ByteBuffer>, _ done: [UnsafeRawBufferPointer] = [],
        _ body: ([UnsafeRawBufferPointer]) throws -> R
    ) throws -> R {
        guard let first = buffers.first else { return try body(done) }
        return try first.withUnsafeReadableBytes { try withBytes(of: buffers.dropFirst(), done + [$0], body) }
    }

    public func forEachTicket(createdFrom start: Date, before end: Date, _ body: (Ticket) throws -> Void) throws {
        try forEachRawTicket(createdFrom: start, before: end, chunk: .wholePeriod) { try body(Ticket(row: $0)) }
    }

    public func rawJSON(ticketId: String) throws -> String? {
        let stored: (ByteBuffer, Int64?)? = try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(ticketId)
                let r = try run(c, "SELECT raw, raw_dictionary_id FROM tickets WHERE ticket_id = $1", b)
                return try r.rows.first?.decode((ByteBuffer, Int64?).self)
            }
        }
        guard let (raw, dictionaryID) = stored else { return nil }
        let dictionary = try dictionaryID.flatMap(dictionary(id:))
        return try raw.withUnsafeReadableBytes {
            try RawJSONDictionary.json(
                $0, compressed: dictionaryID != nil, with: dictionary, ticketId: ticketId, store: location)
        }
    }

    public func forEachRawJSON(
        createdFrom start: Date, before end: Date, _ body: (_ ticketId: String, _ json: String) throws -> Void
    ) throws {
        try forEachPage(
            ["ticket_id", "created_at", "raw", "raw_dictionary_id"], from: Self.seconds(start),
            to: Self.seconds(end), pageRows: max(1, pageRows / 10)
        ) { fields in
            let id = fields[0].map { String(decoding: $0, as: UTF8.self) } ?? ""
            let dictionaryID = try fields[3].map(PostgresColumnPage.int8)
            let dictionary = try dictionaryID.flatMap(dictionary(id:))
            try body(
                id,
                try RawJSONDictionary.json(
                    fields[2] ?? UnsafeRawBufferPointer(start: nil, count: 0), compressed: dictionaryID != nil,
                    with: dictionary, ticketId: id, store: location))
        }
    }

    public func createdRange() throws -> ClosedRange<Date>? {
        try wrap {
            try withConnection { c in
                guard let row = try run(c, "SELECT min(created_at), max(created_at) FROM tickets").rows.first else {
                    return nil
                }
                let (lo, hi) = try row.decode((Int64?, Int64?).self)
                guard let lo, let hi else { return nil }
                return Date(timeIntervalSince1970: TimeInterval(lo))...Date(timeIntervalSince1970: TimeInterval(hi))
            }
        }
    }

    public func ticketCount() throws -> Int {
        if let bulk { return bulk.written.withLock { $0.count } }  // every ticket is the load's
        return try wrap {
            try withConnection { c in
                Int(try run(c, "SELECT count(*) FROM tickets").rows.first?.decode(Int64.self) ?? 0)
            }
        }
    }

    public func allTicketIds() throws -> Set<String> {
        try wrap {
            try withConnection { c in
                Set(try run(c, "SELECT ticket_id FROM tickets").rows.map { try $0.decode(String.self) })
            }
        }
    }
}
