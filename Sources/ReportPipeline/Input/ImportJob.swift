public import Foundation
import TicketIngest
import TicketModel
import TicketStore

/// What `import` did.
public struct ImportResult: Sendable {
    public var files: Int
    /// Tickets read from the files (before upserting by ticketId).
    public var tickets: Int
    /// Unusable tickets skipped.
    public var skipped: Int
    /// Of those, the ones in files that gave no day to record them under (no usable ticket
    /// and no date in the file's name): a store report cannot count them.
    public var skippedWithoutDay: Int
    /// Tickets the store holds afterwards.
    public var storeTickets: Int
    public var seconds: Double
}

/// Loads saved Kapture responses (or JSON Lines) into a store: every file decoded on
/// `threads` threads, written so that a later file's copy of a ticket wins, the raw
/// JSON compressed with the store's dictionary, and the days that received tickets recorded
/// in the ledger as `imported`. All or nothing for a new store (`TicketStores.load`).
public enum ImportJob {
    public static func run(
        inputs: [String], storePath: String, accountTimeZone: TimeZone, threads: Int? = nil,
        progress: ProgressHandler? = nil
    ) throws(PipelineError) -> ImportResult {
        let files: [String]
        do { files = try TicketInputReader.expand(paths: inputs) } catch { throw .badInput(error.description) }
        guard !files.isEmpty else { throw .badInput("no .json, .jsonl or .ndjson files found") }
        let started = Date()
        let load: any TicketStoreLoad
        do { load = try TicketStores.load(storePath, building: JobProgress.buildingBlocks(progress)) } catch {
            throw .store(error)
        }
        var days: [LocalDate: ImportedDay] = [:]
        var total = 0
        var skipped = 0
        var skippedWithoutDay = 0
        // The files' sizes: the share of the work done, for the progress's time left.
        let sizes = Dictionary(
            files.map { ($0, (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0) },
            uniquingKeysWith: { a, _ in a })
        let totalBytes = max(1, sizes.values.reduce(0, +))
        var doneBytes = 0
        var doneFiles = 0
        do {
            let store = load.store
            // The raw JSON is compressed with the store's dictionary; a store without one
            // gets one trained on the first tickets of the input.
            let dictionary = try store.rawDictionary(orTrainingOn: {
                TicketRows.sampleRawJSON(
                    paths: files, accountTimeZone: accountTimeZone, limit: RawJSONDictionary.maximumSamples)
            })
            // A later file's copy of a ticket wins: handed last when the store replaces
            // older copies, first when it keeps the first (a PostgreSQL bulk load).
            try TicketRows.decode(
                paths: load.keepsFirstCopy ? files.reversed() : files, accountTimeZone: accountTimeZone,
                dictionary: dictionary,
                threads: threads ?? min(ProcessInfo.processInfo.activeProcessorCount, files.count)
            ) { file in
                try store.saveTickets(file.batch)
                for (day, n) in file.ticketsByDay {
                    days[day, default: ImportedDay(tickets: 0)].add(ImportedDay(tickets: n))
                }
                // A file's unusable tickets are recorded under the day it covered, as a pull
                // records a day's (`report --store` then counts them as `report --input` does).
                let unusable = file.skipped.values.reduce(0, +)
                if let day = file.coveredDay {
                    days[day, default: ImportedDay(tickets: 0)].add(ImportedDay(tickets: 0, skipped: file.skipped))
                } else {
                    skippedWithoutDay += unusable
                }
                total += file.batch.count
                skipped += unusable
                doneFiles += 1
                doneBytes += sizes[file.path] ?? 0
                progress?(
                    JobProgress(
                        done: doneFiles, total: files.count, unit: "files", tickets: total,
                        elapsed: Date().timeIntervalSince(started), fraction: Double(doneBytes) / Double(totalBytes)))
            }
            try store.markImported(days: days, at: Date())
            let held = try store.ticketCount()
            try load.commit()
            return ImportResult(
                files: files.count, tickets: total, skipped: skipped, skippedWithoutDay: skippedWithoutDay,
                storeTickets: held,
                seconds: Date().timeIntervalSince(started))
        } catch let e as TicketStoreError {
            load.abandon()
            throw .store(at: storePath, e)
        } catch let e as InputError {
            load.abandon()
            throw .badInput(e.description)
        } catch {
            load.abandon()
            throw .unexpected(error)
        }
    }
}
