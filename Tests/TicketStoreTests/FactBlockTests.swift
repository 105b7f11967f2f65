import Crypto
import Foundation
import GRDB
import KaptureTestSupport
import Testing
import TicketModel

@testable import TicketStore

/// The fact blocks a SQLite store keeps, checked against its rows after every kind of write:
/// each day's block holds exactly the day's tickets with their values, and its digests are
/// the SHA-256 of their raw JSON, worked out here from the JSON itself.
@Suite struct FactBlockTests {
    static let kolkata = TimeZone(identifier: "Asia/Kolkata")!

    static func ticket(_ id: String, _ date: String, status: String = "Pending", sla: String? = "Out Of SLA") throws
        -> StoredTicket
    {
        let slaField = sla.map { #","sla_status":"\#($0)""# } ?? ""
        let json =
            #"{"ticketId":"\#(id)","date":"\#(date)","status":"\#(status)","queue_name":"Q &amp; A","#
            + #""task_title":"Title \#(id)","url":"https://x/\#(id)","tat":"0:1:\#(id.count)","disposition":"Orders|Late""#
            + slaField + "}"
        let value = try JSONParser.parse(Array(json.utf8))
        return StoredTicket(ticket: try TicketDecoder(accountTimeZone: kolkata).decode(value).get(), rawJSON: json)
    }

    /// What a block should hold for one row, written out by hand from the row's columns.
    static func expected(_ row: Row, breached: Bool) -> [String] {
        FactBlock.columns.map { c in
            switch c {
            case .tatText: return row[c.name] == nil ? "nil" : ""
            case .title, .url: return breached ? (row[c.name] as String?) ?? "nil" : "nil"
            default:
                if c.isText { return (row[c.name] as String?) ?? "nil" }
                return (row[c.name] as Int64?).map { String($0) } ?? "nil"
            }
        }
    }

    /// Checks every block of the store at `path` against its rows; returns the blocks' days.
    @discardableResult
    static func expectBlocksMatchRows(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [Int64]
    {
        let store = try SQLiteTicketStore(path: path, readOnly: true)
        let queue = try DatabaseQueue(path: path)
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: TicketColumn.readSelectAll + " ORDER BY created_at, ticket_id")
        }
        let raw = Dictionary(
            uniqueKeysWithValues: try store.allTicketIds().map { ($0, try store.rawJSON(ticketId: $0) ?? "") })
        let byDay = Dictionary(grouping: rows) { (row: Row) in WrittenDays.utcDay(ofInstant: row["created_at"]) }
        let blockDays = try queue.read { db in try Int64.fetchAll(db, sql: "SELECT utc_day FROM fact_blocks") }
        #expect(Set(blockDays) == Set(byDay.keys), sourceLocation: sourceLocation)
        for (day, dayRows) in byDay {
            guard case .block(let block) = try store.factBlock(utcDay: day) else {
                Issue.record("no block for day \(day)", sourceLocation: sourceLocation)
                continue
            }
            var seen: [[String]] = []
            block.forEachRow(createdFrom: day * 86_400, before: (day + 1) * 86_400) { r in
                seen.append(
                    FactBlock.columns.map { c in
                        c.isText
                            ? r.string(c) ?? "nil" : r.int64(c).map { String($0) } ?? "nil"
                    })
            }
            let want = dayRows.map {
                expected($0, breached: TicketRules.isBreached(slaStatus: $0["sla_status"] as String?))
            }
            #expect(seen == want, "day \(day)", sourceLocation: sourceLocation)
            // The digests added as 256-bit big-endian numbers, byte by byte with a carry.
            var sum = [UInt8](repeating: 0, count: 32)
            for row in dayRows {
                let digest = Array(SHA256.hash(data: Array(raw[row["ticket_id"] as String, default: ""].utf8)))
                var carry = 0
                for i in (0..<32).reversed() {
                    let t = Int(sum[i]) + Int(digest[i]) + carry
                    sum[i] = UInt8(t & 0xFF)
                    carry = t >> 8
                }
            }
            let d = block.digest(createdFrom: day * 86_400, before: (day + 1) * 86_400)
            #expect(d.tickets == dayRows.count && d.sum.bytes == sum, "day \(day)", sourceLocation: sourceLocation)
        }
        return blockDays.sorted()
    }

    static func newPath(_ name: String = #function) throws -> String {
        try temporaryFolder(name).appendingPathComponent("s.sqlite").path
    }

    static func entry(_ day: String, count: Int) -> LedgerEntry {
        LedgerEntry(
            day: LocalDate(day)!, state: .complete, ticketsSeen: count, pages: 1, declaredTotal: count, skipped: [:],
            pulledAt: Date(timeIntervalSince1970: 1_712_000_000), error: nil)
    }

    @Test func aDayPulledAgainRewritesItsBlock() throws {
        let path = try Self.newPath()
        let store = try SQLiteTicketStore(path: path)
        let first = try (1...40).map { try Self.ticket("\(1000 + $0)", "01-04-2024 \(10 + $0 % 10):0\($0 % 10)") }
        try store.saveDay(Self.entry("2024-04-01", count: 40), tickets: first)
        try Self.expectBlocksMatchRows(path)
        // Pulled again: some resolved, one with another SLA state, one new.
        var again = try (1...40).map {
            try Self.ticket(
                "\(1000 + $0)", "01-04-2024 \(10 + $0 % 10):0\($0 % 10)", status: $0 % 3 == 0 ? "Closed" : "Pending",
                sla: $0 % 4 == 0 ? "within sla" : "Out Of SLA")
        }
        again.append(try Self.ticket("A-9", "01-04-2024 23:59", sla: nil))
        try store.saveDay(Self.entry("2024-04-01", count: 41), tickets: again)
        let days = try Self.expectBlocksMatchRows(path)
        // 01-04-2024 10:00 to 23:59 in Kolkata: the UTC days 2024-04-01 (and 03-31 for none).
        #expect(days == [19814])
    }

    @Test func aTicketMovingDaysLeavesItsOldDaysBlock() throws {
        let path = try Self.newPath()
        let store = try SQLiteTicketStore(path: path)
        try store.saveTickets([
            try Self.ticket("1", "01-04-2024 12:00"), try Self.ticket("2", "01-04-2024 13:00"),
            try Self.ticket("3", "03-04-2024 12:00"),
        ])
        #expect(try Self.expectBlocksMatchRows(path) == [19814, 19816])
        // Ticket 2 now says it was created two days later; ticket 3 moves to a day of its own.
        try store.saveTickets([try Self.ticket("2", "03-04-2024 14:00"), try Self.ticket("3", "05-04-2024 09:00")])
        #expect(try Self.expectBlocksMatchRows(path) == [19814, 19816, 19818])
        // The last ticket of a day moves away: the day has no block any more.
        try store.saveTickets([try Self.ticket("1", "05-04-2024 10:00")])
        #expect(try Self.expectBlocksMatchRows(path) == [19816, 19818])
    }

    @Test func aTicketDeletedPastSlareportMakesItsDayStaleUntilAWrite() throws {
        let path = try Self.newPath()
        let store = try SQLiteTicketStore(path: path)
        try store.saveTickets([try Self.ticket("1", "01-04-2024 12:00"), try Self.ticket("2", "02-04-2024 12:00")])
        try DatabaseQueue(path: path).write { try $0.execute(sql: "DELETE FROM tickets WHERE ticket_id = '1'") }
        guard case .stale = try store.factBlock(utcDay: 19814) else {
            Issue.record("the day of a deleted ticket is not stale")
            return
        }
        // The next write (of any day) builds it again: the day is empty now.
        try store.saveTickets([try Self.ticket("3", "09-04-2024 12:00")])
        #expect(try store.factBlock(utcDay: 19814) == nil)
        try Self.expectBlocksMatchRows(path)
    }

    @Test func anotherLayoutRebuildsEveryBlockOnOpen() throws {
        let path = try Self.newPath()
        let store = try SQLiteTicketStore(path: path)
        try store.saveTickets(try (0..<200).map { try Self.ticket("\($0)", "0\(1 + $0 % 5)-04-2024 1\($0 % 10):00") })
        let before = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT utc_day, tickets, data FROM fact_blocks ORDER BY utc_day")
        }
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE fact_block_layout SET layout = '1 older'; DELETE FROM fact_blocks")
        }
        // A report's read-only open brings the store up to date, as it does its schema.
        _ = try SQLiteTicketStore(path: path, readOnly: true)
        let after = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT utc_day, tickets, data FROM fact_blocks ORDER BY utc_day")
        }
        #expect(before.count == 5 && after == before)
        try Self.expectBlocksMatchRows(path)
    }

    @Test func twoWritersAtOnceLeaveBlocksThatMatchTheRows() async throws {
        let path = try Self.newPath()
        _ = try SQLiteTicketStore(path: path)
        // Two processes' worth of stores, writing overlapping days (and the same tickets) at once.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let store = try SQLiteTicketStore(path: path)
                    for round in 0..<10 {
                        let tickets = try (0..<30).map { i in
                            try Self.ticket(
                                "\(writer * 15 + i)", "0\(1 + (i + round) % 4)-04-2024 1\(i % 10):\(10 + round)",
                                status: round % 2 == 0 ? "Pending" : "Closed")
                        }
                        try store.saveTickets(tickets)
                    }
                }
            }
            try await group.waitForAll()
        }
        try Self.expectBlocksMatchRows(path)
    }

    /// A new store's load builds its blocks from the batches: days written in order, a day
    /// coming back after its block was written, a ticket replaced by a later copy on the
    /// same day and on another.
    @Test func aNewStoresLoadBuildsBlocksThatMatchTheRows() throws {
        let path = try Self.newPath()
        let load = try SQLiteStoreLoad(path: path)
        #expect(load.isNew)
        var batches: [[StoredTicket]] = []
        for day in 1...8 {
            batches.append(
                try (0..<25).map { try Self.ticket("\(day * 100 + $0)", "0\(day)-04-2024 1\($0 % 10):0\($0 % 7)") })
        }
        // Day 2 again, long after its block was written, and copies of tickets of days 5, 7
        // and 8: one the same day resolved, one moved to day 3 (written long before).
        batches.append([
            try Self.ticket("299", "02-04-2024 22:00"), try Self.ticket("701", "07-04-2024 11:01", status: "Closed"),
            try Self.ticket("802", "03-04-2024 09:00"),
            // Away to day 6 and back to day 5 in one batch.
            try Self.ticket("503", "06-04-2024 10:00"), try Self.ticket("503", "05-04-2024 10:03", status: "Closed"),
        ])
        for b in batches { try load.sqliteStore.saveTickets(b) }
        try load.commit()
        let days = try Self.expectBlocksMatchRows(path)
        #expect(days.count == 8)  // 10:00 to 22:00 on 1…8 April in Kolkata: the same UTC days
        #expect(try SQLiteTicketStore(path: path, readOnly: true).ticketCount() == 201)
    }

    @Test func aDamagedBlockIsAnErrorNamingItsDay() throws {
        let path = try Self.newPath()
        let store = try SQLiteTicketStore(path: path)
        try store.saveTickets([try Self.ticket("1", "01-04-2024 12:00")])
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE fact_blocks SET data = substr(data, 1, length(data) - 3)")
        }
        #expect {
            _ = try store.factBlock(utcDay: 19814)
        } throws: { error in
            "\(error)".contains("the fact block of 2024-04-01 (UTC) is cut short")
                || "\(error)".contains("the fact block of 2024-04-01 (UTC) has bytes after its end")
        }
    }
}
