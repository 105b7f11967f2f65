import ArgumentParser
import Foundation
import ReportPipeline
import ReportRendering
import SLAAnalytics

struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render the report files again from a saved summary.json.",
        discussion: """
            Useful to re-render an archived summary with other templates or recipients; the figures are \
            the summary's, nothing is recomputed.
            """
    )

    @Option(help: "The summary.json to render.")
    var summary: String

    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "Configuration file (for [email]).")
    var config: String?

    @Option(
        help: ArgumentHelp(
            "Benchmark: render and validate every format this many times in-process first, then print the timings to stderr (docs/PERFORMANCE.md).",
            visibility: .hidden))
    var benchmarkRuns: Int = 0

    func run() async throws {
        try await reportingErrors(Self.self) {
            let configuration = try loadConfiguration(config)
            guard let data = FileManager.default.contents(atPath: summary) else {
                throw PipelineError.badInput("\(summary): the file cannot be read")
            }
            let decoded: ReportSummary
            do {
                decoded = try SummaryJSON.decode(data)
            } catch {
                throw PipelineError.badInput("\(summary): not a slareport summary.json (\(error))")
            }
            if benchmarkRuns > 0 {
                FileHandle.standardError.write(Data(try ReportRenderer.benchmark(decoded, runs: benchmarkRuns).utf8))
            }
            try await outputOptions.publish(decoded, configuration: configuration)
        }
    }
}
