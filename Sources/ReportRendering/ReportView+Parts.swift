/// The parts of a `ReportView` the templates iterate: tiles, bars, tables, rows and cells,
/// the tickets to act on, and the SVG charts' shapes.
extension ReportView {
    struct Tile {
        let label: String
        let value: String
        let detail: String
        let hasDelta: Bool
        let delta: String
        let deltaColor: String
    }

    struct Bar {
        let label: String
        let value: String
        let detail: String
        let hasDetail: Bool
        /// Width of the bar in percent of the chart (1…100), and of the rest.
        let percent: Int
        let rest: Int
        let color: String
    }

    struct Row {
        let cells: [Cell]
        let bar: Bar?
        let hasBar: Bool
    }

    struct Cell {
        let text: String
        let numeric: Bool
        let align: String
    }

    struct Table {
        let caption: String
        let headers: [Cell]
        let rows: [Row]
        let hasRows: Bool
        let hasMore: Bool
        let moreText: String
        let columnCount: Int
    }

    struct Attention {
        let ticketId: String
        let title: String
        let hasLink: Bool
        let link: String
        let urlText: String
        let hasURLText: Bool
        let assignee: String
        let priority: String
        let queue: String
        let age: String
    }

    /// A listed ticket's row: its texts cleaned, linked when its URL is http(s).
    static func attentionRow(
        ticketId: String, title: String?, url: String?, assignee: String, priority: String, queue: String, age: String
    ) -> Attention {
        let link = DisplayText.safeLink(url)
        let urlText = link == nil ? DisplayText.clean(url, maxLength: 60, placeholder: "") : ""
        return Attention(
            ticketId: DisplayText.clean(ticketId, maxLength: 40), title: DisplayText.clean(title, maxLength: 90),
            hasLink: link != nil, link: link ?? "", urlText: urlText, hasURLText: !urlText.isEmpty,
            assignee: DisplayText.clean(assignee, maxLength: 60), priority: DisplayText.clean(priority),
            queue: DisplayText.clean(queue), age: age)
    }

    /// A listed ticket as a line of the text report (its link on the next).
    static func textLine(_ a: Attention) -> String {
        "\(a.ticketId)  \(a.age)  \(a.assignee)  \(a.priority)/\(a.queue)  \(a.title)"
            + (a.hasLink ? "\n    \(a.link)" : "")
    }

    struct SVGBar {
        let x: String
        let y: String
        let width: String
        let height: String
        let color: String
        let title: String
    }

    struct SVGLabel {
        let x: String
        let y: String
        let text: String
        let anchor: String
    }

    struct SVGChart {
        let width: String
        let height: String
        let viewBox: String
        let title: String
        let bars: [SVGBar]
        let labels: [SVGLabel]
        let gridLines: [SVGBar]
        var lines: [SVGLine] = []
    }
}
