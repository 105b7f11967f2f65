/// PostgreSQL's binary `COPY` format (the `COPY` page of its manual): a signature, flags and
/// header extension; per row its number of fields, then each field's 32-bit big-endian length
/// (-1: NULL) and bytes; a trailer of -1. A text is its UTF-8 bytes, a `bigint` eight bytes
/// big-endian, a `bytea` its bytes.
enum PostgresBinaryCopy {
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    static let trailer: [UInt8] = [0xFF, 0xFF]

    /// A text or `bytea` field.
    @inline(__always) static func appendField(_ bytes: UnsafeRawBufferPointer?, to out: inout ByteWriter) {
        guard let bytes else { return out.append(bigEndian: Int32(-1)) }
        out.append(bigEndian: Int32(bytes.count))
        out.append(bytes)
    }

    /// A `bigint` field.
    @inline(__always) static func appendField(_ value: Int64?, to out: inout ByteWriter) {
        guard let value else { return out.append(bigEndian: Int32(-1)) }
        out.append(bigEndian: Int32(8))
        out.append(bigEndian: value)
    }
}

/// Bytes written through a pointer into memory the caller has made room in (`TicketBatch
/// .Columns.encodedBound` bytes for a row's encodings): no check, growth or reference count
/// per value, which writing a million rows through `[UInt8]` spent a tenth of the import's
/// client time on.
struct ByteWriter {
    let base: UnsafeMutableRawPointer
    private(set) var count = 0

    init(base: UnsafeMutableRawPointer) { self.base = base }

    @inline(__always) mutating func append(_ byte: UInt8) {
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always) mutating func append<I: FixedWidthInteger>(bigEndian value: I) {
        base.storeBytes(of: value.bigEndian, toByteOffset: count, as: I.self)
        count += MemoryLayout<I>.size
    }

    @inline(__always) mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if let source = bytes.baseAddress { (base + count).copyMemory(from: source, byteCount: bytes.count) }
        count += bytes.count
    }

    /// Writes `value` big-endian over the four bytes at `offset`.
    @inline(__always) func patch(_ value: Int32, at offset: Int) {
        base.storeBytes(of: value.bigEndian, toByteOffset: offset, as: Int32.self)
    }

    /// Goes back to `offset`, dropping what was written after it.
    @inline(__always) mutating func rewind(to offset: Int) { count = offset }

    /// Runs `body` on a writer over new memory of `capacity` bytes and returns what it wrote.
    static func bytes(capacity: Int, _ body: (inout ByteWriter) -> Void) -> [UInt8] {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { memory.deallocate() }
        var writer = ByteWriter(base: memory)
        body(&writer)
        return Array(UnsafeRawBufferPointer(start: memory, count: writer.count))
    }
}
