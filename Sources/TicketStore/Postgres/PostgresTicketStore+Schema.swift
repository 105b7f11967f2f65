import Crypto
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization
import TicketModel

/// The schema: the tables, the period index, the analysts' view and the migrations from
/// every earlier version, run by the first process that opens the store.
extension PostgresTicketStore {
    static let textColumns: Set<TicketColumn> = Set(
        TicketColumn.allCases.filter { $0.source == .text && !$0.isBinary })

    /// The indices of the read columns that are integers (1 to 8 bytes in a packed row).
    static let integerFields = TicketColumn.read.indices.filter {
        let c = TicketColumn.read[$0]
        return !textColumns.contains(c) && !c.isBinary
    }

    static var ticketsDDL: String {
        let columns = TicketColumn.allCases.map { c -> String in
            let type =
                c.isBinary ? "bytea" : textColumns.contains(c) ? "text" : "bigint"
            let notNull = c == .ticketId || c == .createdAt || c == .storedAt ? " NOT NULL" : ""
            return "\(c.name) \(type)\(notNull)\(c == .ticketId ? " PRIMARY KEY" : "")"
        }
        return "CREATE TABLE tickets (\(columns.joined(separator: ", ")))"
    }

    /// `tickets_v`, for analysts: the decoded columns with times as timestamps, the
    /// ticket's lifecycle and SLA state in plain words (the rules of `TicketRules` and the
    /// default `LifecyclePolicy`; a configured lifecycle is not known to the database), and
    /// the raw ticket as `jsonb` where it is stored as text (tickets written before schema
    /// version 4; since then the raw JSON is compressed, and `slareport raw` prints it).
    static func ticketsView(rawDigest: Bool, fields: [TicketColumn] = []) -> String {
        let rawDigest = rawDigest ? ", encode(raw_sha256, 'hex') AS raw_sha256" : ""
        let later = fields.map { " \($0.name)," }.joined()
        let resolved = LifecyclePolicy.defaultResolvedStatuses.map { "'\($0.lowercased())'" }.joined(separator: ", ")
        return """
            CREATE VIEW tickets_v AS SELECT ticket_id, to_timestamp(created_at) AS created_at, status,
                CASE WHEN lower(status) IN (\(resolved)) THEN 'resolved' ELSE 'open' END AS lifecycle,
                substatus_key, priority, queue_key, queue_name, primary_source, last_source, assigned_id,
                assigned_to_name, sla_status,
                CASE WHEN sla_status IS NULL THEN 'no SLA'
                    WHEN lower(sla_status) = '\(TicketRules.breachedSLAStatus)' THEN 'breached'
                    ELSE 'within SLA' END AS sla_state,
                tat_text, tat_seconds, CASE ftr WHEN 1 THEN true WHEN 0 THEN false END AS first_time_resolved,
                customer_rating, total_conversations, title, url,\(later) to_timestamp(stored_at) AS stored_at,
                CASE WHEN raw_dictionary_id IS NULL THEN convert_from(raw, 'UTF8')::jsonb END AS raw\(rawDigest)
            FROM tickets
            """
    }

    /// The index period reads scan (created in migration 2; an import into an empty store
    /// builds it at the end, and every open makes sure it exists, in case such an import
    /// died).
    static let periodIndex =
        "CREATE INDEX IF NOT EXISTS tickets_period ON tickets (created_at, ticket_id COLLATE \"C\")"

    /// The period index of schema versions 2 to 11, which carried `packed` (the migrations
    /// up to 11 build it; 12 drops it with the column).
    static let packedPeriodIndex =
        "CREATE INDEX IF NOT EXISTS tickets_period ON tickets (created_at, ticket_id COLLATE \"C\") INCLUDE (packed)"

    /// The schema's migrations, in order: `migrations[n]` takes a store from version `n` to
    /// `n + 1` (`schemaVersion` is their count), in the transaction that records the version.
    /// A field column added after `disposition` appends an empty one (`laterFieldColumns`), after every other.
    static let migrations: [[MigrationStep]] =
        fixedMigrations + [
            fieldColumnsMigration, factBlocksMigration, noHistoryRollupsMigration, blockCountsMigration,
            noPackedMigration,
        ] + laterFieldColumns

    /// Reports read every day from the blocks and never write: the rollups they kept go
    /// (`written_days` stays: it names the days whose blocks a write builds again).
    static let noHistoryRollupsMigration: [MigrationStep] = ["DROP TABLE IF EXISTS history_rollups"]

    /// The migrations up to the field columns (`TicketColumn.addedLater`).
    static let fixedMigrations: [[MigrationStep]] = [
        [
            "CREATE TABLE slareport_schema (version integer NOT NULL)",
            "INSERT INTO slareport_schema (version) VALUES (1)",
            .sql(ticketsDDL),
            "CREATE INDEX tickets_created_at ON tickets (created_at, ticket_id)",
            """
            CREATE TABLE pull_ledger (day text PRIMARY KEY, state text NOT NULL, tickets_seen bigint NOT NULL,
                pages bigint NOT NULL, declared_total bigint, skipped_missing_id bigint NOT NULL DEFAULT 0,
                skipped_bad_date bigint NOT NULL DEFAULT 0, skipped_not_object bigint NOT NULL DEFAULT 0,
                pulled_at bigint NOT NULL, error text)
            """,
            .sql(ticketsView(rawDigest: false)),
            "CREATE TABLE store_generation (generation bigint NOT NULL)",
            "INSERT INTO store_generation (generation) VALUES (1)",
            """
            CREATE TABLE scheduled_sends (schedule text NOT NULL, due_at bigint NOT NULL,
                sent_at bigint NOT NULL, PRIMARY KEY (schedule, due_at))
            """,
        ],
        // Period reads: each ticket's decoded columns packed into one value
        // (`PostgresPackedRow`), kept in an index on (created_at, ticket_id) in byte order
        // (whatever the database's collation) that covers it, so that a page of tickets is
        // an index-only scan of neighbouring entries sent as one value, instead of a visit
        // per ticket to rows of 1.5 kB scattered over the table. (Then a column the database
        // generated; migration 7 makes the values now, in their current format.)
        [
            "DROP INDEX tickets_created_at",
            "ALTER TABLE tickets ADD COLUMN packed bytea",
            .sql(packedPeriodIndex),
        ],
        // `packed` made by the client (`PostgresPackedRow.append`) and sent with the columns
        // in a binary `COPY`, instead of generated by the server: the generated column was a
        // third of the server's time in an import, and a generated column cannot be `COPY`ed
        // into. (Stores of version 2 got the values here; migration 7 makes them now.)
        [
            "ALTER TABLE tickets DROP COLUMN packed",
            "ALTER TABLE tickets ADD COLUMN packed bytea",
            .sql(packedPeriodIndex),
        ],
        // The raw JSON compressed with LZ4 against a dictionary of the store's own tickets,
        // as in the SQLite store (`RawJSONDictionary`): a fifth of the bytes to send, write
        // and log, which an import's time is mostly made of. Older tickets stay as text.
        [
            """
            CREATE TABLE raw_dictionaries (id bigserial PRIMARY KEY, lz4_dictionary bytea NOT NULL,
                samples integer NOT NULL, created_at bigint NOT NULL)
            """,
            "DROP VIEW tickets_v",
            .sql(ticketsView(rawDigest: false)),
        ],
        // The SHA-256 of each ticket's raw JSON as received, which every write sends from now
        // on (`TicketBatch.setRaw`) and reports add up for `provenance.inputs` instead of
        // hashing the tickets they read; it is the last field of `packed` (made again, with
        // it, by migration 7). Stored tickets get theirs here: from the server where the raw
        // JSON is text, from this client where it is compressed (`fillRawDigests`). A store
        // made by this build's migration 1 has the column already.
        [
            "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS raw_sha256 bytea",
            "DROP INDEX IF EXISTS tickets_period",
            """
            UPDATE tickets SET raw_sha256 = sha256(raw) \
            WHERE raw_sha256 IS NULL AND raw_dictionary_id IS NULL AND raw IS NOT NULL
            """,
            .fillRawDigests,
            .sql(packedPeriodIndex),
            "DROP VIEW tickets_v",
            .sql(ticketsView(rawDigest: true)),
        ],
        // Per-day rollups of the history a report's trend and anomaly check read
        // (`history_rollups`, kept by reports until schema 10), valid while the day's write stamp
        // (`written_days`, kept by every write and by these triggers) is unchanged. (Written
        // to run again over its own tables, as the tests of older versions make them.)
        [
            "CREATE TABLE IF NOT EXISTS written_days (utc_day bigint PRIMARY KEY, generation bigint NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS history_rollups (rollup_key text NOT NULL, day integer NOT NULL, stamp bigint NOT NULL,
                data bytea NOT NULL, PRIMARY KEY (rollup_key, day))
            """,
            .sql(stampOldDayFunction(markingBlocksStale: false)),
            "DROP TRIGGER IF EXISTS tickets_moved ON tickets",
            "DROP TRIGGER IF EXISTS tickets_deleted ON tickets",
            """
            CREATE TRIGGER tickets_moved AFTER UPDATE OF created_at ON tickets FOR EACH ROW
                WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at) EXECUTE FUNCTION slareport_stamp_old_day()
            """,
            "CREATE TRIGGER tickets_deleted AFTER DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION slareport_stamp_old_day()",
        ],
        // `packed` in its compact format (`PostgresPackedRow`: a length in one byte, an
        // integer in its fewest bytes; 94 bytes less a ticket in the table, the index and
        // the WAL of both), a stub for a ticket too big for an index entry, and the digest
        // in every ticket's; the ticket id in byte order (`COLLATE "C"`, as the period index
        // has it), so that the primary key compares bytes instead of asking the locale.
        // The table is written anew (`ALTER … TYPE` copies the rows into new files and
        // builds the indexes again, where an `UPDATE` would leave the old rows behind and
        // every index page to be visited), then vacuumed: the 1 M-ticket store took 12–16 s,
        // and 1 s to vacuum.
        [
            "DROP VIEW tickets_v",
            // `packed` is made of this build's read columns: the field columns added later
            // too (the last migration fills them, and makes `packed` again).
            .addFieldColumns,
            .sql(
                """
                ALTER TABLE tickets ALTER COLUMN ticket_id TYPE text COLLATE "C", \
                ALTER COLUMN packed TYPE bytea USING \(PostgresPackedRow.sql())
                """),
            .sql(ticketsView(rawDigest: true)),
            .vacuumAfterCommit,
        ],
    ]

    /// Migration 8: the first field column added later, `disposition`. The work of every such
    /// column: the columns the store lacks added (a store made by this build's migration 1
    /// has them already), filled for the stored tickets from their raw JSON with the value
    /// writing them again would store (`TicketColumn.storedValue`), and `packed` (written
    /// anew, as by migration 7) and `tickets_v` made with them.
    static let fieldColumnsMigration: [MigrationStep] = [
        .addFieldColumns,
        .fillFieldColumns,
        "DROP VIEW tickets_v",
        .sql("ALTER TABLE tickets ALTER COLUMN packed TYPE bytea USING \(PostgresPackedRow.sql())"),
        .sql(ticketsView(rawDigest: true, fields: TicketColumn.addedLater)),
        .vacuumAfterCommit,
    ]

    /// Schema 12: reports read the fact blocks, and a day's block is built from the day's
    /// columns, which a page read sends as one array per column (`forEachRawRow`).
    /// `packed`, the stubs, and the period index entries that carried them go: 277 bytes a
    /// ticket on the 1 M set, in the table and again in the index, written by every import.
    /// A dropped column keeps its bytes in every row until the row is written again, so the
    /// table is written anew (a type change with a `USING` expression rewrites it, as
    /// migration 7 did), then vacuumed.
    static let noPackedMigration: [MigrationStep] = [
        "DROP INDEX IF EXISTS tickets_period",
        "ALTER TABLE tickets DROP COLUMN IF EXISTS packed",
        "DROP VIEW tickets_v",
        "ALTER TABLE tickets ALTER COLUMN stored_at TYPE bigint USING stored_at + 0",
        .sql(ticketsView(rawDigest: true, fields: TicketColumn.addedLater)),
        .sql(periodIndex),
        .vacuumAfterCommit,
    ]

    /// A field column added later, on a store past migration 8: `fieldColumnsMigration`
    /// without `packed`, which schema 12 dropped. The columns are added before the
    /// migrations (which may make `tickets_v` with them), filled after.
    static let fieldColumnsCatchUp: (before: [MigrationStep], after: [MigrationStep]) = (
        [.addFieldColumns],
        [.fillFieldColumns, "DROP VIEW tickets_v", .sql(ticketsView(rawDigest: true, fields: TicketColumn.addedLater))]
    )

    /// An empty migration per field column after `disposition`, at the end: each raises the
    /// schema version, so that an older build refuses a store with a column it does not know
    /// (and would leave empty in the tickets it writes). The work is `fieldColumnsCatchUp`,
    /// run by `migrate` whenever the table lacks a column of this build's
    /// (`missingFieldColumns`), whatever the version. A version keeps its meaning only if
    /// nothing is put before a migration already released: a migration of another kind added
    /// after field columns goes after this list as it stands, and the columns after it get
    /// their empty migrations after it.
    static var laterFieldColumns: [[MigrationStep]] {
        Array(repeating: [], count: TicketColumn.addedLater.count - 1)
    }

    /// `slareport_stamp_old_day`, what the triggers on a deleted or moved ticket run: the
    /// generation raised and the ticket's old UTC day stamped with it (migration 6); since
    /// the blocks (`markingBlocksStale`), that day's block marked stale too.
    static func stampOldDayFunction(markingBlocksStale: Bool) -> String {
        let oldDay = "floor(OLD.created_at / 86400.0)::bigint"
        let stale = markingBlocksStale ? "UPDATE fact_blocks SET stale = true WHERE utc_day = \(oldDay);" : ""
        return """
            CREATE OR REPLACE FUNCTION slareport_stamp_old_day() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE store_generation SET generation = generation + 1;
                INSERT INTO written_days (utc_day, generation)
                    SELECT \(oldDay), generation FROM store_generation
                    ON CONFLICT (utc_day) DO UPDATE SET generation = EXCLUDED.generation;
                \(stale)
                RETURN NULL;
            END $$
            """
    }

    /// One step of a migration: a statement, or work of the client's.
    enum MigrationStep: ExpressibleByStringLiteral {
        case sql(String)
        /// The digests of the compressed raw JSON, which the server cannot decompress.
        case fillRawDigests
        /// `ADD COLUMN IF NOT EXISTS` of every field column added later.
        case addFieldColumns
        /// The values, for the stored tickets, of the field columns the table lacked when the
        /// migrations began (every one, from before `disposition`), which need the decoder's rules.
        case fillFieldColumns
        /// `VACUUM (ANALYZE) tickets` once the migrations have committed (it cannot run in a
        /// transaction): rows written anew are not all-visible, and index-only scans would
        /// visit every one of them.
        case vacuumAfterCommit

        init(stringLiteral sql: String) { self = .sql(sql) }
    }

    func migrate(readOnly: Bool) throws {
        try withConnection { c in
            let version = try storedVersion(c)
            guard version <= Self.schemaVersion else {
                throw TicketStoreError(
                    path: location,
                    reason:
                        "was written by a newer slareport (schema version \(version); this build knows \(Self.schemaVersion)); upgrade slareport"
                )
            }
            if readOnly {
                // An older schema is brought up to date below; only a missing one is refused.
                guard version > 0 else {
                    throw TicketStoreError(
                        path: location, reason: "no such store (run `slareport pull` or `slareport import` first)")
                }
            }
            // A field column this build adds (`TicketColumn.addedLater`) that the table lacks.
            let lacking = version == 0 ? [] : try missingFieldColumns(c)
            guard version < Self.schemaVersion || !lacking.isEmpty else {
                // An import into an empty store that died before it built the period index.
                if !readOnly,
                    try run(c, "SELECT to_regclass('tickets_period') IS NULL").rows.first?.decode(Bool.self) == true
                {
                    _ = try run(c, Self.periodIndex)
                }
                return
            }
            // Generated columns and INCLUDE indexes (migration 2) need PostgreSQL 12.
            let server = try run(
                c, "SELECT current_setting('server_version_num')::int, current_setting('server_version')")
            if let row = server.rows.first, let (number, name) = try? row.decode((Int, String).self), number < 120_000 {
                throw TicketStoreError(
                    path: location, reason: "is PostgreSQL \(name); slareport needs PostgreSQL 12 or later")
            }
            // Two processes creating the schema at once: one waits for the other (a session
            // lock taken before the transaction, so the check after it sees the other's tables).
            _ = try run(c, "SELECT pg_advisory_lock(7240415)")
            defer { _ = try? run(c, "SELECT pg_advisory_unlock(7240415)") }
            _ = try run(c, "BEGIN")
            var vacuum = false
            do {
                let current = try storedVersion(c)  // again, under the lock
                var steps = Self.migrations.enumerated().filter { $0.offset >= current }.flatMap(\.element)
                // A column added after `disposition`: its work, once, around the migrations.
                let lacking = current == 0 ? [] : try missingFieldColumns(c)
                if current > Self.fixedMigrations.count, !lacking.isEmpty {
                    steps = Self.fieldColumnsCatchUp.before + steps + Self.fieldColumnsCatchUp.after
                }
                for step in steps {
                    switch step {
                    case .sql(let sql): _ = try run(c, sql)
                    case .fillRawDigests: try fillRawDigests(c)
                    case .addFieldColumns: try addFieldColumns(c)
                    case .fillFieldColumns: try fillFieldColumns(c, lacking)
                    case .vacuumAfterCommit: vacuum = true
                    }
                }
                if current < Self.schemaVersion {
                    _ = try run(c, "UPDATE slareport_schema SET version = \(Self.schemaVersion)")
                }
                _ = try run(c, "COMMIT")
            } catch {
                _ = try? run(c, "ROLLBACK")
                throw error
            }
            if vacuum { _ = try run(c, "VACUUM (ANALYZE) tickets") }
        }
    }

    /// The schema version the database records (0: no schema yet).
    func storedVersion(_ c: PostgresConnection) throws -> Int {
        guard try run(c, "SELECT to_regclass('slareport_schema') IS NOT NULL").rows.first?.decode(Bool.self) == true
        else { return 0 }
        return try run(c, "SELECT version FROM slareport_schema").rows.first?.decode(Int.self) ?? 0
    }

    func bumpGeneration(_ c: PostgresConnection) throws {
        _ = try run(c, "UPDATE store_generation SET generation = generation + 1")
    }

    /// Raises the store's generation and stamps the days of `batch`'s tickets with it
    /// (`WrittenDays`), inside the transaction that wrote them.
    func bumpGeneration(stamping batch: TicketBatch, _ c: PostgresConnection) throws {
        try bumpGeneration(c)
        var b = PostgresBindings()
        b.append(batch.utcDays)
        _ = try run(
            c,
            """
            INSERT INTO written_days (utc_day, generation)
                SELECT d, (SELECT generation FROM store_generation) FROM unnest($1::bigint[]) AS d
                ON CONFLICT (utc_day) DO UPDATE SET generation = EXCLUDED.generation
            """, b)
    }
}
