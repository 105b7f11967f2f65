/// The envelope of a Kapture "Pull Ticket by date range" response:
/// `{"totalCount": null | n, "message": [ticket, …], "status": "success"}`.
///
/// Keys are matched ignoring case (`Status`, `Message` are seen in the wild). `message` may
/// be an array of tickets, a single ticket object, or a string (no tickets, or error text).
public struct KaptureEnvelope: Sendable, Hashable {
    /// `status`, trimmed, as received; `nil` when the response has none.
    public var status: String?
    /// `totalCount` when the server sent a number.
    public var totalCount: Int?
    /// The ticket objects of `message` (each still to be decoded).
    public var ticketValues: [JSONValue]
    /// `message` when it was text rather than tickets.
    public var messageText: String?

    /// Whether `status` says `success` (any case). A missing status counts as success only
    /// when `message` holds tickets.
    public var isSuccess: Bool {
        if let status { return status.lowercased() == "success" }
        return messageText == nil
    }

    /// Reads the envelope in `value`; `nil` when `value` is not an object with a `message` or `status` key.
    public init?(_ value: JSONValue) {
        guard let members = value.objectMembers else { return nil }
        var statusValue: JSONValue?
        var messageValue: JSONValue?
        var totalValue: JSONValue?
        for member in members {
            switch member.key.lowercased() {
            case "status": statusValue = member.value
            case "message": messageValue = member.value
            case "totalcount", "total_count": totalValue = member.value
            default: continue
            }
        }
        guard statusValue != nil || messageValue != nil else { return nil }
        status = statusValue.flatMap(TicketDecoder.text)
        totalCount = totalValue.flatMap(TicketDecoder.integer).map { Int(clamping: $0) }
        ticketValues = []
        messageText = nil
        switch messageValue {
        case .array(let items)?: ticketValues = items
        case .object?: ticketValues = [messageValue!]
        case .string(let s)?: messageText = HTMLEntities.decode(s).trimmingASCIIWhitespace()
        case .number(let n)?: messageText = n
        default: break
        }
    }

    /// Whether an object looks like an envelope rather than a bare ticket: it has `message`
    /// or `totalCount` (or only a `status`), and no `ticketId` or `taskId`.
    public static func looksLikeEnvelope(_ value: JSONValue) -> Bool {
        guard let members = value.objectMembers else { return false }
        let keys = Set(members.map { $0.key.lowercased() })
        if keys.contains("ticketid") || keys.contains("taskid") { return false }
        return keys.contains("message") || keys.contains("totalcount") || (keys.contains("status") && keys.count <= 3)
    }
}
