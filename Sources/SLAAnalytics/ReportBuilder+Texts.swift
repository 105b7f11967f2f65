import Foundation
import TicketModel

extension ReportBuilder {
    /// The tickets the summary lists by name that came without their texts: a store's day
    /// blocks keep each ticket's ticketId but not its title and URL, so the oldest open
    /// breached tickets and those due next are counted without them. Their keys
    /// (`TicketKey`) and creation seconds, for the reader to read them whole and give them
    /// back with `setText(_:)`; a few tickets, where a block kept a URL for every breached
    /// one (a third of its bytes).
    public var ticketsWithoutText: [(key: UInt64, created: Int64)] {
        let attention = current.oldestBreachedOpen.filter { $0.title == nil && $0.url == nil }
            .map { (TicketKey.make($0.ticketId), Int64($0.created.rounded(.down))) }
        guard let t = targets else { return attention }
        return attention
            + (t.dueSoon + t.overdue).filter { $0.text == nil || ($0.text?.title == nil && $0.text?.url == nil) }
            .map { ($0.key, Int64($0.created.rounded(.down))) }
    }

    /// Gives the listed tickets of `text.ticketId` their title and URL (and a ticket due next
    /// its ticketId).
    public mutating func setText(_ text: AttentionText) {
        // By key, as the reader matched the ticket it read (`ticketsWithoutText`).
        let key = TicketKey.make(text.ticketId)
        for (i, c) in current.oldestBreachedOpen.enumerated() where TicketKey.make(c.ticketId) == key {
            current.oldestBreachedOpen[i].title = text.title
            current.oldestBreachedOpen[i].url = text.url
        }
        targets?.setText(text)
    }
}
