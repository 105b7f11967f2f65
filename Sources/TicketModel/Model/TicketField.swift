/// The Kapture ticket fields the engine reads, declared once with the keys they arrive under.
/// `TicketDecoder` reads each by `keys`; the fast decoders' key table (`FactsDecoder.Field`)
/// and the store's columns (`TicketColumn.field`) name their fields here.
public enum TicketField: String, CaseIterable, Sendable {
    case ticketId, taskId, taskTitle, detail, status, substatus, substatusKey, date, lastFollowUp, nextFollowUp
    case lastConversationTime, taskEndDate, primarySource, lastSource, priority, queueKey, queueName, assignedId
    case assignedToName, creatorId, creatorName, slaStatus, sla, tat, ftr, customerRating, totalConversations
    case disposition, url, email, phone, orderId, mergedTicketId, additionalInfo

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
