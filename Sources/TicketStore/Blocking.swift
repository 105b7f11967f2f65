public import NIOPosix

/// Where blocking work runs: a store call, a summary (which reads for a while, on readers of
/// its own), a day's decoding and writing. NIO's pool for blocking work
/// (`NIOThreadPool.singleton`, one thread per core, which NIO's own file I/O uses too), so
/// that async code (the server's routes and schedules, a pull's days) never blocks the
/// cooperative pool's threads.
public enum Blocking {
    /// Runs `body` on the pool and returns what it returns.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}

/// A thread of its own for a kind of short blocking call that must not wait behind the long
/// ones on `Blocking`'s pool, where a summary being computed holds a thread for as long as it
/// reads (with one thread per core, two cold quarters held them all): the store's generation
/// behind every cached answer (`GenerationGate`), the readiness probe and `/metrics`. A
/// `NIOThreadPool` of one thread, ended with the lane; a call not begun by then fails as
/// cancelled.
public final class BlockingLane: Sendable {
    private let pool = NIOThreadPool(numberOfThreads: 1)

    public init() {
        pool.start()
    }

    deinit {
        // Joined elsewhere, so this may run on the lane's own thread.
        pool.shutdownGracefully { _ in }
    }

    /// Runs `body` on the lane's thread and returns what it returns.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    /// Queues `work` on the lane's thread (told whether it was cancelled).
    public func submit(_ work: @escaping @Sendable (NIOThreadPool.WorkItemState) -> Void) {
        pool.submit(work)
    }
}
