import ExampleData
import Foundation
import ReportPipeline
import ReportRendering
import SLAAnalytics
import Synchronization
import Testing
import TicketModel
import TicketStore

/// A second implementation of `TicketStoring`, in memory: its rows are copies of another
/// store's, its read plan cuts the period by position in its own array (not by rowid), and it
/// hands the reader `TicketRowValues`, not SQLite statements. What a PostgreSQL store must do.
final class MemoryTicketStore: TicketStoring, @unchecked Sendable {
    struct Row {
        var texts: [TicketColumn: [UInt8]]
        var integers: [TicketColumn: Int64]
        var created: Int64 { integers[.createdAt] ?? 0 }
    }

    let rows: [Row]
    let ledgerRows: [LedgerEntry]
    let raw: [String: String]
    let writes = Atomic<Int64>(0)
    var location: String { "memory" }

    /// A copy of every row, ledger day and raw ticket of `source`.
    init(copying source: any TicketStoring, ticketIds: [String], days: ClosedRange<LocalDate>) throws {
        var rows: [Row] = []
        try source.forEachRawTicket(createdFrom: .distantPast, before: .distantFuture, chunk: .wholePeriod) { r in
            var row = Row(texts: [:], integers: [:])
            for c in TicketColumn.read {
                if let t = r.text(c) { row.texts[c] = Array(t) }
                if let i = r.int64(c) { row.integers[c] = i }
            }
            rows.append(row)
        }
        // Stored in reverse: the plan, not the array, decides the order.
        self.rows = rows.reversed()
        ledgerRows = try source.ledger(from: days.lowerBound, to: days.upperBound)
        var raw: [String: String] = [:]
        for id in ticketIds { raw[id] = try source.rawJSON(ticketId: id) }
        try source.forEachRawJSON(createdFrom: .distantPast, before: .distantFuture) { id, json in raw[id] = json }
        self.raw = raw
    }

    func readPlan(createdFrom start: Date, before end: Date, chunkRows: Int64) throws -> [TicketReadChunk] {
        stride(from: 0, to: Int64(rows.count), by: Int(chunkRows)).map {
            TicketReadChunk(keys: $0..<min(Int64(rows.count), $0 + chunkRows), capacity: chunkRows)
        }
    }

    func forEachRawTicket(
        createdFrom start: Date, before end: Date, chunk: TicketReadChunk, _ body: (RawTicketRow) throws -> Void
    ) throws {
        let from = Int64(start.timeIntervalSince1970.rounded(.up))
        let to = Int64(end.timeIntervalSince1970.rounded(.up))
        let values = TicketRowValues()
        for row in rows[Int(chunk.keys!.lowerBound)..<Int(chunk.keys!.upperBound)]
        where row.created >= from && row.created < to {
            values.begin()
            for c in TicketColumn.read {
                values.set(c, text: row.texts[c])
                values.set(c, integer: row.integers[c])
            }
            try body(RawTicketRow(values))
        }
    }

    func ledger(from: LocalDate, to: LocalDate) throws -> [LedgerEntry] {
        ledgerRows.filter { $0.day >= from && $0.day <= to }
    }
    func rawJSON(ticketId: String) throws -> String? { raw[ticketId] }
    func ticketCount() throws -> Int { rows.count }
    func verify() throws {}
    func createdRange() throws -> ClosedRange<Date>? { nil }
    func allTicketIds() throws -> Set<String> {
        Set(rows.compactMap { $0.texts[.ticketId].map { String(decoding: $0, as: UTF8.self) } })
    }
    func generation() throws -> Int64 { writes.load(ordering: .relaxed) }
    // No blocks kept: every report reads its tickets.
    var keepsFactBlocks: Bool { false }
    func factBlock(utcDay: Int64, reusing buffer: inout [UInt8]) throws -> StoredFactBlock? { nil }

    // Writing is not what this test is about.
    func saveDay(_ entry: LedgerEntry, tickets: [StoredTicket]) throws { throw Unsupported() }
    func saveTickets(_ tickets: [StoredTicket]) throws { throw Unsupported() }
    func saveTickets(_ batch: TicketBatch) throws { throw Unsupported() }
    func rawDictionary(orTrainingOn samples: () throws -> [[UInt8]]) throws -> RawJSONDictionary? { nil }
    func markImported(days: [LocalDate: ImportedDay], at: Date) throws { throw Unsupported() }
    func markFailed(day: LocalDate, error: String, at: Date) throws { throw Unsupported() }
    func recordSend(schedule: String, dueAt: Date, sentAt: Date) throws -> Bool { throw Unsupported() }
    func sentAt(schedule: String, dueAt: Date) throws -> Date? { nil }
    func tryLock(_ name: String) throws -> (any StoreLock)? { UncontendedLock() }
    func lock(_ name: String) async throws -> any StoreLock { UncontendedLock() }
    func forEachRawJSON(
        createdFrom start: Date, before end: Date, _ body: (_ ticketId: String, _ json: String) throws -> Void
    ) throws {
        let from = Int64(start.timeIntervalSince1970.rounded(.up))
        let to = Int64(end.timeIntervalSince1970.rounded(.up))
        for row in rows where row.created >= from && row.created < to {
            let id = String(decoding: row.texts[.ticketId] ?? [], as: UTF8.self)
            try body(id, raw[id] ?? "")
        }
    }
    func forEachTicket(createdFrom start: Date, before end: Date, _ body: (Ticket) throws -> Void) throws {
        throw Unsupported()
    }
    struct Unsupported: Error {}
}

@Suite struct SecondStoreTests {
    /// The report job reads any `TicketStoring`: a store that shares nothing with SQLite but
    /// the protocol gives the same summary, whatever its chunking and thread count.
    @Test func aSecondStoreImplementationGivesTheSameSummary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("second-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        _ = try ImportJob.run(
            inputs: [ReportPipelineTests.examples], storePath: path, accountTimeZone: ReportPipelineTests.kolkata)
        let sqlite = try TicketStores.open(path, readOnly: true)
        let ids = Array(try sqlite.allTicketIds().sorted().prefix(3))
        let memory = try MemoryTicketStore(
            copying: sqlite, ticketIds: ids, days: LocalDate("2024-04-01")!...LocalDate("2024-04-30")!)
        #expect(try memory.ticketCount() == (try sqlite.ticketCount()))

        let options = try ReportPipelineTests.demoOptions()
        let reference = try ReportJob.summarize(store: sqlite, options: options, threads: 1)
        #expect(reference.totals.tickets > 1000)
        for threads in [1, 2, 3] {
            let summary = try ReportJob.summarize(store: memory, options: options, threads: threads)
            #expect(try SummaryJSON.encode(summary) == (try SummaryJSON.encode(reference)), "threads \(threads)")
        }
        #expect(try memory.rawJSON(ticketId: ids[0]) == (try sqlite.rawJSON(ticketId: ids[0])))
    }

    /// Every write that commits raises the generation a cache keys on, and a reader in
    /// another connection sees it.
    @Test func everyCommittedWriteRaisesTheGeneration() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        let writer = try TicketStores.open(path)
        let reader = try TicketStores.open(path, readOnly: true)
        var seen = [try reader.generation()]
        let day = LocalDate("2024-04-15")!
        try writer.markImported(days: [day: ImportedDay(tickets: 1)], at: Date())
        seen.append(try reader.generation())
        try writer.markFailed(day: day, error: "x", at: Date())
        seen.append(try reader.generation())
        try writer.saveDay(
            LedgerEntry(
                day: day, state: .complete, ticketsSeen: 0, pages: 1, declaredTotal: 0, skipped: [:], pulledAt: Date(),
                error: nil), tickets: [])
        seen.append(try reader.generation())
        try writer.saveTickets([StoredTicket]())
        seen.append(try reader.generation())
        #expect(seen == Array(seen[0]..<(seen[0] + 5)))
    }

    /// A location this build cannot open is refused in one sentence that names no password.
    @Test func anUnsupportedLocationIsRefusedWithoutItsPassword() {
        do {
            _ = try TicketStores.open("postgres://app:s3cret@db.example/slareport")
            Issue.record("a URL was opened as a file")
        } catch {
            #expect(!error.description.contains("s3cret"))
            #expect(error.description.hasPrefix("postgres://"))
        }
    }
}
