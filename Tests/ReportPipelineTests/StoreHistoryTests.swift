import Crypto
import ExampleData
import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import SLAAnalytics
import SampleData
import Testing
import TicketIngest
import TicketModel
import TicketStore

import class GRDB.DatabaseQueue
import class GRDB.Row

/// The days of a store report before its period (the trend's weeks, the anomaly check's
/// days, the previous period) are read from the store's day blocks as the period is: a
/// report never writes the store, and a day changed (a ticket deleted past slareport, one
/// moved to another day) is what the next report counts.
@Suite struct StoreHistoryTests {
    /// A store holding the demo's nine weeks (the seven generated ones and the bundled two).
    static func demoStore(_ kind: StoreKind, _ name: String = #function) throws -> String {
        let location = try kind.newLocation(name)
        try DemoData.withInputs { inputs throws(PipelineError) in
            _ = try ImportJob.run(inputs: inputs, storePath: location, accountTimeZone: DemoData.zone)
        }
        return location
    }

    /// A digest of every row of every table of the store's database, read past slareport.
    static func contents(_ kind: StoreKind, _ location: String) throws -> String {
        switch kind {
        case .sqlite:
            return try DatabaseQueue(path: location).read { db in
                var hash = SHA256()
                let tables = try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                for table in tables {
                    hash.update(data: Data(table.utf8))
                    for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description).sorted() {
                        hash.update(data: Data(row.utf8))
                    }
                }
                return hash.finalize().description
            }
        case .postgres:
            return try TestPostgres.query(
                """
                SELECT md5(string_agg(table_name || query_to_xml(format('SELECT * FROM %I t ORDER BY t::text', table_name),
                    false, false, '')::text, '' ORDER BY table_name))
                FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
                """, on: location)
        }
    }

    static func summary(_ store: any TicketStoring, _ options: ReportOptions) throws -> ReportSummary {
        try ReportJob.summarize(store: store, options: options, threads: 2)
    }

    static func week(_ s: ReportSummary, _ start: String) -> Int? {
        s.trend.first { $0.weekStart == start }?.tickets
    }

    /// The first ticket (by ticketId) created on the account-zone day `day`.
    static func ticket(of day: String, in store: any TicketStoring) throws -> StoredTicket {
        let range = ZoneClock(DemoData.zone).instants(from: LocalDate(day)!, through: LocalDate(day)!)
        var first: Ticket?
        try store.forEachTicket(createdFrom: range.lowerBound, before: range.upperBound) { t in
            if first.map({ t.ticketId < $0.ticketId }) ?? true { first = t }
        }
        let t = try #require(first)
        return StoredTicket(ticket: t, rawJSON: try #require(try store.rawJSON(ticketId: t.ticketId)))
    }

    /// Reports, in several zones and as of several instants, leave every table as it was
    /// (they kept per-day history rollups until SQLite v9 and PostgreSQL schema 10).
    @Test(arguments: StoreKind.available) func aReportNeverWritesTheStore(_ kind: StoreKind) throws {
        let location = try Self.demoStore(kind)
        let before = try Self.contents(kind, location)
        let store = try TicketStores.open(location, readOnly: true)
        let options = try DemoData.options()
        var midWeek = options
        midWeek.asOf = parseRFC3339("2024-04-18T15:30:17+05:30")!
        var utc = options
        utc.timeZone = TimeZone(identifier: "UTC")!
        for o in [options, midWeek, utc, options] {
            let s = try Self.summary(store, o)
            // The history is read: the trend reaches back eight weeks, with tickets in them.
            #expect((s.trend.first?.tickets ?? 0) > 1000 && s.completeness.ticketsInPreviousPeriod > 1000)
        }
        #expect(try Self.contents(kind, location) == before)
    }

    /// A ticket of the previous period and one of an earlier trend week deleted past
    /// slareport (their days' blocks stale: read from the rows), then one moved by a write
    /// into the period: each report counts exactly the change.
    @Test(arguments: StoreKind.available) func aChangedDayIsWhatTheNextReportCounts(_ kind: StoreKind) throws {
        let location = try Self.demoStore(kind)
        let store = try TicketStores.open(location)
        let options = try DemoData.options()
        let before = try Self.summary(store, options)
        let previous = try Self.ticket(of: "2024-04-10", in: store)
        let earlier = try Self.ticket(of: "2024-03-20", in: store)
        for t in [previous, earlier] {
            try kind.execute("DELETE FROM tickets WHERE ticket_id = '\(t.ticket.ticketId)'", on: location)
        }
        var staleDays = 0
        for day in Int64(19_800)...Int64(19_840) {
            if case .stale = try store.factBlock(utcDay: day) { staleDays += 1 }
        }
        #expect(staleDays == 2)
        let deleted = try Self.summary(store, options)
        #expect(deleted.completeness.ticketsInPreviousPeriod == before.completeness.ticketsInPreviousPeriod - 1)
        #expect(Self.week(deleted, "2024-04-08") == Self.week(before, "2024-04-08").map { $0 - 1 })
        #expect(Self.week(deleted, "2024-03-18") == Self.week(before, "2024-03-18").map { $0 - 1 })
        #expect(deleted.totals.tickets == before.totals.tickets)
        try store.saveTickets([])  // any write builds the stale days again: the same counts
        let rebuilt = try Self.summary(store, options)
        #expect(try SummaryJSON.encode(rebuilt) == (try SummaryJSON.encode(deleted)))

        // Another copy of a 2024-03-21 ticket that says it was created in the period.
        var moved = try Self.ticket(of: "2024-03-21", in: store)
        moved.ticket.createdAt = parseRFC3339("2024-04-16T10:00:00+05:30")!
        try store.saveTickets([moved])
        let after = try Self.summary(store, options)
        #expect(Self.week(after, "2024-03-18") == Self.week(before, "2024-03-18").map { $0 - 2 })
        #expect(after.totals.tickets == before.totals.tickets + 1)
        #expect(after.completeness.ticketsInPreviousPeriod == deleted.completeness.ticketsInPreviousPeriod)
    }

    /// The days before the previous period are counted from their blocks' counts
    /// (`BlockCounts`, per 15-minute slot) when every bound falls on a slot: the summary is
    /// byte for byte the one of the same rows read ticket by ticket (a store that keeps no
    /// blocks), `completeness` and digests included, in zones whose midnights fall at 00:00,
    /// 18:30 and 03:00/04:00 UTC, and as of an instant inside the history (whose block is
    /// read ticket by ticket: the trend's weeks end there).
    @Test(arguments: StoreKind.available) func theDaysCountedBySlotsAreTheDaysReadTicketByTicket(_ kind: StoreKind)
        throws
    {
        let location = try Self.demoStore(kind)
        let store = try TicketStores.open(location, readOnly: true)
        let ids = Array(try store.allTicketIds().sorted().prefix(1))
        let rows = try MemoryTicketStore(
            copying: store, ticketIds: ids, days: LocalDate("2024-01-01")!...LocalDate("2024-06-30")!)
        let options = try DemoData.options()
        var cases: [(String, ReportOptions)] = []
        for zone in ["UTC", "Asia/Kolkata", "America/Santiago"] {
            var o = options
            o.timeZone = try #require(TimeZone(identifier: zone))
            cases.append((zone, o))
        }
        var early = options
        early.asOf = parseRFC3339("2024-03-06T10:07:13+05:30")!
        cases.append(("as of 2024-03-06", early))
        for (name, o) in cases {
            let counted = try Self.summary(store, o)
            #expect((counted.trend.first?.tickets ?? 0) > 1000, "\(name)")
            #expect(counted.trend.contains { $0.openAtEndAtLeast > 0 }, "\(name)")
            for threads in [1, 2] {
                let read = try ReportJob.summarize(store: rows, options: o, threads: threads)
                #expect(try SummaryJSON.encode(counted) == (try SummaryJSON.encode(read)), "\(name), \(threads)")
            }
        }
        // The counts are what those reports read: damaged, each report names the block.
        // (SQLite keeps them in a table of their own, PostgreSQL beside the block.)
        let damage =
            kind == .sqlite ? "UPDATE fact_block_counts SET counts = x'01fc'" : "UPDATE fact_blocks SET counts = data"
        try kind.execute(damage, on: location)
        for (name, o) in cases {
            do {
                _ = try Self.summary(store, o)
                Issue.record("\(name): the damaged counts were not read")
            } catch {
                #expect("\(error)".contains("fact block of 2024-"), "\(name): \(error)")
            }
        }
    }

    /// The same on the generator's quirky tickets (statuses, SLA states and ratings of every
    /// odd kind, unreadable TATs, missing sub-statuses) over six weeks: the last week's
    /// summary counted from the blocks' counts is the rows' one, byte for byte.
    @Test(arguments: StoreKind.available) func quirkyDaysCountedBySlotsAreTheirTickets(_ kind: StoreKind) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quirky-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try SampleDataJob.write(
            SampleGenerator(seed: 3, perDay: 150), from: LocalDate("2024-06-03")!, days: 42, jsonLines: false,
            into: folder.path)
        let location = try kind.newLocation()
        _ = try ImportJob.run(inputs: [folder.path], storePath: location, accountTimeZone: DemoData.zone)
        let store = try TicketStores.open(location, readOnly: true)
        let rows = try MemoryTicketStore(
            copying: store, ticketIds: [], days: LocalDate("2024-05-01")!...LocalDate("2024-07-31")!)
        for zone in ["UTC", "Asia/Kolkata"] {
            var options = try PeriodSelection(from: "2024-07-08", to: "2024-07-14", asOf: "2024-07-15T09:00:00+05:30")
                .resolve(configuration: Configuration())
            options.timeZone = try #require(TimeZone(identifier: zone))
            let counted = try Self.summary(store, options)
            // Four weeks of tickets before the previous period (2024-06-03 … 06-30).
            #expect(counted.trend.filter { $0.tickets > 500 }.count == 6, "\(zone)")
            let read = try ReportJob.summarize(store: rows, options: options, threads: 2)
            #expect(try SummaryJSON.encode(counted) == (try SummaryJSON.encode(read)), "\(zone)")
        }
    }

    /// The days before the previous period are read from the blocks with only what the
    /// history's counts need (`ReportBuilder.countsOnlyBefore`): the summary is the one of the
    /// demo's files (whose nine weeks reach back past the previous period), in two zones.
    @Test(arguments: StoreKind.available) func theStoresHistoryIsTheFilesHistory(_ kind: StoreKind) throws {
        let store = try TicketStores.open(try Self.demoStore(kind), readOnly: true)
        var options = try DemoData.options()
        for zone in ["Asia/Kolkata", "America/Santiago"] {
            options.timeZone = try #require(TimeZone(identifier: zone))
            var fromStore = try Self.summary(store, options)
            let fromFiles = try DemoData.withInputs { inputs throws(PipelineError) in
                try ReportJob.summarize(.files(inputs), options: options, accountTimeZone: DemoData.zone)
            }
            #expect((fromStore.trend.first?.tickets ?? 0) > 1000)
            // Apart from the fields that describe the source (docs/METRICS.md), the same summary.
            fromStore.completeness = fromFiles.completeness
            fromStore.totals.skipped = fromFiles.totals.skipped
            fromStore.totals.skippedByReason = fromFiles.totals.skippedByReason
            #expect(fromStore.ignoringInputDigest == fromFiles.ignoringInputDigest, "\(zone)")
        }
    }
}
