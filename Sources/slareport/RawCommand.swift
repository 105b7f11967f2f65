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

    @Option(help: "The SQLite store to read (written by `pull` or `import`).")
    var store = "slareport.sqlite"

    @Argument(help: "The ticketIds to print.")
    var ticketIds: [String]

    func validate() throws {
        guard !ticketIds.isEmpty else { throw ValidationError("name at least one ticketId") }
    }

    func run() async throws {
        try await reportingErrors(Self.self) {
            let ticketStore: SQLiteTicketStore
            do {
                ticketStore = try SQLiteTicketStore(path: store, readOnly: true)
            } catch let e as TicketStoreError {
                throw PipelineError.failure("store \(store): \(e.reason)")
            }
            var missing: [String] = []
            for id in ticketIds {
                do {
                    if let json = try ticketStore.rawJSON(ticketId: id) {
                        print(json)
                    } else {
                        missing.append(id)
                    }
                } catch let e as TicketStoreError {
                    throw PipelineError.failure("store \(store): \(e.reason)")
                }
            }
            if !missing.isEmpty {
                let names = missing.map { "'\($0)'" }.joined(separator: ", ")
                throw PipelineError.badInput("store \(store) holds no ticket \(names)")
            }
        }
    }
}
