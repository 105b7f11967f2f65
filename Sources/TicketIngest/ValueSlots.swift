import TicketModel

/// The fields of the ticket being decoded: fixed storage, no copy-on-write checks per write.
final class ValueSlots {
    /// `Field.slotCount`, kept here: `clear` reads it for every ticket.
    let count = Field.slotCount
    let slots: UnsafeMutablePointer<ByteScanner.Value?>

    init() {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    @inline(__always) subscript(i: Int) -> ByteScanner.Value? {
        get { slots[i] }
        set { slots[i] = newValue }
    }

    @inline(__always) func clear() {
        for k in 0..<count { slots[k] = nil }
    }
}

/// The fields of a ticket being decoded from JSON bytes, for `GroupCaches`.
struct JSONFieldTexts: FieldTexts {
    let scanner: ByteScanner
    let values: ValueSlots

    @inline(__always) func raw(_ field: Field) -> RawText {
        guard let v = values[field.rawValue] else { return RawText(base: nil, count: 0, tag: 0xFF) }
        switch v.kind {
        case .null, .object, .array: return RawText(base: nil, count: 0, tag: 0xFE)
        default: return RawText(base: scanner.base + v.start, count: v.end - v.start, tag: v.kind.rawValue)
        }
    }

    func text(_ field: Field) -> String? { FactsDecoder.text(scanner, values[field.rawValue]) }
}
