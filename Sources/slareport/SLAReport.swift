import ArgumentParser

@main
struct SLAReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slareport",
        abstract: "SLA and analytics reports for Kapture CRM helpdesks.",
        discussion: """
            Exit codes: 0 success, 64 usage error, 3 authentication refused, 65 bad input data, 1 anything else.
            """,
        version: "0.1.0",
        subcommands: [
            ReportCommand.self, PullCommand.self, ImportCommand.self, RenderCommand.self, ValidateCommand.self,
            DemoCommand.self, SampleDataCommand.self,
        ]
    )
}
