import ArgumentParser
import Foundation
import ReportPipeline
import TicketStore

struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Work with stores (SQLite files, PostgreSQL databases).",
        subcommands: [Copy.self])

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy every ticket (raw JSON byte for byte) and the ledger from one store into another.",
            discussion: "Idempotent: run it again after an interruption, or later to catch up.")

        @Option(help: "The store to copy: a SQLite file or a postgres:// URL.")
        var from: String

        @Option(help: "The store to copy into (created if missing).")
        var to: String

        @Flag(help: "No progress line on a terminal.")
        var quiet = false

        func run() async throws {
            try await reportingErrors(Self.self) {
                let line = ProgressLine(quiet: quiet)
                defer { line.finish() }
                let result = try StoreCopyJob.run(from: from, to: to, progress: line.handler())
                line.finish()
                let skipped =
                    result.identicalDays > 0
                    ? " (\(plural(result.identicalDays, "day")) the target already held, byte for byte, skipped)" : ""
                print(
                    "Copied \(plural(result.tickets, "ticket")) and \(plural(result.ledgerDays, "ledger day")) "
                        + "from \(TicketStores.displayed(from)) to \(TicketStores.displayed(to))\(skipped)")
            }
        }
    }
}
