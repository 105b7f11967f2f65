// swift-tools-version: 6.1
// The decoder's fuzz target (libFuzzer). Build and run with Fuzz/run.sh; see docs/PERFORMANCE.md.
import Foundation
import PackageDescription

// The root package's identity is its folder's name, whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "SLAReportFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzDecoder",
            dependencies: [
                .product(name: "TicketIngest", package: root),
                .product(name: "TicketModel", package: root),
                .product(name: "SLAAnalytics", package: root),
                .product(name: "TicketStore", package: root),
            ]
        )
    ]
)
