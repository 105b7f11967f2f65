import Foundation
import Testing

/// Runs the real `slareport` executable that `swift test` built next to the test bundle.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum SLAReportBinary {
    static var url: URL {
        // The test runner lives in the build products folder, next to `slareport`.
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("slareport")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return runner.deletingLastPathComponent().appendingPathComponent("slareport")
    }

    /// The repository root (for Examples/).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
}

@discardableResult
func slareport(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws
    -> CommandResult
{
    let process = Process()
    process.executableURL = SLAReportBinary.url
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "SLAREPORT_CONFIG")
    env.removeValue(forKey: "KAPTURE_TOKEN")
    for (k, v) in environment { env[k] = v }
    process.environment = env
    process.currentDirectoryURL = directory ?? FileManager.default.temporaryDirectory
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary folder, removed by the caller.
func temporaryFolder(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "slareport-tests-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
