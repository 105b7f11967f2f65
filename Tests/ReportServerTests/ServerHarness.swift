import AsyncHTTPClient
import CompressNIO
import ExampleData
import Foundation
import HTTPTypes
import Hummingbird
import KaptureTestSupport
import Logging
import NIOCore
import NIOHTTP1
import ReportPipeline
import ReportServer
import ServiceLifecycle
import Synchronization
import Testing
import TicketStore

/// A clock a test sets.
final class TestClock: Sendable {
    let value: Mutex<Date>
    init(_ date: Date) { value = Mutex(date) }
    var now: Date { value.withLock { $0 } }
    func set(_ date: Date) { value.withLock { $0 = date } }
    func advance(_ seconds: Double) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Every line logged, for checking that no secret reaches the log.
final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func logger() -> Logger {
        var logger = Logger(label: "test.serve") { _ in CapturingHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let line = "\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)"
            capture.lines.withLock { $0.append(line) }
        }
    }
}

/// An answer as a test reads it.
struct Answer {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }
    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// A running server on an ephemeral loopback port: real HTTP through AsyncHTTPClient.
struct RunningServer {
    let server: FeedServer
    let baseURL: String

    func get(_ path: String, headers: [(String, String)] = []) async throws -> Answer {
        try await send(.GET, path, headers: headers)
    }

    /// Any method, with an optional body.
    func send(
        _ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: HTTPClientRequest.Body? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let body { request.body = body }
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        // The shared client asks for gzip and inflates it itself unless told otherwise: a
        // test sees the bytes the server sent for the encoding it asked for.
        if !request.headers.contains(name: "Accept-Encoding") {
            request.headers.add(name: "Accept-Encoding", value: "identity")
        }
        // A connection per request: the shared client keeps idle connections for 600 s and
        // the server closes them after `idle_timeout` (5 s, 1 s in some tests), so a pooled
        // connection could be picked just as the server closes it, and the request fail with
        // `remoteConnectionClosed` on a loaded machine (seen once in about 30 full runs).
        if !request.headers.contains(name: "Connection") { request.headers.add(name: "Connection", value: "close") }
        // The deadline is a backstop against a hung server, not a measure of speed: it counts
        // the wait for one of the client's 8 connections to the host and the summary's wait for
        // a thread of the pool for blocking work, which every test in the process shares; with
        // the whole suite on two cores, 100 concurrent requests waited past 60 s once.
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(600))
        var body = try await response.body.collect(upTo: 64 << 20)
        return Answer(
            status: Int(response.status.code), headers: response.headers,
            body: Data(body.readBytes(length: body.readableBytes) ?? []))
    }

    /// One metric's value from `/metrics` (summed over its label sets matching `labels`).
    func metric(_ name: String, _ labels: String = "", headers: [(String, String)] = []) async throws -> Double {
        let text = try await get("/metrics", headers: headers).text
        return text.split(separator: "\n").filter {
            !$0.hasPrefix("#") && ($0.hasPrefix(name + " ") || $0.hasPrefix(name + "{"))
                && (labels.isEmpty || $0.contains(labels))
        }.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }
}

enum Harness {
    static let kolkata = TimeZone(identifier: "Asia/Kolkata")!
    static let demoQuery = "from=2024-04-15&to=2024-04-21&asOf=2024-04-22T09:00:00%2B05:30"

    /// A store holding the bundled example tickets, in a new folder.
    static func exampleStore() throws -> (folder: URL, path: String) {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("s.sqlite").path
        _ = try ImportJob.run(inputs: [ExampleData.responsesURL!.path], storePath: path, accountTimeZone: kolkata)
        return (folder, path)
    }

    static func configuration(_ toml: String = "") throws -> Configuration {
        try Configuration.parse(toml, path: "test.toml")
    }

    /// Runs `body` against a server on `storePath` answering with `configuration`.
    static func withServer<T>(
        storePath: String, configuration: Configuration, tokens: FeedTokens = FeedTokens(hashes: []),
        clock: TestClock? = nil, logs: LogCapture = LogCapture(), readOnly: Bool = true,
        _ body: (RunningServer) async throws -> T
    ) async throws -> T {
        let store = try TicketStores.open(storePath, readOnly: readOnly)
        let now: @Sendable () -> Date
        if let clock { now = { clock.now } } else { now = { Date() } }
        let server = try FeedServer(
            configuration: configuration, store: store, tokens: tokens, logger: logs.logger(), now: now)
        return try await withRunning(server, logs: logs, body)
    }

    static func withRunning<T>(_ server: FeedServer, logs: LogCapture, _ body: (RunningServer) async throws -> T)
        async throws -> T
    {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: server.router(), server: server.httpServer(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logs.logger())
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "quiet")))
        let task = Task { try await group.run() }
        var port = 0
        for await p in ports {
            port = p
            break
        }
        let running = RunningServer(server: server, baseURL: "http://127.0.0.1:\(port)")
        do {
            let result = try await body(running)
            await group.triggerGracefulShutdown()
            _ = await task.result
            return result
        } catch {
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw error
        }
    }

    static func gunzip(_ data: Data) throws -> Data {
        var buffer = ByteBuffer(bytes: data)
        var out = try buffer.decompress(with: .gzip())
        return Data(out.readBytes(length: out.readableBytes) ?? [])
    }
}
