public import Foundation
import Synchronization
public import TicketModel
public import TicketStore

/// A real SQLite store that notes the name of the thread each call comes on.
public final class ThreadNotingStore: TicketStoring {
    public let base: SQLiteTicketStore
    /// The threads each method was called on, by the method's name.
    let noted = Mutex<[String: Set<String>]>([:])
    public var threads: [String: Set<String>] { noted.withLock { $0 } }

    public init(_ base: SQLiteTicketStore) { self.base = base }

    public func note(_ call: String = #function) {
        // Linux names each thread in /proc (NIO names its shared pool's `SGLTN-TP-#n`).
        let thread = ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        noted.withLock { _ = $0[call, default: []].insert(thread) }
    }

    public var location: String { base.location }
    public func saveDay(_ entry: LedgerEntry, tickets: [StoredTicket]) throws {
        note()
        try base.saveDay(entry, tickets: tickets)
    }
    public func saveTickets(_ tickets: [StoredTicket]) throws {
        note()
        try base.saveTickets(tickets)
    }
    public func saveTickets(_ batch: TicketBatch) throws {
        note()
        try base.saveTickets(batch)
    }
    public func rawDictionary(orTrainingOn samples: () throws -> [[UInt8]]) throws -> RawJSONDictionary? {
        note()
        return try base.rawDictionary(orTrainingOn: samples)
    }
    public func markImported(days: [LocalDate: ImportedDay], at: Date) throws {
        note()
        try base.markImported(days: days, at: at)
    }
    public func markFailed(day: LocalDate, error: String, at: Date) throws {
        note()
        try base.markFailed(day: day, error: error, at: at)
    }
    public func ledger(from: LocalDate, to: LocalDate) throws -> [LedgerEntry] {
        note()
        return try base.ledger(from: from, to: to)
    }
    public func readPlan(createdFrom start: Date, before end: Date, chunkRows: Int64) throws -> [TicketReadChunk] {
        note()
        return try base.readPlan(createdFrom: start, before: end, chunkRows: chunkRows)
    }
    public func forEachRawTicket(
        createdFrom start: Date, before end: Date, chunk: TicketReadChunk, _ body: (RawTicketRow) throws -> Void
    ) throws {
        note()
        try base.forEachRawTicket(createdFrom: start, before: end, chunk: chunk, body)
    }
    public func forEachTicket(createdFrom start: Date, before end: Date, _ body: (Ticket) throws -> Void) throws {
        note()
        try base.forEachTicket(createdFrom: start, before: end, body)
    }
    public func rawJSON(ticketId: String) throws -> String? {
        note()
        return try base.rawJSON(ticketId: ticketId)
    }
    public func forEachRawJSON(
        createdFrom start: Date, before end: Date, _ body: (_ ticketId: String, _ json: String) throws -> Void
    ) throws {
        note()
        try base.forEachRawJSON(createdFrom: start, before: end, body)
    }
    public func createdRange() throws -> ClosedRange<Date>? {
        note()
        return try base.createdRange()
    }
    public func ticketCount() throws -> Int {
        note()
        return try base.ticketCount()
    }
    public func verify() throws {
        note()
        return try base.verify()
    }
    public func allTicketIds() throws -> Set<String> {
        note()
        return try base.allTicketIds()
    }
    public func recordSend(schedule: String, dueAt: Date, sentAt: Date) throws -> Bool {
        note()
        return try base.recordSend(schedule: schedule, dueAt: dueAt, sentAt: sentAt)
    }
    public func sentAt(schedule: String, dueAt: Date) throws -> Date? {
        note()
        return try base.sentAt(schedule: schedule, dueAt: dueAt)
    }
    public func tryLock(_ name: String) throws -> (any StoreLock)? {
        note()
        return try base.tryLock(name)
    }
    /// Not noted: it is awaited where it is called, and waits without a thread.
    public func lock(_ name: String) async throws -> any StoreLock { try await base.lock(name) }
    public func generation() throws -> Int64 {
        note()
        return try base.generation()
    }
    public var keepsFactBlocks: Bool { base.keepsFactBlocks }
    public func factBlock(utcDay: Int64, reusing buffer: inout [UInt8]) throws -> StoredFactBlock? {
        note()
        return try base.factBlock(utcDay: utcDay, reusing: &buffer)
    }
    public func factBlockCounts(utcDay: Int64, reusing buffer: inout [UInt8]) throws -> BlockCounts? {
        note()
        return try base.factBlockCounts(utcDay: utcDay, reusing: &buffer)
    }
}
