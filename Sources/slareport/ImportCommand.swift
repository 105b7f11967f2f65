import ArgumentParser
import Foundation
import ReportPipeline
import TicketStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load saved Kapture responses (or JSON Lines) into a store (SQLite or PostgreSQL).",
        discussion: """
            Uses the same store code as `pull`: tickets are upserted by ticketId (files in order, so a later \
            file's copy wins), the raw JSON is kept beside the decoded columns (in SQLite compressed against a \
            dictionary of the store's first tickets; `slareport raw` prints it), and each file is written in one \
            transaction. The days that received tickets are recorded in the ledger as 'imported'. A new \
            store is written all or nothing.
            """
    )

    @Option(name: .long, help: "A response file or a folder of them (repeatable).")
    var input: [String] = []

    @Option(help: "The store to write, created if missing: \(storeHelp).")
    var store: String?

    @Option(help: "Threads decoding files (default: the number of cores).")
    var threads: Int?

    @Option(help: "Configuration file (for timezone).")
    var config: String?

    @Flag(help: "No progress line on a terminal.")
    var quiet = false

    func run() async throws {
        try await reportingErrors(Self.self) {
            guard !input.isEmpty else { throw PipelineError.usage("give the data: --input PATH") }
            try checkThreads(threads)
            let configuration = try loadConfiguration(config)
            let store = configuration.storeLocation(self.store)!
            let line = ProgressLine(quiet: quiet)
            defer { line.finish() }
            let result = try ImportJob.run(
                inputs: input, storePath: store, accountTimeZone: try configuration.accountTimeZone(), threads: threads,
                progress: line.handler())
            line.finish()
            print(
                "Imported \(plural(result.tickets, "ticket")) from \(plural(result.files, "file")) into \(TicketStores.displayed(store)) "
                    + "in \(String(format: "%.2f", result.seconds)) s"
                    + (result.skipped > 0 ? "; \(plural(result.skipped, "unusable ticket")) skipped" : "")
                    + "; the store now holds \(plural(result.storeTickets, "ticket"))")
            if result.skippedWithoutDay > 0 {
                printError(
                    "slareport: warning: \(plural(result.skippedWithoutDay, "unusable ticket")) came from files with no usable ticket and no date in their name; store reports cannot count them as skipped"
                )
            }
        }
    }
}
