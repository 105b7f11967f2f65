/// `packed`, the read columns of a ticket (`TicketColumn.read`, in order) as one `bytea`,
/// which the period index `tickets_period` covers so that a page of tickets is an
/// index-only scan sent as one value (`string_agg(packed, '')`). The one place its format
/// is written (`append`, by the client), read (`Cursor`) and spelled as SQL (`sql`: the
/// migrations' rewrite, the stub's fetch and the test that holds the client to it).
///
/// Per column one length byte and the bytes:
/// - `0x00`–`0xFC`: that many bytes follow;
/// - `0xFE`: a 32-bit big-endian length follows, then the bytes;
/// - `0xFF`: NULL.
///
/// A text is its UTF-8, a digest its bytes, an integer its fewest big-endian two's-complement
/// bytes (1 to 8). Since schema version 7; before, every length took four bytes and every
/// integer eight: 94 bytes more a ticket, in the table, in the index and in the WAL of both.
///
/// A ticket too big for an index entry (PostgreSQL refuses entries over 2,704 bytes; a title
/// or a URL of a few kilobytes that does not compress makes one) is kept as a **stub**: its
/// ticket id and creation time, then `0xFD`. A reader asks the table for the whole value
/// (`sql`, from the row's columns) by ticket id.
enum PostgresPackedRow {
    static let null: UInt8 = 0xFF
    static let longLength: UInt8 = 0xFE
    static let stub: UInt8 = 0xFD
    static let longestShortLength = 0xFC

    /// A ticket whose `packed` and ticket id take more bytes than this is kept as a stub
    /// (an index entry holds both, the creation time and about 20 bytes of headers).
    static let inlineLimit = 2400

    // MARK: Writing

    /// Appends the packed row of a batch's `row`, or its stub when it is too big.
    @inline(__always) static func append(_ columns: TicketBatch.Columns, row: Int, to out: inout ByteWriter) {
        let start = out.count
        for column in TicketColumn.read {
            switch column.source {
            case .text: appendField(columns.text(row, column), to: &out)
            case .integer: appendField(columns.integer(row, column), to: &out)
            case .storedAt, .dictionaryID: preconditionFailure("\(column) is not a read column")
            }
        }
        let id = columns.text(row, .ticketId)
        guard out.count - start + (id?.count ?? 0) > inlineLimit else { return }
        out.rewind(to: start)
        appendField(id, to: &out)
        appendField(columns.integer(row, .createdAt), to: &out)
        out.append(stub)
    }

    /// The packed row of a batch's `row` (or its stub), as bytes.
    static func bytes(_ batch: TicketBatch, row: Int) -> [UInt8] {
        batch.withColumns { columns in
            ByteWriter.bytes(capacity: columns.encodedBound(row)) { append(columns, row: row, to: &$0) }
        }
    }

    /// A text or a digest.
    @inline(__always) static func appendField(_ bytes: UnsafeRawBufferPointer?, to out: inout ByteWriter) {
        guard let bytes else { return out.append(null) }
        if bytes.count <= longestShortLength {
            out.append(UInt8(bytes.count))
        } else {
            out.append(longLength)
            out.append(bigEndian: Int32(bytes.count))
        }
        out.append(bytes)
    }

    /// An integer, in its fewest bytes.
    @inline(__always) static func appendField(_ value: Int64?, to out: inout ByteWriter) {
        guard let value else { return out.append(null) }
        let count = byteCount(value)
        out.append(UInt8(count))
        for i in stride(from: count - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }

    /// The fewest bytes that hold `value` in two's complement.
    @inline(__always) static func byteCount(_ value: Int64) -> Int {
        var count = 1
        while count < 8, value >> (8 * count - 1) != 0, value >> (8 * count - 1) != -1 { count += 1 }
        return count
    }

    // MARK: Reading

    typealias Malformed = PostgresColumnPage.Malformed

    /// A reader of packed rows one after the other.
    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var atEnd: Bool { offset >= bytes.count }

        /// Whether the next byte marks the rest of the row as a stub (and steps over it).
        mutating func isStub() throws -> Bool {
            guard offset < bytes.count else { throw Malformed() }
            guard bytes[offset] == stub else { return false }
            offset += 1
            return true
        }

        /// A field: `nil` for NULL.
        mutating func field() throws -> UnsafeRawBufferPointer? {
            guard offset < bytes.count else { throw Malformed() }
            let marker = bytes[offset]
            offset += 1
            var length = Int(marker)
            switch marker {
            case null: return nil
            case longLength:
                guard offset + 4 <= bytes.count else { throw Malformed() }
                length = Int(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
                offset += 4
                guard length > longestShortLength else { throw Malformed() }
            case stub: throw Malformed()
            default: break
            }
            guard offset + length <= bytes.count else { throw Malformed() }
            defer { offset += length }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
        }
    }

    /// An integer field's value (1 to 8 bytes, big-endian, two's complement).
    @inline(__always) static func integer(_ field: UnsafeRawBufferPointer) -> Int64 {
        var value = Int64(Int8(bitPattern: field[0]))
        for i in 1..<field.count { value = value << 8 | Int64(field[i]) }
        return value
    }

    // MARK: SQL

    /// `packed` of a row as an SQL expression of its columns (`digest`: the digest's
    /// expression, when it is not the `raw_sha256` column), the stub when it is too big
    /// (`stubs`; else the whole value, which a reader of a stub asks for).
    static func sql(
        of columns: [TicketColumn] = TicketColumn.read, digest: String = TicketColumn.rawSha256.name,
        stubs: Bool = true
    ) -> String {
        let whole = columns.map { c in
            if c == .rawSha256 { return field(bytes: digest) }
            if c.isText { return field(bytes: "replace(\(c.name), E'\\\\', E'\\\\\\\\')::bytea") }
            return field(integer: c.name)
        }.joined(separator: " || ")
        guard stubs else { return whole }
        let stubbed = [field(bytes: "replace(ticket_id, E'\\\\', E'\\\\\\\\')::bytea"), field(integer: "created_at")]
        return """
            CASE WHEN octet_length(\(whole)) + octet_length(ticket_id) > \(inlineLimit) \
            THEN \(stubbed.joined(separator: " || ")) || '\\x\(hex(stub))'::bytea ELSE \(whole) END
            """
    }

    static func hex(_ byte: UInt8) -> String { String(byte, radix: 16, uppercase: false) }

    /// A text's or a digest's field: `bytes` is an expression of type `bytea`.
    static func field(bytes: String) -> String {
        """
        coalesce(CASE WHEN octet_length(\(bytes)) <= \(longestShortLength) \
        THEN set_byte('\\x00'::bytea, 0, octet_length(\(bytes))) \
        ELSE '\\x\(hex(longLength))'::bytea || int4send(octet_length(\(bytes))) END || \(bytes), \
        '\\x\(hex(null))'::bytea)
        """
    }

    /// An integer's field: `column` is a `bigint`.
    static func field(integer column: String) -> String {
        let count =
            "CASE "
            + (1..<8).map { n in
                let bound = Int64(1) << (8 * n - 1)
                return "WHEN \(column) BETWEEN \(-bound) AND \(bound - 1) THEN \(n) "
            }.joined() + "ELSE 8 END"
        return """
            coalesce(set_byte('\\x00'::bytea, 0, \(count)) || substring(int8send(\(column)) FROM 9 - \(count)), \
            '\\x\(hex(null))'::bytea)
            """
    }
}
