import Foundation
import KaptureTestSupport
import ReportPipeline
import Testing
import TicketModel
import TicketStore

/// A failure keeps what caused it, for the log, behind the one sentence a user reads.
@Suite struct ErrorCauseTests {
    @Test func aStoreFailureKeepsTheDriversError() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("not-a-store.sqlite").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let options = try PeriodSelection(from: "2024-04-15", to: "2024-04-21").resolve(configuration: Configuration())
        do {
            _ = try ReportJob.summarize(.store(path), options: options, accountTimeZone: .gmt)
            Issue.record("a file that is not a SQLite database was read as a store")
        } catch {
            #expect(error.kind == .store)
            #expect(error.message == "store \(path): not a SQLite database")
            let cause = try #require(error.cause)
            #expect(String(reflecting: type(of: cause)).contains("DatabaseError"), "\(type(of: cause))")
        }
    }
}
