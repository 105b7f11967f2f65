import ArgumentParser
import Foundation
import TicketIngest
import TicketModel
import TicketStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load saved Kapture responses (or JSON Lines) into a SQLite store.",
        discussion: """
            Uses the same store code as `pull`: tickets are upserted by ticketId (files in order, so a later \
            file's copy wins), the raw JSON is kept beside the decoded columns, and each file is written in one \
            transaction. The days that received tickets are recorded in the ledger as 'imported'.
            """
    )

    @Option(name: .long, help: "A response file or a folder of them (repeatable).")
    var input: [String] = []

    @Option(help: "The SQLite store to write (created if missing).")
    var store = "slareport.sqlite"

    @Option(help: "Threads decoding files (default: the number of cores).")
    var threads: Int?

    @Option(help: "Configuration file (for timezone).")
    var config: String?

    func run() async throws {
        try await reportingErrors {
            guard !input.isEmpty else { throw ValidationError("give the data: --input PATH") }
            if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be 1…256") }
            let cfg = try Configuration.load(explicit: config)
            guard let zone = TimeZone(identifier: cfg.timezone) else {
                throw CLIError.usage("timezone '\(cfg.timezone)' is not an IANA time zone name")
            }
            let files = try TicketInputReader.expand(paths: input)
            guard !files.isEmpty else { throw CLIError.badInput("no .json, .jsonl or .ndjson files found") }
            let ticketStore: SQLiteTicketStore
            do { ticketStore = try SQLiteTicketStore(path: store) } catch let e as TicketStoreError {
                throw CLIError.failure("store \(e.description)")
            }
            let clock = ZoneClock(zone)
            var days: [LocalDate: Int] = [:]
            var total = 0
            var skipped = 0
            let started = Date()
            do {
                try TicketRows.decode(
                    paths: files, accountTimeZone: zone,
                    threads: threads ?? min(ProcessInfo.processInfo.activeProcessorCount, files.count)
                ) { file in
                    try ticketStore.saveTickets(file.tickets.map { StoredTicket(ticket: $0.ticket, rawJSON: $0.raw) })
                    for t in file.tickets { days[clock.localDate(of: t.ticket.createdAt), default: 0] += 1 }
                    total += file.tickets.count
                    skipped += file.skipped.values.reduce(0, +)
                }
                try ticketStore.markImported(days: days, at: Date())
            } catch let e as TicketStoreError {
                throw CLIError.failure("store \(e.description)")
            }
            let seconds = Date().timeIntervalSince(started)
            print(
                "Imported \(total) tickets from \(files.count) files into \(store) in \(String(format: "%.2f", seconds)) s"
                    + (skipped > 0 ? "; \(skipped) unusable tickets skipped" : "")
                    + "; the store now holds \(try ticketStore.ticketCount()) tickets")
        }
    }
}
