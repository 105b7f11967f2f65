/// PostgreSQL's binary `COPY` format (the `COPY` page of its manual): a signature, flags and
/// header extension; per row its number of fields, then each field's 32-bit big-endian length
/// (-1: NULL) and bytes; a trailer of -1. A text is its UTF-8 bytes, a `bigint` eight bytes
/// big-endian, a `bytea` its bytes.
enum PostgresBinaryCopy {
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    static let trailer: [UInt8] = [0xFF, 0xFF]

    @inline(__always) static func append<I: FixedWidthInteger>(_ value: I, to data: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) }
    }

    /// Writes `value` big-endian over the four bytes at `offset`.
    static func patch(_ value: Int32, at offset: Int, in data: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes in
            for i in 0..<4 { data[offset + i] = bytes[i] }
        }
    }

    /// A text or `bytea` field.
    @inline(__always) static func appendField(_ bytes: ArraySlice<UInt8>?, to data: inout [UInt8]) {
        guard let bytes else { return append(Int32(-1), to: &data) }
        append(Int32(bytes.count), to: &data)
        data.append(contentsOf: bytes)
    }

    /// A `bigint` field.
    @inline(__always) static func appendField(_ value: Int64?, to data: inout [UInt8]) {
        guard let value else { return append(Int32(-1), to: &data) }
        append(Int32(8), to: &data)
        append(value, to: &data)
    }
}
