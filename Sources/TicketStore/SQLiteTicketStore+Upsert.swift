public import Foundation
import GRDB
import GRDBSQLite
import Synchronization
public import TicketModel

extension SQLiteTicketStore {
    static let upsertSQL = TicketColumn.upsertSQL

    /// The text and integer columns of a batch with their parameters in `upsertSQL` (`raw`,
    /// a blob when compressed, and its SHA-256 are bound on their own), from the column
    /// declaration.
    static let textColumns: [(TicketColumn, Int32)] = TicketColumn.textColumns.compactMap {
        $0.isBinary ? nil : ($0, $0.parameter)
    }
    static let integerColumns: [(TicketColumn, Int32)] = TicketColumn.integerColumns.map { ($0, $0.parameter) }

    func upsert(_ batch: TicketBatch, in db: Database, now: Int64) throws {
        let statement = try db.cachedStatement(sql: Self.upsertSQL).sqliteStatement
        func step(_ s: OpaquePointer) throws {
            let rc = sqlite3_step(s)
            sqlite3_reset(s)
            guard rc == SQLITE_DONE else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        // Bound straight through SQLite's C API, without copies: every value stays in the
        // batch's buffer (borrowed here) while its statement runs.
        try batch.bytes.withUnsafeBytes { arena in
            let base = arena.baseAddress
            func bind(_ s: OpaquePointer, _ i: Int32, _ span: TicketBatch.Span, blob: Bool = false) {
                if span.count < 0 {
                    sqlite3_bind_null(s, i)
                } else if let base, span.count > 0 {
                    let p = base + span.start
                    if blob {
                        sqlite3_bind_blob(s, i, p, Int32(span.count), nil)
                    } else {
                        sqlite3_bind_text(s, i, p.assumingMemoryBound(to: CChar.self), Int32(span.count), nil)
                    }
                } else {
                    // An empty value has no bytes to point at; SQLite copies this one.
                    sqlite3_bind_text(s, i, "", 0, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                }
            }
            let compressed = batch.dictionaryID != nil
            if let id = batch.dictionaryID {
                sqlite3_bind_int64(statement, TicketColumn.rawDictionaryId.parameter, id)
            } else {
                sqlite3_bind_null(statement, TicketColumn.rawDictionaryId.parameter)
            }
            sqlite3_bind_int64(statement, TicketColumn.storedAt.parameter, now)
            let texts = Self.textColumns
            let integers = Self.integerColumns
            for row in 0..<batch.count {
                for (c, parameter) in texts { bind(statement, parameter, batch.span(row, c)) }
                for (c, parameter) in integers {
                    if let v = batch.integer(row, c) {
                        sqlite3_bind_int64(statement, parameter, v)
                    } else {
                        sqlite3_bind_null(statement, parameter)
                    }
                }
                bind(statement, TicketColumn.raw.parameter, batch.span(row, .raw), blob: compressed)
                bind(statement, TicketColumn.rawSha256.parameter, batch.span(row, .rawSha256), blob: true)
                try step(statement)
            }
            // Nothing may keep pointing into the batch once it is gone.
            sqlite3_clear_bindings(statement)
        }
    }

    public func saveDay(_ entry: LedgerEntry, tickets: [StoredTicket]) throws {
        try saveDay(entry, batch: batch(of: tickets))
    }

    /// `saveDay` for tickets already in a batch.
    public func saveDay(_ entry: LedgerEntry, batch: TicketBatch) throws {
        let now = Int64(Date().timeIntervalSince1970)
        try wrap {
            try pool.write { db in
                let before = try Self.generation(db)
                try upsert(batch, in: db, now: now)
                try writeLedger(entry, in: db)
                try bumpGeneration(stamping: batch, in: db)
                try Self.rebuildFactBlocks(db, stampedAfter: before)
            }
        }
    }

    public func saveTickets(_ tickets: [StoredTicket]) throws {
        try saveTickets(batch(of: tickets))
    }

    /// `saveTickets` for tickets already in a batch (the path `slareport import` takes: its
    /// decoding threads build the batches).
    public func saveTickets(_ batch: TicketBatch) throws {
        let now = Int64(Date().timeIntervalSince1970)
        try wrap {
            try pool.write { db in
                let before = try Self.generation(db)
                try upsert(batch, in: db, now: now)
                try bumpGeneration(stamping: batch, in: db)
                if bulk {
                    try bulkBlocks.withLock { try $0.add(batch, in: db) }
                } else {
                    try Self.rebuildFactBlocks(db, stampedAfter: before)
                }
            }
        }
    }

    func writeLedger(_ e: LedgerEntry, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO pull_ledger (day, state, tickets_seen, pages, declared_total, skipped_missing_id,
                    skipped_bad_date, skipped_not_object, pulled_at, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                e.day.description, e.state.rawValue, e.ticketsSeen, e.pages, e.declaredTotal,
                e.skipped[.missingTicketId] ?? 0, e.skipped[.unparseableCreationDate] ?? 0,
                e.skipped[.notAnObject] ?? 0,
                Int64(e.pulledAt.timeIntervalSince1970), e.error,
            ])
    }

    public func markImported(days: [LocalDate: ImportedDay], at: Date) throws {
        try wrap {
            try pool.write { db in
                for (day, n) in days {
                    try db.execute(
                        sql: """
                            INSERT INTO pull_ledger (day, state, tickets_seen, pages, skipped_missing_id,
                                skipped_bad_date, skipped_not_object, pulled_at)
                            VALUES (?1, 'imported', ?2, 0, ?3, ?4, ?5, ?6)
                            ON CONFLICT(day) DO UPDATE SET tickets_seen = tickets_seen + excluded.tickets_seen,
                                skipped_missing_id = CASE WHEN ?7 THEN excluded.skipped_missing_id ELSE skipped_missing_id END,
                                skipped_bad_date = CASE WHEN ?7 THEN excluded.skipped_bad_date ELSE skipped_bad_date END,
                                skipped_not_object = CASE WHEN ?7 THEN excluded.skipped_not_object ELSE skipped_not_object END
                                WHERE state = 'imported'
                            """,
                        arguments: [
                            day.description, n.tickets, n.skipped?[.missingTicketId] ?? 0,
                            n.skipped?[.unparseableCreationDate] ?? 0, n.skipped?[.notAnObject] ?? 0,
                            Int64(at.timeIntervalSince1970), n.skipped != nil,
                        ])
                }
                try bumpGeneration(in: db)
            }
        }
    }

    public func markFailed(day: LocalDate, error: String, at: Date) throws {
        try wrap {
            try pool.write { db in
                // Keep an earlier complete row's counts; only the state and error change.
                try db.execute(
                    sql: """
                        INSERT INTO pull_ledger (day, state, tickets_seen, pages, pulled_at, error)
                        VALUES (?, 'failed', 0, 0, ?, ?)
                        ON CONFLICT(day) DO UPDATE SET state = 'failed', pulled_at = excluded.pulled_at,
                            error = excluded.error
                        """,
                    arguments: [day.description, Int64(at.timeIntervalSince1970), error])
                try bumpGeneration(in: db)
            }
        }
    }

    public func ledger(from: LocalDate, to: LocalDate) throws -> [LedgerEntry] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM pull_ledger WHERE day BETWEEN ? AND ? ORDER BY day",
                    arguments: [from.description, to.description]
                ).compactMap { row -> LedgerEntry? in
                    guard let day = LocalDate(row["day"] as String), let state = LedgerState(rawValue: row["state"])
                    else { return nil }
                    var skipped: [SkipReason: Int] = [:]
                    for (reason, column) in [
                        (SkipReason.missingTicketId, "skipped_missing_id"),
                        (.unparseableCreationDate, "skipped_bad_date"),
                        (.notAnObject, "skipped_not_object"),
                    ] {
                        let n: Int = row[column]
                        if n > 0 { skipped[reason] = n }
                    }
                    return LedgerEntry(
                        day: day, state: state, ticketsSeen: row["tickets_seen"], pages: row["pages"],
                        declaredTotal: row["declared_total"], skipped: skipped,
                        pulledAt: Date(timeIntervalSince1970: TimeInterval(row["pulled_at"] as Int64)),
                        error: row["error"])
                }
            }
        }
    }

    public func recordSend(schedule: String, dueAt: Date, sentAt: Date) throws -> Bool {
        try wrap {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT OR IGNORE INTO scheduled_sends (schedule, due_at, sent_at) VALUES (?, ?, ?)",
                    arguments: [schedule, Int64(dueAt.timeIntervalSince1970), Int64(sentAt.timeIntervalSince1970)])
                return db.changesCount > 0
            }
        }
    }

    public func sentAt(schedule: String, dueAt: Date) throws -> Date? {
        try wrap {
            try pool.read { db in
                guard try db.tableExists("scheduled_sends") else { return nil }
                return try Int64.fetchOne(
                    db, sql: "SELECT sent_at FROM scheduled_sends WHERE schedule = ? AND due_at = ?",
                    arguments: [schedule, Int64(dueAt.timeIntervalSince1970)]
                ).map { Date(timeIntervalSince1970: TimeInterval($0)) }
            }
        }
    }
}
