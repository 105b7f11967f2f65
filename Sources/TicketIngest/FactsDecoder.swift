public import Foundation
public import SLAAnalytics
public import TicketModel
import TicketStore

/// The ticket fields the fast decoders read by name (a value slot each, in this order),
/// named as in `TicketField`, whose keys the byte scanner matches. Every other field a store
/// column holds (`TicketColumn.field`) gets a slot after them, so that a new column's field
/// is read with no case here (`slots`).
enum Field: Int, CaseIterable {
    case ticketId, date, status, substatusKey, priority, queueName, queueKey, primarySource, lastSource, assignedId,
        assignedToName, slaStatus, tat, ftr, customerRating, totalConversations, taskTitle, url, disposition

    /// Each field's value slot: the cases', then the stored fields no case names.
    static let slots: [TicketField: Int] = {
        var out: [TicketField: Int] = [:]
        for field in allCases {
            if let named = TicketField(rawValue: String(describing: field)) { out[named] = field.rawValue }
        }
        for field in TicketColumn.allCases.compactMap(\.field) where out[field] == nil { out[field] = out.count }
        return out
    }()

    /// The number of value slots.
    static let slotCount = slots.count

    /// Every key of every field with a slot (`TicketField.keys`), as bytes, to its slot.
    static let byKey: [[UInt8]: Int] = {
        var out: [[UInt8]: Int] = [:]
        for (field, slot) in slots {
            for key in field.keys { out[Array(key.utf8)] = slot }
        }
        return out
    }()

    static let unknown = -1
}

/// A per-field cache from raw value bytes to what the metrics need of them.
struct FieldCache<Payload> {
    var interner = RawInterner()
    var payloads: [Payload] = []
}

/// Decodes ticket objects straight from bytes into `TicketFacts`, with the same results as
/// `TicketDecoder` followed by `TicketFacts.of` (the test suite checks this on every shape
/// of input), but without building a `String`, `Date` or dictionary per ticket: values are
/// located by `ByteScanner`, repeated texts are interned by their raw bytes and decoded
/// once, timestamps and integers are parsed arithmetically.
///
/// One decoder per thread; its `labels` are the ids its facts refer to.
public struct FactsDecoder {
    let clock: ZoneClock
    let lifecycle: LifecyclePolicy
    /// Keep the texts of every open ticket, not only the breached ones (`TicketFacts.keepsText`).
    public var openText = false
    /// The label table its facts' ids refer to.
    public var labels: LabelTable { groups.labels }

    var groups: GroupCaches
    var ftr = FieldCache<Bool>()
    var tatTexts = FieldCache<Int32>()

    // The previous ticket's keys, in order, to recognise the next ticket's keys by comparing
    // two 8-byte words (and the whole key only when it is longer than 16 bytes).
    struct KnownKey {
        var length: Int
        var first: UInt64
        var last: UInt64
        var arenaOffset: Int
        var field: Int
    }
    var knownKeys: [KnownKey] = []
    var keyArena: [UInt8] = []

    /// The fields of the ticket being decoded (reused; `nil` = absent).
    let values = ValueSlots()

    public init(accountTimeZone: TimeZone, lifecycle: LifecyclePolicy) {
        clock = ZoneClock(accountTimeZone)
        self.lifecycle = lifecycle
        groups = GroupCaches(lifecycle: lifecycle)
    }

    /// The facts of a ticket decoded the tolerant way, with ids in this decoder's labels,
    /// and its texts when it keeps them.
    public mutating func facts(of ticket: Ticket) -> (facts: TicketFacts, text: AttentionText?) {
        TicketFacts.of(ticket, lifecycle: lifecycle, labels: &groups.labels, openText: openText)
    }

    public enum Outcome {
        /// A ticket's facts, and its texts when it keeps them (`TicketFacts.keepsText`).
        case ticket(TicketFacts, AttentionText?)
        case skipped(SkipReason)
    }

    /// Decodes the value at `i` (an element of `message`, or a JSON Lines entry); returns
    /// the outcome and the index after the value.
    public mutating func decode(_ s: ByteScanner, at i: Int) throws(ByteScanner.Failure) -> (Outcome, Int) {
        guard i < s.count, s.base[i] == 0x7B else {
            let (_, end) = try s.scanValue(i)
            return (.skipped(.notAnObject), end)
        }
        let end = try scanFields(s, at: i)
        return (makeFacts(s), end)
    }

    /// Validates the ticket object at `i` (an opening brace) and records the values of the
    /// fields reports read in `values`; returns the index after the object.
    mutating func scanFields(_ s: ByteScanner, at i: Int) throws(ByteScanner.Failure) -> Int {
        values.clear()
        var position = 0
        var j = s.skipWhitespace(i + 1)
        guard j < s.count else { throw ByteScanner.Failure() }
        if s.base[j] == 0x7D {
            j += 1
        } else {
            while true {
                guard j < s.count, s.base[j] == 0x22 else { throw ByteScanner.Failure() }
                var escaped = false
                let keyStart = j + 1
                let keyEnd = try s.scanString(from: keyStart, escaped: &escaped)
                let field = fieldOfKey(s, keyStart, keyEnd, escaped: escaped, position: position)
                position += 1
                j = s.skipWhitespace(keyEnd + 1)
                guard j < s.count, s.base[j] == 0x3A else { throw ByteScanner.Failure() }
                j = s.skipWhitespace(j + 1)
                let next: Int
                if field < 0 && s.base[j] == 0x22 {
                    // An unread string value: skip it without building a Value.
                    var ignored = false
                    next = try s.scanString(from: j + 1, escaped: &ignored) + 1
                } else {
                    let (value, after) = try s.scanValue(j, depth: 1)
                    if field >= 0 { values[field] = value }
                    next = after
                }
                j = s.skipWhitespace(next)
                guard j < s.count else { throw ByteScanner.Failure() }
                if s.base[j] == 0x2C {
                    j = s.skipWhitespace(j + 1)
                } else if s.base[j] == 0x7D {
                    j += 1
                    break
                } else {
                    throw ByteScanner.Failure()
                }
            }
        }
        if position < knownKeys.count { knownKeys.removeLast(knownKeys.count - position) }
        return j
    }

    /// The first and last eight bytes of a key (zero-padded when shorter). The scanner's
    /// buffer has eight bytes of slack after its data, so the loads stay inside it.
    @inline(__always) static func words(_ s: ByteScanner, _ start: Int, _ n: Int) -> (UInt64, UInt64) {
        let raw = UnsafeRawPointer(s.base)
        if n >= 8 {
            return (
                raw.loadUnaligned(fromByteOffset: start, as: UInt64.self),
                raw.loadUnaligned(fromByteOffset: start + n - 8, as: UInt64.self)
            )
        }
        var w: UInt64 = 0
        for k in 0..<n { w |= UInt64(s.base[start + k]) << (8 * UInt64(k)) }
        return (w, 0)
    }

    /// The field a key names, or `Field.unknown`; remembers the key for the next ticket.
    @inline(__always) mutating func fieldOfKey(_ s: ByteScanner, _ start: Int, _ end: Int, escaped: Bool, position: Int)
        -> Int
    {
        let n = end - start
        if !escaped && position < knownKeys.count {
            let known = knownKeys[position]
            if known.length == n {
                let (first, last) = Self.words(s, start, n)
                if first == known.first && last == known.last
                    && (n <= 16
                        || keyArena.withUnsafeBufferPointer {
                            memcmp($0.baseAddress! + known.arenaOffset, s.base + start, n) == 0
                        })
                {
                    return known.field
                }
            }
        }
        return learnKey(s, start, end, escaped: escaped, position: position)
    }

    mutating func learnKey(_ s: ByteScanner, _ start: Int, _ end: Int, escaped: Bool, position: Int) -> Int {
        let n = end - start
        var field = Field.unknown
        if escaped {
            if let key = try? JSONParser.parse(Array(UnsafeBufferPointer(start: s.base + start - 1, count: n + 2))),
                case .string(let text) = key
            {
                let normalized = Array(TicketDecoder.normalizedKey(text).utf8)
                field = Field.byKey[normalized] ?? Field.unknown
            }
        } else {
            var normalized: [UInt8] = []
            normalized.reserveCapacity(n)
            for k in start..<end {
                let b = s.base[k]
                if b == 0x5F || b == 0x2D { continue }
                normalized.append(b >= 0x41 && b <= 0x5A ? b + 32 : b)
            }
            field = Field.byKey[normalized] ?? Field.unknown
        }
        if keyArena.count > 1 << 16 { keyArena.removeAll(keepingCapacity: true) }
        let (first, last) = escaped ? (0, 0) : Self.words(s, start, n)
        let known = KnownKey(
            length: escaped ? -1 : n, first: first, last: last, arenaOffset: keyArena.count, field: field)
        if !escaped { keyArena.append(contentsOf: UnsafeBufferPointer(start: s.base + start, count: n)) }
        if position < knownKeys.count {
            knownKeys[position] = known
        } else {
            while knownKeys.count < position {
                knownKeys.append(KnownKey(length: -1, first: 0, last: 0, arenaOffset: 0, field: Field.unknown))
            }
            knownKeys.append(known)
        }
        return field
    }

    mutating func makeFacts(_ s: ByteScanner) -> Outcome {
        // ticketId: the key straight from the bytes when they need no decoding.
        guard let idValue = values[Field.ticketId.rawValue] else { return .skipped(.missingTicketId) }
        var key: UInt64
        var idText: String?
        if (idValue.kind == .string && !idValue.escaped && plainText(s, idValue)) || idValue.kind == .number {
            guard idValue.end > idValue.start else { return .skipped(.missingTicketId) }
            key = TicketKey.make(
                utf8: UnsafeBufferPointer(start: s.base + idValue.start, count: idValue.end - idValue.start))
        } else {
            guard let t = text(s, idValue) else { return .skipped(.missingTicketId) }
            idText = t
            key = TicketKey.make(t)
        }

        // date
        guard let dateValue = values[Field.date.rawValue], dateValue.kind == .string else {
            return .skipped(.unparseableCreationDate)
        }
        guard let local = localSeconds(s, dateValue) else { return .skipped(.unparseableCreationDate) }
        let created = Double(clock.instant(fromLocalSeconds: local))

        let g = groups.groups(JSONFieldTexts(scanner: s, values: values))
        var isNew = false
        let id = Self.intern(&ftr, s, values[Field.ftr.rawValue], isNew: &isNew)
        if isNew {
            ftr.payloads.append(values[Field.ftr.rawValue].flatMap { TicketDecoder.flag(jsonValue(s, $0)) } == true)
        }
        let ftrYes = ftr.payloads[Int(id)]

        let rating = integer(s, values[Field.customerRating.rawValue]).map { Int32(clamping: Int(clamping: $0)) } ?? 0
        let conversations =
            integer(s, values[Field.totalConversations.rawValue]).map { Int32(clamping: Int(clamping: $0)) }
            ?? TicketFacts.noConversations

        let facts = TicketFacts(
            key: key, created: created, resolved: g.resolved, hasSLA: g.hasSLA, breached: g.breached, ftrYes: ftrYes,
            channelSwitch: g.channelSwitch, priority: g.priority, queue: g.queue, source: g.source,
            assigneeId: integer(s, values[Field.assignedId.rawValue]) ?? 0, assigneeName: g.assigneeName,
            rating: rating, conversations: conversations, tat: tat(s), disposition: g.disposition,
            dispositionDetail: g.dispositionDetail)
        if TicketFacts.keepsText(resolved: g.resolved, breached: g.breached, openText: openText) {
            let id =
                idText
                ?? text(s, idValue)
                ?? String(
                    decoding: UnsafeBufferPointer(start: s.base + idValue.start, count: idValue.end - idValue.start),
                    as: UTF8.self)
            return .ticket(
                facts,
                AttentionText(
                    ticketId: id, title: text(s, values[Field.taskTitle.rawValue]),
                    url: text(s, values[Field.url.rawValue])))
        }
        return .ticket(facts, nil)
    }

    /// `tat` as `TicketFacts` wants it.
    mutating func tat(_ s: ByteScanner) -> Int32 {
        guard let v = values[Field.tat.rawValue] else { return TicketFacts.noTAT }
        if v.kind == .string && !v.escaped && memchr(s.base + v.start, 0x26, v.end - v.start) == nil {
            var a = v.start
            var b = v.end
            while a < b, isSpace(s.base[a]) { a += 1 }
            while b > a, isSpace(s.base[b - 1]) { b -= 1 }
            if a == b { return TicketFacts.noTAT }
            // H:M[:S[:…]], the common form, read in place by DurationText's own rule.
            switch DurationText.colonForm(UnsafeBufferPointer(start: s.base + a, count: b - a)) {
            case .seconds(let seconds): return Int32(clamping: seconds)
            case .unreadable: return TicketFacts.unreadableTAT
            case .otherForm: break
            }
        }
        // Other forms ("2 Days 3 Hrs"): few distinct texts, decoded once each.
        if tatTexts.interner.count > 65_536 { tatTexts = FieldCache() }
        var isNew = false
        let id = Self.intern(&tatTexts, s, v, isNew: &isNew)
        if isNew {
            let parsed: Int32 =
                text(s, v).map {
                    DurationText(raw: $0).seconds.map { Int32(clamping: $0) } ?? TicketFacts.unreadableTAT
                }
                ?? TicketFacts.noTAT
            tatTexts.payloads.append(parsed)
        }
        return tatTexts.payloads[Int(id)]
    }
}
