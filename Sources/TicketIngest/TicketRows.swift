public import Foundation
import Synchronization
public import TicketModel
public import TicketStore

/// Decoded tickets with their raw JSON, file by file, for loading into a store.
public enum TicketRows {
    /// One file's tickets as a batch for the store (in file order, the later copy of a
    /// ticketId last), with its skips and how many tickets each day (account time zone)
    /// received.
    public struct File: Sendable {
        public var path: String
        public var batch: TicketBatch
        public var skipped: [SkipReason: Int]
        public var ticketsByDay: [LocalDate: Int] = [:]

        /// The account-zone day the file covered (`TicketInputReader.coveredDay`), under which
        /// its unusable tickets are recorded.
        public var coveredDay: LocalDate? { TicketInputReader.coveredDay(ticketsByDay: ticketsByDay, path: path) }
    }

    /// Emptied batches, returned by the writer for the decoding threads to fill again: their
    /// buffers are already grown and mapped.
    final class SparePool: Sendable {
        let spares = Mutex<[TicketBatch]>([])
        let limit: Int
        init(limit: Int) { self.limit = limit }

        func take(_ dictionary: RawJSONDictionary?) -> TicketBatch {
            spares.withLock { $0.popLast() } ?? TicketBatch(dictionary: dictionary)
        }

        func give(_ batch: consuming TicketBatch) {
            var batch = batch
            batch.removeAll()
            spares.withLock { if $0.count < limit { $0.append(batch) } }
        }
    }

    struct Worker {
        var decoder: TicketRowDecoder
        var scanner: ResponseFileScanner
        let reader: TicketInputReader
    }

    /// Decodes `paths` on `threads` threads and hands each file to `consume` in path order.
    /// The raw JSON is compressed with `dictionary` (kept as text when `nil`). Files are read
    /// `chunkSize` bytes at a time.
    public static func decode(
        paths: [String], accountTimeZone: TimeZone, dictionary: RawJSONDictionary?, threads: Int,
        chunkSize: Int = 1 << 20, consume: (File) throws -> Void
    ) throws {
        let clock = ZoneClock(accountTimeZone)
        let pool = SparePool(limit: threads + 2)
        try OrderedParallelMap.run(
            count: paths.count, threads: threads,
            makeState: { _ in
                Worker(
                    decoder: TicketRowDecoder(accountTimeZone: accountTimeZone, dictionary: dictionary),
                    scanner: ResponseFileScanner(chunkSize: chunkSize),
                    reader: TicketInputReader(decoder: TicketDecoder(accountTimeZone: accountTimeZone)))
            },
            finish: { $0.scanner.deallocate() },
            work: { w, k -> Result<File, InputError> in
                let path = paths[k]
                var skipped: [SkipReason: Int] = [:]
                var days: [Int: Int] = [:]
                w.decoder.batch.removeAll()
                let ok = w.scanner.scanElements(path: path, decoder: &w.decoder) { e in
                    switch e {
                    case .ticket(let day): days[day, default: 0] += 1
                    case .skipped(let reason): skipped[reason, default: 0] += 1
                    }
                }
                if ok {
                    // The batch is handed over whole; the next file fills a spare one.
                    var file = File(path: path, batch: pool.take(dictionary), skipped: skipped)
                    swap(&file.batch, &w.decoder.batch)
                    for (day, n) in days { file.ticketsByDay[LocalDate(daysSinceEpoch: day)] = n }
                    return .success(file)
                }
                // The tolerant path: one parse, keeping each ticket object's JSON.
                do {
                    guard let data = TicketInputReader.readJSONInput(path) else {
                        throw InputError(path: path, reason: "the file cannot be read")
                    }
                    let decoded = try w.reader.decode(bytes: data, path: path, keepRawJSON: true)
                    var file = File(path: path, batch: TicketBatch(dictionary: dictionary), skipped: decoded.skipped)
                    for (t, raw) in zip(decoded.tickets, decoded.rawJSON ?? []) {
                        file.batch.append(t, rawJSON: raw, compressor: w.decoder.compressor)
                        file.ticketsByDay[clock.localDate(of: t.createdAt), default: 0] += 1
                    }
                    return .success(file)
                } catch let e as InputError {
                    return .failure(e)
                } catch {
                    return .failure(InputError(path: path, reason: "the file cannot be read"))
                }
            },
            consume: { (_, r: Result<File, InputError>) throws in
                var file = try r.get()
                try consume(file)
                var spare = TicketBatch(dictionary: nil)
                swap(&spare, &file.batch)
                pool.give(spare)
            })
    }

    /// The raw JSON of up to `limit` tickets from the first of `paths` (as many files as it
    /// takes), to train the store's dictionary on.
    public static func sampleRawJSON(paths: [String], accountTimeZone: TimeZone, limit: Int) -> [[UInt8]] {
        var samples: [[UInt8]] = []
        var decoder = TicketRowDecoder(accountTimeZone: accountTimeZone, dictionary: nil)
        var scanner = ResponseFileScanner()
        defer { scanner.deallocate() }
        let reader = TicketInputReader(decoder: TicketDecoder(accountTimeZone: accountTimeZone))
        for path in paths where samples.count < limit {
            decoder.batch.removeAll()
            if scanner.scanElements(path: path, decoder: &decoder, limit: limit - samples.count, take: { _ in }) {
                let b = decoder.batch
                for row in 0..<b.count where samples.count < limit { samples.append(b.text(row, .raw) ?? []) }
            } else if let data = TicketInputReader.readJSONInput(path),
                let decoded = try? reader.decode(bytes: data, path: path, keepRawJSON: true)
            {
                for raw in (decoded.rawJSON ?? []).prefix(limit - samples.count) { samples.append(Array(raw.utf8)) }
            }
        }
        return samples
    }
}
