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
