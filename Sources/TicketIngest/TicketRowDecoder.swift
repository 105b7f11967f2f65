import Foundation
import TicketModel

/// Decodes ticket objects from bytes into full `Ticket` values and their raw JSON (the
/// exact bytes received), for the store: the same fields as `TicketDecoder`, with repeated
/// texts decoded once through per-field caches keyed by raw bytes.
struct TicketRowDecoder {
    var facts: FactsDecoder
    var texts: [FieldCache<String?>] = Array(repeating: FieldCache(), count: Field.allCases.count)

    init(accountTimeZone: TimeZone) {
        facts = FactsDecoder(accountTimeZone: accountTimeZone, lifecycle: .default)
    }

    /// `TicketDecoder.text` of a field, cached for low-cardinality fields.
    mutating func cachedText(_ s: ByteScanner, _ field: Field) -> String? {
        // A field with many distinct values (tat) must not grow the cache without bound.
        if texts[field.rawValue].interner.count > 100_000 { texts[field.rawValue] = FieldCache() }
        var isNew = false
        let id = FactsDecoder.intern(&texts[field.rawValue], s, facts.values[field.rawValue], isNew: &isNew)
        if isNew { texts[field.rawValue].payloads.append(facts.text(s, facts.values[field.rawValue])) }
        return texts[field.rawValue].payloads[Int(id)]
    }

    enum Outcome {
        case ticket(Ticket, raw: String)
        case skipped(SkipReason)
    }

    /// Decodes the element at `i` into the stored columns (the fields reports read, with
    /// `TicketDecoder`'s rules) and its raw JSON, exactly as received.
    mutating func decode(_ s: ByteScanner, at i: Int) throws(ByteScanner.Failure) -> (Outcome, Int) {
        guard i < s.count, s.base[i] == 0x7B else {
            let (_, end) = try s.scanValue(i)
            return (.skipped(.notAnObject), end)
        }
        let end = try facts.scanFields(s, at: i)
        // The same checks, in the same order, as TicketDecoder.decode.
        guard let id = facts.text(s, facts.values[Field.ticketId.rawValue]) else {
            return (.skipped(.missingTicketId), end)
        }
        guard let dateValue = facts.values[Field.date.rawValue], let local = facts.localSeconds(s, dateValue) else {
            return (.skipped(.unparseableCreationDate), end)
        }
        let raw = String(decoding: UnsafeBufferPointer(start: s.base + i, count: end - i), as: UTF8.self)
        var t = Ticket(
            ticketId: id,
            createdAt: Date(timeIntervalSince1970: TimeInterval(facts.clock.instant(fromLocalSeconds: local))),
            assignedId: facts.integer(s, facts.values[Field.assignedId.rawValue]) ?? 0)
        t.status = cachedText(s, .status)
        t.substatusKey = cachedText(s, .substatusKey)
        t.priority = cachedText(s, .priority)?.lowercased()
        t.queueName = cachedText(s, .queueName)
        t.queueKey = cachedText(s, .queueKey)
        t.primarySource = cachedText(s, .primarySource)
        t.lastSource = cachedText(s, .lastSource)
        t.assignedToName = cachedText(s, .assignedToName)
        t.slaStatus = cachedText(s, .slaStatus)
        if let tat = facts.text(s, facts.values[Field.tat.rawValue]) {
            // The seconds as the fast path reads them (the same as DurationText's).
            let seconds = facts.tat(s)
            t.tat = DurationText(raw: tat, seconds: seconds >= 0 ? Int(seconds) : nil)
        }
        t.ftr = facts.values[Field.ftr.rawValue].flatMap { TicketDecoder.flag(facts.jsonValue(s, $0)) }
        t.customerRating = facts.integer(s, facts.values[Field.customerRating.rawValue]).map { Int(clamping: $0) }
        t.totalConversations = facts.integer(s, facts.values[Field.totalConversations.rawValue]).map {
            Int(clamping: $0)
        }
        t.title = facts.text(s, facts.values[Field.taskTitle.rawValue])
        t.url = facts.text(s, facts.values[Field.url.rawValue])
        return (.ticket(t, raw: raw), end)
    }
}
