import Crypto
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization
import TicketModel

/// An import into a PostgreSQL store. Into an empty store, all or nothing: one transaction
/// that holds the table, writes frozen, all-visible rows, each ticket once
/// (`PostgresTicketStore.BulkLoad`), and builds the period index once at the end, over
/// every ticket; the statistics are autovacuum's to make (or `ANALYZE`, where it is off).
/// Into a store that holds tickets, each batch commits as it goes, and then `VACUUM
/// ANALYZE` brings the visibility map up to date: without an all-visible map the first
/// report after a load reads ten times slower.
final class PostgresStoreLoad: TicketStoreLoad {
    let postgres: PostgresTicketStore
    /// The store the tickets go to (the bulk load's, when the store was empty).
    let store: any TicketStoring
    let bulk: PostgresTicketStore.BulkLoad?

    var keepsFirstCopy: Bool { bulk != nil }

    init(store: PostgresTicketStore) throws(TicketStoreError) {
        postgres = store
        bulk = try store.wrap { try Self.beginBulkLoad(store) }
        self.store = bulk.map { PostgresTicketStore(writingThrough: $0, of: store) } ?? store
    }

    /// A bulk load when the store holds no tickets: the table locked first, so that of two
    /// imports into an empty store the second waits and then finds the first's tickets.
    static func beginBulkLoad(_ store: PostgresTicketStore) throws -> PostgresTicketStore.BulkLoad? {
        let c = try store.connection()
        do {
            _ = try store.run(c, "BEGIN")
            _ = try store.run(c, "LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE")
            guard
                try store.run(c, "SELECT NOT EXISTS (SELECT 1 FROM tickets)").rows.first?.decode(Bool.self) == true
            else {
                _ = try store.run(c, "ROLLBACK")
                store.release(c)
                return nil
            }
            _ = try store.run(c, "TRUNCATE tickets, fact_blocks")
            _ = try store.run(c, "DROP INDEX tickets_period")
            return PostgresTicketStore.BulkLoad(connection: c)
        } catch {
            PostgresTicketStore.discard(c)
            throw error
        }
    }

    /// Whether the bulk load's transaction has ended (committed, or rolled back).
    var ended = false

    func commit() throws(TicketStoreError) {
        if let bulk, !ended {
            do {
                try postgres.wrap {
                    _ = try postgres.run(bulk.connection, PostgresTicketStore.periodIndex)
                    try postgres.finishFactBlocks(bulk)
                    try postgres.bumpGeneration(bulk.connection)
                    _ = try postgres.run(bulk.connection, "COMMIT")
                }
            } catch {
                abandon()
                throw error
            }
            ended = true
            postgres.release(bulk.connection)
        }
        try postgres.wrap {
            try postgres.withConnection { c in
                // A bulk load rewrote no row: its pages are frozen and all-visible already,
                // and the planner's statistics are autovacuum's to make (it analyzes a table
                // with that many new rows within `autovacuum_naptime`, a minute by default;
                // the store's own reads do not need them). Where autovacuum is off for the
                // table, this load makes them.
                if bulk != nil {
                    let autovacuum = try postgres.run(c, Self.autovacuumAnalyzes).rows.first?.decode(Bool.self)
                    if autovacuum != true { _ = try postgres.run(c, "ANALYZE tickets") }
                } else {
                    _ = try postgres.run(c, "VACUUM (ANALYZE) tickets")
                }
            }
        }
    }

    /// Whether autovacuum will analyze `tickets` (on for the server, not off for the table).
    static let autovacuumAnalyzes = """
        SELECT current_setting('autovacuum')::bool AND current_setting('track_counts')::bool \
        AND coalesce((SELECT option_value::bool FROM pg_options_to_table(\
        (SELECT reloptions FROM pg_class WHERE oid = 'tickets'::regclass)) WHERE option_name = 'autovacuum_enabled'), true)
        """

    /// Rolls the bulk load back, once (also when the load is dropped without an end).
    func abandon() {
        guard let bulk, !ended else { return }
        ended = true
        _ = try? postgres.run(bulk.connection, "ROLLBACK")
        PostgresTicketStore.discard(bulk.connection)
    }

    deinit { abandon() }
}
