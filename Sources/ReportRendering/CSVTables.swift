import Foundation
public import SLAAnalytics

/// The CSV exports: RFC 4180 (CRLF line ends, fields with a comma, quote, CR or LF quoted,
/// quotes doubled), UTF-8, and text cells that begin with `=`, `+`, `-`, `@`, tab or CR
/// prefixed with `'` so that no spreadsheet evaluates them.
public enum CSVTables {
    /// `assignees.csv`: every assignee row of the summary.
    public static func assignees(_ s: ReportSummary) -> String { RowTables.assignees(s).csv() }

    /// `queues.csv`: SLA, FTR, turnaround and CSAT by queue.
    public static func queues(_ s: ReportSummary) -> String { RowTables.table(.queues, of: s).csv() }

    /// `daily.csv`: every day of the period (the feed's `dayStart` is not in the file).
    public static func daily(_ s: ReportSummary) -> String { RowTables.daily(s).dropping("dayStart").csv() }

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
