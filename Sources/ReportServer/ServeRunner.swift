import Foundation
import Hummingbird
public import Logging
import NIOCore
public import ReportPipeline
public import ServiceLifecycle
import TicketStore
import UnixSignals

/// `slareport serve`: the feed, the scheduled pulls and the scheduled emails as services of
/// one group, shut down gracefully on SIGTERM or SIGINT.
public enum ServeRunner {
    public struct Options: Sendable {
        public var storePath: String
        public var host: String
        public var port: Int
        public var templatesFolder: String?

        public init(storePath: String, host: String, port: Int, templatesFolder: String? = nil) {
            self.storePath = storePath
            self.host = host
            self.port = port
            self.templatesFolder = templatesFolder
        }
    }

    /// Everything `serve` checks before it listens: tokens, exposure, the store, the pull's
    /// settings and token. Returns the server and its services.
    public static func prepare(_ options: Options, configuration: Configuration, logger: Logger) throws(PipelineError)
        -> (server: FeedServer, services: [any Service])
    {
        let settings = configuration.serve
        let tokens =
            try settings.tokensFile.map { path throws(PipelineError) in try FeedTokens.load(path) }
            ?? FeedTokens(hashes: [])
        if let warning = settings.tokensFile.flatMap(FeedTokens.permissionWarning) { logger.warning("\(warning)") }
        try FeedServer.checkExposure(host: options.host, tokens: tokens)
        let writes = settings.pullEvery != nil || !settings.schedule.isEmpty
        let store: any TicketStoring
        do { store = try TicketStores.open(options.storePath, readOnly: !writes) } catch {
            throw .store(error)
        }
        let server = try FeedServer(
            configuration: configuration, store: store, tokens: tokens, templatesFolder: options.templatesFolder,
            logger: logger)
        var services: [any Service] = []
        if let every = settings.pullEvery {
            // Every check a pull makes, once, before the server starts.
            _ = try PullJob(
                PullRequest(period: PeriodSelection(preset: "yesterday"), storePath: options.storePath),
                configuration: configuration)
            services.append(
                ScheduledPulls(
                    interval: every, configuration: configuration, storePath: options.storePath, server: server))
        }
        if !settings.schedule.isEmpty { services.append(ScheduledEmails(configuration: configuration, server: server)) }
        return (server, services)
    }

    /// Runs until SIGTERM or SIGINT; `onListening` hears the bound address.
    public static func run(
        _ options: Options, configuration: Configuration, logger: Logger,
        onListening: @escaping @Sendable (String) -> Void
    ) async throws(PipelineError) {
        let (server, services) = try prepare(options, configuration: configuration, logger: logger)
        let app = Application(
            router: server.router(),
            server: server.httpServer(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "slareport"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.port
                onListening("http://\(options.host.contains(":") ? "[\(options.host)]" : options.host):\(port)")
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app)] + services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do { try await group.run() } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw PipelineError(
                .failure,
                "--host/--port \(options.host):\(options.port) is already in use (another slareport serve?); choose another --port",
                cause: error)
        } catch {
            throw PipelineError(.failure, "serve stopped: \(error)", cause: error)
        }
    }
}
