import Foundation
import TicketIngest
import TicketModel
import TicketStore

/// What `store copy` did.
public struct StoreCopyResult: Sendable {
    public var tickets: Int
    public var ledgerDays: Int
    /// Days whose tickets the target already held, byte for byte: not copied again.
    public var identicalDays = 0
}

/// Copies any store into any other (SQLite ↔ PostgreSQL): every ticket with its raw JSON
/// byte for byte, then the ledger. A day at a time, each in one transaction of the
/// target; upserts and ledger rows overwrite, so a copy run again (after an interruption,
/// or later to catch up) ends with the same target: resumable and idempotent. A day whose
/// tickets the target already holds (the same number, the same digest of their raw JSON:
/// `RowDigest` of the stored SHA-256s) is skipped, so a run after an interruption copies
/// only what is missing.
public enum StoreCopyJob {
    public static func run(from source: String, to target: String, progress: ProgressHandler? = nil)
        throws(PipelineError) -> StoreCopyResult
    {
        guard TicketStores.displayed(source) != TicketStores.displayed(target) else {
            throw .usage("--from and --to name the same store")
        }
        let from: any TicketStoring
        let to: any TicketStoring
        let building = JobProgress.buildingBlocks(progress)
        do { from = try TicketStores.open(source, readOnly: true, building: building) } catch { throw .store(error) }
        do { to = try TicketStores.open(target, building: building) } catch { throw .store(error) }
        do {
            var copied = 0
            var identical = 0
            // A day at a time (bounded memory, one target transaction each) from the oldest
            // ticket to the newest.
            let range = try from.createdRange()
            var start = range?.lowerBound ?? .distantFuture
            let last = range?.upperBound ?? .distantPast
            let step: TimeInterval = 86400
            let days = start <= last ? Int(last.timeIntervalSince(start) / step) + 1 : 0
            let began = Date()
            var done = 0
            func report() {
                done += 1
                progress?(
                    JobProgress(
                        done: done, total: days, unit: "days", tickets: copied,
                        elapsed: Date().timeIntervalSince(began), fraction: Double(done) / Double(max(1, days))))
            }
            while start <= last {
                let end = start.addingTimeInterval(step)
                defer { report() }
                let held = try digest(of: from, start, end)
                if held.count > 0, held == (try digest(of: to, start, end)) {
                    identical += 1
                    start = end
                    continue
                }
                var raw: [String: String] = [:]
                try from.forEachRawJSON(createdFrom: start, before: end) { id, json in raw[id] = json }
                if !raw.isEmpty {
                    var tickets: [StoredTicket] = []
                    tickets.reserveCapacity(raw.count)
                    try from.forEachTicket(createdFrom: start, before: end) { t in
                        tickets.append(StoredTicket(ticket: t, rawJSON: raw[t.ticketId] ?? ""))
                    }
                    try to.saveTickets(tickets)
                    copied += tickets.count
                }
                start = end
            }
            let ledger = try from.ledger(from: LocalDate("1970-01-01")!, to: LocalDate("2100-12-31")!)
            for entry in ledger { try to.saveDay(entry, tickets: []) }
            return StoreCopyResult(tickets: copied, ledgerDays: ledger.count, identicalDays: identical)
        } catch let e as TicketStoreError {
            throw .store(e)
        } catch {
            throw .unexpected(error)
        }
    }

    /// The tickets of `[start, end)` in `store`: their number and the digest of their raw JSON.
    static func digest(of store: any TicketStoring, _ start: Date, _ end: Date) throws -> RowDigest {
        var digest = RowDigest()
        try store.forEachRawTicket(createdFrom: start, before: end, chunk: .wholePeriod) { digest.add($0) }
        return digest
    }
}
