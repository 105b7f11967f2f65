import ArgumentParser
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
            2024-04-22T09:00:00+05:30, and writes every format to --out. The seven weeks before \
            them, for the trend and the anomaly check, are generated on the fly by the same \
            generator (`sample-data --from 2024-02-19 --days 49 --per-day 300 --seed 1 --ages-as-of \
            2024-04-21`) into a temporary folder.
            """
    )

    @OptionGroup var outputOptions: OutputOptions

    func run() async throws {
        try await reportingErrors(Self.self) {
            let options = try DemoData.options()
            let summary = try DemoData.withInputs { inputs throws(PipelineError) in
                try ReportJob.summarize(.files(inputs), options: options, accountTimeZone: DemoData.zone)
            }
            try await outputOptions.publish(summary, configuration: Configuration())
            print(ReportHeadline.text(summary))
        }
    }
}
