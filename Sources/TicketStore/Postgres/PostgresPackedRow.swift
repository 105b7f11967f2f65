/// `packed`, the read columns of a ticket (`TicketColumn.read`, in order) as one `bytea`, which
/// schema versions 2 to 11 kept in a column of `tickets` and in the period index, so that a
/// page of tickets was an index-only scan; schema 12 dropped it (reports read the fact
/// blocks; a page read sends arrays, `PostgresColumnPage`). What is left: its format spelled
/// as SQL (`sql`), which the migrations up to 11 still write, and `integer`, which reads a
/// big-endian integer of 1 to 8 bytes.
///
/// Per column one length byte and the bytes:
/// - `0x00`–`0xFC`: that many bytes follow;
/// - `0xFE`: a 32-bit big-endian length follows, then the bytes;
/// - `0xFF`: NULL.
///
/// A text is its UTF-8, a digest its bytes, an integer its fewest big-endian two's-complement
/// bytes (1 to 8). A ticket too big for an index entry was kept as a **stub**: its ticket id
/// and creation time, then `0xFD`.
enum PostgresPackedRow {
    static let null: UInt8 = 0xFF
    static let longLength: UInt8 = 0xFE
    static let stub: UInt8 = 0xFD
    static let longestShortLength = 0xFC

    /// A ticket whose `packed` and ticket id took more bytes than this was kept as a stub
    /// (an index entry held both, the creation time and about 20 bytes of headers).
    static let inlineLimit = 2400

    // MARK: Reading

    /// An integer field's value (1 to 8 bytes, big-endian, two's complement).
    @inline(__always) static func integer(_ field: UnsafeRawBufferPointer) -> Int64 {
        var value = Int64(Int8(bitPattern: field[0]))
        for i in 1..<field.count { value = value << 8 | Int64(field[i]) }
        return value
    }

    // MARK: SQL

    /// `packed` of a row as an SQL expression of its columns (`digest`: the digest's
    /// expression, when it is not the `raw_sha256` column), the stub when it is too big
    /// (`stubs`; else the whole value). Text as `replace(…)::bytea`: immutable, as `packed`
    /// had to be when the database generated it.
    static func sql(
        of columns: [TicketColumn] = TicketColumn.read, digest: String = TicketColumn.rawSha256.name,
        stubs: Bool = true
    ) -> String {
        func bytes(_ column: String) -> String { "replace(\(column), E'\\\\', E'\\\\\\\\')::bytea" }
        let whole = columns.map { c in
            if c == .rawSha256 { return field(bytes: digest) }
            if c.isText { return field(bytes: bytes(c.name)) }
            return field(integer: c.name)
        }.joined(separator: " || ")
        guard stubs else { return whole }
        let stubbed = [field(bytes: bytes("ticket_id")), field(integer: "created_at")]
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
