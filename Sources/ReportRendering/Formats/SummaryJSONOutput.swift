import Foundation

/// `summary.json`: the `ReportSummary` as dashboards read it.
enum SummaryJSONOutput: ReportOutput {
    static let format = ReportFormat.json
    static func render(_ context: RenderContext, inputs: [ReportFormat: [RenderedFile]]) throws -> [RenderedFile] {
        [("summary.json", try SummaryJSON.encode(context.summary))]
    }
}
