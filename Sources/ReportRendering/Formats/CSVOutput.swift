import Foundation
import SLAAnalytics

/// `assignees.csv`, `queues.csv`, `dispositions.csv`, `daily.csv`, `trend.csv`, `anomalies.csv`, `movers.csv`,
/// and `targets.csv` and `due.csv` when the report has targets: RFC 4180, formula-safe.
enum CSVOutput: ReportOutput {
    static let format = ReportFormat.csv
    static func render(_ context: RenderContext, inputs: [ReportFormat: [RenderedFile]]) throws -> [RenderedFile] {
        let targets: [RenderedFile] =
            context.summary.targets == nil
            ? []
            : [
                ("targets.csv", Data(RowTables.table(.targets, of: context.summary).csv().utf8)),
                ("due.csv", Data(RowTables.table(.due, of: context.summary).csv().utf8)),
            ]
        return [
            ("assignees.csv", Data(CSVTables.assignees(context.summary).utf8)),
            ("queues.csv", Data(CSVTables.queues(context.summary).utf8)),
            ("dispositions.csv", Data(RowTables.table(.dispositions, of: context.summary).csv().utf8)),
            ("daily.csv", Data(CSVTables.daily(context.summary).utf8)),
            ("trend.csv", Data(RowTables.table(.trend, of: context.summary).csv().utf8)),
            ("anomalies.csv", Data(RowTables.table(.anomalies, of: context.summary).csv().utf8)),
            ("movers.csv", Data(RowTables.table(.movers, of: context.summary).csv().utf8)),
        ] + targets
    }
}
