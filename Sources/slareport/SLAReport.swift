import ArgumentParser
import ReportPipeline
import SLAAnalytics

@main
struct SLAReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slareport",
        abstract: "SLA and analytics reports for Kapture CRM helpdesks.",
        discussion: """
            Exit codes: 0 success, 64 usage error, 3 authentication refused, 65 bad input data (also a store that \
            cannot be read), 75 a pull left days partial or failed, 1 anything else.
            """,
        version: ReportSummary.engineVersion,
        subcommands: [
            ReportCommand.self, PullCommand.self, ImportCommand.self, RawCommand.self, RenderCommand.self,
            ValidateCommand.self,
            ServeCommand.self, TokenCommand.self, StoreCommand.self, DemoCommand.self, SampleDataCommand.self,
        ]
    )

    static func main() async {
        ProcessTuning.forLargeRuns()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
