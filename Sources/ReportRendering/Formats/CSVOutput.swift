import Foundation

/// `assignees.csv`, `queues.csv`, `daily.csv`: RFC 4180, formula-safe.
enum CSVOutput: ReportOutput {
    static let format = ReportFormat.csv
    static func render(_ context: RenderContext, inputs: [ReportFormat: [RenderedFile]]) throws -> [RenderedFile] {
        [
            ("assignees.csv", Data(CSVTables.assignees(context.summary).utf8)),
            ("queues.csv", Data(CSVTables.queues(context.summary).utf8)),
            ("daily.csv", Data(CSVTables.daily(context.summary).utf8)),
        ]
    }
}
