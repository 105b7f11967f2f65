public import Foundation
public import TicketModel

/// The days from `from` (YYYY-MM-DD), `count` of them.
public func days(_ from: String, count: Int) -> [LocalDate] {
    (0..<count).map { LocalDate(from)!.adding(days: $0) }
}

/// Runs `body` with a fake Kapture server that is stopped afterwards.
public func withFakeKapture<T>(_ configuration: FakeKaptureConfiguration, _ body: (FakeKaptureServer) async throws -> T)
    async throws -> T
{
    let server = try await FakeKaptureServer.start(configuration)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// A fresh temporary folder, removed by the caller.
public func temporaryFolder(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "slareport-tests-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
