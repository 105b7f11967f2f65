import ExampleData
import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import SLAAnalytics
import Testing
import TicketIngest
import TicketModel
import TicketStore

import class GRDB.DatabaseQueue

/// The days of a store report before its period (the history and the previous period) from
/// the store's per-day rollups: the summary is the one
/// read ticket by ticket (`historyRollups: false`), byte for byte, whether the rollups were
/// just computed or read back; a rollup is used only while its day is unchanged (a write,
/// a deleted ticket or a moved one makes the day be read again).
@Suite struct HistoryRollupTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        static var available: [Kind] { TestPostgres.isConfigured ? allCases : [.sqlite] }
        var testDescription: String { rawValue }
    }

    /// A store holding the demo's nine weeks (the seven generated ones and the bundled two).
    static func demoStore(_ kind: Kind, _ name: String = #function) throws -> String {
        let location: String
        switch kind {
        case .sqlite: location = try temporaryFolder(name).appendingPathComponent("s.sqlite").path
        case .postgres: location = try TestPostgres.newDatabase()
        }
        try DemoData.withInputs { inputs throws(PipelineError) in
            _ = try ImportJob.run(inputs: inputs, storePath: location, accountTimeZone: DemoData.zone)
        }
        return location
    }

    /// Runs `sql` on the store's database, past slareport.
    static func execute(_ sql: String, kind: Kind, on location: String) throws {
        switch kind {
        case .sqlite: try DatabaseQueue(path: location).write { try $0.execute(sql: sql) }
        case .postgres: try TestPostgres.execute(sql, on: location)
        }
    }

    static func json(_ store: any TicketStoring, _ options: ReportOptions, rollups: Bool = true) throws -> String {
        String(
            decoding: try SummaryJSON.encode(
                try ReportJob.summarize(store: store, options: options, threads: 2, historyRollups: rollups)),
            as: UTF8.self)
    }

    static let key = HistoryRollups.key(timeZone: DemoData.zone, lifecycle: .default)
    /// The days the demo week's report takes from rollups: the anomaly check's first day
    /// (eight weeks before the period) to the previous period's last.
    static let rollupDays = LocalDate("2024-02-19")!.daysSinceEpoch...LocalDate("2024-04-14")!.daysSinceEpoch

    /// A day changed past slareport is read from its rows until a write builds its block
    /// again: the summary is the one the rebuilt blocks give, for the period and its history.
    @Test func aStaleDayIsReadFromItsRows() throws {
        let location = try Self.demoStore(.sqlite)
        let store = try TicketStores.open(location)
        let options = try DemoData.options()
        let before = try Self.json(store, options, rollups: false)
        // A ticket of 2024-04-16 (the period) and one of 2024-03-20 (its history), deleted.
        for (from, to) in [(1_713_220_000, 1_713_250_000), (1_710_880_000, 1_710_920_000)] {
            try Self.execute(
                """
                DELETE FROM tickets WHERE ticket_id =
                    (SELECT ticket_id FROM tickets WHERE created_at BETWEEN \(from) AND \(to) ORDER BY ticket_id LIMIT 1)
                """, kind: .sqlite, on: location)
        }
        var staleDays = 0
        for day in Int64(19_800)...Int64(19_840) {
            if case .stale = try store.factBlock(utcDay: day) { staleDays += 1 }
        }
        #expect(staleDays == 2)
        let stale = try Self.json(store, options, rollups: false)
        #expect(stale != before)
        try store.saveTickets([])  // any write builds the stale days again
        let rebuilt = try Self.json(store, options, rollups: false)
        #expect(stale == rebuilt)
    }

    @Test(arguments: Kind.available) func historyFromRollupsIsHistoryFromTickets(_ kind: Kind) throws {
        let location = try Self.demoStore(kind)
        let store = try TicketStores.open(location, readOnly: true)
        let options = try DemoData.options()
        let reference = try Self.json(store, options, rollups: false)
        #expect(try store.historyRollups(key: Self.key, days: Self.rollupDays).isEmpty)
        let computing = try Self.json(store, options)
        let kept = try store.historyRollups(key: Self.key, days: Self.rollupDays)
        #expect(kept.map(\.day) == Array(Self.rollupDays))
        let reading = try Self.json(store, options)
        #expect(computing == reference)
        #expect(reading == reference)
        // As of an instant inside the period (the dashboard's "this week"): the same rollups.
        var midWeek = options
        midWeek.asOf = parseRFC3339("2024-04-18T15:30:17+05:30")!
        #expect(try Self.json(store, midWeek) == (try Self.json(store, midWeek, rollups: false)))
        // The trend reaches into the rollup days, with tickets in them.
        let summary = try ReportJob.summarize(store: store, options: options)
        #expect(summary.trend.first?.weekStart == "2024-02-26" && (summary.trend.first?.tickets ?? 0) > 1000)
        #expect(summary.completeness.ticketsOutsidePeriods > 10_000)
        // The previous period from rollups too: its comparison and movers are there.
        #expect(summary.completeness.ticketsInPreviousPeriod > 1_000 && summary.comparison != nil)
        // Another zone keeps rollups of its own, and gets its own summary right.
        var utc = options
        utc.timeZone = TimeZone(identifier: "UTC")!
        #expect(try Self.json(store, utc) == (try Self.json(store, utc, rollups: false)))
        #expect(try store.historyRollups(key: Self.key, days: Self.rollupDays) == kept)
    }

    /// A rollup stands in for its day's tickets (a day's rollup kept under another day is
    /// what the report shows), until the day changes: a ticket written, deleted (past slareport) or
    /// moved to another creation time.
    @Test(arguments: Kind.available) func aRollupHoldsUntilItsDayChanges(_ kind: Kind) throws {
        let location = try Self.demoStore(kind)
        let store = try TicketStores.open(location)
        let options = try DemoData.options()
        let reference = try Self.json(store, options, rollups: false)
        _ = try Self.json(store, options)
        let kept = try store.historyRollups(key: Self.key, days: Self.rollupDays)
        let wednesday = LocalDate("2024-03-20")!.daysSinceEpoch
        let sunday = LocalDate("2024-03-24")!.daysSinceEpoch
        let mislabel = {
            let w = try #require(kept.first { $0.day == wednesday })
            let s = try #require(kept.first { $0.day == sunday })
            let stamps = try store.historyRollups(key: Self.key, days: wednesday...wednesday)
            #expect(w.data != s.data)
            #expect(
                store.saveHistoryRollups(
                    key: Self.key, [StoredRollupRow(day: wednesday, stamp: stamps[0].stamp, data: s.data)]))
        }
        try mislabel()
        let mislabelled = try Self.json(store, options)
        #expect(mislabelled != reference)
        // An as-of instant inside a day before the previous period: no rollups, the tickets
        // read.
        var early = options
        early.asOf = parseRFC3339("2024-03-28T15:30:00+05:30")!
        #expect(try Self.json(store, early) == (try Self.json(store, early, rollups: false)))

        // A ticket of the day written again.
        let clock = ZoneClock(DemoData.zone)
        let day = LocalDate(daysSinceEpoch: wednesday)
        let range = clock.instants(from: day, through: day)
        var read: [Ticket] = []
        try store.forEachTicket(createdFrom: range.lowerBound, before: range.upperBound) { read.append($0) }
        let tickets = try read.prefix(2).map {
            StoredTicket(ticket: $0, rawJSON: try #require(try store.rawJSON(ticketId: $0.ticketId)))
        }
        try store.saveTickets([tickets[0]])
        #expect(try Self.json(store, options) == reference)

        // A ticket deleted past slareport.
        try mislabel()
        #expect(try Self.json(store, options) == mislabelled)
        try Self.execute(
            "DELETE FROM tickets WHERE ticket_id = '\(tickets[0].ticket.ticketId)'", kind: kind, on: location)
        let afterDelete = try Self.json(store, options, rollups: false)
        #expect(afterDelete != reference)
        #expect(try Self.json(store, options) == afterDelete)
        // Another copy of a ticket that says it was created on a day of the period.
        try mislabel()
        var moved = tickets[1]
        moved.ticket.createdAt = Date(timeIntervalSince1970: 1_713_200_000)
        try store.saveTickets([moved])
        let afterMove = try Self.json(store, options, rollups: false)
        #expect(afterMove != afterDelete)
        #expect(try Self.json(store, options) == afterMove)

        // A ticket of the previous week pulled again, now resolved (as a nightly pull of the
        // last 14 days does): the comparison changes, and so does that day's rollup.
        let previousDay = LocalDate("2024-04-10")!
        let previousRange = clock.instants(from: previousDay, through: previousDay)
        var open: Ticket?
        try store.forEachTicket(createdFrom: previousRange.lowerBound, before: previousRange.upperBound) {
            let status = ($0.status ?? "").lowercased()
            if open == nil, !LifecyclePolicy.defaultResolvedStatuses.contains(where: { $0.lowercased() == status }) {
                open = $0
            }
        }
        let reopened = try #require(open)
        var resolved = StoredTicket(
            ticket: reopened, rawJSON: try #require(try store.rawJSON(ticketId: reopened.ticketId)))
        resolved.ticket.status = "Closed"
        try store.saveTickets([resolved])
        let afterResolve = try Self.json(store, options, rollups: false)
        #expect(afterResolve != afterMove)
        #expect(try Self.json(store, options) == afterResolve)
    }
}
