import Foundation
import SLAAnalytics

/// The view's building blocks: cells, tables, bars, aligned text columns.
extension ReportView {
    /// A table as aligned text columns.
    static func textLines(_ t: Table) -> [String] {
        var rows = [t.headers.map(\.text)] + t.rows.map { $0.cells.map(\.text) }
        if !t.hasRows { rows.append(["No tickets."]) }
        var lines = columns(rows, numeric: t.headers.map(\.numeric))
        if t.hasMore { lines.append(t.moreText) }
        return lines
    }

    /// Pads cells into columns (left-aligned text, right-aligned numbers), two spaces apart.
    static func columns(_ rows: [[String]], numeric: [Bool]) -> [String] {
        let n = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: n)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = Swift.max(widths[i], Swift.min(cell.count, 40)) }
        }
        return rows.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                let text = cell.count > 40 ? String(cell.prefix(39)) + "…" : cell
                let pad = String(repeating: " ", count: Swift.max(0, widths[i] - text.count))
                let right = i < numeric.count && numeric[i]
                if i > 0 { line += "  " }
                line += right ? pad + text : (i == row.count - 1 ? text : text + pad)
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    static func reasonText(_ reason: String) -> String {
        switch reason {
        case "missingTicketId": return "without a ticketId"
        case "unparseableCreationDate": return "without a readable creation date"
        case "notAnObject": return "not ticket objects"
        default: return reason
        }
    }

    static func text(_ s: String) -> Cell { Cell(text: s, numeric: false, align: "left") }
    static func num(_ s: String) -> Cell { Cell(text: s, numeric: true, align: "right") }

    /// A CSAT cell: the mean rating and how many rated it ("4.3 (12)"), or "n/a".
    static func csat(_ mean: Double?, rated: Int) -> String {
        mean.map { "\(Format.fixed($0, 1)) (\(Format.count(rated)))" } ?? "n/a"
    }

    static func table(caption: String, headers: [String], rows: [Row], more: String) -> Table {
        Table(
            caption: caption,
            headers: headers.enumerated().map { $0.offset == 0 ? text($0.element) : num($0.element) },
            rows: rows, hasRows: !rows.isEmpty, hasMore: !more.isEmpty, moreText: more, columnCount: headers.count)
    }

    static func bar(_ label: String, _ value: Double, max: Double, value text: String, detail: String, color: String)
        -> Bar
    {
        let p = max > 0 ? Int((value / max * 100).rounded()) : 0
        let percent = Swift.max(1, Swift.min(100, p))
        return Bar(
            label: label, value: text, detail: detail, hasDetail: !detail.isEmpty, percent: percent,
            rest: 100 - percent,
            color: color)
    }

    static func n(_ v: Double) -> String { Format.fixed(v, 1) }
}
