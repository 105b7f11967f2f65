import Foundation
import GRDB
import KaptureTestSupport
import ReportPipeline
import SampleData
import Synchronization
import Testing
import TicketModel
import TicketStore

/// The progress a long job reports (what `import`, `store copy` and `report` show on a
/// terminal): one call per part done, in order, ending at the whole, with the tickets the
/// generator says the parts held.
@Suite struct ProgressTests {
    static let days = (0..<5).map { LocalDate("2024-05-06")!.adding(days: $0) }
    static let generator = SampleGenerator(seed: 11, perDay: 120)

    /// Usable tickets (an id and a creation time) of each day, from the generator's records.
    static var usableByDay: [Int] {
        days.map { day in generator.generatedTickets(for: day, lastDay: days.last!).filter(\.isUsable).count }
    }

    /// Writes the days' responses, one file a day, as the puller saves them.
    static func writeDays(into folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for day in days {
            let text = generator.dayResponse(day: day, lastDay: days.last!, previousDayIncluded: false)
            try text.write(to: folder.appendingPathComponent("tickets-\(day).json"), atomically: true, encoding: .utf8)
        }
    }

    /// A handler keeping every call.
    final class Recorder: Sendable {
        let calls = Mutex<[JobProgress]>([])
        var handler: ProgressHandler { { p in self.calls.withLock { $0.append(p) } } }
        var all: [JobProgress] { calls.withLock { $0 } }
    }

    /// One call per part, `done` counting 1…total, the share of the work never going back and
    /// ending at 1.
    static func expectSteady(_ calls: [JobProgress], unit: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!calls.isEmpty, sourceLocation: sourceLocation)
        guard let last = calls.last else { return }
        #expect(calls.map(\.done) == Array(1...last.total), sourceLocation: sourceLocation)
        #expect(calls.allSatisfy { $0.unit == unit && $0.total == last.total }, sourceLocation: sourceLocation)
        #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.fraction <= $1.fraction }, sourceLocation: sourceLocation)
        #expect(abs(last.fraction - 1) < 1e-9, sourceLocation: sourceLocation)
        #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.tickets <= $1.tickets }, sourceLocation: sourceLocation)
    }

    @Test func importCopyAndReportsReportTheirProgress() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in")
        try Self.writeDays(into: input)
        let expected = Self.usableByDay.reduce(0, +)
        let zone = TimeZone(identifier: "Asia/Kolkata")!
        let options = try PeriodSelection(
            from: Self.days.first!.description, to: Self.days.last!.description, asOf: "2024-05-13T09:00:00+05:30"
        ).resolve(configuration: Configuration())

        // import: a file at a time, each file's tickets.
        let store = dir.appendingPathComponent("s.sqlite").path
        let imported = Recorder()
        _ = try ImportJob.run(
            inputs: [input.path], storePath: store, accountTimeZone: zone, threads: 2, progress: imported.handler)
        Self.expectSteady(imported.all, unit: "files")
        #expect(imported.all.count == Self.days.count)
        #expect(imported.all.last?.tickets == expected)

        // report --input: a file at a time.
        let fromFiles = Recorder()
        _ = try ReportJob.summarize(
            .files([input.path]), options: options, accountTimeZone: zone, threads: 2, progress: fromFiles.handler)
        Self.expectSteady(fromFiles.all, unit: "files")
        #expect(fromFiles.all.count == Self.days.count)
        #expect(fromFiles.all.last?.tickets == expected)

        // report --store: a part of the store's plan at a time, every ticket of the period.
        let fromStore = Recorder()
        _ = try ReportJob.summarize(
            .store(store), options: options, accountTimeZone: zone, threads: 2, progress: fromStore.handler)
        Self.expectSteady(fromStore.all, unit: "parts")
        #expect(fromStore.all.last?.tickets == expected)

        // store copy: a day at a time, every ticket.
        let copied = Recorder()
        _ = try StoreCopyJob.run(from: store, to: dir.appendingPathComponent("t.sqlite").path, progress: copied.handler)
        Self.expectSteady(copied.all, unit: "days")
        #expect(copied.all.last?.tickets == expected)

        // report --store of a store whose blocks are of another layout: the blocks built
        // again (a UTC day at a time, every ticket), then the read.
        try DatabaseQueue(path: store).write { try $0.execute(sql: "UPDATE fact_block_layout SET layout = 'older'") }
        let rebuilt = Recorder()
        _ = try ReportJob.summarize(
            .store(store), options: options, accountTimeZone: zone, threads: 2, progress: rebuilt.handler)
        let building = rebuilt.all.prefix { $0.unit == "days of fact blocks" }
        Self.expectSteady(Array(building), unit: "days of fact blocks")
        #expect(building.last?.tickets == expected)
        Self.expectSteady(Array(rebuilt.all.dropFirst(building.count)), unit: "parts")
    }
}
