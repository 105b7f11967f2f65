import ArgumentParser
import Foundation
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

    func run() async throws {
        try await reportingErrors {
            let configuration = try Configuration.load(explicit: config)
            guard let data = FileManager.default.contents(atPath: summary) else {
                throw CLIError.badInput("\(summary): the file cannot be read")
            }
            let decoded: ReportSummary
            do {
                decoded = try SummaryJSON.decode(data)
            } catch {
                throw CLIError.badInput("\(summary): not a slareport summary.json (\(error))")
            }
            try await writeOutputs(
                decoded, formats: try parseFormats(outputOptions.format), options: outputOptions,
                configuration: configuration)
        }
    }
}
