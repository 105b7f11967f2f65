import Foundation
import KaptureTestSupport
import SLAAnalytics
import Testing
import TicketIngest
import TicketModel
import TicketStore

@Suite struct StoreIngestTests {
    /// A real SQLite store holding the bundled examples, loaded the way `import` does.
    func exampleStore() throws -> SQLiteTicketStore {
        let folder = try temporaryFolder()
        let store = try SQLiteTicketStore(path: folder.appendingPathComponent("store.sqlite").path)
        let paths = try TicketInputReader.expand(paths: [packageRoot.appendingPathComponent("Examples/responses").path])
        try TicketRows.decode(paths: paths, accountTimeZone: kolkata, dictionary: nil, threads: 2) { file in
            try store.saveTickets(file.batch)
        }
        return store
    }

    func storeSummary(_ store: SQLiteTicketStore, _ o: ReportOptions, threads: Int, chunkRows: Int64) throws
        -> ReportSummary
    {
        let clock = ZoneClock(kolkata)
        let start = Date(timeIntervalSince1970: TimeInterval(clock.startOfDay(o.period.previous.from)))
        let end = Date(timeIntervalSince1970: TimeInterval(clock.startOfDay(o.period.to.adding(days: 1))))
        var builder = ReportBuilder(options: o, keysAreUnique: true)
        try ParallelStoreIngest.feed(
            &builder, store: store, createdFrom: start, before: end, lifecycle: o.lifecycle, threads: threads,
            chunkRows: chunkRows)
        return builder.summary()
    }

    /// Chunks of a few dozen rows read on 1–3 threads give the same summary, and the same
    /// figures as the files themselves.
    @Test func chunkedParallelReadsGiveTheSameFiguresAsTheFiles() throws {
        let store = try exampleStore()
        let o = options("2024-04-15", "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
        let paths = try TicketInputReader.expand(paths: [packageRoot.appendingPathComponent("Examples/responses").path])
        let files = try slowSummary(paths, o)
        #expect(try store.readPlan(createdFrom: .distantPast, before: .distantFuture, chunkRows: 64).count > 2)

        let reference = try storeSummary(store, o, threads: 1, chunkRows: 1 << 16)
        #expect(reference.totals.tickets == files.totals.tickets)
        #expect(reference.totals.tickets > 1000)
        #expect(reference.sla == files.sla)
        #expect(reference.ftr == files.ftr)
        #expect(reference.sources == files.sources)
        #expect(reference.assignees == files.assignees)
        #expect(reference.daily == files.daily)
        #expect(reference.comparison == files.comparison)
        for threads in [2, 3] {
            for chunkRows: Int64 in [37, 500, 1 << 16] {
                let s = try storeSummary(store, o, threads: threads, chunkRows: chunkRows)
                #expect(s == reference, "threads \(threads), chunk \(chunkRows)")
            }
        }
    }

    /// Half of the store (its second week, the examples imported in creation order) is read
    /// by scanning the rows of that week, not the whole table.
    @Test func aPartOfTheStoreScansOnlyItsRows() throws {
        let store = try exampleStore()
        let clock = ZoneClock(kolkata)
        let week = clock.instants(from: LocalDate("2024-04-15")!, through: LocalDate("2024-04-21")!)
        let all = try store.readPlan(createdFrom: .distantPast, before: .distantFuture, chunkRows: 1 << 20)
        let part = try store.readPlan(createdFrom: week.lowerBound, before: week.upperBound, chunkRows: 1 << 20)
        let total = all.reduce(Int64(0)) { $0 + $1.capacity }
        let scanned = part.reduce(Int64(0)) { $0 + $1.capacity }
        var inWeek = 0
        try store.forEachTicket(createdFrom: week.lowerBound, before: week.upperBound) { _ in inWeek += 1 }
        #expect(total == Int64(try store.ticketCount()))
        #expect(part.allSatisfy { $0.keys != nil })
        #expect(scanned >= Int64(inWeek) && Double(scanned) < 0.6 * Double(total), "\(scanned) of \(total)")
    }
}
