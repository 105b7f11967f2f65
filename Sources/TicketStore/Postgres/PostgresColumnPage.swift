/// A page of rows sent as one array per column (`SELECT array_agg(a), array_agg(b), … FROM
/// (…) page`: every aggregate of the statement sees the rows in the same order), read in
/// place. postgres-nio makes objects for every row and every value of a plain result, which
/// cost more than the rest of a report; a page in this form is a handful of values.
///
/// The binary form of a one-dimensional array: the number of dimensions, a has-NULLs flag,
/// the element type, the size and lower bound of the dimension, then per element its
/// length (-1: NULL) and bytes. A text is its UTF-8 bytes, an `int8` eight bytes,
/// big-endian.
enum PostgresColumnPage {
    struct Malformed: Error, CustomStringConvertible {
        var description: String { "sent a page of rows this build cannot read" }
    }

    /// What a page held: its number of rows and the greatest (created_at, ticket_id) among
    /// them, ticket ids compared byte by byte (PostgreSQL's `COLLATE "C"`), where the next
    /// page starts.
    struct Summary {
        var count = 0
        var greatestKey: (Int64, String)?
    }

    /// Calls `body` with each row's fields (`nil`: NULL; valid only during the call). The
    /// first two columns must be the ticket id (text) and the creation time (`int8`).
    static func forEachRow(
        in columns: [UnsafeRawBufferPointer], _ body: ([UnsafeRawBufferPointer?]) throws -> Void
    ) throws -> Summary {
        guard columns.count >= 2 else { throw Malformed() }
        var cursors = columns.map { Cursor(bytes: $0) }
        var count: Int32 = -1
        for i in cursors.indices {
            let size = try cursors[i].header()
            guard count == -1 || size == count else { throw Malformed() }
            count = size
        }
        var keys = GreatestKey()
        var row = [UnsafeRawBufferPointer?](repeating: nil, count: columns.count)
        for _ in 0..<max(count, 0) {
            for i in cursors.indices { row[i] = try cursors[i].field() }
            try keys.add(row)
            try body(row)
        }
        guard cursors.allSatisfy({ $0.offset == $0.bytes.count }) else { throw Malformed() }
        return Summary(count: Int(max(count, 0)), greatestKey: keys.key)
    }

    /// The greatest (created_at, ticket_id) of the rows seen.
    struct GreatestKey {
        var greatest: (Int64, UnsafeRawBufferPointer)?

        mutating func add(_ row: [UnsafeRawBufferPointer?]) throws {
            guard let id = row[0], let created = row[1] else { throw Malformed() }
            let key = (try int8(created), id)
            if greatest.map({ isGreater(key, than: $0) }) ?? true { greatest = key }
        }

        var key: (Int64, String)? { greatest.map { ($0.0, String(decoding: $0.1, as: UTF8.self)) } }
    }

    /// An integer field's value: an `int8` (eight bytes) or a packed row's (1 to 8).
    static func int8(_ field: UnsafeRawBufferPointer) throws -> Int64 {
        guard (1...8).contains(field.count) else { throw Malformed() }
        return PostgresPackedRow.integer(field)
    }

    /// Whether key `a` sorts after `b`: by time, then by the ticket id's bytes.
    static func isGreater(_ a: (Int64, UnsafeRawBufferPointer), than b: (Int64, UnsafeRawBufferPointer)) -> Bool {
        if a.0 != b.0 { return a.0 > b.0 }
        return b.1.lexicographicallyPrecedes(a.1)
    }

    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        /// A one-dimensional array's header (no dimensions: empty); returns its size.
        mutating func header() throws -> Int32 {
            let dimensions = try int32()
            _ = try int32()  // has NULLs
            _ = try int32()  // element type
            guard dimensions == 1 else {
                guard dimensions == 0 else { throw Malformed() }
                return 0
            }
            let size = try int32()
            _ = try int32()  // lower bound
            guard size >= 0 else { throw Malformed() }
            return size
        }

        mutating func int32() throws -> Int32 {
            guard offset + 4 <= bytes.count else { throw Malformed() }
            defer { offset += 4 }
            return Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
        }

        /// A length-prefixed element: `nil` for NULL.
        mutating func field() throws -> UnsafeRawBufferPointer? {
            let length = try int32()
            guard length >= 0 else {
                guard length == -1 else { throw Malformed() }
                return nil
            }
            guard offset + Int(length) <= bytes.count else { throw Malformed() }
            defer { offset += Int(length) }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)])
        }
    }
}
