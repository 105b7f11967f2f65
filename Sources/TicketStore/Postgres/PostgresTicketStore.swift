import Crypto
public import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization
public import TicketModel

/// The PostgreSQL store, through postgres-nio: the same tables and semantics as the SQLite
/// store (tickets upserted by ticketId with their decoded columns — `TicketColumn` — and the
/// raw JSON byte for byte; the pull ledger; the generation; the scheduled sends), in a
/// database several processes share. The protocol is synchronous (reports read on worker
/// threads), so each call runs on a pooled connection and waits for its future: never on an
/// event loop, never holding a cooperative thread for another task.
public final class PostgresTicketStore: TicketStoring, Sendable {
    /// The URL with the password replaced.
    public let location: String
    let configuration: PostgresConnection.Configuration
    let logger: Logger
    let idle = Mutex<[PostgresConnection]>([])
    static let maximumIdle = 4
    static var schemaVersion: Int { migrations.count }
    /// Rows read per query when streaming a period (keyset pages, bounded memory: 50,000
    /// packed rows are about 13 MB; fewer statements are faster, 5,000 took a fifth longer
    /// for a week); raw JSON in pages of a tenth as many.
    let pageRows: Int
    /// Set in the store an import into an empty store writes through (`PostgresStoreLoad`):
    /// every statement runs on its connection, inside its one transaction.
    let bulk: BulkLoad?
    /// The raw JSON dictionaries read or trained so far (`raw_dictionaries`).
    let dictionaries = Mutex<KnownDictionaries>(KnownDictionaries())
    let training = Mutex<Void>(())

    /// Connects to `url` (checking it answers) and creates or migrates the schema unless
    /// `readOnly`. A schema newer than this build is refused. `pageRows`: for tests of paging.
    public init(url: String, readOnly: Bool = false, pageRows: Int = 50_000) throws(TicketStoreError) {
        self.pageRows = max(1, pageRows)
        bulk = nil
        let parsed = try PostgresLocation.parse(url)
        location = parsed.redacted
        configuration = try parsed.configuration()
        var logger = Logger(label: "slareport.postgres")
        logger.logLevel = .critical
        self.logger = logger
        try wrap { try self.migrate(readOnly: readOnly) }
    }

    /// The store `load` writes through (its connection and transaction; no migration).
    init(writingThrough load: BulkLoad, of store: PostgresTicketStore) {
        pageRows = store.pageRows
        location = store.location
        configuration = store.configuration
        logger = store.logger
        bulk = load
    }

    deinit {
        for c in idle.withLock({ $0 }) { Self.discard(c) }
    }

    /// An import into an empty store, in one transaction on one connection that holds the
    /// table (`LOCK … ACCESS EXCLUSIVE`, then `TRUNCATE`, which lets `COPY … FREEZE` write
    /// rows already frozen and visible to all: no pass over the table afterwards to set hint
    /// bits and the visibility map). The ids written so far are known, so nothing asks
    /// the database which tickets it holds, and a ticket already written is not written
    /// again (`TicketStoreLoad.keepsFirstCopy`: the import hands the newest files first), so
    /// no row is ever rewritten and every page stays all-visible. All or nothing, as a new
    /// SQLite store is.
    final class BulkLoad: Sendable {
        let connection: PostgresConnection
        let written = Mutex<Set<String>>([])
        init(connection: PostgresConnection) { self.connection = connection }
    }

    // MARK: Connections

    func connection() throws -> PostgresConnection {
        if let c = idle.withLock({ $0.popLast() }), !c.isClosed { return c }
        return try Self.wait(
            PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1, logger: logger))
    }

    func release(_ c: PostgresConnection) {
        let kept = idle.withLock { list -> Bool in
            guard list.count < Self.maximumIdle, !c.isClosed else { return false }
            list.append(c)
            return true
        }
        if !kept { Self.discard(c) }
    }

    /// Closes `c` unless the server already did (waiting on a closed connection's close
    /// would never end).
    static func discard(_ c: PostgresConnection) {
        guard !c.isClosed else { return }
        try? c.close().wait()
    }

    /// Whether the store has worked once: from then on a lost connection (the server
    /// restarted, a backend was terminated) is retried; before, it is the error at once.
    let connected = Atomic<Bool>(false)
    /// The waits before each retry of a lost connection (about 15 s in all).
    static let reconnectDelays: [Double] = [0.25, 0.5, 1, 2, 4, 4, 4]

    /// Runs `body` on a connection; a connection that failed is not reused. When the
    /// connection is lost, `body` runs again on a new one (every body here is one statement
    /// or one transaction, idempotent: upserts, ledger rows, reads).
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        // A lost connection loses the load's transaction: nothing to retry.
        if let bulk { return try body(bulk.connection) }
        return try retrying {
            let c = try connection()
            // Reached once: from now on a lost connection is retried (an unreachable server
            // still fails at once, within the connect timeout).
            connected.store(true, ordering: .relaxed)
            do {
                let result = try body(c)
                release(c)
                return result
            } catch {
                Self.discard(c)
                throw error
            }
        }
    }

    /// `body`, again after a lost connection (once the server has been reached: a connection
    /// worked before, or the server itself ended this one, as in its startup), with waits.
    func retrying<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch
                where (connected.load(ordering: .relaxed) || Self.isFromTheServer(error))
                && Self.isConnectionLoss(error) && attempt < Self.reconnectDelays.count
            {
                for stale in idle.withLock({ list in
                    defer { list.removeAll() }
                    return list
                }) {
                    Self.discard(stale)
                }
                Thread.sleep(forTimeInterval: Self.reconnectDelays[attempt])
                attempt += 1
            }
        }
    }

    /// A lost connection (retried), as opposed to an error of the statement itself.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if let e = error as? PSQLError {
            switch e.code {
            case .serverClosedConnection, .connectionError, .uncleanShutdown, .clientClosedConnection: return true
            case .server:
                // Class 57P (terminated by an administrator, shutting down, starting up), 08.
                let state = e.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("57P") || state.hasPrefix("08")
            default: return false
            }
        }
        return error is NIOConnectionError || error is ChannelError || error is ConnectionLost
    }

    /// An error the server sent (so it was reached), as opposed to one of the network.
    static func isFromTheServer(_ error: any Error) -> Bool {
        (error as? PSQLError)?.code == .server
    }

    /// `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        if let bulk { return try body(bulk.connection) }  // inside the load's transaction
        return try withConnection { c in
            _ = try run(c, "BEGIN")
            do {
                let result = try body(c)
                _ = try run(c, "COMMIT")
                return result
            } catch {
                _ = try? run(c, "ROLLBACK")
                throw error
            }
        }
    }

    func run(_ c: PostgresConnection, _ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws
        -> PostgresQueryResult
    {
        // A query sent on a connection the server already closed is never answered.
        guard !c.isClosed else { throw ConnectionLost() }
        return try Self.wait(c.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger))
    }

    /// The connection went away before the statement was sent (retried like a lost one).
    struct ConnectionLost: Error {}

    /// The longest a statement may take before the connection counts as lost.
    static let statementTimeout: TimeAmount = .seconds(120)

    /// Waits for `future`, or fails it after `statementTimeout`: a connection that died in
    /// the middle of a statement must not leave its caller waiting forever.
    static func wait<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
        let promise = future.eventLoop.makePromise(of: T.self)
        let done = Mutex(false)
        let finish: @Sendable (Result<T, any Error>) -> Void = { result in
            let first = done.withLock { was in
                defer { was = true }
                return !was
            }
            if first { promise.completeWith(result) }
        }
        future.whenComplete { finish($0) }
        let timer = future.eventLoop.scheduleTask(in: statementTimeout) { finish(.failure(ConnectionLost())) }
        defer { timer.cancel() }
        return try promise.futureResult.wait()
    }

    func wrap<T>(_ body: () throws -> T) throws(TicketStoreError) -> T {
        do { return try body() } catch let e as TicketStoreError { throw e } catch {
            throw TicketStoreError(path: location, reason: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            if let tls = e.underlying as? NIOSSLError {
                return
                    "refused the server's TLS certificate (\(tls)); with sslmode=verify-full or verify-ca, sslrootcert names the authority that signed it"
            }
            switch e.code {
            case .connectionError: return "cannot be reached (is PostgreSQL running, and the host and port right?)"
            case .serverClosedConnection, .uncleanShutdown: return "closed the connection"
            default: return "\(e.code)"
            }
        }
        if error is NIOConnectionError || error is ChannelError {
            return "cannot be reached (is PostgreSQL running, and the host and port right?)"
        }
        if error is ConnectionLost { return "the connection was lost" }
        return "\(error)"
    }

    // MARK: Schema

    static let textColumns: Set<TicketColumn> = Set(
        TicketColumn.allCases.filter {
            if case .text = $0.source { return !$0.isBinary }
            return false
        })

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
    static func ticketsView(rawDigest: Bool) -> String {
        let rawDigest = rawDigest ? ", encode(raw_sha256, 'hex') AS raw_sha256" : ""
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
                customer_rating, total_conversations, title, url, to_timestamp(stored_at) AS stored_at,
                CASE WHEN raw_dictionary_id IS NULL THEN convert_from(raw, 'UTF8')::jsonb END AS raw\(rawDigest)
            FROM tickets
            """
    }

    /// The index period reads scan (created in migration 2; an import into an empty store
    /// builds it at the end, and every open makes sure it exists, in case such an import
    /// died).
    static let periodIndex =
        "CREATE INDEX IF NOT EXISTS tickets_period ON tickets (created_at, ticket_id COLLATE \"C\") INCLUDE (packed)"

    /// The schema's migrations, in order: `migrations[n]` takes a store from version `n` to
    /// `n + 1` (`schemaVersion` is their count), in the transaction that records the version.
    static let migrations: [[MigrationStep]] = [
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
            .sql(periodIndex),
        ],
        // `packed` made by the client (`PostgresPackedRow.append`) and sent with the columns
        // in a binary `COPY`, instead of generated by the server: the generated column was a
        // third of the server's time in an import, and a generated column cannot be `COPY`ed
        // into. (Stores of version 2 got the values here; migration 7 makes them now.)
        [
            "ALTER TABLE tickets DROP COLUMN packed",
            "ALTER TABLE tickets ADD COLUMN packed bytea",
            .sql(periodIndex),
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
            .sql(periodIndex),
            "DROP VIEW tickets_v",
            .sql(ticketsView(rawDigest: true)),
        ],
        // Per-day rollups of the history a report's trend and anomaly check read
        // (`history_rollups`, kept by reports), valid while the day's write stamp
        // (`written_days`, kept by every write and by these triggers) is unchanged. (Written
        // to run again over its own tables, as the tests of older versions make them.)
        [
            "CREATE TABLE IF NOT EXISTS written_days (utc_day bigint PRIMARY KEY, generation bigint NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS history_rollups (rollup_key text NOT NULL, day integer NOT NULL, stamp bigint NOT NULL,
                data bytea NOT NULL, PRIMARY KEY (rollup_key, day))
            """,
            """
            CREATE OR REPLACE FUNCTION slareport_stamp_old_day() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE store_generation SET generation = generation + 1;
                INSERT INTO written_days (utc_day, generation)
                    SELECT floor(OLD.created_at / 86400.0)::bigint, generation FROM store_generation
                    ON CONFLICT (utc_day) DO UPDATE SET generation = EXCLUDED.generation;
                RETURN NULL;
            END $$
            """,
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
            .sql(
                """
                ALTER TABLE tickets ALTER COLUMN ticket_id TYPE text COLLATE "C", \
                ALTER COLUMN packed TYPE bytea USING \(PostgresPackedRow.sql())
                """),
            .sql(ticketsView(rawDigest: true)),
            .vacuumAfterCommit,
        ],
    ]

    /// One step of a migration: a statement, or work of the client's.
    enum MigrationStep: ExpressibleByStringLiteral {
        case sql(String)
        /// The digests of the compressed raw JSON, which the server cannot decompress.
        case fillRawDigests
        /// `VACUUM (ANALYZE) tickets` once the migrations have committed (it cannot run in a
        /// transaction): rows written anew are not all-visible, and index-only scans would
        /// visit every one of them.
        case vacuumAfterCommit

        init(stringLiteral sql: String) { self = .sql(sql) }
    }

    /// Sets `raw_sha256` of every ticket whose raw JSON is compressed, a page at a time in
    /// the primary key's order (its index, in the database's collation).
    func fillRawDigests(_ c: PostgresConnection) throws {
        var dictionaries: [Int64: RawJSONDictionary] = [:]
        for row in try run(c, "SELECT id, lz4_dictionary FROM raw_dictionaries").rows {
            let (id, bytes) = try row.decode((Int64, ByteBuffer).self)
            dictionaries[id] = RawJSONDictionary(id: id, bytes: Array(bytes.readableBytesView))
        }
        var after = ""
        while true {
            var b = PostgresBindings()
            b.append(after)
            let rows = try run(
                c,
                """
                SELECT ticket_id, raw, raw_dictionary_id FROM tickets WHERE raw_sha256 IS NULL \
                AND raw_dictionary_id IS NOT NULL AND ticket_id > $1 ORDER BY ticket_id LIMIT 5000
                """, b
            ).rows
            var ids: [String] = []
            var digests: [ByteBuffer] = []
            for row in rows {
                let (id, raw, dictionaryID) = try row.decode((String, ByteBuffer, Int64).self)
                let json = try raw.withUnsafeReadableBytes {
                    try RawJSONDictionary.json(
                        $0, compressed: true, with: dictionaries[dictionaryID], ticketId: id, store: location)
                }
                ids.append(id)
                digests.append(ByteBuffer(bytes: SHA256.hash(data: Array(json.utf8))))
            }
            guard let last = ids.last else { return }
            var u = PostgresBindings()
            u.append(ids)
            u.append(digests)
            _ = try run(
                c,
                """
                UPDATE tickets t SET raw_sha256 = u.d \
                FROM unnest($1::text[], $2::bytea[]) AS u(id, d) WHERE t.ticket_id = u.id
                """, u)
            after = last
        }
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
            guard version < Self.schemaVersion else {
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
                for (index, steps) in Self.migrations.enumerated() where index >= current {
                    for step in steps {
                        switch step {
                        case .sql(let sql): _ = try run(c, sql)
                        case .fillRawDigests: try fillRawDigests(c)
                        case .vacuumAfterCommit: vacuum = true
                        }
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

    // MARK: Writing

    static let upsertColumns = TicketColumn.allCases
    /// The upserts' conflict clause: a later copy of a ticket replaces every column.
    static let onConflictUpdate =
        " ON CONFLICT (ticket_id) DO UPDATE SET "
        + writtenColumns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")

    /// Batches from this many tickets go through `COPY` (an import's files); smaller ones
    /// (a pulled day, a test) through multi-row upserts.
    static let copyThreshold = 5000

    /// Upserts `batch` (a later copy of a ticket in the batch wins): a big batch through
    /// `COPY … FROM STDIN` (`copyUpsert`), a small one in statements of at most 1,000 rows.
    /// In a bulk load, the tickets the load has written already are left as they are (it
    /// keeps the first copy it is handed: `BulkLoad`).
    func upsert(_ batch: TicketBatch, straight: Bool, _ c: PostgresConnection) throws {
        guard batch.count > 0 else { return }
        let ids = batch.ticketIds
        var rows: [Int]
        if let bulk {
            // From the batch's end, the first copy of a ticket is its last; one the load has
            // written already (from a newer file) is left out.
            rows = bulk.written.withLock { written in
                (0..<batch.count).reversed().filter { written.insert(ids[$0]).inserted }
            }
            rows.reverse()
        } else {
            var last: [String: Int] = [:]
            for (row, id) in ids.enumerated() { last[id] = row }
            rows = (0..<batch.count).filter { last[ids[$0]] == $0 }
        }
        let now = Int64(Date().timeIntervalSince1970)
        // A bulk load's rows all go through `COPY … FREEZE`, however few (frozen, all-visible).
        if rows.count >= Self.copyThreshold || bulk != nil {
            try copyUpsert(batch, ids: ids, rows: rows, now: now, straight: straight, c)
            return
        }
        for start in stride(from: 0, to: rows.count, by: 1000) {
            let chunk = rows[start..<min(rows.count, start + 1000)]
            var binds = PostgresBindings(capacity: chunk.count * Self.writtenColumns.count)
            var tuples: [String] = []
            tuples.reserveCapacity(chunk.count)
            var n = 0
            for row in chunk {
                var params: [String] = []
                for column in Self.upsertColumns {
                    n += 1
                    params.append("$\(n)")
                    switch column.source {
                    case .text(let t) where column.isBinary:
                        binds.append(batch.text(row, t).map { ByteBuffer(bytes: $0) })
                    case .text(let t):
                        binds.append(batch.text(row, t).map { String(decoding: $0, as: UTF8.self) })
                    case .integer(let i): binds.append(batch.integer(row, i))
                    case .storedAt: binds.append(now)
                    case .dictionaryID: binds.append(batch.dictionaryID)
                    }
                }
                let packed = PostgresPackedRow.bytes(batch, row: row)
                n += 1
                params.append("$\(n)")
                binds.append(ByteBuffer(bytes: packed))
                tuples.append("(" + params.joined(separator: ",") + ")")
            }
            let sql =
                "INSERT INTO tickets (\(Self.writtenColumnList)) VALUES \(tuples.joined(separator: ","))"
                + Self.onConflictUpdate
            _ = try run(c, sql, binds)
        }
    }

    /// `COPY` of `rows`: the tickets the store does not hold yet (asked by their ids; in a
    /// bulk load, every row `upsert` leaves) go straight into `tickets`; the others into
    /// `tickets_in` (a temporary table, emptied at commit) and then one upsert from it.
    /// Another writer adding one of the new tickets in between makes the straight `COPY`
    /// fail on the key (the caller retries the batch with `straight: false`, every row
    /// through the upsert).
    func copyUpsert(
        _ batch: TicketBatch, ids: [String], rows: [Int], now: Int64, straight: Bool, _ c: PostgresConnection
    ) throws {
        // A bulk load holds none of `rows` (`upsert` left only those it has not written).
        var held: Set<String> = []
        if bulk == nil {
            if straight {
                var b = PostgresBindings()
                b.append(rows.map { ids[$0] })
                for row in try run(c, "SELECT ticket_id FROM tickets WHERE ticket_id = ANY($1)", b).rows {
                    held.insert(try row.decode(String.self))
                }
            } else {
                held = Set(rows.map { ids[$0] })
            }
        }
        var fresh: [Int] = []
        var known: [Int] = []
        for row in rows {
            if held.contains(ids[row]) { known.append(row) } else { fresh.append(row) }
        }
        if !fresh.isEmpty { try copy(batch, rows: fresh, now: now, into: "tickets", freeze: bulk != nil, c) }
        guard !known.isEmpty else { return }
        _ = try run(
            c,
            "CREATE TEMP TABLE IF NOT EXISTS tickets_in (LIKE tickets INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
        try copy(batch, rows: known, now: now, into: "tickets_in", freeze: false, c)
        _ = try run(
            c,
            "INSERT INTO tickets (\(Self.writtenColumnList)) SELECT \(Self.writtenColumnList) FROM tickets_in"
                + Self.onConflictUpdate)
        _ = try run(c, "TRUNCATE tickets_in")
    }

    /// The columns every write sends: `upsertColumns` and `packed`.
    static let writtenColumns = upsertColumns.map(\.name) + ["packed"]
    static let writtenColumnList = writtenColumns.joined(separator: ", ")

    /// `COPY table (writtenColumns) FROM STDIN` of `rows` in the binary format, sent
    /// `copyChunk` bytes at a time as it is encoded (the server parses one while the next is
    /// made). Binary, because the text format costs both ends a pass over every byte of the
    /// raw JSON (escaping, then unescaping it), and `packed` in it would be five characters
    /// a byte. postgres-nio 1.33 builds only `COPY "table" (…) FROM STDIN WITH (FORMAT
    /// text)`: the table name it quotes is given so that its statement asks for the binary
    /// format and the rest of the line is a comment (`copyStatementTable`).
    func copy(
        _ batch: TicketBatch, rows: [Int], now: Int64, into table: String, freeze: Bool, _ c: PostgresConnection
    ) throws {
        let logger = self.logger
        let statementTable = Self.copyStatementTable(table, freeze: freeze)
        try Self.blocking {
            try await c.copyFrom(table: statementTable, logger: logger) { writer in
                var next = 0
                repeat {
                    // Rows are encoded straight into the buffer that is sent; a new buffer
                    // for each chunk (the one sent may still be held).
                    var chunk = ByteBufferAllocator().buffer(capacity: Self.copyChunk + (64 << 10))
                    if next == 0 { chunk.writeBytes(PostgresBinaryCopy.header) }
                    batch.withColumns { columns in
                        while next < rows.count, chunk.readableBytes < Self.copyChunk {
                            let row = rows[next]
                            chunk.writeWithUnsafeMutableBytes(minimumWritableBytes: columns.encodedBound(row)) {
                                var out = ByteWriter(base: $0.baseAddress!)
                                Self.appendCopyRow(columns, row: row, now: now, to: &out)
                                return out.count
                            }
                            next += 1
                        }
                    }
                    if next == rows.count { chunk.writeBytes(PostgresBinaryCopy.trailer) }
                    try await writer.write(chunk)
                } while next < rows.count
            }
        }
    }

    /// The bytes of `COPY` data sent at a time: under glibc's mmap threshold (128 kB as
    /// `ProcessTuning` sets it), so that each buffer is heap memory used again, not pages
    /// mapped and faulted in anew.
    static let copyChunk = 96 << 10

    /// What `copyFrom(table:)` is given so that the statement it builds,
    /// `COPY "<table>" FROM STDIN WITH (FORMAT text)`, reads
    /// `COPY "table" (writtenColumns) FROM STDIN WITH (FORMAT binary) --" FROM STDIN …`
    /// (with `FREEZE`: see `BulkLoad`). `table` is one of this file's names, never input.
    static func copyStatementTable(_ table: String, freeze: Bool) -> String {
        precondition(table.allSatisfy { $0.isLetter || $0 == "_" })
        return "\(table)\" (\(writtenColumnList)) FROM STDIN WITH (FORMAT binary\(freeze ? ", FREEZE" : "")) --"
    }

    /// One row of `writtenColumns` in COPY's binary format: the number of fields, then each
    /// field's length (-1: NULL) and bytes (a text its UTF-8, a `bigint` eight bytes
    /// big-endian, a `bytea` its bytes).
    @inline(__always) static func appendCopyRow(
        _ columns: TicketBatch.Columns, row: Int, now: Int64, to out: inout ByteWriter
    ) {
        out.append(bigEndian: Int16(writtenColumns.count))
        for column in upsertColumns {
            switch column.source {
            case .text(let t): PostgresBinaryCopy.appendField(columns.text(row, t), to: &out)
            case .integer(let i): PostgresBinaryCopy.appendField(columns.integer(row, i), to: &out)
            case .storedAt: PostgresBinaryCopy.appendField(now, to: &out)
            case .dictionaryID: PostgresBinaryCopy.appendField(columns.dictionaryID, to: &out)
            }
        }
        let lengthAt = out.count
        out.append(bigEndian: Int32(0))
        PostgresPackedRow.append(columns, row: row, to: &out)
        out.patch(Int32(out.count - lengthAt - 4), at: lengthAt)
    }

    /// Waits for async work (postgres-nio's `COPY` has no future form). The task runs on
    /// threads of its own (`BlockingExecutor`), never on the cooperative pool: a caller
    /// that blocks a pool thread while it waits (the store protocol is synchronous) would
    /// otherwise wait for a task that has no thread left to run on.
    static func blocking(_ body: @escaping @Sendable () async throws -> Void) throws {
        let outcome = Mutex<(any Error)??>(nil)
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: BlockingExecutor.shared) {
            do {
                try await body()
                outcome.withLock { $0 = .some(nil) }
            } catch {
                outcome.withLock { $0 = .some(error) }
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.withLock({ $0 }) ?? nil { throw error }
    }

    public func saveDay(_ entry: LedgerEntry, tickets: [StoredTicket]) throws {
        let batch = try batch(of: tickets)
        try wrap {
            try writing { c, straight in
                try upsert(batch, straight: straight, c)
                try writeLedger(entry, c)
                try bumpGeneration(stamping: batch, c)
            }
        }
    }

    public func saveTickets(_ tickets: [StoredTicket]) throws { try saveTickets(batch(of: tickets)) }

    public func saveTickets(_ batch: TicketBatch) throws {
        if let id = batch.dictionaryID, try dictionary(id: id) == nil {
            throw TicketStoreError(path: location, reason: "was handed raw JSON compressed for another store")
        }
        try wrap {
            try writing { c, straight in
                try upsert(batch, straight: straight, c)
                try bumpGeneration(stamping: batch, c)
            }
        }
    }

    /// `body` in one transaction, told to `COPY` new tickets straight into `tickets`; again
    /// without that when another writer added one of them in between (a key violation).
    func writing(_ body: (PostgresConnection, _ straight: Bool) throws -> Void) throws {
        // No other writer while a bulk load holds the table.
        if bulk != nil { return try transaction { try body($0, true) } }
        do {
            try transaction { try body($0, true) }
        } catch let e as PSQLError where e.serverInfo?[.sqlState] == "23505" {
            try transaction { try body($0, false) }
        }
    }

    /// The dictionary new raw JSON is compressed with: the newest in `raw_dictionaries`; when
    /// there is none, one trained on `samples()` (`nil` when too few) and stored. Trainers
    /// at once, in this process or another, train one between them (an advisory lock).
    public func rawDictionary(orTrainingOn samples: () throws -> [[UInt8]]) throws -> RawJSONDictionary? {
        if let newest = try newestDictionary() { return newest }
        return try training.withLock { _ in
            try wrap {
                try transaction { c in
                    _ = try run(c, "SELECT pg_advisory_xact_lock(7240416)")
                    if let newest = try newestDictionary(c) { return newest }
                    let samples = try samples()
                    guard let trained = RawJSONDictionary.train(samples: samples) else { return nil }
                    var b = PostgresBindings()
                    b.append(ByteBuffer(bytes: trained))
                    b.append(samples.count)
                    b.append(Int64(Date().timeIntervalSince1970))
                    let sql =
                        "INSERT INTO raw_dictionaries (lz4_dictionary, samples, created_at) VALUES ($1, $2, $3) RETURNING id"
                    guard let id = try run(c, sql, b).rows.first?.decode(Int64.self),
                        let dictionary = RawJSONDictionary(id: id, bytes: trained)
                    else { return nil }
                    return dictionaries.withLock { $0.remember(dictionary, newest: true) }
                }
            }
        }
    }

    /// The newest dictionary the store holds (`nil`: none yet).
    func newestDictionary(_ connection: PostgresConnection? = nil) throws -> RawJSONDictionary? {
        if let newest = dictionaries.withLock({ $0.newest }) { return newest }
        let read = { (c: PostgresConnection) -> RawJSONDictionary? in
            let sql = "SELECT id, lz4_dictionary FROM raw_dictionaries ORDER BY id DESC LIMIT 1"
            guard let row = try self.run(c, sql).rows.first else { return nil }
            let (id, bytes) = try row.decode((Int64, ByteBuffer).self)
            guard let d = RawJSONDictionary(id: id, bytes: Array(bytes.readableBytesView)) else { return nil }
            return self.dictionaries.withLock { $0.remember(d, newest: true) }
        }
        if let connection { return try read(connection) }
        return try wrap { try withConnection(read) }
    }

    /// The dictionary with `id` (`nil`: the store holds none such).
    func dictionary(id: Int64) throws -> RawJSONDictionary? {
        if let known = dictionaries.withLock({ $0.byID[id] }) { return known }
        return try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(id)
                let sql = "SELECT lz4_dictionary FROM raw_dictionaries WHERE id = $1"
                guard let bytes = try run(c, sql, b).rows.first?.decode(ByteBuffer.self),
                    let d = RawJSONDictionary(id: id, bytes: Array(bytes.readableBytesView))
                else { return nil }
                return dictionaries.withLock { $0.remember(d, newest: false) }
            }
        }
    }

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

    // MARK: Reading

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

    /// A day of creation time per chunk (each read in keyset pages on a connection of its
    /// own, so several readers work at once); a period of a day or less in one.
    public func readPlan(createdFrom start: Date, before end: Date, chunkRows: Int64) throws -> [TicketReadChunk] {
        let (from, to) = (Self.seconds(start), Self.seconds(end))
        guard to - from > 86400, from > Int64.min / 2, to < Int64.max / 2 else { return [.wholePeriod] }
        return stride(from: from, to: to, by: 86400).map {
            TicketReadChunk(keys: $0..<min(to, $0 + 86400), capacity: 0)
        }
    }

    public func forEachRawTicket(
        createdFrom start: Date, before end: Date, chunk: TicketReadChunk, _ body: (RawTicketRow) throws -> Void
    ) throws {
        var (from, to) = (Self.seconds(start), Self.seconds(end))
        if let keys = chunk.keys {
            from = max(from, keys.lowerBound)
            to = min(to, keys.upperBound)
        }
        try forEachPage(.packed(fields: TicketColumn.read.count), from: from, to: to, pageRows: pageRows) { fields in
            for i in Self.integerFields where fields[i] != nil && !(1...8).contains(fields[i]!.count) {
                throw PostgresColumnPage.Malformed()
            }
            try fields.withUnsafeBufferPointer { try body(RawTicketRow(binary: $0)) }
        }
    }

    /// The first whole second at or after `date` (`created_at` is in seconds).
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.up)) }

    /// What a page read sends: one array per column, or the `packed` column (the decoded
    /// columns, `PostgresPackedRow`) of every row one after the other (the server builds that in
    /// a third of the time an array of them takes). Either way the first two fields are the
    /// ticket id and the creation time.
    enum PageColumns {
        case columns([String])
        case packed(fields: Int)
    }

    /// The rows of the tickets created in `[from, to)`, read in keyset pages of `pageRows`
    /// in (created_at, ticket_id) byte order (bounded memory, each page a statement of its
    /// own), each page as one or a few values read in place (`PostgresColumnPage`). `body`
    /// gets each row's fields (NULL: `nil`), valid only during the call.
    func forEachPage(
        _ columns: PageColumns, from: Int64, to: Int64, pageRows: Int,
        _ body: ([UnsafeRawBufferPointer?]) throws -> Void
    ) throws {
        var after: (Int64, String)?
        let (inner, outer, arrays): (String, String, Int)
        switch columns {
        case .columns(let names):
            inner = names.joined(separator: ", ")
            outer = names.map { "array_agg(\($0))" }.joined(separator: ", ")
            arrays = names.count
        case .packed:
            (inner, outer, arrays) = ("packed", "string_agg(packed, ''::bytea)", 1)
        }
        while true {
            let page: [ByteBuffer] = try wrap {
                try withConnection { c in
                    var b = PostgresBindings()
                    b.append(from)
                    b.append(to)
                    var filter = "created_at >= $1 AND created_at < $2"
                    if let after {
                        b.append(after.0)
                        b.append(after.1)
                        filter += " AND (created_at, ticket_id COLLATE \"C\") > ($3, $4)"
                    }
                    let sql = """
                        SELECT \(outer) FROM (SELECT \(inner) FROM tickets WHERE \(filter) \
                        ORDER BY created_at, ticket_id COLLATE "C" LIMIT \(pageRows)) page
                        """
                    guard let row = try run(c, sql, b).rows.first else { return [] }
                    return row.compactMap(\.bytes)
                }
            }
            guard page.count == arrays else { return }  // no rows: every array NULL
            let summary = try wrap {
                try Self.withBytes(of: page[...]) { bytes in
                    switch columns {
                    case .columns: try PostgresColumnPage.forEachRow(in: bytes, body)
                    case .packed(let fields):
                        try PostgresColumnPage.forEachPackedRow(in: bytes[0], fields: fields, whole: wholePacked, body)
                    }
                }
            }
            guard summary.count == pageRows, let last = summary.greatestKey else { return }
            after = last
        }
    }

    /// The whole `packed` of a ticket kept as a stub, made from its columns by the server
    /// (`nil`: no such ticket now).
    func wholePacked(ticketId: UnsafeRawBufferPointer) throws -> [UInt8]? {
        var b = PostgresBindings()
        b.append(String(decoding: ticketId, as: UTF8.self))
        let rows = try withConnection { c in
            try run(c, "SELECT \(PostgresPackedRow.sql(stubs: false)) FROM tickets WHERE ticket_id = $1", b).rows
        }
        return try rows.first.map { Array(try $0.decode(ByteBuffer.self).readableBytesView) }
    }

    /// Calls `body` with the bytes of every buffer at once.
    static func withBytes<R>(
        of buffers: ArraySlice<ByteBuffer>, _ done: [UnsafeRawBufferPointer] = [],
        _ body: ([UnsafeRawBufferPointer]) throws -> R
    ) throws -> R {
        guard let first = buffers.first else { return try body(done) }
        return try first.withUnsafeReadableBytes { try withBytes(of: buffers.dropFirst(), done + [$0], body) }
    }

    public func forEachTicket(createdFrom start: Date, before end: Date, _ body: (Ticket) throws -> Void) throws {
        try forEachRawTicket(createdFrom: start, before: end, chunk: .wholePeriod) { try body(Ticket(row: $0)) }
    }

    public func rawJSON(ticketId: String) throws -> String? {
        let stored: (ByteBuffer, Int64?)? = try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(ticketId)
                let r = try run(c, "SELECT raw, raw_dictionary_id FROM tickets WHERE ticket_id = $1", b)
                return try r.rows.first?.decode((ByteBuffer, Int64?).self)
            }
        }
        guard let (raw, dictionaryID) = stored else { return nil }
        let dictionary = try dictionaryID.flatMap(dictionary(id:))
        return try raw.withUnsafeReadableBytes {
            try RawJSONDictionary.json(
                $0, compressed: dictionaryID != nil, with: dictionary, ticketId: ticketId, store: location)
        }
    }

    public func forEachRawJSON(
        createdFrom start: Date, before end: Date, _ body: (_ ticketId: String, _ json: String) throws -> Void
    ) throws {
        try forEachPage(
            .columns(["ticket_id", "created_at", "raw", "raw_dictionary_id"]), from: Self.seconds(start),
            to: Self.seconds(end), pageRows: max(1, pageRows / 10)
        ) { fields in
            let id = fields[0].map { String(decoding: $0, as: UTF8.self) } ?? ""
            let dictionaryID = try fields[3].map(PostgresColumnPage.int8)
            let dictionary = try dictionaryID.flatMap(dictionary(id:))
            try body(
                id,
                try RawJSONDictionary.json(
                    fields[2] ?? UnsafeRawBufferPointer(start: nil, count: 0), compressed: dictionaryID != nil,
                    with: dictionary, ticketId: id, store: location))
        }
    }

    public func createdRange() throws -> ClosedRange<Date>? {
        try wrap {
            try withConnection { c in
                guard let row = try run(c, "SELECT min(created_at), max(created_at) FROM tickets").rows.first else {
                    return nil
                }
                let (lo, hi) = try row.decode((Int64?, Int64?).self)
                guard let lo, let hi else { return nil }
                return Date(timeIntervalSince1970: TimeInterval(lo))...Date(timeIntervalSince1970: TimeInterval(hi))
            }
        }
    }

    public func ticketCount() throws -> Int {
        if let bulk { return bulk.written.withLock { $0.count } }  // every ticket is the load's
        return try wrap {
            try withConnection { c in
                Int(try run(c, "SELECT count(*) FROM tickets").rows.first?.decode(Int64.self) ?? 0)
            }
        }
    }

    public func allTicketIds() throws -> Set<String> {
        try wrap {
            try withConnection { c in
                Set(try run(c, "SELECT ticket_id FROM tickets").rows.map { try $0.decode(String.self) })
            }
        }
    }

    /// `pg_try_advisory_lock` on a connection of its own, held until released or the
    /// connection ends (a process that dies frees its locks).
    public func tryLock(_ name: String) throws -> (any StoreLock)? {
        try wrap {
            try retrying { try lockOnce(name) }
        }
    }

    func lockOnce(_ name: String) throws -> (any StoreLock)? {
        do {
            let c = try connection()
            var b = PostgresBindings()
            b.append(Self.lockKey(name))
            let granted: Bool
            do {
                granted = try run(c, "SELECT pg_try_advisory_lock($1)", b).rows.first?.decode(Bool.self) ?? false
            } catch {
                Self.discard(c)
                throw error
            }
            guard granted else {
                release(c)
                return nil
            }
            return PostgresAdvisoryLock(connection: c, key: Self.lockKey(name), store: self)
        }
    }

    /// FNV-1a of the name: the advisory lock's key.
    static func lockKey(_ name: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return Int64(bitPattern: h)
    }

    /// Reads every table the store keeps (one row each) and its generation: the server keeps
    /// the pages themselves checked (checksums, WAL); what fails here is a missing table, a
    /// dropped column, a lost connection or permission.
    public func verify() throws {
        try wrap {
            try withConnection { c in
                for table in ["tickets", "pull_ledger", "store_generation", "scheduled_sends"] {
                    _ = try run(c, "SELECT * FROM \(table) LIMIT 1")
                }
            }
        }
    }

    public func generation() throws -> Int64 {
        try wrap {
            try withConnection { c in
                try run(c, "SELECT generation FROM store_generation").rows.first?.decode(Int64.self) ?? 0
            }
        }
    }

    // MARK: History rollups

    public func writeStamps(utcDays: ClosedRange<Int64>) throws -> [Int64: Int64] {
        try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(utcDays.lowerBound)
                b.append(utcDays.upperBound)
                var stamps: [Int64: Int64] = [:]
                let sql = "SELECT utc_day, generation FROM written_days WHERE utc_day BETWEEN $1 AND $2"
                for row in try run(c, sql, b).rows {
                    let (day, generation) = try row.decode((Int64, Int64).self)
                    stamps[day] = generation
                }
                return stamps
            }
        }
    }

    public func historyRollups(key: String, days: ClosedRange<Int>) throws -> [StoredRollupRow] {
        try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(key)
                b.append(Int32(clamping: days.lowerBound))
                b.append(Int32(clamping: days.upperBound))
                let sql = "SELECT day, stamp, data FROM history_rollups WHERE rollup_key = $1 AND day BETWEEN $2 AND $3"
                return try run(c, sql, b).rows.map { row in
                    let (day, stamp, data) = try row.decode((Int32, Int64, ByteBuffer).self)
                    return StoredRollupRow(day: Int(day), stamp: stamp, data: Array(data.readableBytesView))
                }
            }
        }
    }

    public func saveHistoryRollups(key: String, _ rows: [StoredRollupRow]) -> Bool {
        guard !rows.isEmpty, bulk == nil else { return rows.isEmpty }
        var b = PostgresBindings()
        b.append(key)
        b.append(rows.map { Int32(clamping: $0.day) })
        b.append(rows.map(\.stamp))
        b.append(rows.map { ByteBuffer(bytes: $0.data) })
        let sql = """
            INSERT INTO history_rollups (rollup_key, day, stamp, data)
                SELECT $1, * FROM unnest($2::integer[], $3::bigint[], $4::bytea[])
                ON CONFLICT (rollup_key, day) DO UPDATE SET stamp = EXCLUDED.stamp, data = EXCLUDED.data
            """
        // A role that may only read (the docs' analyst role) keeps nothing.
        return (try? wrap { try withConnection { c in _ = try run(c, sql, b) } }) != nil
    }
}

/// An advisory lock and the session holding it.
final class PostgresAdvisoryLock: StoreLock, Sendable {
    let connection: PostgresConnection
    let key: Int64
    let store: PostgresTicketStore
    let released = Mutex(false)

    init(connection: PostgresConnection, key: Int64, store: PostgresTicketStore) {
        self.connection = connection
        self.key = key
        self.store = store
    }

    var isHeld: Bool { !released.withLock { $0 } && !connection.isClosed }

    func release() {
        guard
            !released.withLock({ was in
                defer { was = true }
                return was
            })
        else { return }
        // A lost connection took the lock with it.
        guard !connection.isClosed else { return }
        var b = PostgresBindings()
        b.append(key)
        if (try? store.run(connection, "SELECT pg_advisory_unlock($1)", b)) != nil {
            store.release(connection)
        } else {
            PostgresTicketStore.discard(connection)
        }
    }

    deinit { release() }
}

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
            _ = try store.run(c, "TRUNCATE tickets")
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

/// Runs tasks on a dispatch queue of its own (threads beside the cooperative pool), for
/// async work a synchronous caller waits for.
final class BlockingExecutor: TaskExecutor {
    static let shared = BlockingExecutor()
    let queue = DispatchQueue(label: "slareport.postgres.blocking", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
