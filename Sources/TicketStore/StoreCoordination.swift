public import Foundation

/// The send log: which scheduled email went out when, shared by the servers on a store.
public protocol SendLogStore: AnyObject, Sendable {
    /// Records that the scheduled email `schedule` due at `dueAt` went out; `false` when it
    /// was already recorded (by this process or another), so no email goes out twice.
    func recordSend(schedule: String, dueAt: Date, sentAt: Date) throws -> Bool

    /// When the scheduled email `schedule` due at `dueAt` went out, if it did.
    func sentAt(schedule: String, dueAt: Date) throws -> Date?
}

/// Coordination between the processes sharing a store: locks, the generation every cached
/// answer is keyed on, and the check a server's readiness makes.
public protocol StoreCoordination: AnyObject, Sendable {
    /// Takes the lock `name` (`day:2024-04-01`, `leader:serve`) if no other process holds it;
    /// `nil` when one does. Never waits.
    func tryLock(_ name: String) throws -> (any StoreLock)?

    /// Takes the lock `name`, waiting for as long as another process holds it: the store
    /// wakes the waiter when the lock is free (no polling), and no thread waits meanwhile.
    /// Cancelling the calling task ends the wait with `CancellationError`, leaving nothing
    /// held or queued.
    func lock(_ name: String) async throws -> any StoreLock

    /// A number that changes whenever tickets or the ledger change (a pull's day, an import,
    /// a failed day), seen by every process using the store: what a cache of summaries keys on.
    func generation() throws -> Int64

    /// Reads the whole store's structure and throws, naming what is wrong, when it cannot
    /// all be read (a corrupt page, an index out of step, a missing table): what a server's
    /// readiness asks before it says it can answer.
    func verify() throws
}

/// A lock a process holds on a store until it releases it or ends (a PostgreSQL advisory
/// lock on its own session): one puller per day, one server running the schedules.
public protocol StoreLock: AnyObject, Sendable {
    /// Whether the lock is still held (a lost connection loses it).
    var isHeld: Bool { get }
    /// Gives the lock up; returns once others can take it. Waits for the store: call it off
    /// the cooperative pool, or `unlock()` from async code.
    func release()
    /// `release()` for async code: awaited without holding a thread.
    func unlock() async
}

/// A lock that needs no holding: the SQLite store's, whose single writer and idempotent
/// upserts make concurrent pulls correct without it.
public final class UncontendedLock: StoreLock {
    public init() {}
    public var isHeld: Bool { true }
    public func release() {}
    public func unlock() async {}
}
