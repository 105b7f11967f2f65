import Crypto
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization
import TicketModel

/// Coordination between the processes sharing the database: advisory locks, the
/// generation, the store's check.
extension PostgresTicketStore {
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

    /// `pg_advisory_lock` on a connection the lock holds alone, awaited on its event loop:
    /// the server queues the session and answers when the holder releases the lock or its
    /// session ends, so no thread waits and nothing polls. Cancelling the task cancels the
    /// wait on the server (`pg_cancel_backend` from a second connection: a backend waiting
    /// for a lock does not notice its client leaving) and closes the connection.
    public func lock(_ name: String) async throws -> any StoreLock {
        let key = Self.lockKey(name)
        var attempt = 0
        while true {
            do {
                return try await lockOnce(key)
            } catch  where !(error is CancellationError) && !Task.isCancelled && retries(error, attempt: attempt) {
                // As `retrying`: the server restarting or a terminated backend.
                for stale in takeIdle() { try? await stale.close() }
                try await Task.sleep(for: .seconds(Self.reconnectDelays[attempt]))
                attempt += 1
            } catch let error as CancellationError {
                throw error
            } catch {
                throw TicketStoreError(path: location, reason: Self.describe(error), cause: error)
            }
        }
    }

    func lockOnce(_ key: Int64) async throws -> any StoreLock {
        // An idle connection of the store's, or a new one (`unlock()` gives it back).
        let c: PostgresConnection
        if let reused = idleConnection() { c = reused } else { c = try await connect().get() }
        do {
            let backend = try await c.query("SELECT pg_backend_pid()", logger: logger).collect().first?.decode(
                Int32.self)
            try await withTaskCancellationHandler {
                try Task.checkCancellation()
                _ = try await c.query("SELECT pg_advisory_lock(\(key))", logger: logger).collect()
            } onCancel: {
                Task { await self.cancel(backend: backend) }
                let closing: EventLoopFuture<Void> = c.close()
                _ = closing
            }
            // The lock came as the task was cancelled: give it up with the session.
            try Task.checkCancellation()
            connected.store(true, ordering: .relaxed)
            return PostgresAdvisoryLock(connection: c, key: key, store: self)
        } catch {
            try? await c.close()
            try Task.checkCancellation()
            throw error
        }
    }

    /// Cancels the statement the server runs for `backend` (best effort: it may have ended).
    func cancel(backend: Int32?) async {
        guard let backend, let c = try? await connect(id: 2).get() else { return }
        _ = try? await c.query("SELECT pg_cancel_backend(\(backend))", logger: logger).collect()
        try? await c.close()
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
                for table in ["tickets", "pull_ledger", "store_generation", "scheduled_sends", "fact_blocks"] {
                    _ = try run(c, "SELECT * FROM \(table) LIMIT 1")
                }
            }
        }
    }

    public func generation() throws -> Int64 {
        try wrap { try withConnection(generation) }
    }

    /// The generation, on `c` (inside its transaction).
    func generation(_ c: PostgresConnection) throws -> Int64 {
        try run(c, "SELECT generation FROM store_generation").rows.first?.decode(Int64.self) ?? 0
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

    /// Marks the lock released: `true` the first time (the caller unlocks), then `false`.
    func markReleased() -> Bool {
        !released.withLock { was in
            defer { was = true }
            return was
        }
    }

    func release() {
        guard markReleased() else { return }
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

    func unlock() async {
        guard markReleased() else { return }
        guard !connection.isClosed else { return }
        do {
            _ = try await connection.query("SELECT pg_advisory_unlock(\(key))", logger: store.logger).collect()
            if store.keepIdle(connection) { return }
        } catch {}
        try? await connection.close()
    }

    deinit { release() }
}
