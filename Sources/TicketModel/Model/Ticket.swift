public import Foundation

/// One helpdesk ticket as the Kapture "Pull Ticket by date range" API returns it,
/// decoded once: text fields have their HTML entities decoded, empty strings are `nil`,
/// timestamps are instants (read as wall time in the account time zone).
public struct Ticket: Sendable, Hashable {
    /// Kapture's ticket identifier (`ticketId`), as text whether it arrived as a string or a number.
    public var ticketId: String
    /// `taskId`, Kapture's internal task number.
    public var taskId: Int64?
    /// `taskTitle`.
    public var title: String?
    /// `detail`.
    public var detail: String?
    /// `status`: the tenant's own status name (`Pending`, `Complete`, …).
    public var status: String?
    /// `substatus`.
    public var substatus: String?
    /// `substatusKey` (`OP`, `IN`, `RS`, `CL`, …).
    public var substatusKey: String?
    /// `date`: when the ticket was created. Tickets without one are skipped at decoding.
    public var createdAt: Date
    /// `lastFollowUp`.
    public var lastFollowUp: Date?
    /// `nextFollowUp`.
    public var nextFollowUp: Date?
    /// `lastConvesationTime` (sic) or `lastConversationTime`.
    public var lastConversationTime: Date?
    /// `taskEnddate`.
    public var taskEndDate: Date?
    /// `primarySource`: the channel the ticket came in on.
    public var primarySource: String?
    /// `lastSource`: the channel of the latest conversation.
    public var lastSource: String?
    /// `priority`, lower-cased.
    public var priority: String?
    /// `queueKey`.
    public var queueKey: String?
    /// `queueName`.
    public var queueName: String?
    /// `assignedId`; 0 when unassigned.
    public var assignedId: Int64
    /// `assignedToName`.
    public var assignedToName: String?
    /// `creatorId`.
    public var creatorId: Int64?
    /// `creatorName`.
    public var creatorName: String?
    /// `slaStatus` (`out of sla`, `within sla`, …), trimmed.
    public var slaStatus: String?
    /// `sla`, free text with its parsed duration.
    public var sla: DurationText?
    /// `tat` (turnaround time), free text with its parsed duration.
    public var tat: DurationText?
    /// `ftr`: whether the ticket was resolved the first time (`yes`/`no`).
    public var ftr: Bool?
    /// `customer_rating`; 0 and absent both mean "not rated".
    public var customerRating: Int?
    /// `total_conversations`.
    public var totalConversations: Int?
    /// `disposition`.
    public var disposition: String?
    /// `url`: the ticket's page in Kapture, as received (never trusted as a link without checking).
    public var url: String?
    /// `email`.
    public var email: String?
    /// `phone`.
    public var phone: String?
    /// `orderId`.
    public var orderId: String?
    /// `mergedTicketId`.
    public var mergedTicketId: String?
    /// `additional_info`, kept as received.
    public var additionalInfo: JSONValue?

    public init(ticketId: String, createdAt: Date, assignedId: Int64 = 0) {
        self.ticketId = ticketId
        self.createdAt = createdAt
        self.assignedId = assignedId
    }

    /// A `.text` field's value (`TicketField.kind`): the one mapping from those fields to
    /// their properties, through which `TicketDecoder` reads them, a store batch writes them
    /// and a store row gives them back. `nil` for a field of another kind; setting `nil` on
    /// `ticketId` keeps it.
    public subscript(text field: TicketField) -> String? {
        get {
            switch field {
            case .ticketId: ticketId
            case .taskTitle: title
            case .detail: detail
            case .status: status
            case .substatus: substatus
            case .substatusKey: substatusKey
            case .primarySource: primarySource
            case .lastSource: lastSource
            case .queueKey: queueKey
            case .queueName: queueName
            case .assignedToName: assignedToName
            case .creatorName: creatorName
            case .slaStatus: slaStatus
            case .disposition: disposition
            case .url: url
            case .email: email
            case .phone: phone
            case .orderId: orderId
            case .mergedTicketId: mergedTicketId
            case .taskId, .creatorId, .customerRating, .totalConversations, .date, .lastFollowUp, .nextFollowUp,
                .lastConversationTime, .taskEndDate, .priority, .assignedId, .sla, .tat, .ftr, .additionalInfo:
                nil
            }
        }
        set {
            switch field {
            case .ticketId: if let newValue { ticketId = newValue }
            case .taskTitle: title = newValue
            case .detail: detail = newValue
            case .status: status = newValue
            case .substatus: substatus = newValue
            case .substatusKey: substatusKey = newValue
            case .primarySource: primarySource = newValue
            case .lastSource: lastSource = newValue
            case .queueKey: queueKey = newValue
            case .queueName: queueName = newValue
            case .assignedToName: assignedToName = newValue
            case .creatorName: creatorName = newValue
            case .slaStatus: slaStatus = newValue
            case .disposition: disposition = newValue
            case .url: url = newValue
            case .email: email = newValue
            case .phone: phone = newValue
            case .orderId: orderId = newValue
            case .mergedTicketId: mergedTicketId = newValue
            case .taskId, .creatorId, .customerRating, .totalConversations, .date, .lastFollowUp, .nextFollowUp,
                .lastConversationTime, .taskEndDate, .priority, .assignedId, .sla, .tat, .ftr, .additionalInfo:
                break
            }
        }
    }

    /// An `.integer` field's value (`TicketField.kind`), as `subscript(text:)` for texts (both
    /// switches name every field, so a new one does not compile until it is placed).
    public subscript(integer field: TicketField) -> Int64? {
        get {
            switch field {
            case .taskId: taskId
            case .creatorId: creatorId
            case .customerRating: customerRating.map(Int64.init)
            case .totalConversations: totalConversations.map(Int64.init)
            case .ticketId, .taskTitle, .detail, .status, .substatus, .substatusKey, .primarySource, .lastSource,
                .queueKey, .queueName, .assignedToName, .creatorName, .slaStatus, .disposition, .url, .email, .phone,
                .orderId, .mergedTicketId, .date, .lastFollowUp, .nextFollowUp, .lastConversationTime, .taskEndDate,
                .priority, .assignedId, .sla, .tat, .ftr, .additionalInfo:
                nil
            }
        }
        set {
            switch field {
            case .taskId: taskId = newValue
            case .creatorId: creatorId = newValue
            case .customerRating: customerRating = newValue.map { Int(clamping: $0) }
            case .totalConversations: totalConversations = newValue.map { Int(clamping: $0) }
            case .ticketId, .taskTitle, .detail, .status, .substatus, .substatusKey, .primarySource, .lastSource,
                .queueKey, .queueName, .assignedToName, .creatorName, .slaStatus, .disposition, .url, .email, .phone,
                .orderId, .mergedTicketId, .date, .lastFollowUp, .nextFollowUp, .lastConversationTime, .taskEndDate,
                .priority, .assignedId, .sla, .tat, .ftr, .additionalInfo:
                break
            }
        }
    }

    /// Whether `slaStatus` says the SLA was broken: `out of sla`, any case, trimmed.
    public var isBreached: Bool { TicketRules.isBreached(slaStatus: slaStatus) }

    /// Whether the ticket has an SLA state at all (`slaStatus` non-empty).
    public var hasSLA: Bool { TicketRules.hasSLA(slaStatus: slaStatus) }
}

/// Why a ticket in the input could not be used. Counted, never silently dropped.
public enum SkipReason: String, Error, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The ticket has no `ticketId` (absent, empty or null).
    case missingTicketId
    /// The ticket's `date` is absent or not a timestamp the decoder knows.
    case unparseableCreationDate
    /// An element of `message` was not a JSON object.
    case notAnObject

    public static func < (a: SkipReason, b: SkipReason) -> Bool { a.rawValue < b.rawValue }
}
