import Foundation
import TicketModel
import TicketStore

/// Decodes ticket objects from bytes straight into a `TicketBatch` for the store: the same
/// columns, with the same rules, as `TicketDecoder` followed by `TicketBatch.append`, and the
/// raw JSON (the exact bytes received) compressed with the store's dictionary, without a
/// `String` per value: texts that need no decoding are copied as bytes, repeated texts are
/// decoded once through per-field caches keyed by raw bytes.
struct TicketRowDecoder {
    var facts: FactsDecoder
    /// Where in `decodedTexts` the decoded bytes of each distinct raw value of the
    /// low-cardinality fields are (count -1: NULL).
    var texts: [FieldCache<(start: Int, count: Int)>] = Array(repeating: FieldCache(), count: Field.slotCount)
    var decodedTexts: [UInt8] = []
    var flags = FieldCache<Int64?>()
    var batch: TicketBatch
    let compressor: RawJSONCompressor?
    /// Whether the last `decode` appended a ticket that `discardPending` would remove.
    var pending = false
    /// `Self.textColumns` and `Self.integerColumns`, kept here: read for every ticket.
    let textColumns = Self.textColumns
    let integerColumns = Self.integerColumns

    init(accountTimeZone: TimeZone, dictionary: RawJSONDictionary?) {
        facts = FactsDecoder(accountTimeZone: accountTimeZone, lifecycle: .default)
        compressor = dictionary.map(RawJSONCompressor.init)
        batch = TicketBatch(dictionary: dictionary)
    }

    enum Outcome {
        /// Appended to the batch; created on this account-zone day (days since 1970).
        case ticket(day: Int)
        case skipped(SkipReason)
    }

    /// A value's bytes when they are its text as they are (no escape, entity or surrounding
    /// white space; numbers as written).
    @inline(__always) func plainBytes(_ s: ByteScanner, _ v: ByteScanner.Value) -> UnsafeRawBufferPointer? {
        guard (v.kind == .string && !v.escaped && v.end > v.start && facts.plainText(s, v)) || v.kind == .number
        else { return nil }
        return UnsafeRawBufferPointer(start: s.base + v.start, count: v.end - v.start)
    }

    /// `TicketDecoder.text` of a low-cardinality field, as bytes (with `asPriority`, then
    /// `TicketRules.priority`): copied when plain (and, for a priority, when lower-casing
    /// cannot change it: no A–Z, no byte above ASCII), else decoded once per distinct raw value.
    mutating func setCachedText(_ column: TicketColumn, _ s: ByteScanner, _ slot: Int, asPriority: Bool = false) {
        if let v = facts.values[slot], let bytes = plainBytes(s, v),
            !asPriority || !bytes.contains(where: { $0 &- 0x41 < 26 || $0 >= 0x80 })
        {
            return batch.setText(column, bytes)
        }
        // A field with many distinct values must not grow the cache without bound.
        if texts[slot].interner.count > 100_000 {
            texts = Array(repeating: FieldCache(), count: Field.slotCount)
            decodedTexts = []
        }
        var isNew = false
        let id = FactsDecoder.intern(&texts[slot], s, facts.values[slot], isNew: &isNew)
        if isNew {
            let text = facts.text(s, facts.values[slot])
            if let decoded = asPriority ? TicketRules.priority(text) : text {
                texts[slot].payloads.append((decodedTexts.count, decoded.utf8.count))
                decodedTexts.append(contentsOf: decoded.utf8)
            } else {
                texts[slot].payloads.append((0, -1))
            }
        }
        let span = texts[slot].payloads[Int(id)]
        if span.count < 0 { return batch.setText(column, nil as [UInt8]?) }
        decodedTexts.withUnsafeBytes { all in
            batch.setText(column, UnsafeRawBufferPointer(rebasing: all[span.start..<span.start + span.count]))
        }
    }

    /// `TicketDecoder.text` of any field: its bytes as they are when they need no decoding.
    mutating func setText(_ column: TicketColumn, _ s: ByteScanner, _ slot: Int) {
        guard let v = facts.values[slot] else { return batch.setText(column, nil as [UInt8]?) }
        if let bytes = plainBytes(s, v) {
            batch.setText(column, bytes)
        } else {
            batch.setText(column, facts.text(s, v))
        }
    }

    /// The columns of `.text` and `.integer` fields (`TicketField.kind`) but the id, read by
    /// their kind's rule, with their fields' value slots.
    static let textColumns: [(column: TicketColumn, slot: Int, repeats: Bool)] = TicketColumn.textColumns.compactMap {
        guard $0 != .ticketId, let field = $0.field, field.kind == .text, let slot = Field.slots[field] else {
            return nil
        }
        return ($0, slot, field.repeats)
    }
    static let integerColumns: [(column: TicketColumn, slot: Int)] = TicketColumn.integerColumns.compactMap {
        guard let field = $0.field, field.kind == .integer, let slot = Field.slots[field] else { return nil }
        return ($0, slot)
    }

    mutating func discardPending() {
        if pending { batch.removeLastTicket() }
        pending = false
    }

    /// Decodes the element at `i` into the batch (the columns reports read, with
    /// `TicketDecoder`'s rules, and its raw JSON exactly as received).
    mutating func decode(_ s: ByteScanner, at i: Int) throws(ByteScanner.Failure) -> (Outcome, Int) {
        pending = false
        guard i < s.count, s.base[i] == 0x7B else {
            let (_, end) = try s.scanValue(i)
            return (.skipped(.notAnObject), end)
        }
        let end = try facts.scanFields(s, at: i)
        // The same checks, in the same order, as TicketDecoder.decode.
        guard let idValue = facts.values[Field.ticketId.rawValue] else { return (.skipped(.missingTicketId), end) }
        let idBytes = plainBytes(s, idValue)
        let idText = idBytes == nil ? facts.text(s, idValue) : nil
        guard idBytes != nil || idText != nil else { return (.skipped(.missingTicketId), end) }
        guard let dateValue = facts.values[Field.date.rawValue], let local = facts.localSeconds(s, dateValue) else {
            return (.skipped(.unparseableCreationDate), end)
        }
        let created = facts.clock.instant(fromLocalSeconds: local)

        batch.startTicket()
        pending = true
        if let idBytes { batch.setText(.ticketId, idBytes) } else { batch.setText(.ticketId, idText) }
        batch.setInteger(.createdAt, created)
        batch.setInteger(.assignedId, facts.integer(s, facts.values[Field.assignedId.rawValue]) ?? 0)
        for (column, slot, repeats) in textColumns {
            if repeats { setCachedText(column, s, slot) } else { setText(column, s, slot) }
        }
        for (column, slot) in integerColumns { batch.setInteger(column, facts.integer(s, facts.values[slot])) }
        // The columns of fields with a rule of their own.
        setCachedText(.priority, s, Field.priority.rawValue, asPriority: true)
        setText(.tatText, s, Field.tat.rawValue)
        if !batch.isNull(.tatText) {
            // The seconds as the fast path reads them (the same as DurationText's), exactly
            // when they do not fit the 32 bits the metrics keep.
            let seconds = facts.tat(s)
            if seconds == Int32.max, let text = facts.text(s, facts.values[Field.tat.rawValue]) {
                batch.setInteger(.tatSeconds, DurationText(raw: text).seconds.map(Int64.init))
            } else {
                batch.setInteger(.tatSeconds, seconds >= 0 ? Int64(seconds) : nil)
            }
        }
        var isNew = false
        let flag = FactsDecoder.intern(&flags, s, facts.values[Field.ftr.rawValue], isNew: &isNew)
        if isNew {
            flags.payloads.append(
                facts.values[Field.ftr.rawValue].flatMap { TicketDecoder.flag(facts.jsonValue(s, $0)) }.map {
                    $0 ? 1 : 0
                })
        }
        batch.setInteger(.ftr, flags.payloads[Int(flag)])
        batch.setRaw(UnsafeRawBufferPointer(start: s.base + i, count: end - i), compressor: compressor)
        return (.ticket(day: facts.clock.localDate(atInstant: created).daysSinceEpoch), end)
    }
}
