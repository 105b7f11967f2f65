import Foundation
import KaptureTestSupport
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

/// Runs `slareport` from an async test: the process is waited for on a thread of its own.
/// Waiting on the cooperative pool instead (as the blocking form does) takes one of its
/// threads for the whole run; two such tests at once on a 2-core machine leave none for the
/// fake Kapture server in this process, and the command's calls time out.
@discardableResult
func slareport(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) async throws
    -> CommandResult
{
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(
                with: Result { try slareportBlocking(arguments, environment: environment, in: directory) })
        }
    }
}

func slareportBlocking(_ arguments: [String], environment: [String: String], in directory: URL?) throws
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
    // A command that hangs must fail its test, not the whole run: stopped after 5 minutes.
    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + 300, execute: watchdog)
    defer { watchdog.cancel() }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}
