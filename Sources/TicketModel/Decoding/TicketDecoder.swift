public import Foundation

/// Turns one ticket object from a Kapture response into a `Ticket`, tolerantly.
///
/// Keys are matched ignoring case, `_` and `-` (`customer_rating`, `customerRating`),
/// `ticketId` may be a string or a number, numbers may arrive as strings, empty strings are
/// absent values, text fields have their HTML entities decoded once, and timestamps are read
/// as wall time in the account time zone. Unknown keys are ignored.
public struct TicketDecoder: Sendable {
    /// The clock of the account's time zone, in which Kapture writes its timestamps.
    public let accountClock: ZoneClock

    public init(accountTimeZone: TimeZone) {
        self.accountClock = ZoneClock(accountTimeZone)
    }

    /// The ticket in `value`, or why it cannot be used.
    public func decode(_ value: JSONValue) -> Result<Ticket, SkipReason> {
        guard let members = value.objectMembers else { return .failure(.notAnObject) }
        var fields: [String: JSONValue] = [:]
        fields.reserveCapacity(members.count)
        for member in members {
            fields[TicketDecoder.normalizedKey(member.key)] = member.value
        }
        func read(_ field: TicketField) -> JSONValue? {
            for key in field.keys { if let v = fields[key] { return v } }
            return nil
        }
        guard let ticketId = read(.ticketId).flatMap(TicketDecoder.text) else {
            return .failure(.missingTicketId)
        }
        // (`ticketId(of:)` below reads the same key with the same rule, without decoding the rest.)
        guard let createdAt = read(.date).flatMap(date) else {
            return .failure(.unparseableCreationDate)
        }
        var t = Ticket(ticketId: ticketId, createdAt: createdAt)
        // Every text and integer field by its kind's rule (`TicketField.kind`).
        for field in TicketField.textFields where field != .ticketId {
            t[text: field] = read(field).flatMap(TicketDecoder.text)
        }
        for field in TicketField.integerFields { t[integer: field] = read(field).flatMap(TicketDecoder.integer) }
        // The fields with a rule of their own.
        t.lastFollowUp = read(.lastFollowUp).flatMap(date)
        t.nextFollowUp = read(.nextFollowUp).flatMap(date)
        t.lastConversationTime = read(.lastConversationTime).flatMap(date)
        t.taskEndDate = read(.taskEndDate).flatMap(date)
        t.priority = TicketRules.priority(read(.priority).flatMap(TicketDecoder.text))
        t.assignedId = read(.assignedId).flatMap(TicketDecoder.integer) ?? 0
        t.sla = read(.sla).flatMap(TicketDecoder.text).map { DurationText(raw: $0) }
        t.tat = read(.tat).flatMap(TicketDecoder.text).map { DurationText(raw: $0) }
        t.ftr = read(.ftr).flatMap(TicketDecoder.flag)
        if let info = read(.additionalInfo), info != .null { t.additionalInfo = info }
        return .success(t)
    }

    /// The ticketId of a ticket object, as `decode` reads it (key matched as `normalizedKey`
    /// does, text as `text` does); `nil` when it has none. For a client that must tell
    /// tickets apart without decoding them (a page that repeats the previous one).
    public static func ticketId(of value: JSONValue) -> String? { text(of: .ticketId, in: value) }

    /// A text field of a ticket object as `decode` reads it: by the field's keys in order,
    /// of a repeated key the last (as `decode` keeps).
    public static func text(of field: TicketField, in value: JSONValue) -> String? {
        guard let members = value.objectMembers else { return nil }
        for key in field.keys {
            var found: JSONValue?
            for member in members where normalizedKey(member.key) == key { found = member.value }
            if let found { return text(found) }
        }
        return nil
    }

    /// Lower-cased, without `_` and `-`: the form keys are compared in.
    public static func normalizedKey(_ key: String) -> String {
        var out = ""
        out.reserveCapacity(key.utf8.count)
        for scalar in key.unicodeScalars where scalar != "_" && scalar != "-" {
            if scalar.value >= 0x41 && scalar.value <= 0x5A {
                out.unicodeScalars.append(Unicode.Scalar(scalar.value + 32)!)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text of a scalar value: entities decoded, trimmed; `nil` when empty or not a scalar.
    public static func text(_ value: JSONValue) -> String? {
        let s: String
        switch value {
        case .string(let v): s = HTMLEntities.decode(v).trimmingASCIIWhitespace()
        case .number(let n): s = n
        case .bool(let b): s = b ? "true" : "false"
        default: return nil
        }
        return s.isEmpty ? nil : s
    }

    /// An integer from a number or from a string holding one; `nil` otherwise.
    public static func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case .number(let n):
            if let i = Int64(n) { return i }
            if let d = Double(n), d.rounded() == d, abs(d) < 9e18 { return Int64(d) }
            return nil
        case .string(let s):
            let t = s.trimmingASCIIWhitespace()
            if let i = Int64(t) { return i }
            if let d = Double(t), d.isFinite, d.rounded() == d, abs(d) < 9e18 { return Int64(d) }
            return nil
        default: return nil
        }
    }

    /// `yes`/`no`, `true`/`false`, `y`/`n`, `1`/`0` in any case; `nil` otherwise.
    public static func flag(_ value: JSONValue) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .number(let n): return n == "1" ? true : n == "0" ? false : nil
        case .string(let s):
            switch s.trimmingASCIIWhitespace().lowercased() {
            case "yes", "y", "true", "1": return true
            case "no", "n", "false", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// A Kapture timestamp read in the account time zone.
    public func date(_ value: JSONValue) -> Date? {
        guard case .string(let s) = value, let local = KaptureTimestamp.localSeconds(s) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(accountClock.instant(fromLocalSeconds: local)))
    }
}
