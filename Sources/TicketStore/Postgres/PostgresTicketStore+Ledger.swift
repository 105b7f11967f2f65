import Crypto
public import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization
public import TicketModel

/// The pull ledger (a row per account-zone day) and the scheduled emails' send log.
extension PostgresTicketStore {
    func writeLedger(_ e: LedgerEntry, _ c: PostgresConnection) throws {
        var b = PostgresBindings()
        b.append(e.day.description)
        b.append(e.state.rawValue)
        b.append(Int64(e.ticketsSeen))
        b.append(Int64(e.pages))
        b.append(e.declaredTotal.map(Int64.init))
        b.append(Int64(e.skipped[.missingTicketId] ?? 0))
        b.append(Int64(e.skipped[.unparseableCreationDate] ?? 0))
        b.append(Int64(e.skipped[.notAnObject] ?? 0))
        b.append(Int64(e.pulledAt.timeIntervalSince1970))
        b.append(e.error)
        _ = try run(
            c,
            """
            INSERT INTO pull_ledger (day, state, tickets_seen, pages, declared_total, skipped_missing_id,
                skipped_bad_date, skipped_not_object, pulled_at, error)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (day) DO UPDATE SET state = EXCLUDED.state, tickets_seen = EXCLUDED.tickets_seen,
                pages = EXCLUDED.pages, declared_total = EXCLUDED.declared_total,
                skipped_missing_id = EXCLUDED.skipped_missing_id, skipped_bad_date = EXCLUDED.skipped_bad_date,
                skipped_not_object = EXCLUDED.skipped_not_object, pulled_at = EXCLUDED.pulled_at, error = EXCLUDED.error
            """, b)
    }

    public func markImported(days: [LocalDate: ImportedDay], at: Date) throws {
        try wrap {
            try transaction { c in
                for (day, n) in days.sorted(by: { $0.key < $1.key }) {
                    var b = PostgresBindings()
                    b.append(day.description)
                    b.append(Int64(n.tickets))
                    b.append(Int64(at.timeIntervalSince1970))
                    b.append(Int64(n.skipped?[.missingTicketId] ?? 0))
                    b.append(Int64(n.skipped?[.unparseableCreationDate] ?? 0))
                    b.append(Int64(n.skipped?[.notAnObject] ?? 0))
                    b.append(n.skipped != nil)
                    _ = try run(
                        c,
                        """
                        INSERT INTO pull_ledger (day, state, tickets_seen, pages, pulled_at, skipped_missing_id,
                            skipped_bad_date, skipped_not_object) VALUES ($1, 'imported', $2, 0, $3, $4, $5, $6)
                        ON CONFLICT (day) DO UPDATE SET tickets_seen = pull_ledger.tickets_seen + EXCLUDED.tickets_seen,
                            skipped_missing_id = CASE WHEN $7 THEN EXCLUDED.skipped_missing_id ELSE pull_ledger.skipped_missing_id END,
                            skipped_bad_date = CASE WHEN $7 THEN EXCLUDED.skipped_bad_date ELSE pull_ledger.skipped_bad_date END,
                            skipped_not_object = CASE WHEN $7 THEN EXCLUDED.skipped_not_object ELSE pull_ledger.skipped_not_object END
                            WHERE pull_ledger.state = 'imported'
                        """, b)
                }
                try bumpGeneration(c)
            }
        }
    }

    public func markFailed(day: LocalDate, error: String, at: Date) throws {
        try wrap {
            try transaction { c in
                var b = PostgresBindings()
                b.append(day.description)
                b.append(Int64(at.timeIntervalSince1970))
                b.append(error)
                _ = try run(
                    c,
                    """
                    INSERT INTO pull_ledger (day, state, tickets_seen, pages, pulled_at, error) VALUES ($1, 'failed', 0, 0, $2, $3)
                    ON CONFLICT (day) DO UPDATE SET state = 'failed', pulled_at = EXCLUDED.pulled_at, error = EXCLUDED.error
                    """, b)
                try bumpGeneration(c)
            }
        }
    }

    public func recordSend(schedule: String, dueAt: Date, sentAt: Date) throws -> Bool {
        try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(schedule)
                b.append(Int64(dueAt.timeIntervalSince1970))
                b.append(Int64(sentAt.timeIntervalSince1970))
                let r = try run(
                    c,
                    "INSERT INTO scheduled_sends (schedule, due_at, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1",
                    b)
                return r.rows.count == 1
            }
        }
    }

    public func sentAt(schedule: String, dueAt: Date) throws -> Date? {
        try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(schedule)
                b.append(Int64(dueAt.timeIntervalSince1970))
                let r = try run(c, "SELECT sent_at FROM scheduled_sends WHERE schedule = $1 AND due_at = $2", b)
                return try r.rows.first.map { Date(timeIntervalSince1970: TimeInterval(try $0.decode(Int64.self))) }
            }
        }
    }

    public func ledger(from: LocalDate, to: LocalDate) throws -> [LedgerEntry] {
        try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(from.description)
                b.append(to.description)
                let r = try run(
                    c,
                    """
                    SELECT day, state, tickets_seen, pages, declared_total, skipped_missing_id, skipped_bad_date,
                        skipped_not_object, pulled_at, error FROM pull_ledger WHERE day >= $1 AND day <= $2 ORDER BY day
                    """, b)
                return try r.rows.compactMap { row -> LedgerEntry? in
                    let (day, state, seen, pages, declared, missing, badDate, notObject, pulledAt, error) =
                        try row.decode(
                            (String, String, Int64, Int64, Int64?, Int64, Int64, Int64, Int64, String?).self)
                    guard let d = LocalDate(day), let s = LedgerState(rawValue: state) else { return nil }
                    var skipped: [SkipReason: Int] = [:]
                    if missing > 0 { skipped[.missingTicketId] = Int(missing) }
                    if badDate > 0 { skipped[.unparseableCreationDate] = Int(badDate) }
                    if notObject > 0 { skipped[.notAnObject] = Int(notObject) }
                    return LedgerEntry(
                        day: d, state: s, ticketsSeen: Int(seen), pages: Int(pages),
                        declaredTotal: declared.map(Int.init),
                        skipped: skipped, pulledAt: Date(timeIntervalSince1970: TimeInterval(pulledAt)), error: error)
                }
            }
        }
    }
}
