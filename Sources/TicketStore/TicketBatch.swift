import Crypto
import Foundation
public import TicketModel

/// Tickets ready for the store: every column value of every ticket as bytes in one buffer,
/// so that the store binds them to its statements without building a `String` per value,
/// and the raw ticket JSON already compressed (when the store has a dictionary). Decoding
/// threads build batches; the store's single writer only binds and steps.
public struct TicketBatch: Sendable {
    struct Span {
        var start: Int
        /// -1 for NULL.
        var count: Int
    }

    /// A row's text columns (`TicketColumn.textColumns`, each a span) and integer columns.
    static let texts = TicketColumn.textColumns.count
    static let integers = TicketColumn.integerColumns.count

    /// The layout, copied into each batch from the statics above and `TicketColumn.slots`:
    /// read for every value written, where a static is checked for its initialisation at
    /// each read (`swift_once`, 0.8 % of an import's samples).
    struct Layout: Sendable {
        let texts = TicketBatch.texts
        let integers = TicketBatch.integers
        let slots = TicketColumn.slots
        let newRowNulls = TicketBatch.newRowNulls

        /// Where a row's text column's span is in `spans` (a text column's `slot`).
        @inline(__always) func textSlot(_ row: Int, _ column: TicketColumn) -> Int {
            row &* texts &+ slots[Int(column.rawValue)]
        }
        /// Where a row's integer column is in `ints` (an integer column's `slot`).
        @inline(__always) func integerSlot(_ row: Int, _ column: TicketColumn) -> Int {
            row &* integers &+ slots[Int(column.rawValue)]
        }
        /// Whether an integer column is NULL in a row's bits of `nulls`.
        @inline(__always) func isNull(_ column: TicketColumn, in nulls: UInt16) -> Bool {
            nulls & (1 << slots[Int(column.rawValue)]) != 0
        }
    }

    let layout = Layout()

    /// A new row's bits: every integer NULL but `createdAt` and `assignedId`, which are zero.
    /// (A row keeps its integers' NULL bits in 16 bits: `FieldTableTests` holds the column
    /// declaration to at most 16 integer columns.)
    static let newRowNulls: UInt16 = ~(1 << TicketColumn.createdAt.slot | 1 << TicketColumn.assignedId.slot)

    var bytes: [UInt8] = []
    var spans: [Span] = []
    var ints: [Int64] = []
    /// A bit per integer column per row: set when NULL.
    var nulls: [UInt16] = []
    /// The dictionary the `raw` column is compressed with; `nil` when it is plain JSON text.
    public let dictionaryID: Int64?

    /// The number of tickets.
    public private(set) var count = 0
    /// Where the last ticket's bytes begin.
    var lastTicketStart = 0

    /// An empty batch whose raw JSON is compressed with `dictionary`, or kept as text when
    /// `nil`.
    public init(dictionary: RawJSONDictionary?) {
        dictionaryID = dictionary?.id
    }

    /// Starts the next ticket, every column NULL (zero for `createdAt` and `assignedId`).
    public mutating func startTicket() {
        lastTicketStart = bytes.count
        spans.append(contentsOf: repeatElement(Span(start: 0, count: -1), count: layout.texts))
        ints.append(contentsOf: repeatElement(0, count: layout.integers))
        nulls.append(layout.newRowNulls)
        count += 1
    }

    /// The span of a text column of the current ticket.
    private subscript(current column: TicketColumn) -> Span {
        get { spans[layout.textSlot(count - 1, column)] }
        set { spans[layout.textSlot(count - 1, column)] = newValue }
    }

    /// Sets a text column of the current ticket to a copy of `text` (`nil`: NULL).
    public mutating func setText(_ column: TicketColumn, _ text: UnsafeRawBufferPointer?) {
        guard let text else { return self[current: column] = Span(start: 0, count: -1) }
        self[current: column] = Span(start: bytes.count, count: text.count)
        bytes.append(contentsOf: text)
    }

    public mutating func setText(_ column: TicketColumn, _ text: String?) {
        guard var text else { return setText(column, nil as UnsafeRawBufferPointer?) }
        text.withUTF8 { setText(column, UnsafeRawBufferPointer($0)) }
    }

    public mutating func setText(_ column: TicketColumn, _ text: [UInt8]?) {
        guard let text else { return setText(column, nil as UnsafeRawBufferPointer?) }
        text.withUnsafeBytes { setText(column, $0) }
    }

    /// Whether a text column of the current ticket is NULL.
    public func isNull(_ column: TicketColumn) -> Bool { self[current: column].count < 0 }

    /// Sets an integer column of the current ticket (`nil`: NULL).
    public mutating func setInteger(_ column: TicketColumn, _ value: Int64?) {
        let bit = UInt16(1) << layout.slots[Int(column.rawValue)]
        if let value {
            ints[layout.integerSlot(count - 1, column)] = value
            nulls[count - 1] &= ~bit
        } else {
            nulls[count - 1] |= bit
        }
    }

    /// Sets the current ticket's raw JSON (the exact bytes of its object), compressed with
    /// `compressor`, whose dictionary must be the batch's (`nil` when the batch has none),
    /// and its SHA-256 (`rawSha256`), the one place a stored ticket's digest is made.
    public mutating func setRaw(_ json: UnsafeRawBufferPointer, compressor: RawJSONCompressor?) {
        precondition(compressor?.dictionary.id == dictionaryID, "a batch's raw JSON uses one dictionary")
        SHA256.hash(data: json).withUnsafeBytes { setText(.rawSha256, $0) }
        guard let compressor else { return setText(.raw, json) }
        let start = bytes.count
        compressor.compress(json, appendingTo: &bytes)
        self[current: .raw] = Span(start: start, count: bytes.count - start)
    }

    /// Appends a decoded ticket and the JSON it came from.
    public mutating func append(_ t: Ticket, rawJSON: String, compressor: RawJSONCompressor?) {
        startTicket()
        setInteger(.createdAt, Int64(t.createdAt.timeIntervalSince1970.rounded(.down)))
        setInteger(.assignedId, t.assignedId)
        for column in TicketColumn.textColumns {
            guard let field = column.field, field.kind == .text else { continue }
            setText(column, t[text: field])
        }
        for column in TicketColumn.integerColumns {
            guard let field = column.field, field.kind == .integer else { continue }
            setInteger(column, t[integer: field])
        }
        // The columns of fields with a rule of their own.
        setText(.priority, t.priority)
        setText(.tatText, t.tat?.raw)
        setInteger(.tatSeconds, t.tat?.seconds.map(Int64.init))
        setInteger(.ftr, t.ftr.map { $0 ? 1 : 0 })
        var raw = rawJSON
        raw.withUTF8 { setRaw(UnsafeRawBufferPointer($0), compressor: compressor) }
    }

    /// Removes the ticket started last (once: the one before it stays).
    public mutating func removeLastTicket() {
        guard count > 0 else { return }
        bytes.removeLast(bytes.count - lastTicketStart)
        spans.removeLast(layout.texts)
        ints.removeLast(layout.integers)
        nulls.removeLast()
        count -= 1
    }

    /// Drops the tickets, keeping the buffers' capacity.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        ints.removeAll(keepingCapacity: true)
        nulls.removeAll(keepingCapacity: true)
        count = 0
    }

    // MARK: Reading (the store's writer)

    @inline(__always) func span(_ row: Int, _ column: TicketColumn) -> Span {
        spans[layout.textSlot(row, column)]
    }

    /// An integer column of a row; `nil` for NULL.
    @inline(__always) public func integer(_ row: Int, _ column: TicketColumn) -> Int64? {
        layout.isNull(column, in: nulls[row]) ? nil : ints[layout.integerSlot(row, column)]
    }
}

extension TicketBatch {
    /// The bytes of a text column of a row as stored (compressed for `raw` when the batch
    /// has a dictionary); `nil` for NULL.
    public func text(_ row: Int, _ column: TicketColumn) -> [UInt8]? {
        let s = span(row, column)
        return s.count < 0 ? nil : Array(bytes[s.start..<s.start + s.count])
    }

    /// The ticketIds of the batch, in order (for checks and tests).
    public var ticketIds: [String] {
        (0..<count).map { row in text(row, .ticketId).map { String(decoding: $0, as: UTF8.self) } ?? "" }
    }
}

extension TicketBatch {
    /// The batch's values through pointers, for a writer that encodes many rows (no
    /// reference count per value); valid only inside `withColumns`.
    struct Columns {
        let bytes: UnsafeRawBufferPointer
        let spans: UnsafeBufferPointer<Span>
        let ints: UnsafeBufferPointer<Int64>
        let nulls: UnsafeBufferPointer<UInt16>
        let dictionaryID: Int64?
        let layout: Layout

        /// A text column's bytes; `nil` for NULL.
        @inline(__always) func text(_ row: Int, _ column: TicketColumn) -> UnsafeRawBufferPointer? {
            let s = spans[layout.textSlot(row, column)]
            return s.count < 0 ? nil : UnsafeRawBufferPointer(rebasing: bytes[s.start..<s.start + s.count])
        }

        /// An integer column; `nil` for NULL.
        @inline(__always) func integer(_ row: Int, _ column: TicketColumn) -> Int64? {
            layout.isNull(column, in: nulls[row]) ? nil : ints[layout.integerSlot(row, column)]
        }

        /// At least the bytes of any encoding of the row that holds each value at most twice
        /// with up to 12 bytes of framing per value (a `COPY` row with its `packed`).
        @inline(__always) func encodedBound(_ row: Int) -> Int {
            var texts = 0
            let first = row * layout.texts  // a row's spans are neighbours
            for i in first..<first + layout.texts { texts += max(0, spans[i].count) }
            return 2 * texts + 24 * (layout.texts + layout.integers) + 64
        }
    }

    /// Calls `body` with the batch's values through pointers.
    func withColumns<R>(_ body: (Columns) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { b in
            try spans.withUnsafeBufferPointer { s in
                try ints.withUnsafeBufferPointer { i in
                    try nulls.withUnsafeBufferPointer { n in
                        try body(
                            Columns(bytes: b, spans: s, ints: i, nulls: n, dictionaryID: dictionaryID, layout: layout))
                    }
                }
            }
        }
    }
}

extension TicketBatch {
    /// The UTC days (`WrittenDays.utcDay`) the batch's tickets were created on, ascending:
    /// what a write stamps in `written_days`.
    public var utcDays: [Int64] {
        var days = Set<Int64>()
        for row in 0..<count { days.insert(WrittenDays.utcDay(ofInstant: integer(row, .createdAt) ?? 0)) }
        return days.sorted()
    }
}

/// Which days' tickets each write changed: every write of tickets stamps the UTC days they
/// were created on (`written_days`) with the store generation it raised, and a ticket
/// deleted or moved to another creation time stamps its old day (a trigger): the days whose
/// fact blocks a write builds again (`rebuildFactBlocks(stampedAfter:)` in both stores).
public enum WrittenDays {
    /// The UTC day (days since 1970-01-01) of an instant in seconds.
    public static func utcDay(ofInstant t: Int64) -> Int64 {
        t >= 0 ? t / 86_400 : -((-t - 1) / 86_400) - 1
    }

    /// The UTC days that overlap `[start, end)` (seconds; `end > start`).
    public static func utcDays(from start: Int64, before end: Int64) -> ClosedRange<Int64> {
        utcDay(ofInstant: start)...utcDay(ofInstant: end - 1)
    }
}
