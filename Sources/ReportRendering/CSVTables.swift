import Foundation
public import SLAAnalytics

/// The CSV exports: RFC 4180 (CRLF line ends, fields with a comma, quote, CR or LF quoted,
/// quotes doubled), UTF-8, and text cells that begin with `=`, `+`, `-`, `@`, tab or CR
/// prefixed with `'` so that no spreadsheet evaluates them.
public enum CSVTables {
    /// `assignees.csv`: every assignee row of the summary.
    public static func assignees(_ s: ReportSummary) -> String {
        table(
            [
                "id", "name", "tickets", "open", "resolved", "withSLA", "breached", "breachRate", "ftrRate",
                "avgConversations", "share",
            ],
            s.assignees.map { a in
                [
                    .number(String(a.id)), .text(a.name), .number(String(a.tickets)), .number(String(a.open)),
                    .number(String(a.resolved)), .number(String(a.withSLA)), .number(String(a.breached)),
                    .number(Format.plain(a.breachRate)), .number(Format.plain(a.ftrRate)),
                    .number(Format.plain(a.avgConversations)), .number(Format.plain(a.share)),
                ]
            })
    }

    /// `queues.csv`: SLA by queue.
    public static func queues(_ s: ReportSummary) -> String {
        table(
            ["queue", "tickets", "withSLA", "breached", "breachRate"],
            s.sla.byQueue.map { q in
                [
                    .text(q.key), .number(String(q.tickets)), .number(String(q.withSLA)), .number(String(q.breached)),
                    .number(Format.plain(q.breachRate)),
                ]
            })
    }

    /// `daily.csv`: every day of the period.
    public static func daily(_ s: ReportSummary) -> String {
        let rates = Dictionary(s.sla.byDay.map { ($0.key, $0.breachRate) }, uniquingKeysWith: { a, _ in a })
        return table(
            ["date", "tickets", "withSLA", "breached", "resolved", "breachRate"],
            s.daily.map { d in
                [
                    .text(d.date), .number(String(d.tickets)), .number(String(d.withSLA)), .number(String(d.breached)),
                    .number(String(d.resolved)), .number(Format.plain(rates[d.date] ?? nil)),
                ]
            })
    }

    enum Field {
        case text(String)
        case number(String)
    }

    static func table(_ header: [String], _ rows: [[Field]]) -> String {
        var out = header.map { field(.text($0)) }.joined(separator: ",") + "\r\n"
        for row in rows {
            out += row.map(field).joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    /// One field, neutralised and quoted as needed.
    static func field(_ f: Field) -> String {
        var value: String
        switch f {
        case .number(let n): value = n
        case .text(let t):
            value = DisplayText.clean(t, maxLength: 1000, placeholder: "")
            if let first = t.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
                value = "'" + value
            } else if let first = value.unicodeScalars.first, ["=", "+", "-", "@"].contains(first) {
                value = "'" + value
            }
        }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
