import NIOPosix

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
