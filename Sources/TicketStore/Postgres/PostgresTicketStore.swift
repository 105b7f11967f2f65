import Crypto
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization
import TicketModel

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
    /// `building` hears how far the fact blocks have come when the open builds them all.
    public init(
        url: String, readOnly: Bool = false, pageRows: Int = 50_000, building: FactBlockProgressHandler? = nil
    ) throws(TicketStoreError) {
        self.pageRows = max(1, pageRows)
        bulk = nil
        let parsed = try PostgresLocation.parse(url)
        location = parsed.redacted
        configuration = try parsed.configuration()
        var logger = Logger(label: "slareport.postgres")
        logger.logLevel = .critical
        self.logger = logger
        try wrap {
            try self.migrate(readOnly: readOnly)
            try self.upgradeFactBlocks(readOnly: readOnly, building: building)
        }
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
        for c in takeIdle() { Self.discard(c) }
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
        /// The load's blocks in the making.
        let blocks = Mutex(BulkBlocks())
        init(connection: PostgresConnection) { self.connection = connection }
    }

    // MARK: Connections

    func connection() throws -> PostgresConnection {
        if let c = idleConnection() { return c }
        return try Self.wait(connect())
    }

    /// A new connection to the store's server, on NIO's shared event loops.
    func connect(id: Int = 1) -> EventLoopFuture<PostgresConnection> {
        PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger)
    }

    /// An idle connection the server has not closed, if the store keeps one.
    func idleConnection() -> PostgresConnection? {
        idle.withLock { $0.popLast() }.flatMap { $0.isClosed ? nil : $0 }
    }

    /// Every idle connection, taken out of the list (after a lost connection: they went with
    /// it); the caller closes them.
    func takeIdle() -> [PostgresConnection] {
        idle.withLock { list in
            defer { list.removeAll() }
            return list
        }
    }

    func release(_ c: PostgresConnection) {
        if !keepIdle(c) { Self.discard(c) }
    }

    /// Keeps `c` for the next statement when there is room; `false`: the caller closes it.
    func keepIdle(_ c: PostgresConnection) -> Bool {
        idle.withLock { list -> Bool in
            guard list.count < Self.maximumIdle, !c.isClosed else { return false }
            list.append(c)
            return true
        }
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
            } catch  where retries(error, attempt: attempt) {
                for stale in takeIdle() { Self.discard(stale) }
                Thread.sleep(forTimeInterval: Self.reconnectDelays[attempt])
                attempt += 1
            }
        }
    }

    /// Whether attempt `attempt` (from 0) that failed with `error` is made again: a lost
    /// connection, once the server has been reached, while `reconnectDelays` lasts.
    func retries(_ error: any Error, attempt: Int) -> Bool {
        (connected.load(ordering: .relaxed) || Self.isFromTheServer(error)) && Self.isConnectionLoss(error)
            && attempt < Self.reconnectDelays.count
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
            throw TicketStoreError(path: location, reason: Self.describe(error), cause: error)
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
