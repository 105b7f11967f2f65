public import Foundation
public import TicketModel
public import TicketStore

/// Decoded tickets with their raw JSON, file by file, for loading into a store.
public enum TicketRows {
    /// One file's tickets (in file order, the later copy of a ticketId last), ready for the
    /// store, with its skips and how many tickets each day (account time zone) received.
    public struct File: Sendable {
        public var path: String
        public var tickets: [StoredTicket]
        public var skipped: [SkipReason: Int]
        public var ticketsByDay: [LocalDate: Int] = [:]
    }

    struct Worker {
        var decoder: TicketRowDecoder
        var scanner: ResponseFileScanner
        let reader: TicketInputReader
    }

    /// Decodes `paths` on `threads` threads and hands each file to `consume` in path order.
    public static func decode(
        paths: [String], accountTimeZone: TimeZone, threads: Int, consume: (File) throws -> Void
    ) throws {
        let clock = ZoneClock(accountTimeZone)
        try OrderedParallelMap.run(
            count: paths.count, threads: threads,
            makeState: { _ in
                Worker(
                    decoder: TicketRowDecoder(accountTimeZone: accountTimeZone), scanner: ResponseFileScanner(),
                    reader: TicketInputReader(decoder: TicketDecoder(accountTimeZone: accountTimeZone)))
            },
            finish: { $0.scanner.deallocate() },
            work: { w, k -> Result<File, InputError> in
                let path = paths[k]
                var file = File(path: path, tickets: [], skipped: [:])
                let ok = w.scanner.scanElements(path: path, decoder: &w.decoder) { e in
                    switch e {
                    case .ticket(let t, let raw): file.tickets.append(StoredTicket(ticket: t, rawJSON: raw))
                    case .skipped(let reason): file.skipped[reason, default: 0] += 1
                    }
                }
                if ok { return .success(file.countingDays(clock)) }
                // The tolerant path: one parse, keeping each ticket object's JSON.
                do {
                    guard let data = TicketInputReader.readAll(path) else {
                        throw InputError(path: path, reason: "the file cannot be read")
                    }
                    let decoded = try w.reader.decode(bytes: data, path: path, keepRawJSON: true)
                    let raws = decoded.rawJSON ?? []
                    return .success(
                        File(
                            path: path,
                            tickets: zip(decoded.tickets, raws).map { StoredTicket(ticket: $0.0, rawJSON: $0.1) },
                            skipped: decoded.skipped
                        ).countingDays(clock))
                } catch let e as InputError {
                    return .failure(e)
                } catch {
                    return .failure(InputError(path: path, reason: "the file cannot be read"))
                }
            },
            consume: { (_, r: Result<File, InputError>) throws in try consume(r.get()) })
    }
}

extension TicketRows.File {
    func countingDays(_ clock: ZoneClock) -> Self {
        var file = self
        for t in tickets { file.ticketsByDay[clock.localDate(of: t.ticket.createdAt), default: 0] += 1 }
        return file
    }
}
