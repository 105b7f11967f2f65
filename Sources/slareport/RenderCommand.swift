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
            if benchmarkRuns > 0 { try benchmark(decoded, runs: benchmarkRuns) }
            try await outputOptions.publish(decoded, configuration: configuration)
        }
    }

    /// Renders every format `runs` times with the bundled templates, timing each run; the
    /// first run in a process includes loading templates and DTDs for the first time.
    private func benchmark(_ summary: ReportSummary, runs: Int) throws {
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<runs {
            let elapsed = try clock.measure {
                _ = try ReportRenderer(templates: try TemplateSet()).render(summary, formats: ReportFormat.allCases)
            }
            times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        let sorted = times.sorted()
        let line = String(
            format: "render+validate all formats, %d runs: first %.1f ms, median %.1f ms, min %.1f ms\n", runs,
            times[0], sorted[sorted.count / 2], sorted[0])
        FileHandle.standardError.write(Data(line.utf8))
    }
}
