/// The Kapture ticket fields the engine reads, declared once with the keys they arrive under.
/// `TicketDecoder` reads each by `keys`; the fast decoders' key table (`FactsDecoder.Field`)
/// and the store's columns (`TicketColumn.field`) name their fields here.
public enum TicketField: String, CaseIterable, Sendable {
    case ticketId, taskId, taskTitle, detail, status, substatus, substatusKey, date, lastFollowUp, nextFollowUp
    case lastConversationTime, taskEndDate, primarySource, lastSource, priority, queueKey, queueName, assignedId
    case assignedToName, creatorId, creatorName, slaStatus, sla, tat, ftr, customerRating, totalConversations
    case disposition, url, email, phone, orderId, mergedTicketId, additionalInfo

    /// How `TicketDecoder` reads a field's value. A `.text` or `.integer` field is read,
    /// kept (`Ticket`'s `subscript(text:)`, `subscript(integer:)`), stored, read back from a
    /// row and filled from the raw JSON by that kind's one rule, with no line of its own.
    public enum Kind: Sendable {
        /// `TicketDecoder.text`: entities decoded once, trimmed; empty is absent.
        case text
        /// `TicketDecoder.integer`: a number, or a string holding one.
        case integer
        /// A rule of its own on top of the text or number (a flag, an instant, a duration,
        /// the priority's words, a JSON value, an id that is 0 when absent).
        case other
    }

    /// How the decoder reads it: a store fills a `.text` field's column from the member alone.
    public var kind: Kind {
        switch self {
        case .ticketId, .taskTitle, .detail, .status, .substatus, .substatusKey, .primarySource, .lastSource,
            .queueKey, .queueName, .assignedToName, .creatorName, .slaStatus, .disposition, .url, .email, .phone,
            .orderId, .mergedTicketId:
            .text
        case .taskId, .creatorId, .customerRating, .totalConversations:
            .integer
        case .date, .lastFollowUp, .nextFollowUp, .lastConversationTime, .taskEndDate, .priority, .assignedId, .sla,
            .tat, .ftr, .additionalInfo:
            .other
        }
    }

    /// Whether a text field's values repeat from ticket to ticket (a status, a queue, a
    /// name): the fast decoders decode each distinct value once, by its raw bytes, rather
    /// than each ticket's. Free text (a title, a link, a contact) does not.
    public var repeats: Bool {
        switch self {
        case .ticketId, .taskTitle, .detail, .url, .email, .phone, .orderId, .mergedTicketId: false
        default: kind == .text
        }
    }

    /// The fields of each kind, in declaration order (what the decoder reads by the kind's rule).
    public static let textFields = allCases.filter { $0.kind == .text }
    public static let integerFields = allCases.filter { $0.kind == .integer }

    /// The keys it is read from, as `TicketDecoder.normalizedKey` gives them (lower case,
    /// without `_` and `-`: `customer_rating` is `customerrating`); of several present, the
    /// first listed wins.
    public var keys: [String] { Self.keysByField[self] ?? [] }

    /// Made once: `TicketDecoder` asks for every field of every ticket.
    static let keysByField: [TicketField: [String]] = Dictionary(
        uniqueKeysWithValues: allCases.map { field in
            switch field {
            // Kapture's own spelling, and the corrected one, which is preferred.
            case .lastConversationTime: (field, ["lastconversationtime", "lastconvesationtime"])
            default: (field, [field.rawValue.lowercased()])
            }
        })
}
