import Crypto
import TicketModel

/// One UTC day's tickets as the figures read them: the store keeps a block per day with
/// tickets, written in the transaction that writes the day's tickets, so a report reads a
/// few blocks instead of every row.
///
/// A block holds the `read` columns (`FactBlock.columns`, derived from the column
/// declaration: a field column added later is in the next layout's blocks with nothing
/// written here) in creation order, each column encoded on its own: texts as a dictionary of
/// the day's distinct values and a code per ticket, integers (and plain decimal ticket ids)
/// as the offset from the day's smallest value, each in the fewest bytes (0, 1, 2, 4 or 8)
/// the day needs, NULLs in a bitmap. Nothing in it depends on configuration: the lifecycle
/// policy, the SLA rule and the report zone apply when it is read (`TicketIngest`'s readers
/// resolve each distinct value once). `tat_text` keeps less than the row: only whether it is
/// there (the figures read the parsed seconds); `title` and `url` are not kept. The raw JSON
/// digests are kept added up per 15 minutes of creation time (`slots`), which every report
/// period's bounds fall on (zone offsets are multiples of 15 minutes).
public struct FactBlock: Sendable {
    /// The UTC day (days since 1970-01-01) the block's tickets were created on.
    public let utcDay: Int64
    /// Its tickets.
    public let count: Int
    /// Per 15 minutes of the day with tickets: the slot (0…95), its tickets, and the sum of
    /// their raw JSON digests.
    public let slots: [Slot]
    let bytes: [UInt8]
    /// By `TicketColumn.readIndex`; `.absent` for a column the block does not hold.
    let layout: [ColumnLayout]
    /// The dictionaries' entries: offset and length in `bytes`, two per entry.
    let entries: [Int]

    public struct Slot: Sendable, Equatable {
        public var slot: Int
        public var tickets: Int
        public var digest: DigestSum
    }

    /// Seconds a slot covers.
    public static let slotSeconds: Int64 = 900

    /// The columns a block holds: every column a period read returns but the raw JSON
    /// digest (kept per slot) and the title and URL, which only the few tickets a report
    /// lists by name show (their texts are read from the rows after counting:
    /// `ReportBuilder.ticketsWithoutText`). A third of a block's bytes were URLs, each
    /// ticket's its own.
    public static let columns: [TicketColumn] = TicketColumn.read.filter { ![.rawSha256, .title, .url].contains($0) }

    /// What a store records beside its blocks: when it differs from the blocks' (a new
    /// column, a new encoding), every block is built again from the rows.
    public static let layoutName = "3 " + columns.map(\.name).joined(separator: ",")

    // Usable from inline code (as `BlockCursor` and `ColumnValues` are): a report reads a
    // ticket's columns from another module (TicketIngest), about twenty reads a ticket.
    @usableFromInline struct ColumnLayout: Sendable {
        @usableFromInline enum Kind: UInt8, Sendable { case absent = 0, integer = 1, text = 2, decimalId = 3 }
        @usableFromInline var kind = Kind.absent
        @usableFromInline var width = 0
        @usableFromInline var base: Int64 = 0
        /// Offset of the codes in `bytes`.
        @usableFromInline var codes = 0
        /// Offset of the NULL bitmap in `bytes`; -1 when the column has no NULL.
        @usableFromInline var nulls = -1
        /// The column's first entry in `entries` (pairs) and their count.
        @usableFromInline var firstEntry = 0
        @usableFromInline var entryCount = 0
    }

    /// Reads an encoded block; throws (naming the day) when the bytes are not one.
    public init(utcDay: Int64, bytes: [UInt8]) throws(FactBlockError) {
        self.utcDay = utcDay
        self.bytes = bytes
        var r = BlockReader(bytes: bytes, day: utcDay)
        guard try r.u16() == 0xFB02 else { throw r.error("is not a fact block of this build") }
        let count = Int(try r.u32())
        self.count = count
        var layout = Array(repeating: ColumnLayout(), count: TicketColumn.read.count)
        var entries: [Int] = []
        let columnCount = Int(try r.u16())
        for _ in 0..<columnCount {
            let name = try r.text()
            guard let kind = ColumnLayout.Kind(rawValue: try r.u8()) else {
                throw r.error("has an unknown column kind")
            }
            var c = ColumnLayout(kind: kind)
            c.width = Int(try r.u8())
            guard [0, 1, 2, 4, 8].contains(c.width) else { throw r.error("has a column of width \(c.width)") }
            c.base = Int64(bitPattern: try r.u64())
            c.firstEntry = entries.count / 2
            c.entryCount = Int(try r.u32())
            for _ in 0..<c.entryCount {
                let n = Int(try r.u32())
                entries.append(r.offset)
                entries.append(n)
                try r.skip(n)
            }
            if try r.u8() == 1 {
                c.nulls = r.offset
                try r.skip((count + 7) / 8)
            }
            c.codes = r.offset
            try r.skip(count * c.width)
            if let column = TicketColumn.readByName[name] { layout[Int(column.readIndex)] = c }
        }
        var slots: [Slot] = []
        for _ in 0..<Int(try r.u16()) {
            let slot = Int(try r.u16())
            let tickets = Int(try r.u32())
            var words: [UInt64] = []
            for _ in 0..<4 { words.append(try r.u64()) }
            slots.append(Slot(slot: slot, tickets: tickets, digest: DigestSum(words[0], words[1], words[2], words[3])))
        }
        guard r.offset == bytes.count else { throw r.error("has bytes after its end") }
        self.layout = layout
        self.entries = entries
        self.slots = slots
    }

    /// Calls `body` with each ticket created in `[from, to)` (seconds), in creation order,
    /// as a row whose values are valid only inside the call.
    public func forEachRow(createdFrom from: Int64, before to: Int64, _ body: (RawTicketRow) throws -> Void) rethrows {
        try withValues { values in
            let created = values.column(.createdAt)
            for row in values.rows(createdFrom: from, before: to, created: created) {
                try body(values.row(row))
            }
        }
    }

    /// Calls `body` with the block's values through pointers (valid only inside the call).
    public func withValues<R>(_ body: (Values) throws -> R) rethrows -> R {
        // None of the three arrays is empty, so each has storage to point at: `bytes` holds
        // at least the header (`init` read it), `layout` a slot per `read` column, and an
        // empty dictionary list is stood in for (nothing reads it).
        try bytes.withUnsafeBufferPointer { b in
            try layout.withUnsafeBufferPointer { l in
                try (entries.isEmpty ? [0] : entries).withUnsafeBufferPointer { e in
                    // (Forced for that reason: no input reaches them.)
                    let (bytes, layout, entries) = (b.baseAddress!, l.baseAddress!, e.baseAddress!)
                    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 24)
                    defer { scratch.deallocate() }
                    let cursor = BlockCursor(bytes: bytes, layout: layout, entries: entries, scratch: scratch, row: 0)
                    return try body(Values(cursor: cursor, count: count))
                }
            }
        }
    }

    /// A block's values, valid only inside `withValues`.
    public struct Values {
        let cursor: BlockCursor
        public let count: Int

        /// One column's values.
        public func column(_ c: TicketColumn) -> ColumnValues {
            ColumnValues(cursor: cursor, layout: cursor.layout[Int(c.readIndex)])
        }

        /// Row `i` as a `RawTicketRow`.
        public func row(_ i: Int) -> RawTicketRow {
            var c = cursor
            c.row = i
            return RawTicketRow(block: c)
        }

        /// The rows created in `[from, to)`, given the creation column (the rows are in
        /// creation order).
        public func rows(createdFrom from: Int64, before to: Int64, created: ColumnValues) -> Range<Int> {
            var lower = 0
            var upper = count
            while lower < upper {
                let mid = (lower + upper) / 2
                if (created.integer(mid) ?? 0) < from { lower = mid + 1 } else { upper = mid }
            }
            var end = lower
            upper = count
            while end < upper {
                let mid = (end + upper) / 2
                if (created.integer(mid) ?? 0) < to { end = mid + 1 } else { upper = mid }
            }
            return lower..<end
        }
    }

    /// One column of a block, valid only inside `withValues`.
    public struct ColumnValues {
        @usableFromInline let cursor: BlockCursor
        @usableFromInline let layout: ColumnLayout

        /// Whether the column holds texts (a dictionary), else integers.
        public var isText: Bool { layout.kind == .text }
        /// Whether the column holds decimal ticket ids as integers.
        public var isDecimal: Bool { layout.kind == .decimalId }
        /// The dictionary's size (texts).
        public var entryCount: Int { layout.kind == .text ? layout.entryCount : 0 }

        /// A dictionary entry's bytes.
        @inlinable @inline(__always) public func entry(_ code: Int) -> UnsafeBufferPointer<UInt8> {
            let e = (layout.firstEntry + code) * 2
            return UnsafeBufferPointer(start: cursor.bytes + cursor.entries[e], count: cursor.entries[e + 1])
        }

        /// A text row's code in the dictionary; -1 for NULL (or a damaged code).
        @inlinable @inline(__always) public func code(_ row: Int) -> Int {
            var c = cursor
            c.row = row
            guard layout.kind == .text, let code = c.code(layout), code < UInt64(layout.entryCount) else { return -1 }
            return Int(code)
        }

        /// An integer row; `nil` for NULL.
        @inlinable @inline(__always) public func integer(_ row: Int) -> Int64? {
            var c = cursor
            c.row = row
            return c.integer(layout)
        }
    }

    /// The block's tickets, their digests added up, created in `[from, to)` (seconds on
    /// 15-minute bounds).
    public func digest(createdFrom from: Int64, before to: Int64) -> (tickets: Int, sum: DigestSum) {
        var tickets = 0
        var sum = DigestSum()
        for s in slots where start(of: s) >= from && start(of: s) < to {
            tickets += s.tickets
            sum.add(s.digest)
        }
        return (tickets, sum)
    }

    /// The instant (seconds) a slot begins at.
    public func start(of slot: Slot) -> Int64 { utcDay * 86_400 + Int64(slot.slot) * Self.slotSeconds }
}

/// A block that cannot be read (a damaged store): named by its day.
public struct FactBlockError: Error, Sendable, CustomStringConvertible {
    public var utcDay: Int64
    public var reason: String
    public var description: String { "the fact block of \(LocalDate(daysSinceEpoch: Int(utcDay))) (UTC) \(reason)" }
}

/// A row of a block, as `RawTicketRow` reads it.
@usableFromInline struct BlockCursor {
    @usableFromInline let bytes: UnsafePointer<UInt8>
    @usableFromInline let layout: UnsafePointer<FactBlock.ColumnLayout>
    @usableFromInline let entries: UnsafePointer<Int>
    /// Where a decimal ticket id is written out when it is asked for.
    let scratch: UnsafeMutablePointer<UInt8>
    @usableFromInline var row: Int

    @inlinable @inline(__always) func code(_ c: FactBlock.ColumnLayout) -> UInt64? {
        if c.nulls >= 0 && bytes[c.nulls + row >> 3] & (1 << UInt8(row & 7)) != 0 { return nil }
        let p = UnsafeRawPointer(bytes + c.codes)
        switch c.width {
        case 0: return 0
        case 1: return UInt64(p.load(fromByteOffset: row, as: UInt8.self))
        case 2: return UInt64(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: row * 2, as: UInt16.self)))
        case 4: return UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: row * 4, as: UInt32.self)))
        default: return UInt64(littleEndian: p.loadUnaligned(fromByteOffset: row * 8, as: UInt64.self))
        }
    }

    @inlinable @inline(__always) func integer(_ c: FactBlock.ColumnLayout) -> Int64? {
        guard c.kind == .integer || c.kind == .decimalId, let code = code(c) else { return nil }
        return c.base &+ Int64(bitPattern: code)
    }

    @inline(__always) func int64(_ column: TicketColumn) -> Int64? {
        integer(layout[Int(column.readIndex)])
    }

    @inline(__always) func text(_ column: TicketColumn) -> UnsafeBufferPointer<UInt8>? {
        let c = layout[Int(column.readIndex)]
        switch c.kind {
        case .text:
            guard let code = code(c), code < UInt64(c.entryCount) else { return nil }
            let e = (c.firstEntry + Int(code)) * 2
            return UnsafeBufferPointer(start: bytes + entries[e], count: entries[e + 1])
        case .decimalId:
            guard var v = integer(c).map(UInt64.init(bitPattern:)) else { return nil }
            var n = 0
            repeat {
                scratch[23 - n] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                v /= 10
                n += 1
            } while v > 0 && n < 24
            return UnsafeBufferPointer(start: scratch + 24 - n, count: n)
        case .integer, .absent:
            return nil
        }
    }
}

/// Bounds-checked reads of a block's bytes.
struct BlockReader {
    let bytes: [UInt8]
    let day: Int64
    var offset = 0

    func error(_ reason: String) -> FactBlockError { FactBlockError(utcDay: day, reason: reason) }

    mutating func skip(_ n: Int) throws(FactBlockError) {
        guard n >= 0, n <= bytes.count - offset else { throw error("is cut short") }
        offset += n
    }

    mutating func fixed(_ n: Int) throws(FactBlockError) -> UInt64 {
        try skip(n)
        var v: UInt64 = 0
        for i in stride(from: offset - 1, through: offset - n, by: -1) { v = v << 8 | UInt64(bytes[i]) }
        return v
    }

    mutating func u8() throws(FactBlockError) -> UInt8 { UInt8(try fixed(1)) }
    mutating func u16() throws(FactBlockError) -> UInt16 { UInt16(try fixed(2)) }
    mutating func u32() throws(FactBlockError) -> UInt32 { UInt32(try fixed(4)) }
    mutating func u64() throws(FactBlockError) -> UInt64 { try fixed(8) }

    mutating func text() throws(FactBlockError) -> String {
        let n = Int(try u32())
        try skip(n)
        return String(decoding: bytes[(offset - n)..<offset], as: UTF8.self)
    }
}

/// The sum of SHA-256 digests as 256-bit numbers, modulo 2²⁵⁶ (so neither order nor
/// grouping matters): what `provenance.inputs` of a store report is made of.
public struct DigestSum: Sendable, Equatable {
    /// Most significant word first.
    public private(set) var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    public init() {}

    public init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        (self.w0, self.w1, self.w2, self.w3) = (w0, w1, w2, w3)
    }

    /// The SHA-256 of no bytes, for a row without a stored digest.
    public static let ofNothing: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// Adds a 32-byte digest (big-endian); a row without one (`nil` or not 32 bytes) adds
    /// `ofNothing`.
    @inline(__always) public mutating func add(digest d: UnsafeBufferPointer<UInt8>?) {
        guard let d, d.count == 32 else { return Self.ofNothing.withUnsafeBufferPointer { add(digest: $0) } }
        let p = UnsafeRawBufferPointer(d)
        add(
            DigestSum(
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self))))
    }

    public mutating func add(_ o: DigestSum) {
        let (d, c3) = w3.addingReportingOverflow(o.w3)
        let (c1, o2a) = w2.addingReportingOverflow(o.w2)
        let (c, o2b) = c1.addingReportingOverflow(c3 ? 1 : 0)
        let (b1, o1a) = w1.addingReportingOverflow(o.w1)
        let (b, o1b) = b1.addingReportingOverflow((o2a || o2b) ? 1 : 0)
        let a = w0 &+ o.w0 &+ ((o1a || o1b) ? 1 : 0)
        (w0, w1, w2, w3) = (a, b, c, d)
    }

    /// The 32 bytes, big-endian.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return out
    }
}
