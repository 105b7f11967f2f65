import TicketModel

/// Builds one day's `FactBlock` from the day's rows, added in any order: the block is a
/// function of the rows alone (its tickets in creation order, ties by ticketId as SQLite
/// orders text, each dictionary in order of first use), however they were read.
public struct FactBlockBuilder: Sendable {
    public let utcDay: Int64
    /// Rows added, replaced ones included.
    var rows = 0
    var integers: [[Int64?]]
    var texts: [TextColumn]
    /// Each row's raw JSON digest (added up per slot when encoded).
    var digests: [DigestSum] = []
    /// The row holding each ticketId (by its code), and the rows a later copy replaced.
    var rowOfId: [Int] = []
    var replaced: Set<Int> = []

    /// The block's tickets.
    public var count: Int { rows - replaced.count }

    /// The integer and text columns of `FactBlock.columns`, in order.
    static let integerColumns = FactBlock.columns.filter { !$0.isText }
    static let textColumns = FactBlock.columns.filter { $0.isText }

    struct TextColumn {
        var codes: [UInt32?] = []
        var values = RawInterner()

        /// Adds a value; returns its code.
        @discardableResult
        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>?) -> UInt32? {
            guard let bytes else {
                codes.append(nil)
                return nil
            }
            let id = code(bytes)
            codes.append(id)
            return id
        }

        /// The code of a value (added to the dictionary, unused, when new).
        mutating func code(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
            var isNew = false
            var empty: UInt8 = 0
            return withUnsafePointer(to: &empty) { none in
                UInt32(values.intern(bytes.baseAddress ?? none, bytes.count, tag: 0, isNew: &isNew))
            }
        }
    }

    public init(utcDay: Int64) {
        self.utcDay = utcDay
        integers = Array(repeating: [], count: Self.integerColumns.count)
        texts = Array(repeating: TextColumn(), count: Self.textColumns.count)
    }

    /// Adds a row (a row created on another day is the caller's error).
    public mutating func add(_ row: RawTicketRow) { add(row: row) }

    /// Adds a row of the values a batch writes.
    mutating func add(_ row: TicketBatch.Row) { add(row: row) }

    /// Removes the ticket `ticketId` (a later copy of it is on another day).
    mutating func remove(ticketId: UnsafeBufferPointer<UInt8>) {
        let code = Int(texts[Self.idIndex].code(ticketId))
        if code < rowOfId.count && rowOfId[code] >= 0 {
            replaced.insert(rowOfId[code])
            rowOfId[code] = -1
        }
    }

    static let idIndex = textColumns.firstIndex(of: .ticketId) ?? 0

    @inline(__always) mutating func add(row: some BlockRow) {
        let index = rows
        rows += 1
        for (i, c) in Self.integerColumns.enumerated() { integers[i].append(row.int64(c)) }
        for (i, c) in Self.textColumns.enumerated() {
            switch c {
            case .tatText:
                // Only whether it is there: the figures read the parsed seconds.
                if row.text(c) == nil {
                    texts[i].add(nil)
                } else {
                    [UInt8]().withUnsafeBufferPointer { _ = texts[i].add($0) }
                }
            case .ticketId:
                // A later copy of a ticket replaces the earlier one.
                guard let code = texts[i].add(row.text(c)).map(Int.init) else { continue }
                while rowOfId.count <= code { rowOfId.append(-1) }
                if rowOfId[code] >= 0 { replaced.insert(rowOfId[code]) }
                rowOfId[code] = index
            default:
                texts[i].add(row.text(c))
            }
        }
        var digest = DigestSum()
        digest.add(digest: row.text(.rawSha256))
        digests.append(digest)
    }

    /// The block's bytes (`FactBlock(utcDay:bytes:)` reads them).
    public func encoded() -> [UInt8] {
        let created = integers[Self.integerColumns.firstIndex(of: .createdAt) ?? 0]
        let ids = texts[Self.textColumns.firstIndex(of: .ticketId) ?? 0]
        let order = (0..<rows).filter { !replaced.contains($0) }.sorted { a, b in
            let (x, y) = (created[a] ?? 0, created[b] ?? 0)
            if x != y { return x < y }
            guard let i = ids.codes[a], let j = ids.codes[b] else { return ids.codes[a] == nil && ids.codes[b] != nil }
            return ids.values.bytes(Int(i)).lexicographicallyPrecedes(ids.values.bytes(Int(j)))
        }
        var w = BlockWriter()
        w.fixed(0xFB02, 2)
        w.fixed(UInt64(count), 4)
        w.fixed(UInt64(FactBlock.columns.count), 2)
        var integerIndex = 0
        var textIndex = 0
        for c in FactBlock.columns {
            w.text(c.name)
            if c.isText {
                let t = texts[textIndex]
                textIndex += 1
                if c == .ticketId, let numbers = Self.decimalIds(t) {
                    w.integers(order.map { numbers[$0] }, kind: .decimalId)
                } else {
                    w.texts(t, order: order)
                }
            } else {
                let values = integers[integerIndex]
                w.integers(order.map { values[$0] }, kind: .integer)
                integerIndex += 1
            }
        }
        var slotTickets = Array(repeating: 0, count: 96)
        var slotSums = Array(repeating: DigestSum(), count: 96)
        for row in order {
            let slot = Int(min(95, max(0, ((created[row] ?? 0) - utcDay * 86_400) / FactBlock.slotSeconds)))
            slotTickets[slot] += 1
            slotSums[slot].add(digests[row])
        }
        let used = (0..<96).filter { slotTickets[$0] > 0 }
        w.fixed(UInt64(used.count), 2)
        for s in used {
            w.fixed(UInt64(s), 2)
            w.fixed(UInt64(slotTickets[s]), 4)
            let d = slotSums[s]
            for word in [d.w0, d.w1, d.w2, d.w3] { w.fixed(word, 8) }
        }
        return w.bytes
    }

    /// The ids as numbers when every one is a plain decimal number (no sign, no leading
    /// zero, at most 18 digits), which it then reads back as exactly.
    static func decimalIds(_ t: TextColumn) -> [Int64?]? {
        var numbers: [Int64] = []
        numbers.reserveCapacity(t.values.count)
        for k in 0..<t.values.count {
            let u = t.values.bytes(k)
            guard (1...18).contains(u.count), u.count == 1 || u.first != UInt8(ascii: "0") else { return nil }
            var v: Int64 = 0
            for c in u {
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            numbers.append(v)
        }
        return t.codes.map { $0.map { numbers[Int($0)] } }
    }
}

/// Where a block's builder reads a row's values: a row read from the store, or a row of a
/// batch being written.
protocol BlockRow {
    func text(_ c: TicketColumn) -> UnsafeBufferPointer<UInt8>?
    func int64(_ c: TicketColumn) -> Int64?
}

extension RawTicketRow: BlockRow {}

extension TicketBatch {
    /// A row of a batch's values, as its write stores them.
    struct Row: BlockRow {
        let columns: Columns
        let row: Int

        @inline(__always) func text(_ c: TicketColumn) -> UnsafeBufferPointer<UInt8>? {
            guard c.source == .text, let v = columns.text(row, c) else { return nil }
            return v.bindMemory(to: UInt8.self)
        }

        @inline(__always) func int64(_ c: TicketColumn) -> Int64? {
            guard c.source == .integer else { return nil }
            return columns.integer(row, c)
        }
    }
}

/// Little-endian writes of a block.
struct BlockWriter {
    var bytes: [UInt8] = []

    mutating func fixed(_ v: UInt64, _ n: Int) {
        for i in 0..<n { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(8 * i))) }
    }

    mutating func text(_ s: String) {
        fixed(UInt64(s.utf8.count), 4)
        bytes.append(contentsOf: s.utf8)
    }

    static func width(_ max: UInt64) -> Int {
        max == 0 ? 0 : max <= 0xFF ? 1 : max <= 0xFFFF ? 2 : max <= 0xFFFF_FFFF ? 4 : 8
    }

    mutating func nulls(_ isNull: [Bool]) {
        guard isNull.contains(true) else { return fixed(0, 1) }
        fixed(1, 1)
        var byte: UInt8 = 0
        for (i, null) in isNull.enumerated() {
            if null { byte |= 1 << UInt8(i & 7) }
            if i & 7 == 7 {
                bytes.append(byte)
                byte = 0
            }
        }
        if isNull.count & 7 != 0 { bytes.append(byte) }
    }

    mutating func codes(_ codes: [UInt64], width: Int) {
        for c in codes { fixed(c, width) }
    }

    mutating func integers(_ values: [Int64?], kind: FactBlock.ColumnLayout.Kind) {
        let present = values.compactMap { $0 }
        let base = present.min() ?? 0
        let codes = values.map { $0.map { UInt64(bitPattern: $0 &- base) } ?? 0 }
        let width = Self.width(codes.max() ?? 0)
        fixed(UInt64(kind.rawValue), 1)
        fixed(UInt64(width), 1)
        fixed(UInt64(bitPattern: base), 8)
        fixed(0, 4)
        nulls(values.map { $0 == nil })
        self.codes(codes, width: width)
    }

    /// A text column, its rows in `order`, its dictionary renumbered in order of first use.
    mutating func texts(_ t: FactBlockBuilder.TextColumn, order: [Int]) {
        var renumbered = Array(repeating: UInt32.max, count: t.values.count)
        var used: [Int] = []
        let codes = order.map { row -> UInt32? in
            guard let old = t.codes[row] else { return nil }
            if renumbered[Int(old)] == .max {
                renumbered[Int(old)] = UInt32(used.count)
                used.append(Int(old))
            }
            return renumbered[Int(old)]
        }
        let width = Self.width(UInt64(max(0, used.count - 1)))
        fixed(UInt64(FactBlock.ColumnLayout.Kind.text.rawValue), 1)
        fixed(UInt64(width), 1)
        fixed(0, 8)
        fixed(UInt64(used.count), 4)
        for k in used {
            let v = t.values.bytes(k)
            fixed(UInt64(v.count), 4)
            bytes.append(contentsOf: v)
        }
        nulls(codes.map { $0 == nil })
        self.codes(codes.map { UInt64($0 ?? 0) }, width: width)
    }
}
