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
            file's copy wins), the raw JSON is kept beside the decoded columns (compressed against a dictionary \
            of the store's first tickets; `slareport raw` prints it), and each file is written in one \
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
            // A new store is bulk-loaded into a temporary file beside it (no journal: each page
            // is written once) and renamed into place when complete, so a failed or killed
            // import never leaves a store behind. An existing store takes the tickets through
            // the same upserts in WAL mode that `pull` uses.
            Self.removeAbandonedBulkLoads(beside: store)
            let fresh = !FileManager.default.fileExists(atPath: store)
            let target = fresh ? Self.temporaryPath(beside: store) : store
            let ticketStore: SQLiteTicketStore
            do {
                ticketStore =
                    fresh ? try SQLiteTicketStore.bulkLoad(path: target) : try SQLiteTicketStore(path: target)
            } catch let e as TicketStoreError {
                throw CLIError.failure("store \(store): \(e.reason)")
            }
            var finished = false
            defer { if fresh && !finished { Self.removeStoreFiles(target) } }
            var days: [LocalDate: Int] = [:]
            var total = 0
            var skipped = 0
            let started = Date()
            let held: Int
            do {
                // The raw JSON is compressed with the store's dictionary; a store without one
                // gets one trained on the first tickets of the input.
                let dictionary = try ticketStore.rawDictionary(orTrainingOn: {
                    TicketRows.sampleRawJSON(
                        paths: files, accountTimeZone: zone, limit: RawJSONDictionary.maximumSamples)
                })
                try TicketRows.decode(
                    paths: files, accountTimeZone: zone, dictionary: dictionary,
                    threads: threads ?? min(ProcessInfo.processInfo.activeProcessorCount, files.count)
                ) { file in
                    try ticketStore.saveTickets(file.batch)
                    days.merge(file.ticketsByDay, uniquingKeysWith: +)
                    total += file.batch.count
                    skipped += file.skipped.values.reduce(0, +)
                }
                try ticketStore.markImported(days: days, at: Date())
                held = try ticketStore.ticketCount()
                if fresh {
                    try ticketStore.finishBulkLoad()
                    guard !FileManager.default.fileExists(atPath: store) else {
                        throw CLIError.failure("\(store) appeared while importing; nothing was written to it")
                    }
                    guard rename(target, store) == 0 else {
                        throw CLIError.failure("\(store): cannot be created (\(String(cString: strerror(errno))))")
                    }
                }
                finished = true
            } catch let e as TicketStoreError {
                throw CLIError.failure("store \(store): \(e.reason)")
            }
            let seconds = Date().timeIntervalSince(started)
            print(
                "Imported \(total) tickets from \(files.count) files into \(store) in \(String(format: "%.2f", seconds)) s"
                    + (skipped > 0 ? "; \(skipped) unusable tickets skipped" : "")
                    + "; the store now holds \(held) tickets")
        }
    }

    /// A new file beside `path` for a bulk load (same folder, so the rename is atomic).
    static func temporaryPath(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).importing-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        ).path
    }

    /// Temporary files of imports that were killed (their process is gone).
    static func removeAbandonedBulkLoads(beside path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).importing-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = rest.split(separator: "-").first.flatMap({ Int32($0) }), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink(folder.appendingPathComponent(name).path)
            }
        }
    }

    static func removeStoreFiles(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }
}
