import ArgumentParser
import ExampleData
import Foundation
import ReportPipeline
import ReportRendering
import SLAAnalytics
import TicketModel

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline on the bundled example data; no account needed.",
        discussion: """
            Reports the week 2024-04-15 … 2024-04-21 (compared with the week before) from the two \
            weeks of generated Kapture responses bundled in Examples/responses, as of \
            2024-04-22T09:00:00+05:30, and writes every format to --out.
            """
    )

    static let period = ReportPeriod(from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-21")!)!
    static let asOf = "2024-04-22T09:00:00+05:30"

    @OptionGroup var outputOptions: OutputOptions

    func run() async throws {
        try await reportingErrors(Self.self) {
            guard let responses = ExampleData.responsesURL else {
                throw PipelineError.failure("the bundled example data is missing from this build")
            }
            let zone = TimeZone(identifier: "Asia/Kolkata")!
            let options = ReportOptions(
                period: Self.period, timeZone: zone, asOf: parseRFC3339(Self.asOf)!, lifecycle: .default)
            let summary = try ReportJob.summarize(.files([responses.path]), options: options, accountTimeZone: zone)
            try await outputOptions.publish(summary, configuration: Configuration())
            print(ReportHeadline.text(summary))
        }
    }
}
