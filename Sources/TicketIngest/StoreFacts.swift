import Foundation
public import SLAAnalytics
public import TicketModel
public import TicketStore

/// Turns store rows into `TicketFacts` straight from their bytes: the same facts as
/// `TicketFacts.of` on the stored `Ticket`, with repeated texts interned by their bytes.
public struct StoreFactsReader {
    var groups: GroupCaches

    public init(lifecycle: LifecyclePolicy) {
        groups = GroupCaches(lifecycle: lifecycle)
    }

    /// The label table the facts' ids refer to.
    public var labels: LabelTable { groups.labels }

    /// The facts of one row, with label ids in `labels`.
    public mutating func facts(_ row: RawTicketRow) -> TicketFacts {
        let g = groups.groups(RowFieldTexts(row: row))
        let tat: Int32 =
            row.text(.tatText) == nil
            ? TicketFacts.noTAT
            : row.int64(.tatSeconds).map { Int32(clamping: Int(clamping: $0)) } ?? TicketFacts.unreadableTAT
        var f = TicketFacts(
            key: row.text(.ticketId).map { TicketKey.make(utf8: $0) } ?? 0, created: Double(row.int64(.createdAt) ?? 0),
            resolved: g.resolved, hasSLA: g.hasSLA, breached: g.breached, ftrYes: row.int64(.ftr) == 1,
            channelSwitch: g.channelSwitch, priority: g.priority, queue: g.queue, source: g.source,
            assigneeId: row.int64(.assignedId) ?? 0, assigneeName: g.assigneeName,
            rating: row.int64(.customerRating).map { Int32(clamping: Int(clamping: $0)) } ?? 0,
            conversations: row.int64(.totalConversations).map { Int32(clamping: Int(clamping: $0)) }
                ?? TicketFacts.noConversations,
            tat: tat, disposition: g.disposition, dispositionDetail: g.dispositionDetail)
        if !g.resolved && g.breached {
            f.attention = AttentionText(
                ticketId: row.string(.ticketId) ?? "", title: row.string(.title), url: row.string(.url))
        }
        return f
    }
}

/// A store row's columns, for `GroupCaches`.
struct RowFieldTexts: FieldTexts {
    let row: RawTicketRow

    /// Each field's column (`TicketColumn.field`), by the field's slot.
    static let columns: [RawTicketRow.Column?] = Field.allCases.map { field in
        TicketField(rawValue: String(describing: field)).flatMap(TicketColumn.of)
    }

    @inline(__always) static func column(_ field: Field) -> RawTicketRow.Column? { columns[field.rawValue] }

    @inline(__always) func raw(_ field: Field) -> RawText {
        guard let column = Self.column(field), let bytes = row.text(column) else {
            return RawText(base: nil, count: 0, tag: 0xFF)
        }
        return RawText(base: bytes.baseAddress, count: bytes.count, tag: 0)
    }

    func text(_ field: Field) -> String? { Self.column(field).flatMap { row.string($0) } }
}
