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
