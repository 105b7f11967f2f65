/// The Kapture ticket fields the engine reads, declared once with the keys they arrive under.
/// `TicketDecoder` reads each by `keys`; the fast decoders' key table (`FactsDecoder.Field`)
/// and the store's columns (`TicketColumn.field`) name their fields here.
public enum TicketField: String, CaseIterable, Sendable {
    case ticketId, taskId, taskTitle, detail, status, substatus, substatusKey, date, lastFollowUp, nextFollowUp
    case lastConversationTime, taskEndDate, primarySource, lastSource, priority, queueKey, queueName, assignedId
    case assignedToName, creatorId, creatorName, slaStatus, sla, tat, ftr, customerRating, totalConversations
    case disposition, url, email, phone, orderId, mergedTicketId, additionalInfo

    /// How `TicketDecoder` reads a field's value.
    public enum Kind: Sendable {
        /// `TicketDecoder.text`: entities decoded once, trimmed; empty is absent.
        case text
        /// A rule of its own on top of the text or number (an integer, a flag, an instant,
        /// a duration, the priority's words, a JSON value).
        case other
    }

    /// How the decoder reads it: a store fills a `.text` field's column from the member alone.
    public var kind: Kind {
        switch self {
        case .ticketId, .taskTitle, .detail, .status, .substatus, .substatusKey, .primarySource, .lastSource,
            .queueKey, .queueName, .assignedToName, .creatorName, .slaStatus, .disposition, .url, .email, .phone,
            .orderId, .mergedTicketId:
            .text
        case .taskId, .date, .lastFollowUp, .nextFollowUp, .lastConversationTime, .taskEndDate, .priority,
            .assignedId, .creatorId, .sla, .tat, .ftr, .customerRating, .totalConversations, .additionalInfo:
            .other
        }
    }

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
