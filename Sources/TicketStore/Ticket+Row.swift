import Foundation
public import TicketModel

extension Ticket {
    /// The ticket a store row holds (its decoded columns; the raw JSON is not read): the one
    /// mapping from columns back to a `Ticket`, for every store.
    public init(row: RawTicketRow) {
        self.init(
            ticketId: row.string(.ticketId) ?? "",
            createdAt: Date(timeIntervalSince1970: TimeInterval(row.int64(.createdAt) ?? 0)),
            assignedId: row.int64(.assignedId) ?? 0)
        status = row.string(.status)
        substatusKey = row.string(.substatusKey)
        priority = row.string(.priority)
        queueKey = row.string(.queueKey)
        queueName = row.string(.queueName)
        primarySource = row.string(.primarySource)
        lastSource = row.string(.lastSource)
        assignedToName = row.string(.assignedToName)
        slaStatus = row.string(.slaStatus)
        if let raw = row.string(.tatText) {
            tat = DurationText(raw: raw, seconds: row.int64(.tatSeconds).map { Int($0) })
        }
        ftr = row.int64(.ftr).map { $0 != 0 }
        customerRating = row.int64(.customerRating).map { Int($0) }
        totalConversations = row.int64(.totalConversations).map { Int($0) }
        title = row.string(.title)
        url = row.string(.url)
        disposition = row.string(.disposition)
    }
}
