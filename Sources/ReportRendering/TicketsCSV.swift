public import SLAAnalytics
public import TicketModel

/// `tickets.csv`: one row per ticket of the period with its derived state, by the rules the
/// figures use (`TicketFacts`, `SLAState`), formula-safe as every CSV here (`CSVTables`).
/// Written a row at a time (`ReportPipeline`'s `TicketsExport` streams it).
public enum TicketsCSV {
    public static let columns = [
        "ticketId", "created", "queue", "priority", "source", "assigneeId", "assignee", "lifecycle", "slaState",
        "ftr", "channelSwitched", "ageSeconds", "tatSeconds", "csat",
    ]

    /// The header line.
    public static var header: String { columns.map { CSVTables.field(.text($0)) }.joined(separator: ",") + "\r\n" }

    /// The line of `ticket`, whose facts are `f` (labels in `labels`), at `asOf` (seconds
    /// since 1970) in the report zone's `clock`. `ftr` is empty for an open ticket (only
    /// resolved ones count), `ageSeconds` only for an open one created by `asOf`, `tatSeconds`
    /// only for a readable `tat`, `csat` only for a rating 1…5.
    public static func line(
        _ ticket: Ticket, facts f: TicketFacts, labels: LabelTable, clock: ZoneClock, asOf: Double
    ) -> String {
        let fields: [CSVTables.Field] = [
            .text(ticket.ticketId),
            .number(clock.rfc3339(ticket.createdAt)),
            .text(labels[f.queue]), .text(labels[f.priority]), .text(labels[f.source]),
            .number(String(f.assigneeId)),
            .text(TicketFacts.assigneeLabel(id: f.assigneeId, name: ticket.assignedToName)),
            .text(f.resolved ? "resolved" : "open"),
            .text(SLAState(f).words),
            .text(f.resolved ? (f.ftrYes ? "yes" : "no") : ""),
            .text(f.channelSwitch ? "yes" : "no"),
            .number(!f.resolved && f.created <= asOf ? String(Int64(asOf - f.created)) : ""),
            .number(f.tat >= 0 ? String(f.tat) : ""),
            .number(f.rating >= 1 && f.rating <= 5 ? String(f.rating) : ""),
        ]
        return fields.map(CSVTables.field).joined(separator: ",") + "\r\n"
    }
}
