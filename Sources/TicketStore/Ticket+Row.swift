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
        // Every text and integer field's column by its kind (`TicketField.kind`).
        for column in TicketColumn.decoded {
            guard let field = column.field else { continue }
            switch field.kind {
            case .text: self[text: field] = row.string(column)
            case .integer: self[integer: field] = row.int64(column)
            case .other: break
            }
        }
        // The columns of fields with a rule of their own.
        priority = row.string(.priority)
        if let raw = row.string(.tatText) {
            tat = DurationText(raw: raw, seconds: row.int64(.tatSeconds).map { Int($0) })
        }
        ftr = row.int64(.ftr).map { $0 != 0 }
    }
}
