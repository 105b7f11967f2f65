import Crypto
import Foundation
import GRDB
import KaptureTestSupport
import Synchronization
import Testing
import TicketModel

@testable import TicketStore

/// The fact blocks each store keeps, checked against its rows after every kind of write:
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

    /// A stored row's values as a block should hold them, written out by hand: `tat_text`
    /// only as present or not (a block keeps no title or URL: `FactBlock.columns`).
    static func expected(_ row: RawTicketRow) -> [String] {
        FactBlock.columns.map { c in
            switch c {
            case .tatText: return row.string(c) == nil ? "nil" : ""
            default: return c.isText ? row.string(c) ?? "nil" : row.int64(c).map { String($0) } ?? "nil"
            }
        }
    }

    /// Every kept block, as `day:tickets:hex` in order of day (joined with spaces).
    static func keptBlocks(_ kind: StoreKind, _ location: String) throws -> String {
        switch kind {
        case .sqlite:
            return try DatabaseQueue(path: location).read { db in
                try String.fetchOne(
                    db,
                    sql: """
                        SELECT coalesce(group_concat(b, ' '), '') FROM (SELECT utc_day || ':' || tickets || ':' || hex(data) AS b
                        FROM fact_blocks ORDER BY utc_day)
                        """) ?? ""
            }
        case .postgres:
            return try TestPostgres.query(
                """
                SELECT coalesce(string_agg(utc_day || ':' || tickets || ':' || upper(encode(data, 'hex')), ' ' \
                ORDER BY utc_day), '') FROM fact_blocks
                """, on: location)
        }
    }

    /// Checks every block of the store at `location` against its rows; returns the blocks' days.
    @discardableResult
    static func expectBlocksMatchRows(
        _ kind: StoreKind, _ location: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [Int64] {
        let store = try TicketStores.open(location, readOnly: true)
        // The rows in (created_at, ticket_id bytes) order, with their raw JSON's digests.
        var rows: [(created: Int64, id: String, values: [String], digest: [UInt8])] = []
        try store.forEachRawTicket(createdFrom: .distantPast, before: .distantFuture, chunk: .wholePeriod) { r in
            let id = r.string(.ticketId) ?? ""
            rows.append((r.int64(.createdAt) ?? 0, id, expected(r), []))
        }
        for i in rows.indices {
            rows[i].digest = Array(SHA256.hash(data: Array((try store.rawJSON(ticketId: rows[i].id) ?? "").utf8)))
        }
        rows.sort {
            $0.created != $1.created ? $0.created < $1.created : $0.id.utf8.lexicographicallyPrecedes($1.id.utf8)
        }
        let byDay = Dictionary(grouping: rows) { WrittenDays.utcDay(ofInstant: $0.created) }
        let blockDays = try keptBlocks(kind, location).split(separator: " ").compactMap {
            Int64($0.split(separator: ":")[0])
        }
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
            #expect(seen == dayRows.map(\.values), "day \(day)", sourceLocation: sourceLocation)
            // The digests added as 256-bit big-endian numbers, byte by byte with a carry.
            var sum = [UInt8](repeating: 0, count: 32)
            for row in dayRows {
                var carry = 0
                for i in (0..<32).reversed() {
                    let t = Int(sum[i]) + Int(row.digest[i]) + carry
                    sum[i] = UInt8(t & 0xFF)
                    carry = t >> 8
                }
            }
            let d = block.digest(createdFrom: day * 86_400, before: (day + 1) * 86_400)
            #expect(d.tickets == dayRows.count && d.sum.bytes == sum, "day \(day)", sourceLocation: sourceLocation)
        }
        return blockDays.sorted()
    }

    static func entry(_ day: String, count: Int) -> LedgerEntry {
        LedgerEntry(
            day: LocalDate(day)!, state: .complete, ticketsSeen: count, pages: 1, declaredTotal: count, skipped: [:],
            pulledAt: Date(timeIntervalSince1970: 1_712_000_000), error: nil)
    }

    /// A block or its counts read into a reader's buffer is the same as read on its own, and
    /// the buffer's storage serves the next day once the block is let go (no new pages).
    @Test(arguments: StoreKind.available) func aBlockReadIntoABufferReusesItsStorage(_ kind: StoreKind) throws {
        let store = try TicketStores.open(try kind.newLocation())
        for (n, local, day) in [(40, "2024-04-01", "01-04-2024"), (30, "2024-04-02", "02-04-2024")] {
            try store.saveDay(
                Self.entry(local, count: n),
                tickets: try (1...n).map { try Self.ticket("\(day)-\($0)", "\(day) 1\($0 % 10):0\($0 % 10)") })
        }
        func address(_ b: [UInt8]) -> UnsafePointer<UInt8>? { b.withUnsafeBufferPointer { $0.baseAddress } }
        var blocks: [UInt8] = []
        var counts: [UInt8] = []
        blocks.reserveCapacity(1 << 16)
        counts.reserveCapacity(1 << 16)
        let (blockStorage, countsStorage) = (address(blocks), address(counts))
        for day: Int64 in [19814, 19815] {
            guard case .block(let alone) = try store.factBlock(utcDay: day),
                case .block(let read) = try store.factBlock(utcDay: day, reusing: &blocks)
            else {
                Issue.record("no block for \(day)")
                return
            }
            #expect(read.bytes == alone.bytes)
            #expect(
                try store.factBlockCounts(utcDay: day, reusing: &counts)?.bytes
                    == store.factBlockCounts(utcDay: day)?.bytes)
        }
        #expect(address(blocks) == blockStorage)
        #expect(address(counts) == countsStorage)
    }

    /// SQLite reads a block and its counts straight into the reader's buffer (incremental
    /// blob I/O) and a day's staleness from an index, never from the block's row (`stale`
    /// follows `data`, reached through the chain of the block's overflow pages). The bytes
    /// are the rows' as SQL reads them, whatever the buffer held before: a bigger day, a
    /// smaller one, none.
    @Test func sqliteReadsABlockIntoTheBufferAndItsStalenessFromAnIndex() throws {
        let path = try StoreKind.sqlite.newLocation()
        let store = try SQLiteTicketStore(path: path)
        for (n, local, day) in [(90, "2024-04-01", "01-04-2024"), (3, "2024-04-02", "02-04-2024")] {
            try store.saveDay(
                Self.entry(local, count: n),
                tickets: try (1...n).map { try Self.ticket("\(day)-\($0)", "\(day) 1\($0 % 10):0\($0 % 10)") })
        }
        let db = try DatabaseQueue(path: path)
        var (blocks, counts): ([UInt8], [UInt8]) = ([], [])
        for day: Int64 in [19814, 19815, 19814, 19815] {
            guard case .block(let read) = try store.factBlock(utcDay: day, reusing: &blocks) else {
                Issue.record("no block for \(day)")
                return
            }
            let (data, countsData) = try db.read { db in
                (
                    try Data.fetchOne(db, sql: "SELECT data FROM fact_blocks WHERE utc_day = ?", arguments: [day]),
                    try Data.fetchOne(
                        db, sql: "SELECT counts FROM fact_block_counts WHERE utc_day = ?", arguments: [day])
                )
            }
            #expect(read.bytes == data.map(Array.init) && blocks == read.bytes, "day \(day)")
            #expect(try store.factBlockCounts(utcDay: day, reusing: &counts)?.bytes == countsData.map(Array.init))
        }
        // A day without a block: nothing, and no error.
        if case .some = try store.factBlock(utcDay: 19830, reusing: &blocks) { Issue.record("a block for no day") }
        #expect(try store.factBlockCounts(utcDay: 19830, reusing: &counts) == nil)
        // The staleness a block read asks for is found in the index alone.
        let plan = try db.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteTicketStore.blockStaleness, arguments: [19814])
                .map { $0["detail"] as String }
        }
        #expect(plan == ["SEARCH fact_blocks USING COVERING INDEX fact_blocks_stale (utc_day=?)"])
    }

    @Test(arguments: StoreKind.available) func aDayPulledAgainRewritesItsBlock(_ kind: StoreKind) throws {
        let location = try kind.newLocation()
        let store = try TicketStores.open(location)
        let first = try (1...40).map { try Self.ticket("\(1000 + $0)", "01-04-2024 \(10 + $0 % 10):0\($0 % 10)") }
        try store.saveDay(Self.entry("2024-04-01", count: 40), tickets: first)
        try Self.expectBlocksMatchRows(kind, location)
        // Pulled again: some resolved, one with another SLA state, one new.
        var again = try (1...40).map {
            try Self.ticket(
                "\(1000 + $0)", "01-04-2024 \(10 + $0 % 10):0\($0 % 10)", status: $0 % 3 == 0 ? "Closed" : "Pending",
                sla: $0 % 4 == 0 ? "within sla" : "Out Of SLA")
        }
        again.append(try Self.ticket("A-9", "01-04-2024 23:59", sla: nil))
        try store.saveDay(Self.entry("2024-04-01", count: 41), tickets: again)
        let days = try Self.expectBlocksMatchRows(kind, location)
        // 01-04-2024 10:00 to 23:59 in Kolkata: the UTC days 2024-04-01 (and 03-31 for none).
        #expect(days == [19814])
    }

    @Test(arguments: StoreKind.available) func aTicketMovingDaysLeavesItsOldDaysBlock(_ kind: StoreKind) throws {
        let location = try kind.newLocation()
        let store = try TicketStores.open(location)
        try store.saveTickets([
            try Self.ticket("1", "01-04-2024 12:00"), try Self.ticket("2", "01-04-2024 13:00"),
            try Self.ticket("3", "03-04-2024 12:00"),
        ])
        #expect(try Self.expectBlocksMatchRows(kind, location) == [19814, 19816])
        // Ticket 2 now says it was created two days later; ticket 3 moves to a day of its own.
        try store.saveTickets([try Self.ticket("2", "03-04-2024 14:00"), try Self.ticket("3", "05-04-2024 09:00")])
        #expect(try Self.expectBlocksMatchRows(kind, location) == [19814, 19816, 19818])
        // The last ticket of a day moves away: the day has no block any more.
        try store.saveTickets([try Self.ticket("1", "05-04-2024 10:00")])
        #expect(try Self.expectBlocksMatchRows(kind, location) == [19816, 19818])
    }

    @Test(arguments: StoreKind.available) func aTicketDeletedPastSlareportMakesItsDayStaleUntilAWrite(
        _ kind: StoreKind
    ) throws {
        let location = try kind.newLocation()
        let store = try TicketStores.open(location)
        try store.saveTickets([try Self.ticket("1", "01-04-2024 12:00"), try Self.ticket("2", "02-04-2024 12:00")])
        try kind.execute("DELETE FROM tickets WHERE ticket_id = '1'", on: location)
        guard case .stale = try store.factBlock(utcDay: 19814) else {
            Issue.record("the day of a deleted ticket is not stale")
            return
        }
        // The next write (of any day) builds it again: the day is empty now.
        try store.saveTickets([try Self.ticket("3", "09-04-2024 12:00")])
        #expect(try store.factBlock(utcDay: 19814) == nil)
        try Self.expectBlocksMatchRows(kind, location)
    }

    @Test(arguments: StoreKind.available) func anotherLayoutRebuildsEveryBlockOnOpen(_ kind: StoreKind) throws {
        let location = try kind.newLocation()
        let store = try TicketStores.open(location)
        try store.saveTickets(try (0..<200).map { try Self.ticket("\($0)", "0\(1 + $0 % 5)-04-2024 1\($0 % 10):00") })
        let before = try Self.keptBlocks(kind, location)
        try kind.execute("UPDATE fact_block_layout SET layout = '1 older'", on: location)
        try kind.execute("DELETE FROM fact_blocks", on: location)
        // A report's read-only open brings the store up to date, as it does its schema, and
        // says how far it has come after each day.
        let heard = Mutex<[FactBlockProgress]>([])
        _ = try TicketStores.open(location, readOnly: true, building: { p in heard.withLock { $0.append(p) } })
        let after = try Self.keptBlocks(kind, location)
        #expect(before.split(separator: " ").count == 5 && after == before)
        #expect(heard.withLock { $0 }.map(\.days) == [1, 2, 3, 4, 5])
        #expect(heard.withLock { $0 }.last == FactBlockProgress(days: 5, total: 5, tickets: 200))
        try Self.expectBlocksMatchRows(kind, location)
    }

    /// A PostgreSQL store of the schema before blocks gets them when it is first opened.
    @Test func aPostgresStoreFromBeforeBlocksGetsThemOnOpen() throws {
        guard StoreKind.available.contains(.postgres) else { return }
        let location = try StoreKind.postgres.newLocation()
        try TicketStores.open(location).saveTickets(
            try (0..<120).map { try Self.ticket("\($0)", "0\(1 + $0 % 4)-04-2024 0\($0 % 10):1\($0 % 6)") })
        // Schema 8 added `disposition`; 9 made the blocks; 10 dropped the history rollups'
        // table; 11 added the blocks' counts (a field column added later raises it again).
        let beforeBlocks = PostgresTicketStore.fixedMigrations.count + 1
        #expect(PostgresTicketStore.migrations[beforeBlocks].count == PostgresTicketStore.factBlocksMigration.count)
        try TestPostgres.execute("DROP TABLE fact_blocks, fact_block_layout", on: location)
        try TestPostgres.execute("CREATE TABLE history_rollups (day integer)", on: location)
        try TestPostgres.execute("UPDATE slareport_schema SET version = \(beforeBlocks)", on: location)
        _ = try TicketStores.open(location, readOnly: true)
        #expect(try Self.expectBlocksMatchRows(.postgres, location).count == 5)
        #expect(try TestPostgres.query("SELECT to_regclass('history_rollups')::text", on: location) == "")
    }

    /// A PostgreSQL store whose blocks table is gone is not ready (what `serve`'s readiness
    /// asks), naming the table.
    @Test func aPostgresStoreWithoutItsBlocksIsNotReady() throws {
        guard StoreKind.available.contains(.postgres) else { return }
        let location = try StoreKind.postgres.newLocation()
        let store = try TicketStores.open(location)
        try store.verify()
        try TestPostgres.execute("DROP TABLE fact_blocks", on: location)
        #expect {
            try store.verify()
        } throws: { "\($0)".contains("fact_blocks") }
    }

    @Test(arguments: StoreKind.available) func twoWritersAtOnceLeaveBlocksThatMatchTheRows(_ kind: StoreKind)
        async throws
    {
        let location = try kind.newLocation()
        _ = try TicketStores.open(location)
        // Two processes' worth of stores, writing overlapping days (and the same tickets) at once.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let store = try TicketStores.open(location)
                    for round in 0..<10 {
                        let tickets = try (0..<30).map { i in
                            try Self.ticket(
                                "\(writer * 15 + i)", "0\(1 + (i + round) % 4)-04-2024 1\(i % 10):\(10 + round)",
                                status: round % 2 == 0 ? "Pending" : "Closed")
                        }
                        try await Blocking.run { try store.saveTickets(tickets) }
                    }
                }
            }
            try await group.waitForAll()
        }
        try Self.expectBlocksMatchRows(kind, location)
    }

    /// A new store's load builds its blocks from the batches: days written in order, a day
    /// coming back after its block was written, a ticket replaced by a later copy on the
    /// same day and on another (a PostgreSQL bulk load keeps the first copy instead).
    @Test(arguments: StoreKind.available) func aNewStoresLoadBuildsBlocksThatMatchTheRows(_ kind: StoreKind) throws {
        let location = try kind.newLocation()
        if kind == .postgres { _ = try TicketStores.open(location) }  // an empty store: a bulk load
        let load = try TicketStores.load(location)
        if let sqlite = load as? SQLiteStoreLoad { #expect(sqlite.isNew) }
        if let postgres = load as? PostgresStoreLoad { #expect(postgres.bulk != nil) }
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
        for b in batches { try load.store.saveTickets(b) }
        try load.commit()
        let days = try Self.expectBlocksMatchRows(kind, location)
        #expect(days.count == 8)  // 10:00 to 22:00 on 1…8 April in Kolkata: the same UTC days
        #expect(try TicketStores.open(location, readOnly: true).ticketCount() == 201)
    }

    @Test(arguments: StoreKind.available) func aDamagedBlockIsAnErrorNamingItsDay(_ kind: StoreKind) throws {
        let location = try kind.newLocation()
        let store = try TicketStores.open(location)
        try store.saveTickets([try Self.ticket("1", "01-04-2024 12:00")])
        let cut = kind == .sqlite ? "substr(data, 1, length(data) - 3)" : "substring(data from 1 for length(data) - 3)"
        try kind.execute("UPDATE fact_blocks SET data = \(cut)", on: location)
        #expect {
            _ = try store.factBlock(utcDay: 19814)
        } throws: { error in
            "\(error)".contains("the fact block of 2024-04-01 (UTC) is cut short")
                || "\(error)".contains("the fact block of 2024-04-01 (UTC) has bytes after its end")
        }
    }
}
