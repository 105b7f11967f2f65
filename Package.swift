// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "SLAReport",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "slareport", targets: ["slareport"]),
        .executable(name: "fake-kapture", targets: ["FakeKaptureTool"]),
        .library(name: "TicketModel", targets: ["TicketModel"]),
        .library(name: "SLAAnalytics", targets: ["SLAAnalytics"]),
        .library(name: "TicketStore", targets: ["TicketStore"]),
        .library(name: "KaptureAPI", targets: ["KaptureAPI"]),
        .library(name: "KapturePull", targets: ["KapturePull"]),
        .library(name: "ReportRendering", targets: ["ReportRendering"]),
        .library(name: "XHTMLValidation", targets: ["XHTMLValidation"]),
        .library(name: "SampleData", targets: ["SampleData"]),
        .library(name: "TicketIngest", targets: ["TicketIngest"]),
        .library(name: "KaptureTestSupport", targets: ["KaptureTestSupport"]),
        .library(name: "ReportPipeline", targets: ["ReportPipeline"]),
        .library(name: "ReportServer", targets: ["ReportServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.4.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
    ],
    targets: [
        .target(name: "TicketModel", swiftSettings: swiftSettings),
        .target(name: "SLAAnalytics", dependencies: ["TicketModel"], swiftSettings: swiftSettings),
        .target(name: "SampleData", dependencies: ["TicketModel"], swiftSettings: swiftSettings),
        .target(
            name: "TicketIngest",
            dependencies: [
                "TicketModel", "SLAAnalytics", "TicketStore", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TicketStore",
            dependencies: [
                "TicketModel", "CLZ4", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KaptureAPI",
            dependencies: [
                "TicketModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KapturePull",
            dependencies: ["KaptureAPI", "TicketStore", "TicketModel"],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CProcessTuning"),
        .target(name: "CLZ4"),
        .target(
            name: "XHTMLValidation",
            dependencies: ["CLibXML2"],
            exclude: ["DTD/README.md"],
            resources: [.copy("DTD")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ReportTemplates",
            path: "Templates",
            exclude: ["README.md"],
            sources: ["ReportTemplates.swift"],
            resources: [.copy("html"), .copy("xhtml"), .copy("text")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ReportRendering",
            dependencies: [
                "SLAAnalytics", "TicketModel", "XHTMLValidation", "ReportTemplates",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ExampleData",
            path: "Examples",
            exclude: ["README.md"],
            sources: ["ExampleData.swift"],
            resources: [.copy("responses"), .copy("slareport.toml")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KaptureTestSupport",
            dependencies: [
                "TicketModel", "SampleData", "SLAAnalytics", "TicketStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ReportPipeline",
            dependencies: [
                "TicketModel", "SLAAnalytics", "TicketIngest", "TicketStore", "ReportRendering", "KaptureAPI",
                "KapturePull", "SampleData", "CProcessTuning", "ExampleData",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ReportServer",
            dependencies: [
                "ReportPipeline", "ReportRendering", "SLAAnalytics", "TicketStore", "TicketModel", "KapturePull",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            resources: [.copy("Dashboard")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "slareport",
            dependencies: [
                "ReportPipeline", "ReportServer", "TicketModel", "SLAAnalytics", "TicketIngest", "TicketStore",
                "KaptureAPI",
                "KapturePull", "ReportRendering", "SampleData",
                "ExampleData",

                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),

            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FakeKaptureTool",
            dependencies: ["KaptureTestSupport", "SampleData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TicketModelTests",
            dependencies: ["TicketModel", "SampleData", "KaptureTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReportRenderingTests",
            dependencies: ["ReportRendering", "SLAAnalytics", "TicketModel", "XHTMLValidation", "KaptureTestSupport"],
            resources: [.copy("Fixtures"), .copy("Golden")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TicketIngestTests",
            dependencies: [
                "TicketIngest", "TicketModel", "SLAAnalytics", "SampleData", "TicketStore", "KaptureTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "XHTMLValidationTests",
            dependencies: ["XHTMLValidation"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SLAAnalyticsTests",
            dependencies: ["SLAAnalytics", "TicketModel", "ReportRendering", "SampleData"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReportPipelineTests",
            dependencies: [
                "ReportPipeline", "ReportRendering", "SLAAnalytics", "TicketModel", "TicketStore", "ExampleData",
                "KaptureTestSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TicketStoreTests",
            dependencies: [
                "TicketStore", "TicketModel", "KaptureTestSupport", "ExampleData",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KapturePullTests",
            dependencies: [
                "KapturePull", "KaptureAPI", "KaptureTestSupport", "TicketStore", "TicketModel", "SampleData",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReportServerTests",
            dependencies: [
                "ReportServer", "ReportPipeline", "ReportRendering", "SLAAnalytics", "TicketStore", "TicketModel",
                "KaptureTestSupport", "ExampleData", "SampleData",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SLAReportEndToEndTests",
            dependencies: [
                "slareport", "TicketModel", "SampleData", "KaptureTestSupport", "TicketStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
