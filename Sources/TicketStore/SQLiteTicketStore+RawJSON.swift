public import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import TicketModel

extension SQLiteTicketStore {
    /// The dictionary new raw JSON is compressed with: the newest in the store; `nil` while
    /// the store has none (its raw JSON is then kept as text).
    public func rawDictionary() throws -> RawJSONDictionary? {
        if let newest = dictionaries.withLock({ $0.newest }) { return newest }
        return try wrap {
            try pool.read { db in
                guard try db.tableExists("raw_dictionaries"),
                    let row = try Row.fetchOne(
                        db, sql: "SELECT id, lz4_dictionary FROM raw_dictionaries ORDER BY id DESC LIMIT 1")
                else { return nil }
                return remember(RawJSONDictionary(id: row[0], bytes: [UInt8](row[1] as Data)), newest: true)
            }
        }
    }

    /// `rawDictionary()`, or when the store has none yet, one trained on `samples()` (raw
    /// ticket objects; `nil` when too few). Callers at once (a pull's concurrent days, say)
    /// train one between them: the first trains, the others use its.
    public func rawDictionary(orTrainingOn samples: () throws -> [[UInt8]]) throws -> RawJSONDictionary? {
        if let dictionary = try rawDictionary() { return dictionary }
        return try training.withLock { _ in try rawDictionary() ?? trainRawDictionary(samples: samples()) }
    }

    /// Trains a dictionary on `samples` (raw ticket objects), stores it and makes it the one
    /// new raw JSON is compressed with. `nil` when the samples are too few to train on.
    public func trainRawDictionary(samples: [[UInt8]]) throws -> RawJSONDictionary? {
        guard let trained = RawJSONDictionary.train(samples: samples) else { return nil }
        return try wrap {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT INTO raw_dictionaries (lz4_dictionary, samples, created_at) VALUES (?, ?, ?)",
                    arguments: [Data(trained), samples.count, Int64(Date().timeIntervalSince1970)])
                return remember(RawJSONDictionary(id: db.lastInsertedRowID, bytes: trained), newest: true)
            }
        }
    }

    func remember(_ dictionary: RawJSONDictionary?, newest: Bool = false) -> RawJSONDictionary? {
        guard let dictionary else { return nil }
        return dictionaries.withLock { $0.remember(dictionary, newest: newest) }
    }

    func dictionary(id: Int64, in db: Database) throws -> RawJSONDictionary? {
        if let known = dictionaries.withLock({ $0.byID[id] }) { return known }
        guard
            let data = try Data.fetchOne(
                db, sql: "SELECT lz4_dictionary FROM raw_dictionaries WHERE id = ?", arguments: [id])
        else { return nil }
        return remember(RawJSONDictionary(id: id, bytes: [UInt8](data)))
    }

    /// The raw JSON stored for a ticket, exactly as received.
    public func rawJSON(ticketId: String) throws -> String? {
        try wrap {
            try pool.read { db in
                let hasDictionaries = try db.tableExists("raw_dictionaries")
                let sql =
                    hasDictionaries
                    ? "SELECT raw, raw_dictionary_id FROM tickets WHERE ticket_id = ?"
                    : "SELECT raw_json, NULL FROM ticket_raw WHERE ticket_id = ?"
                guard let row = try Row.fetchOne(db, sql: sql, arguments: [ticketId]) else { return nil }
                guard let id = row[1] as Int64? else { return row[0] as String }
                let dictionary = try dictionary(id: id, in: db)
                return try (row[0] as Data).withUnsafeBytes {
                    try RawJSONDictionary.json($0, compressed: true, with: dictionary, ticketId: ticketId, store: path)
                }
            }
        }
    }

    public func forEachRawJSON(
        createdFrom start: Date, before end: Date, _ body: (_ ticketId: String, _ json: String) throws -> Void
    ) throws {
        try wrap {
            try pool.read { db in
                let cursor = try Row.fetchCursor(
                    db,
                    sql:
                        "SELECT ticket_id, raw, raw_dictionary_id FROM tickets WHERE created_at >= ? AND created_at < ? ORDER BY created_at, ticket_id",
                    arguments: [
                        Int64(start.timeIntervalSince1970.rounded(.up)), Int64(end.timeIntervalSince1970.rounded(.up)),
                    ])
                while let row = try cursor.next() {
                    let id: String = row[0]
                    guard let dictionaryID = row[2] as Int64? else {
                        try body(id, row[1] as String)
                        continue
                    }
                    let dictionary = try dictionary(id: dictionaryID, in: db)
                    try body(
                        id,
                        try (row[1] as Data).withUnsafeBytes {
                            try RawJSONDictionary.json(
                                $0, compressed: true, with: dictionary, ticketId: id, store: path)
                        })
                }
            }
        }
    }
}
