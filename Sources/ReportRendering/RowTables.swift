public import Foundation
public import SLAAnalytics
import TicketModel

/// The summary's row tables, flat: one declaration of each table's columns, from which the
/// CSV files (`assignees.csv`, `queues.csv`, `daily.csv`) and the server's `/v1/rows/…`
/// (JSON for Grafana's Infinity data source, or CSV) are written.
public struct RowTable: Sendable {
    /// A cell: text, a count, a rate 0…1 or other number (`nil`: no value), or a timestamp.
    public enum Value: Sendable, Hashable {
        case text(String)
        case integer(Int64?)
        case number(Double?)
        /// RFC 3339 with the zone's offset.
        case timestamp(String)
    }

    public var columns: [String]
    public var rows: [[Value]]

    public init(columns: [String], rows: [[Value]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The table without `column`.
    func dropping(_ column: String) -> RowTable {
        guard let i = columns.firstIndex(of: column) else { return self }
        var t = self
        t.columns.remove(at: i)
        t.rows = rows.map { row in
            var r = row
            r.remove(at: i)
            return r
        }
        return t
    }

    /// `{"rows":[{…},…]}`: one flat object per row, keys in column order, `null` for a
    /// missing number; strings escaped by `JSONValue.writeString` (U+2028/2029 too).
    public func json() -> Data {
        var out = "{\"rows\":["
        for (n, row) in rows.enumerated() {
            out += n == 0 ? "{" : ",{"
            for (i, value) in row.enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeString(columns[i], to: &out)
                out += ":"
                switch value {
                case .text(let s), .timestamp(let s): JSONValue.writeString(s, to: &out)
                case .integer(let v): out += v.map { String($0) } ?? "null"
                case .number(let v): out += v.map { $0.isFinite ? String($0) : "null" } ?? "null"
                }
            }
            out += "}"
        }
        out += "]}\n"
        return Data(out.utf8)
    }

    /// RFC 4180 CSV, formula-safe (the rules of `CSVTables`).
    public func csv() -> String {
        CSVTables.table(columns, rows.map { $0.map(Self.csvField) })
    }

    /// One row as a CSV line (CRLF-terminated).
    public static func csvLine(_ row: [Value]) -> String {
        row.map { CSVTables.field(csvField($0)) }.joined(separator: ",") + "\r\n"
    }

    static func csvField(_ value: Value) -> CSVTables.Field {
        switch value {
        case .text(let s): .text(s)
        case .timestamp(let s): .number(s)
        case .integer(let v): .number(v.map { String($0) } ?? "")
        case .number(let v): .number(Format.plain(v))
        }
    }
}

/// The row tables the server serves by name (`/v1/rows/{name}`) and the CSV files are made of.
public enum RowTables {
    public enum Name: String, CaseIterable, Sendable {
        case daily, assignees, queues, sources, priorities, dispositions, trend, anomalies, movers, targets, due
    }

    public static func table(_ name: Name, of s: ReportSummary) -> RowTable {
        switch name {
        case .daily: daily(s)
        case .assignees: assignees(s)
        case .queues: queues(s)
        case .priorities: priorities(s)
        case .sources: sources(s)
        case .dispositions: dispositions(s)
        case .trend: trend(s)
        case .anomalies: anomalies(s)
        case .movers: movers(s)
        case .targets: targets(s)
        case .due: due(s)
        }
    }

    /// The tickets against the team's targets (`targets`): a row for all of them (`group`
    /// `all`), then one per priority, queue, source, assignee (`key` the assignedId) and day;
    /// no rows without targets.
    static func targets(_ s: ReportSummary) -> RowTable {
        var rows: [[RowTable.Value]] = []
        if let t = s.targets {
            func row(_ group: String, _ g: TargetGroup) -> [RowTable.Value] {
                [
                    .text(group), .text(g.key), .integer(Int64(g.tickets)), .integer(Int64(g.met)),
                    .integer(Int64(g.missed)), .integer(Int64(g.openWithin)), .integer(Int64(g.openOverdue)),
                    .number(g.metRate),
                ]
            }
            rows =
                [row("all", t.all)] + t.byPriority.map { row("priority", $0) } + t.byQueue.map { row("queue", $0) }
                + t.bySource.map { row("source", $0) } + t.byAssignee.map { row("assignee", $0) }
                + t.byDay.map { row("day", $0) }
        }
        return RowTable(
            columns: ["group", "key", "tickets", "met", "missed", "openWithin", "openOverdue", "metRate"], rows: rows)
    }

    /// The trend's weeks, oldest first (`openAtEnd` empty when unknown); with targets, each
    /// week's tickets against them too.
    static func trend(_ s: ReportSummary) -> RowTable {
        let targets = s.targets != nil
        return RowTable(
            columns: [
                "weekStart", "weekEnd", "tickets", "withSLA", "breached", "breachRate", "ftrEligible", "ftrRate",
                "csatRated", "csatMean", "openAtEnd", "openAtEndAtLeast", "openAtEndUnknown", "daysWithData",
                "complete",
            ] + (targets ? ["targetWithTarget", "targetMet", "targetMissed", "targetMetRate"] : []),
            rows: s.trend.map { w in
                [
                    .text(w.weekStart), .text(w.weekEnd), .integer(Int64(w.tickets)), .integer(Int64(w.withSLA)),
                    .integer(Int64(w.breached)), .number(w.breachRate), .integer(Int64(w.ftrEligible)),
                    .number(w.ftrRate), .integer(Int64(w.csatRated)), .number(w.csatMean),
                    .integer(w.openAtEnd.map(Int64.init)), .integer(Int64(w.openAtEndAtLeast)),
                    .integer(Int64(w.openAtEndUnknown)), .integer(Int64(w.daysWithData)),
                    .text(w.complete ? "true" : "false"),
                ]
                    + (w.targets.map { t in
                        [
                            .integer(Int64(t.withTarget)), .integer(Int64(t.met)), .integer(Int64(t.missed)),
                            .number(t.metRate),
                        ]
                    } ?? [])
            })
    }

    /// The open tickets due next (`targets.dueNext`): those due soon (`list` `dueSoon`, least
    /// time left first), then those overdue (`overdue`, the latest first); no rows without
    /// targets. `businessSecondsLeft` is negative when overdue; `deadline` empty when none.
    static func due(_ s: ReportSummary) -> RowTable { due(s.targets?.dueNext) }

    /// The `due` table of these lists (`ReportJob.dueNext`; no rows for `nil`).
    public static func due(_ lists: DueNext?) -> RowTable {
        var rows: [[RowTable.Value]] = []
        if let d = lists {
            for (list, tickets) in [("dueSoon", d.dueSoon.tickets), ("overdue", d.overdue.tickets)] {
                for t in tickets {
                    rows.append([
                        .text(list), .text(t.ticketId), .text(t.title ?? ""), .text(t.url ?? ""),
                        .integer(t.assigneeId), .text(t.assignee), .text(t.priority), .text(t.queue),
                        .timestamp(t.createdAt), .timestamp(t.deadline ?? ""), .integer(Int64(t.businessSecondsLeft)),
                        .integer(Int64(t.resolveWithinSeconds)), .text(t.calendar),
                    ])
                }
            }
        }
        return RowTable(
            columns: [
                "list", "ticketId", "title", "url", "assigneeId", "assignee", "priority", "queue", "createdAt",
                "deadline", "businessSecondsLeft", "resolveWithinSeconds", "calendar",
            ], rows: rows)
    }

    static func anomalies(_ s: ReportSummary) -> RowTable {
        RowTable(
            columns: [
                "date", "weekday", "figure", "observed", "direction", "median", "expectedLow", "expectedHigh",
                "samples",
            ],
            rows: s.anomalies.map { a in
                [
                    .text(a.date), .text(a.weekday), .text(a.figure), .number(a.observed), .text(a.direction),
                    .number(a.median), .number(a.expectedLow), .number(a.expectedHigh), .integer(Int64(a.samples)),
                ]
            })
    }

    /// Queues, then sources, then assignees (`kind`), each the largest change first.
    static func movers(_ s: ReportSummary) -> RowTable {
        RowTable(
            columns: [
                "kind", "key", "name", "figure", "current", "previous", "delta", "currentDenominator",
                "previousDenominator", "pValue",
            ],
            rows: s.movers.byKind.flatMap { kind, movers in
                movers.map { m in
                    [
                        .text(kind), .text(m.key), .text(m.name ?? ""), .text(m.figure), .number(m.current),
                        .number(m.previous), .number(m.delta), .integer(Int64(m.currentDenominator)),
                        .integer(Int64(m.previousDenominator)), .number(m.pValue),
                    ]
                }
            })
    }

    /// Every day of the period, with `dayStart` (the day's first instant in the report zone).
    public static func daily(_ s: ReportSummary) -> RowTable {
        let days = s.sla.byDay.byKey
        let clock = TimeZone(identifier: s.period.timeZone).map { ZoneClock($0) }
        return RowTable(
            columns: ["date", "dayStart", "tickets", "withSLA", "breached", "resolved", "breachRate"],
            rows: s.daily.map { d in
                let start =
                    clock.flatMap { c in
                        LocalDate(d.date).map { c.rfc3339(Date(timeIntervalSince1970: TimeInterval(c.startOfDay($0)))) }
                    } ?? d.date
                return [
                    .text(d.date), .timestamp(start), .integer(Int64(d.tickets)), .integer(Int64(d.withSLA)),
                    .integer(Int64(d.breached)), .integer(Int64(d.resolved)), .number(days[d.date]?.breachRate),
                ]
            })
    }

    public static func assignees(_ s: ReportSummary) -> RowTable {
        RowTable(
            columns: [
                "id", "name", "tickets", "open", "resolved", "withSLA", "breached", "breachRate", "ftrRate",
                "avgConversations", "share", "csatRated", "csatMean",
            ],
            rows: s.assignees.map { a in
                [
                    .integer(a.id), .text(a.name), .integer(Int64(a.tickets)), .integer(Int64(a.open)),
                    .integer(Int64(a.resolved)), .integer(Int64(a.withSLA)), .integer(Int64(a.breached)),
                    .number(a.breachRate), .number(a.ftrRate), .number(a.avgConversations), .number(a.share),
                    .integer(Int64(a.csatRated)), .number(a.csatMean),
                ]
            })
    }

    static func slaGroups(_ groups: [SLAGroup], key: String) -> RowTable {
        RowTable(
            columns: [key, "tickets", "withSLA", "breached", "breachRate"],
            rows: groups.map { g in
                [
                    .text(g.key), .integer(Int64(g.tickets)), .integer(Int64(g.withSLA)), .integer(Int64(g.breached)),
                    .number(g.breachRate),
                ]
            })
    }

    /// SLA, FTR, turnaround and CSAT by queue.
    static func queues(_ s: ReportSummary) -> RowTable {
        let ftr = s.ftr.byQueue.byKey
        let tat = s.tat.byQueue.byKey
        let csat = s.csat.byQueue.byKey
        var t = slaGroups(s.sla.byQueue, key: "queue")
        t.columns += ["ftrRate", "tatMedianSeconds", "tatP90Seconds", "csatRated", "csatMean"]
        t.rows = zip(t.rows, s.sla.byQueue).map { row, g in
            row + [
                .number(ftr[g.key]?.rate), .integer(tat[g.key]?.medianSeconds.map(Int64.init)),
                .integer(tat[g.key]?.p90Seconds.map(Int64.init)), .integer(Int64(csat[g.key]?.rated ?? 0)),
                .number(csat[g.key]?.mean),
            ]
        }
        return t
    }

    /// SLA, FTR and turnaround by priority.
    static func priorities(_ s: ReportSummary) -> RowTable {
        let ftr = s.ftr.byPriority.byKey
        let tat = s.tat.byPriority.byKey
        var t = slaGroups(s.sla.byPriority, key: "priority")
        t.columns += ["ftrRate", "tatMedianSeconds", "tatP90Seconds"]
        t.rows = zip(t.rows, s.sla.byPriority).map { row, g in
            row + [
                .number(ftr[g.key]?.rate), .integer(tat[g.key]?.medianSeconds.map(Int64.init)),
                .integer(tat[g.key]?.p90Seconds.map(Int64.init)),
            ]
        }
        return t
    }

    /// The primary channels: their share of tickets, SLA and FTR.
    static func sources(_ s: ReportSummary) -> RowTable {
        let sla = s.sla.bySource.byKey
        let ftr = s.ftr.bySource.byKey
        let csat = s.csat.bySource.byKey
        return RowTable(
            columns: [
                "source", "tickets", "share", "withSLA", "breached", "breachRate", "ftrRate", "csatRated", "csatMean",
            ],
            rows: s.sources.primary.map { p in
                [
                    .text(p.key), .integer(Int64(p.tickets)), .number(p.share),
                    .integer(Int64(sla[p.key]?.withSLA ?? 0)), .integer(Int64(sla[p.key]?.breached ?? 0)),
                    .number(sla[p.key]?.breachRate), .number(ftr[p.key]?.rate),
                    .integer(Int64(csat[p.key]?.rated ?? 0)), .number(csat[p.key]?.mean),
                ]
            })
    }
}

extension RowTables {
    /// The contact reasons: a row per reason (`level` 1, `detail` empty), each followed by
    /// its details (`level` 2), as `dispositions` orders them; the level-1 rows add up to the
    /// period's tickets, and the level-2 rows under a reason to its row.
    static func dispositions(_ s: ReportSummary) -> RowTable {
        func row(_ g: DispositionGroup, reason: String, detail: String, level: Int64) -> [RowTable.Value] {
            [
                .text(reason), .text(detail), .integer(level), .integer(Int64(g.tickets)), .number(g.share),
                .integer(Int64(g.withSLA)), .integer(Int64(g.breached)), .number(g.breachRate),
                .integer(Int64(g.eligible)), .integer(Int64(g.firstTime)), .number(g.ftrRate),
            ]
        }
        return RowTable(
            columns: [
                "reason", "detail", "level", "tickets", "share", "withSLA", "breached", "breachRate", "eligible",
                "firstTime", "ftrRate",
            ],
            rows: s.dispositions.flatMap { reason in
                [row(reason, reason: reason.key, detail: "", level: 1)]
                    + reason.children.map { row($0, reason: reason.key, detail: $0.key, level: 2) }
            })
    }
}

/// A summary group that tables look up by its key.
protocol KeyedGroup { var key: String { get } }
extension SLAGroup: KeyedGroup {}
extension FTRGroup: KeyedGroup {}
extension TATGroup: KeyedGroup {}
extension CSATGroup: KeyedGroup {}

extension Array where Element: KeyedGroup {
    /// The groups by key (the first of a repeated key).
    var byKey: [String: Element] { Dictionary(map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a }) }
}
