import Foundation
import KaptureTestSupport
import ReportPipeline
import Testing
import TicketModel
import TicketStore

/// `import` keeps the later file's copy of a ticket (and within a file the later line's) in
/// every store: a SQLite file; a PostgreSQL store that holds tickets (upserts); and an empty
/// PostgreSQL store, a bulk load that is handed the newest file first, keeps the first copy
/// of each ticket and so never rewrites a row: after `ANALYZE` alone, a period read is an
/// index-only scan with no visit to the table.
@Suite struct ImportJobTests {
    enum Target: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgresBulk, postgresUpserts
        static var available: [Target] { TestPostgres.isConfigured ? allCases : [.sqlite] }
        var testDescription: String { rawValue }
    }

    static let zone = TimeZone(identifier: "Asia/Kolkata")!

    /// One ticket as a JSON line; the minute makes the creation times differ.
    static func line(_ id: Int, _ status: String) -> String {
        let minute = String(format: "%02d", id % 60)
        let day = 15 + id % 3
        return #"{"ticketId":"T\#(id)","date":"\#(day)-04-2024 10:\#(minute)","status":"\#(status)"}"#
    }

    /// Two files of 6,000 tickets each (enough for `COPY`), overlapping by 3,000; the later
    /// one also carries a ticket twice.
    static func inputs(_ dir: URL) throws -> [String] {
        let a = (0..<6000).map { line($0, "Open") }
        let b = (3000..<9000).map { line($0, "Closed") } + [line(8999, "Pending"), line(8999, "Solved")]
        let paths = [dir.appendingPathComponent("a.jsonl"), dir.appendingPathComponent("b.jsonl")]
        for (path, lines) in zip(paths, [a, b]) {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: path)
        }
        return paths.map(\.path)
    }

    @Test(arguments: Target.available) func theLaterFilesCopyOfATicketIsKept(_ target: Target) throws {
        let dir = try temporaryFolder("import-\(target.rawValue)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try Self.inputs(dir)
        let location: String
        switch target {
        case .sqlite: location = dir.appendingPathComponent("s.sqlite").path
        case .postgresBulk, .postgresUpserts: location = try TestPostgres.newDatabase()
        }
        if target == .postgresUpserts {
            // A store that holds a ticket already: no bulk load, every file upserted in order.
            let store = try TicketStores.open(location)
            let json = Self.line(1, "Open")
            let ticket = try TicketDecoder(accountTimeZone: Self.zone).decode(JSONParser.parse(Array(json.utf8))).get()
            try store.saveTickets([StoredTicket(ticket: ticket, rawJSON: json)])
        }
        let result = try ImportJob.run(inputs: paths, storePath: location, accountTimeZone: Self.zone)
        #expect(result.tickets == 12_002 && result.storeTickets == 9000)

        let store = try TicketStores.open(location, readOnly: true)
        var statuses: [String: Int] = [:]
        try store.forEachTicket(createdFrom: .distantPast, before: .distantFuture) {
            statuses[$0.status ?? "", default: 0] += 1
        }
        #expect(statuses == ["Open": 3000, "Closed": 5999, "Solved": 1])
        #expect(try store.rawJSON(ticketId: "T3000") == Self.line(3000, "Closed"))
        #expect(try store.rawJSON(ticketId: "T8999") == Self.line(8999, "Solved"))
        #expect(try store.rawJSON(ticketId: "T2999") == Self.line(2999, "Open"))

        if target == .postgresBulk {
            // The index scan of a period read (forced onto the index, as a large table's is),
            // asking only the index's columns: no row visited for its visibility (every page
            // all-visible: written frozen, never rewritten).
            let plan = try TestPostgres.periodReadPlan(on: location)
            #expect(plan.contains(#""Node Type": "Index Only Scan""#), "\(plan)")
            #expect(plan.contains(#""Heap Fetches": 0"#), "\(plan)")
            #expect(plan.contains(#""Actual Rows": 9000"#), "\(plan)")
        }
    }
}
