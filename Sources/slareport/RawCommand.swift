import ArgumentParser
import Foundation
import ReportPipeline
import TicketStore

struct RawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raw",
        abstract: "Print tickets exactly as Kapture sent them, from a store.",
        discussion: """
            The store keeps every ticket's JSON object as received (compressed). This prints the stored \
            objects of the given ticketIds, one per line (JSON Lines), in the order given. Exits 65 when a \
            ticketId is not in the store (the others are still printed).
            """
    )

    @Option(help: "The store to read (written by `pull` or `import`): \(storeHelp).")
    var store: String?

    @Option(help: "Configuration file (for [store]).")
    var config: String?

    @Argument(help: "The ticketIds to print.")
    var ticketIds: [String]

    func validate() throws {
        guard !ticketIds.isEmpty else { throw ValidationError("name at least one ticketId") }
    }

    func run() async throws {
        try await reportingErrors(Self.self) {
            let store = try loadConfiguration(config).storeLocation(self.store)!
            let (found, missing) = try RawTicketsJob.read(ticketIds, storePath: store)
            for json in found { print(json) }
            if !missing.isEmpty {
                let names = missing.map { "'\($0)'" }.joined(separator: ", ")
                throw PipelineError.badInput("store \(TicketStores.displayed(store)) holds no ticket \(names)")
            }
        }
    }
}
