import ArgumentParser
import Foundation
import Logging
import ReportPipeline
import ReportRendering
import ReportServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the live feed, the wall dashboard and scheduled pulls and emails from a store.",
        discussion: """
            Routes: / (dashboard), /v1/summary, /v1/rows/{\(RowTables.Name.allCases.map(\.rawValue).joined(separator: ","))}, \
            /v1/tickets, /v1/report.{html,xhtml,txt}, /v1/schema/summary.json, /v1/openapi.json, /healthz, /readyz, \
            /metrics (docs/SERVE.md). \
            [serve] in slareport.toml sets tokens_file, max_days, pull_every, catch_up and [[serve.schedule]]. \
            SIGTERM or SIGINT stops it gracefully.
            """
    )

    @Option(help: "The store to serve (written by `pull` or `import`): \(storeHelp).")
    var store: String?

    @Option(help: "Address to listen on (default: [serve] host, else 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on, 0 for any free one (default: [serve] port, else 8080).")
    var port: Int?

    @Option(help: "A folder of templates overriding the bundled ones by file name.")
    var templates: String?

    @Option(help: "Configuration file (default: $SLAREPORT_CONFIG, else ./slareport.toml when present).")
    var config: String?

    @Flag(help: "Log every request.")
    var verbose = false

    func run() async throws {
        try await reportingErrors(Self.self) {
            let configuration = try loadConfiguration(config)
            let port = self.port ?? configuration.serve.port
            guard (0...65535).contains(port) else { throw PipelineError.usage("--port must be 0…65535") }
            var logger = Logger(label: "slareport.serve")
            logger.logLevel = verbose ? .debug : .info
            try await ServeRunner.run(
                .init(
                    storePath: configuration.storeLocation(store)!, host: host ?? configuration.serve.host, port: port,
                    templatesFolder: templates),
                configuration: configuration, logger: logger
            ) { address in
                FileHandle.standardOutput.write(Data("slareport serve: listening on \(address)\n".utf8))
            }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage the feed tokens `serve` accepts.", subcommands: [NewToken.self])

    struct NewToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Print a new feed token once and append its SHA-256 hash to the tokens file.")

        @Option(name: .customLong("tokens-file"), help: "The tokens file (default: [serve] tokens_file).")
        var tokensFile: String?

        @Option(help: "Configuration file (default: $SLAREPORT_CONFIG, else ./slareport.toml when present).")
        var config: String?

        func run() async throws {
            try await reportingErrors(Self.self) {
                let configuration = try loadConfiguration(config)
                guard let path = tokensFile ?? configuration.serve.tokensFile else {
                    throw PipelineError.usage("give --tokens-file or set [serve] tokens_file in slareport.toml")
                }
                let token = FeedTokens.newToken()
                try FeedTokens.append(hashOf: token, to: path)
                print(token)
                printError("slareport: the token's hash was appended to \(path); the token is not stored anywhere")
            }
        }
    }
}
