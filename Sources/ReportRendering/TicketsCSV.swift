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

    /// The columns of a ticket list (`/v1/tickets`): `columns`, then the ticket's Kapture link.
    public static let listColumns = columns + ["url"]

    /// The values of `ticket`'s row, whose facts are `f` (labels in `labels`), at `asOf`
    /// (seconds since 1970) in the report zone's `clock`: the one declaration of a ticket's
    /// row, for `tickets.csv` and `/v1/tickets`. `ftr` is empty for an open ticket (only
    /// resolved ones count), `ageSeconds` only for an open one created by `asOf`,
    /// `tatSeconds` only for a readable `tat`, `csat` only for a rating 1…5.
    public static func values(
        _ ticket: Ticket, facts f: TicketFacts, labels: LabelTable, clock: ZoneClock, asOf: Double
    ) -> [RowTable.Value] {
        [
            .text(ticket.ticketId),
            .timestamp(clock.rfc3339(ticket.createdAt)),
            .text(labels[f.queue]), .text(labels[f.priority]), .text(labels[f.source]),
            .integer(f.assigneeId),
            .text(TicketFacts.assigneeLabel(id: f.assigneeId, name: ticket.assignedToName)),
            .text(f.resolved ? "resolved" : "open"),
            .text(SLAState(f).words),
            .text(f.resolved ? (f.ftrYes ? "yes" : "no") : ""),
            .text(f.channelSwitch ? "yes" : "no"),
            .integer(age(f, asOf: asOf)),
            .integer(f.tat >= 0 ? Int64(f.tat) : nil),
            .integer(TicketRules.isRated(f.rating) ? Int64(f.rating) : nil),
        ]
    }

    /// The values of `ticket`'s row in a ticket list (`listColumns`): `values`, then its link.
    public static func listValues(
        _ ticket: Ticket, facts f: TicketFacts, labels: LabelTable, clock: ZoneClock, asOf: Double
    ) -> [RowTable.Value] {
        values(ticket, facts: f, labels: labels, clock: clock, asOf: asOf) + [.text(ticket.url ?? "")]
    }

    /// `ageSeconds`: an open ticket's age at `asOf`, when it was created by then.
    public static func age(_ f: TicketFacts, asOf: Double) -> Int64? {
        !f.resolved && f.created <= asOf ? Int64(asOf - f.created) : nil
    }

    /// The line of `ticket` in `tickets.csv`: `values` as CSV.
    public static func line(
        _ ticket: Ticket, facts f: TicketFacts, labels: LabelTable, clock: ZoneClock, asOf: Double
    ) -> String {
        RowTable.csvLine(values(ticket, facts: f, labels: labels, clock: clock, asOf: asOf))
    }
}
