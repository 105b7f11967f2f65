import ExampleData
import Foundation
import GRDB
import KaptureTestSupport
import Testing
import TicketModel
import TicketStore

/// The raw JSON the store keeps beside the decoded columns: compressed with a dictionary the
/// store trains on its own tickets, read back exactly, and a clear error when damaged.
@Suite struct RawJSONStoreTests {
    static func paths() throws -> [String] { try TicketInputReader.expand(paths: [ExampleData.responsesURL!.path]) }

    /// The example file's tickets with their raw JSON, as the tolerant decoder reads them.
    func stored(_ path: String) throws -> [StoredTicket] {
        let reader = TicketInputReader(decoder: TicketDecoder(accountTimeZone: TimeZone(identifier: "Asia/Kolkata")!))
        let d = try reader.decode(
            bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), path: path, keepRawJSON: true)
        return zip(d.tickets, d.rawJSON!).map { StoredTicket(ticket: $0.0, rawJSON: $0.1) }
    }

    /// A pulled day too small to train on keeps its raw JSON as text; the first day with
    /// enough tickets trains the dictionary; both read back the same.
    @Test func dictionaryIsTrainedOnceEnoughTicketsArrive() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("s.sqlite").path
        let store = try SQLiteTicketStore(path: path)
        let paths = try Self.paths()
        let first = Array(try stored(paths[0]).prefix(RawJSONDictionary.minimumSamples - 1))
        try store.saveTickets(first)
        #expect(try store.rawDictionary() == nil)
        let second = try stored(paths[1])
        #expect(second.count >= RawJSONDictionary.minimumSamples)
        try store.saveTickets(second)
        let dictionary = try #require(try store.rawDictionary())
        for t in first + second {
            #expect(try store.rawJSON(ticketId: t.ticket.ticketId) == t.rawJSON)
        }
        let kinds = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(
                db, sql: "SELECT typeof(raw), raw_dictionary_id, count(*) FROM tickets GROUP BY 1, 2 ORDER BY 1"
            )
            .map { "\($0[0] as String) \(($0[1] as Int64?).map(String.init) ?? "-") \($0[2] as Int)" }
        }
        #expect(kinds == ["blob \(dictionary.id) \(second.count)", "text - \(first.count)"])
        // A reopened store uses the same dictionary.
        #expect(try SQLiteTicketStore(path: path).rawDictionary()?.bytes == dictionary.bytes)
        // With a newer dictionary in the store, reading a ticket compressed with the older
        // one does not make the older one the dictionary new tickets get.
        let newer = try #require(try store.trainRawDictionary(samples: second.map { Array($0.rawJSON.utf8) }))
        let reopened = try SQLiteTicketStore(path: path)
        #expect(try reopened.rawJSON(ticketId: second[0].ticket.ticketId) == second[0].rawJSON)
        #expect(try reopened.rawDictionary()?.id == newer.id)
        #expect(newer.id != dictionary.id)
    }

    /// Days saved at once (a pull's concurrent days) into a store without a dictionary
    /// train one between them, not one each.
    @Test func concurrentFirstDaysTrainOneDictionary() async throws {
        let path = try temporaryFolder().appendingPathComponent("s.sqlite").path
        let store = try SQLiteTicketStore(path: path)
        let days = try Self.paths().prefix(4).map { try stored($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for day in days { group.addTask { try store.saveTickets(day) } }
            try await group.waitForAll()
        }
        let (dictionaries, compressed) = try await DatabaseQueue(path: path).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM raw_dictionaries"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM tickets WHERE raw_dictionary_id IS NOT NULL")
            )
        }
        #expect(dictionaries == 1)
        // Every row compressed (the days share a few re-pulled tickets, stored once).
        #expect(compressed == (try store.ticketCount()) && compressed! > 1_000)
    }

    /// Damaged compressed JSON is one clear error naming the ticket, not a crash.
    @Test func damagedRawJSONIsAClearError() throws {
        let path = try temporaryFolder().appendingPathComponent("s.sqlite").path
        let store = try SQLiteTicketStore(path: path)
        try store.saveTickets(try stored(Self.paths()[0]))
        #expect(try store.rawDictionary() != nil)
        let ids = try store.allTicketIds().sorted()
        try DatabaseQueue(path: path).write { db in
            // A length of 1 GiB before one byte of data; a block cut short.
            try db.execute(sql: "UPDATE tickets SET raw = x'0000004041' WHERE ticket_id = ?", arguments: [ids[0]])
            try db.execute(sql: "UPDATE tickets SET raw = substr(raw, 1, 20) WHERE ticket_id = ?", arguments: [ids[1]])
        }
        for id in ids.prefix(2) {
            let error = #expect(throws: TicketStoreError.self) { try store.rawJSON(ticketId: id) }
            #expect(error?.description.contains("raw JSON of ticket \(id) cannot be decompressed") == true)
        }
        #expect(try store.rawJSON(ticketId: ids[2])?.hasPrefix("{") == true)
    }
}
