import Foundation
import GRDB
import KaptureTestSupport
import Testing
import TicketModel
import TicketStore

/// The SQLite store on its own: schema and migrations, upserts and day transactions, and the
/// all-or-nothing load of a new store.
@Suite struct StoreTests {
    @Test func versionOneStoresAreMigrated() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("old.sqlite").path
        let raw = #"{"ticketId":"T-1","date":"19-04-2024 10:00","taskTitle":"Refund &amp; more"}"#
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1');
                    CREATE TABLE tickets (ticket_id TEXT PRIMARY KEY NOT NULL, created_at INTEGER NOT NULL,
                        status TEXT, substatus_key TEXT, priority TEXT, queue_key TEXT, queue_name TEXT,
                        primary_source TEXT, last_source TEXT, assigned_id INTEGER NOT NULL, assigned_to_name TEXT,
                        sla_status TEXT, tat_text TEXT, tat_seconds INTEGER, ftr INTEGER, customer_rating INTEGER,
                        total_conversations INTEGER, title TEXT, url TEXT, stored_at INTEGER NOT NULL);
                    CREATE INDEX tickets_by_creation ON tickets(created_at);
                    CREATE TABLE ticket_raw (ticket_id TEXT PRIMARY KEY NOT NULL, raw_json TEXT NOT NULL);
                    CREATE TABLE pull_ledger (day TEXT PRIMARY KEY NOT NULL, state TEXT NOT NULL,
                        tickets_seen INTEGER NOT NULL, pages INTEGER NOT NULL, declared_total INTEGER,
                        skipped_missing_id INTEGER NOT NULL DEFAULT 0, skipped_bad_date INTEGER NOT NULL DEFAULT 0,
                        skipped_not_object INTEGER NOT NULL DEFAULT 0, pulled_at INTEGER NOT NULL, error TEXT);
                    INSERT INTO tickets (ticket_id, created_at, status, assigned_id, title, stored_at)
                        VALUES ('T-1', 1713500000, 'Open', 0, 'Refund & more', 1);
                    """)
            try db.execute(sql: "INSERT INTO ticket_raw VALUES ('T-1', ?)", arguments: [raw])
        }
        // Read-only (a report) leaves it as it is and still reads it.
        #expect(try SQLiteTicketStore(path: path, readOnly: true).rawJSON(ticketId: "T-1") == raw)
        let store = try SQLiteTicketStore(path: path)
        #expect(try store.rawJSON(ticketId: "T-1") == raw)
        #expect(try store.allTicketIds() == ["T-1"])
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(
            tables == [
                "fact_block_counts", "fact_block_layout", "fact_blocks", "grdb_migrations", "pull_ledger",
                "raw_dictionaries", "scheduled_sends", "store_generation", "tickets", "written_days",
            ])
        // Its tickets' blocks built on the way.
        #expect(
            try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT sum(tickets) FROM fact_blocks") }
                == 1)
        #expect(try Self.columns(path) == TicketColumn.allCases.map(\.name))  // migrated to the declaration
    }

    static func columns(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "PRAGMA table_info(tickets)").map { $0["name"] as String }
        }
    }

    /// The columns are declared once (`TicketColumn`); the migrations must make exactly them,
    /// in order, in a new store and in a bulk-loaded one (the readers index by that order).
    @Test func storeSchemaMatchesTheColumnDeclaration() throws {
        let folder = try temporaryFolder()
        let fresh = folder.appendingPathComponent("new.sqlite").path
        _ = try SQLiteTicketStore(path: fresh)
        let expected = [
            "ticket_id", "created_at", "status", "substatus_key", "priority", "queue_key", "queue_name",
            "primary_source", "last_source", "assigned_id", "assigned_to_name", "sla_status", "tat_text",
            "tat_seconds", "ftr", "customer_rating", "total_conversations", "title", "url", "stored_at", "raw",
            "raw_dictionary_id", "raw_sha256", "disposition",
        ]
        #expect(TicketColumn.allCases.map(\.name) == expected)
        #expect(try Self.columns(fresh) == expected)
        let bulk = folder.appendingPathComponent("bulk.sqlite").path
        let load = try SQLiteTicketStore.bulkLoad(path: bulk)
        try load.finishBulkLoad()
        #expect(try Self.columns(bulk) == expected)
        #expect(TicketColumn.decoded.last == .disposition && TicketColumn.decoded.count == 20)
        #expect(TicketColumn.read == TicketColumn.decoded + [.rawSha256])
        #expect(TicketColumn.read.indices.allSatisfy { TicketColumn.read[$0].readIndex == Int32($0) })
    }

    @Test func upsertReplacesAnOlderCopyAndDayWritesAreAtomic() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteTicketStore(path: dir.appendingPathComponent("s.sqlite").path)
        let decoder = TicketDecoder(accountTimeZone: TimeZone(identifier: "Asia/Kolkata")!)
        func stored(_ json: String) throws -> StoredTicket {
            let value = try JSONParser.parse(Array(json.utf8))
            return StoredTicket(ticket: try decoder.decode(value).get(), rawJSON: value.jsonText)
        }
        let day = LocalDate("2024-04-01")!
        let entry = LedgerEntry(
            day: day, state: .complete, ticketsSeen: 1, pages: 1, declaredTotal: 1, skipped: [:], pulledAt: Date(),
            error: nil)
        try store.saveDay(
            entry, tickets: [try stored(#"{"ticketId":"1","date":"01-04-2024 10:00","status":"Pending"}"#)])
        try store.saveDay(
            entry, tickets: [try stored(#"{"ticketId":"1","date":"01-04-2024 10:00","status":"Closed"}"#)])
        #expect(try store.ticketCount() == 1)
        #expect(try store.rawJSON(ticketId: "1")?.contains("Closed") == true)
        var statuses: [String?] = []
        try store.forEachTicket(
            createdFrom: Date(timeIntervalSince1970: 0), before: Date(timeIntervalSince1970: 4e9)
        ) { statuses.append($0.status) }
        #expect(statuses == ["Closed"])
        try store.markFailed(day: day, error: "HTTP 500", at: Date())
        #expect(try store.ledger(from: day, to: day).first?.state == .failed)
        #expect(try store.ticketCount() == 1)  // an earlier pull's tickets are kept

        let notADatabase = dir.appendingPathComponent("x.sqlite")
        try Data("hello, not sqlite at all, padding padding padding padding padding padding padding".utf8).write(
            to: notADatabase)
        let error = #expect(throws: TicketStoreError.self) { try SQLiteTicketStore(path: notADatabase.path) }
        #expect(error?.description == "\(notADatabase.path): not a SQLite database")
    }

    /// A new store is loaded into a hidden file beside it and appears only on `commit()`; an
    /// abandoned load leaves nothing, and the file of a load whose process is gone is removed
    /// by the next one. An existing store is written in place.
    @Test func aNewStoreAppearsOnlyWhenTheLoadCommits() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

        let abandoned = try SQLiteStoreLoad(path: path)
        #expect(abandoned.isNew)
        #expect(try listing().count == 1 && !FileManager.default.fileExists(atPath: path))
        abandoned.abandon()
        #expect(try listing() == [])

        let stale = dir.appendingPathComponent(".s.sqlite.importing-999999999-7").path
        #expect(FileManager.default.createFile(atPath: stale, contents: Data("junk".utf8)))
        let load = try SQLiteStoreLoad(path: path)
        #expect(!FileManager.default.fileExists(atPath: stale))
        try load.store.markImported(days: [LocalDate("2024-04-15")!: ImportedDay(tickets: 3)], at: Date())
        try load.commit()
        #expect(try listing() == ["s.sqlite"])
        let ledger = try SQLiteTicketStore(path: path, readOnly: true).ledger(
            from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-15")!)
        #expect(ledger.map(\.state) == [.imported])

        let again = try SQLiteStoreLoad(path: path)
        #expect(!again.isNew)
        try again.commit()
        #expect(try listing().filter { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") } == ["s.sqlite"])
    }
}
