import Crypto
import ExampleData
import Foundation
import KaptureTestSupport
import Synchronization
import Testing
import TicketModel

import class GRDB.DatabaseQueue

@testable import TicketStore

/// One contract, every store: what `pull`, `import`, `report`, `raw` and `serve` rely on.
@Suite struct StoreContractTests {
    static let kolkata = TimeZone(identifier: "Asia/Kolkata")!

    func stored(_ json: String) throws -> StoredTicket {
        let value = try JSONParser.parse(Array(json.utf8))
        return StoredTicket(ticket: try TicketDecoder(accountTimeZone: Self.kolkata).decode(value).get(), rawJSON: json)
    }

    /// `count` letters that do not compress (a linear congruential generator's top bits).
    static func noise(_ count: Int, seed: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        var state = UInt64(bitPattern: Int64(seed))
        return String(
            (0..<count).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return letters[Int(state >> 58)]
            })
    }

    func entry(_ day: String, _ state: LedgerState = .complete, seen: Int = 1) -> LedgerEntry {
        LedgerEntry(
            day: LocalDate(day)!, state: state, ticketsSeen: seen, pages: 1, declaredTotal: seen,
            skipped: [.missingTicketId: 2], pulledAt: Date(timeIntervalSince1970: 1_713_500_000), error: nil)
    }

    /// A re-pulled ticket replaces the older copy; the raw JSON comes back byte for byte
    /// (escapes, non-ASCII, key order and spacing as received); the decoded columns follow.
    @Test(arguments: StoreKind.available) func upsertKeepsTheLatestCopyAndItsExactBytes(_ kind: StoreKind) throws {
        let store = try TicketStores.open(try kind.newLocation())
        let first = #"{"ticketId":"T-1","date":"01-04-2024 10:00","status":"Pending","taskTitle":"caf\u00e9 ☕ \"q\""}"#
        let second = #"{ "status" : "Closed", "ticketId":"T-1","date":"01-04-2024 10:00","taskTitle":"naïve"}"#
        try store.saveDay(
            entry("2024-04-01"),
            tickets: [try stored(first), try stored(#"{"ticketId":"T-2","date":"01-04-2024 11:00"}"#)])
        #expect(try store.rawJSON(ticketId: "T-1") == first)
        try store.saveDay(entry("2024-04-01"), tickets: [try stored(second)])
        #expect(try store.rawJSON(ticketId: "T-1") == second)
        #expect(try store.rawJSON(ticketId: "nope") == nil)
        #expect(try store.ticketCount() == 2)
        #expect(try store.allTicketIds() == ["T-1", "T-2"])
        var seen: [String: String?] = [:]
        try store.forEachTicket(createdFrom: .distantPast, before: .distantFuture) { seen[$0.ticketId] = $0.status }
        #expect(seen == ["T-1": "Closed", "T-2": nil])
        // Two copies in one batch: the later wins.
        try store.saveTickets([try stored(first), try stored(second)])
        #expect(try store.rawJSON(ticketId: "T-1") == second)
    }

    /// Every write keeps the SHA-256 of the ticket's raw JSON as received (computed here from
    /// the very strings handed over), and a period read gives it back: the statements of a
    /// small batch (text, before the dictionary), a big compressed batch through `COPY`
    /// and the upsert of tickets already held, a later copy replacing an older one.
    @Test(arguments: StoreKind.available) func everyWriteKeepsTheRawJSONsDigest(_ kind: StoreKind) throws {
        let store = try TicketStores.open(try kind.newLocation())
        var expected: [String: [UInt8]] = [:]
        func save(_ range: Range<Int>, _ status: String) throws {
            let tickets = try range.map { i in
                let json =
                    #"{"ticketId":"D\#(i)","date":"02-04-2024 10:00","status":"\#(status)","taskTitle":"é \#(i)","x":"\#(i * 7)"}"#
                expected["D\(i)"] = Array(SHA256.hash(data: Data(json.utf8)))
                return try stored(json)
            }
            try store.saveTickets(tickets)
        }
        try save(0..<3, "small")
        try save(0..<6000, "big")
        try save(5990..<6010, "replaced")
        var seen: [String: [UInt8]] = [:]
        try store.forEachRawTicket(createdFrom: .distantPast, before: .distantFuture, chunk: .wholePeriod) { row in
            seen[row.string(.ticketId) ?? ""] = row.text(.rawSha256).map(Array.init)
        }
        #expect(seen.count == 6010)
        #expect(seen == expected)
    }

    /// The ledger: a complete day, a failed one keeping its earlier counts, imported days
    /// adding up and never downgrading a pulled day; each write raises the generation,
    /// which another connection sees.
    /// A store written before `disposition` was a column (SQLite's migrations up to v6,
    /// PostgreSQL's schema 7) gets each ticket's from its raw JSON when first opened, by a
    /// report: from raw JSON kept as text (the first tickets, before a dictionary) and
    /// compressed, with the decoder's rule (entities decoded, trimmed, empty is none).
    @Test(arguments: StoreKind.available) func aStoreFromBeforeDispositionsGetsThemFromTheRawJSON(
        _ kind: StoreKind
    ) throws {
        let location = try kind.newLocation()
        let shapes = [
            #","disposition":"Orders|Delivery""#, #","disposition":" Payments &amp; Co ""#, "", #","disposition":"""#,
        ]
        let written = ["Orders|Delivery", "Payments & Co", nil, nil]
        var expected: [String: String?] = [:]
        let tickets = try (0..<305).map { i in
            expected["P\(i)"] = written[i % 4]
            return try stored(#"{"ticketId":"P\#(i)","date":"02-04-2024 10:00","status":"Open"\#(shapes[i % 4])}"#)
        }
        let store = try TicketStores.open(location)
        try store.saveTickets(Array(tickets.prefix(5)))  // too few to train a dictionary: kept as text
        try store.saveTickets(Array(tickets.dropFirst(5)))
        switch kind {
        case .sqlite:
            let db = try DatabaseQueue(path: location)
            try db.write { db in
                try db.execute(sql: "ALTER TABLE tickets DROP COLUMN disposition")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v7 dispositions'")
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM tickets WHERE raw_dictionary_id IS NULL") == 5)
            }
        case .postgres:
            for sql in [
                "DROP VIEW tickets_v", "ALTER TABLE tickets DROP COLUMN disposition",
                "ALTER TABLE tickets ADD COLUMN packed bytea",  // versions 2 to 11 had it
                "CREATE VIEW tickets_v AS SELECT ticket_id FROM tickets", "UPDATE slareport_schema SET version = 7",
            ] {
                try TestPostgres.execute(sql, on: location)
            }
            #expect(
                try TestPostgres.query(
                    "SELECT count(*)::text FROM tickets WHERE raw_dictionary_id IS NULL", on: location) == "5")
        }
        var seen: [String: String?] = [:]
        try TicketStores.open(location, readOnly: true).forEachTicket(
            createdFrom: .distantPast, before: .distantFuture
        ) { seen[$0.ticketId] = $0.disposition }
        #expect(seen == expected)
        if kind == .postgres {
            #expect(try TestPostgres.query(PostgresStoreTests.hasPacked, on: location) == "0")
            #expect(
                try TestPostgres.query(
                    "SELECT disposition FROM tickets_v WHERE ticket_id = 'P1'", on: location) == "Payments & Co")
        }
    }

    /// A store migrated by the build before a field column was added, as the build after it
    /// finds it: every migration it knows recorded, the column missing (in PostgreSQL, the
    /// schema version this build's). Opening it (read-only, as a report does) adds the column
    /// and fills it from the raw JSON, text and compressed alike; PostgreSQL makes
    /// `tickets_v` with it.
    @Test(arguments: StoreKind.available) func aFieldColumnTheStoreLacksIsAddedAndFilledOnOpen(
        _ kind: StoreKind
    ) throws {
        let location = try kind.newLocation()
        let tickets = try (0..<305).map { i in
            try stored(#"{"ticketId":"F\#(i)","date":"02-04-2024 10:00","disposition":" Orders | Late \#(i % 3) "}"#)
        }
        let store = try TicketStores.open(location)
        try store.saveTickets(Array(tickets.prefix(5)))  // too few to train a dictionary: kept as text
        try store.saveTickets(Array(tickets.dropFirst(5)))
        switch kind {
        case .sqlite:
            try DatabaseQueue(path: location).write { db in
                try db.execute(sql: "ALTER TABLE tickets DROP COLUMN disposition")
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == 11)
            }
        case .postgres:
            for sql in [
                "DROP VIEW tickets_v", "ALTER TABLE tickets DROP COLUMN disposition",
                "CREATE VIEW tickets_v AS SELECT ticket_id FROM tickets",
            ] {
                try TestPostgres.execute(sql, on: location)
            }
        }
        var seen: [String: String] = [:]
        try TicketStores.open(location, readOnly: true).forEachTicket(
            createdFrom: .distantPast, before: .distantFuture
        ) { seen[$0.ticketId] = $0.disposition }
        #expect(seen == Dictionary(uniqueKeysWithValues: (0..<305).map { ("F\($0)", "Orders | Late \($0 % 3)") }))
        if kind == .postgres {
            #expect(
                try TestPostgres.query("SELECT disposition FROM tickets_v WHERE ticket_id = 'F4'", on: location)
                    == "Orders | Late 1")
            #expect(
                try TestPostgres.query("SELECT version::text FROM slareport_schema", on: location)
                    == "\(PostgresTicketStore.schemaVersion)")
        }
    }

    /// Every `.text` and `.integer` field is read by its kind's rule into a place of its own,
    /// and every such field a column holds is written and read back by that rule alone: a
    /// ticket object giving each field a value of its own (a text with an entity and white
    /// space around it, an integer as a string) decodes to those values, and the store gives
    /// them back, each from its column (none from another field's).
    @Test(arguments: StoreKind.available) func everyTextAndIntegerFieldIsKeptInAPlaceOfItsOwn(
        _ kind: StoreKind
    ) throws {
        var members = [#""date":"02-04-2024 10:00""#]
        var texts: [TicketField: String] = [:]
        var integers: [TicketField: Int64] = [:]
        for (i, field) in TicketField.textFields.enumerated() {
            members.append(#""\#(field.keys[0])":" \#(field.rawValue) &amp; \#(i) ""#)
            texts[field] = "\(field.rawValue) & \(i)"
        }
        for (i, field) in TicketField.integerFields.enumerated() {
            members.append(#""\#(field.keys[0])":"\#(1000 + i)""#)
            integers[field] = Int64(1000 + i)
        }
        let ticket = try stored("{" + members.joined(separator: ",") + "}")
        for field in TicketField.allCases {
            #expect(ticket.ticket[text: field] == texts[field], "\(field)")
            #expect(ticket.ticket[integer: field] == integers[field], "\(field)")
        }
        #expect(ticket.ticket.title == texts[.taskTitle] && ticket.ticket.customerRating == 1002)

        let location = try kind.newLocation()
        try TicketStores.open(location).saveTickets([ticket])
        var read: [Ticket] = []
        try TicketStores.open(location, readOnly: true).forEachTicket(
            createdFrom: .distantPast, before: .distantFuture
        ) { read.append($0) }
        #expect(read.count == 1)
        let kept = Set(TicketColumn.decoded.compactMap(\.field))
        #expect(kept.isSuperset(of: [.status, .queueName, .taskTitle, .disposition, .customerRating]))
        for field in TicketField.allCases {
            #expect(read.first?[text: field] == (kept.contains(field) ? texts[field] : nil), "\(field)")
            #expect(read.first?[integer: field] == (kept.contains(field) ? integers[field] : nil), "\(field)")
        }
    }

    /// A column's value from a ticket's raw JSON is what a write stores, by the decoder's
    /// rules (worked out by hand): entities decoded and trimmed, numbers from text, flags,
    /// durations; NULL when absent, and for JSON that is not a ticket.
    @Test func aColumnsValueFromRawJSONIsWhatAWriteStores() {
        let json = Array(
            #"{"ticketId":7,"date":"02-04-2024 10:00","queue_name":" Billing &amp; Payments ","customer_rating":"4","ftr":"Yes","tat":"2 Hours","disposition":" Orders | Late "}"#
                .utf8)
        #expect(TicketColumn.queueName.storedValue(inRawJSON: json) == .text("Billing & Payments"))
        #expect(TicketColumn.customerRating.storedValue(inRawJSON: json) == .integer(4))
        #expect(TicketColumn.ftr.storedValue(inRawJSON: json) == .integer(1))
        #expect(TicketColumn.tatSeconds.storedValue(inRawJSON: json) == .integer(7200))
        #expect(TicketColumn.disposition.storedValue(inRawJSON: json) == .text("Orders | Late"))
        #expect(TicketColumn.priority.storedValue(inRawJSON: json) == .null)
        #expect(TicketColumn.disposition.storedValue(inRawJSON: Array("[1]".utf8)) == .null)
        #expect(TicketColumn.customerRating.storedValue(inRawJSON: Array("not JSON".utf8)) == .null)
    }

    /// Every column holding a field (all but the instant `createdAt`), filled from the raw
    /// JSON, holds what the store wrote for each of the demo's tickets: text columns through
    /// their member alone, the others through the whole ticket.
    @Test func everyColumnFilledFromRawJSONMatchesWhatWasWritten() throws {
        let location = try StoreKind.sqlite.newLocation()
        let store = try TicketStores.open(location)
        let folder = try #require(ExampleData.responsesURL)
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let envelope = try JSONParser.parse(Array(try Data(contentsOf: folder.appendingPathComponent(file))))
            guard
                case .array(let items)? = envelope.objectMembers?.first(where: { $0.key.lowercased() == "message" })?
                    .value
            else { continue }
            try store.saveTickets(
                items.compactMap { item in
                    guard case .success(let t) = TicketDecoder(accountTimeZone: Self.kolkata).decode(item) else {
                        return nil
                    }
                    return StoredTicket(ticket: t, rawJSON: item.jsonText)
                })
        }
        var raw: [String: [UInt8]] = [:]
        try store.forEachRawJSON(createdFrom: .distantPast, before: .distantFuture) { raw[$0] = Array($1.utf8) }
        let columns = TicketColumn.decoded.filter { $0 != .createdAt }
        var rows = 0
        try store.forEachRawTicket(createdFrom: .distantPast, before: .distantFuture, chunk: .wholePeriod) { row in
            rows += 1
            let json = raw[row.string(.ticketId) ?? ""] ?? []
            for column in columns {
                let written: TicketColumn.StoredValue =
                    column.isText
                    ? row.string(column).map { .text($0) } ?? .null : row.int64(column).map { .integer($0) } ?? .null
                #expect(column.storedValue(inRawJSON: json) == written, "\(column) of \(row.string(.ticketId) ?? "")")
            }
        }
        #expect(rows > 1000 && rows == raw.count)
    }

    @Test(arguments: StoreKind.available) func ledgerAndGeneration(_ kind: StoreKind) throws {
        let location = try kind.newLocation()
        let store = try TicketStores.open(location)
        let other = try TicketStores.open(location, readOnly: true)
        var generations = [try other.generation()]
        try store.saveDay(entry("2024-04-01", seen: 5), tickets: [])
        generations.append(try other.generation())
        try store.markFailed(day: LocalDate("2024-04-01")!, error: "HTTP 500", at: Date())
        generations.append(try other.generation())
        // An import adds its tickets to an imported day; the unusable tickets of the files
        // covering a day replace the day's (the same files again change nothing), an import
        // with no file covering the day leaves them; a pulled (here failed) day's row stays
        // as the pull wrote it.
        let first = LocalDate("2024-04-01")!
        let second = LocalDate("2024-04-02")!
        try store.markImported(
            days: [
                first: ImportedDay(tickets: 3, skipped: [.notAnObject: 9]),
                second: ImportedDay(tickets: 4, skipped: [.notAnObject: 1, .unparseableCreationDate: 2]),
            ], at: Date())
        generations.append(try other.generation())
        try store.markImported(days: [second: ImportedDay(tickets: 6, skipped: [.notAnObject: 3])], at: Date())
        generations.append(try other.generation())
        #expect(generations == Array(generations[0]..<generations[0] + 5))
        #expect(try other.ledger(from: second, to: second).first?.skipped == [.notAnObject: 3])
        try store.markImported(days: [second: ImportedDay(tickets: 1)], at: Date())

        let ledger = try other.ledger(from: LocalDate("2024-03-31")!, to: LocalDate("2024-04-05")!)
        #expect(ledger.map(\.day.description) == ["2024-04-01", "2024-04-02"])
        #expect(ledger[0].state == .failed && ledger[0].ticketsSeen == 5 && ledger[0].error == "HTTP 500")
        #expect(ledger[0].skipped == [.missingTicketId: 2])
        #expect(ledger[1].state == .imported && ledger[1].ticketsSeen == 11)
        #expect(ledger[1].skipped == [.notAnObject: 3])
    }

    /// Period reads give exactly the tickets created in `[start, end)`, through every
    /// chunk of the store's plan, with the same bytes as written.
    @Test(arguments: StoreKind.available) func periodReadsAreExact(_ kind: StoreKind) throws {
        let store = try TicketStores.open(try kind.newLocation())
        var tickets: [StoredTicket] = []
        for day in 1...9 {
            for hour in [0, 12, 23] {
                tickets.append(
                    try stored(
                        #"{"ticketId":"D\#(day)-\#(hour)","date":"0\#(day)-04-2024 \#(String(format: "%02d", hour)):30","priority":"High","assigned_id":"\#(day)","tat":"1:00:00"}"#
                    ))
            }
        }
        try store.saveTickets(tickets)
        let clock = ZoneClock(Self.kolkata)
        let start = Date(timeIntervalSince1970: TimeInterval(clock.startOfDay(LocalDate("2024-04-03")!)))
        let end = Date(timeIntervalSince1970: TimeInterval(clock.startOfDay(LocalDate("2024-04-06")!)))
        for chunkRows in [Int64(2), 1 << 16] {
            var ids: [String] = []
            for chunk in try store.readPlan(createdFrom: start, before: end, chunkRows: chunkRows) {
                try store.forEachRawTicket(createdFrom: start, before: end, chunk: chunk) { row in
                    ids.append(row.string(.ticketId)!)
                    #expect(row.string(.priority) == "high")
                    #expect(row.int64(.tatSeconds) == 3600)
                    #expect(row.string(.queueName) == nil)
                }
            }
            let expected = (3...5).flatMap { d in [0, 12, 23].map { "D\(d)-\($0)" } }
            #expect(ids.sorted() == expected.sorted(), "chunks of \(chunkRows)")
        }
    }

    /// A batch as big as an import's file (PostgreSQL: through `COPY`) stores every ticket
    /// exactly: texts with tabs, newlines, backslashes and non-ASCII, NULLs, the raw bytes;
    /// a later copy in the batch wins.
    @Test(arguments: StoreKind.available) func aBigBatchIsStoredExactly(_ kind: StoreKind) throws {
        let store = try TicketStores.open(try kind.newLocation())
        var tickets: [StoredTicket] = []
        for i in 0..<6000 {
            let title = i % 3 == 0 ? #""tab\there, line\nbreak, back\\slash, \u00e9 ☕ #\#(i)""# : "null"
            tickets.append(
                try stored(
                    #"{"ticketId":"B\#(i % 5900)","date":"02-04-2024 10:00","taskTitle":\#(title),"customer_rating":"\#(i % 6)","status":"S\#(i)"}"#
                ))
        }
        try store.saveTickets(tickets)
        #expect(try store.ticketCount() == 5900)
        var byId: [String: StoredTicket] = [:]
        for t in tickets { byId[t.ticket.ticketId] = t }  // the later copy wins
        #expect(byId["B1"]!.ticket.title?.contains("\t") == true && byId["B1"]!.ticket.title?.contains("\n") == true)
        var checked = 0
        try store.forEachTicket(createdFrom: .distantPast, before: .distantFuture) { t in
            let expected = byId[t.ticketId]!.ticket
            #expect(t.title == expected.title && t.status == expected.status)
            #expect(t.customerRating == expected.customerRating)
            checked += 1
        }
        #expect(checked == 5900)
        for id in ["B0", "B1", "B3", "B99", "B5899"] {
            #expect(try store.rawJSON(ticketId: id) == byId[id]!.rawJSON)
        }
    }

    /// A ticket with a title and a URL of kilobytes that do not compress (PostgreSQL refuses
    /// an index entry over 2,704 bytes: such a ticket is kept in the period index as a stub
    /// and read whole from the table) is stored and read back exactly, through every write
    /// (a load into an empty store, a big batch into a store that holds tickets, a small
    /// batch replacing one), also when a page of the read ends on it; integers of every
    /// width come back as written.
    @Test(arguments: StoreKind.available) func aTicketTooBigForAnIndexEntryIsKeptWhole(_ kind: StoreKind) throws {
        let location = try kind.newLocation()
        var expected: [String: (title: String?, url: String?, assigned: Int64?, rating: Int?, status: String)] = [:]
        func batch(_ ids: [Int], _ status: String) throws -> [StoredTicket] {
            try ids.map { i in
                let big = i % 1000 == 0
                let title = big ? "é☕ " + Self.noise(3000 + i % 7, seed: i) : "t\(i)"
                let url = big ? "https://x.example/t?q=" + Self.noise(5000, seed: -i) : nil
                let assigned: Int64 = [0, -1, 127, 128, -129, 40000, 2_147_483_648, 9_000_000_000_000][i % 8]
                let json =
                    #"{"ticketId":"G\#(i)","date":"02-04-2024 10:00","taskTitle":"\#(title)","status":"\#(status)","assigned_id":"\#(assigned)","customer_rating":"\#(i % 6)"\#(url.map { #","url":"\#($0)""# } ?? "")}"#
                let ticket = try stored(json)
                expected["G\(i)"] = (title, url, ticket.ticket.assignedId, ticket.ticket.customerRating, status)
                return ticket
            }
        }
        let load = try TicketStores.load(location)
        try load.store.saveTickets(try batch(Array(0..<3001), "loaded"))
        try load.commit()
        let store = try TicketStores.open(location)
        try store.saveTickets(try batch(Array(2000..<8001), "copied"))
        try store.saveTickets(try batch([5000, 5001], "replaced"))
        #expect(expected["G5000"]!.url?.count == 5022 && Set(expected.values.map(\.assigned)).count == 8)
        var readers = [store]
        if kind == .postgres { readers.append(try PostgresTicketStore(url: location, pageRows: 2)) }
        for reader in readers {
            var seen: [String: Int] = [:]
            try reader.forEachTicket(createdFrom: .distantPast, before: .distantFuture) { t in
                seen[t.ticketId, default: 0] += 1
                let e = expected[t.ticketId]!
                #expect(t.title == e.title && t.url == e.url && t.status == e.status, "\(t.ticketId)")
                #expect(t.assignedId == e.assigned && t.customerRating == e.rating, "\(t.ticketId)")
            }
            #expect(seen.count == 8001 && seen.values.allSatisfy { $0 == 1 })
        }
        #expect(try store.rawJSON(ticketId: "G5000")?.contains(expected["G5000"]!.url!) == true)
    }

    /// Big batches over tickets the store holds already, and two writers storing the same
    /// new tickets at once (PostgreSQL: a `COPY` straight into the table for the new ones,
    /// the upsert for the others, the batch again when another writer got there first):
    /// every ticket once, the later copy wins.
    @Test(arguments: StoreKind.available) func bigBatchesOverlapAndRace(_ kind: StoreKind) throws {
        let location = try kind.newLocation()
        func batch(_ range: Range<Int>, _ status: String) throws -> [StoredTicket] {
            try range.map { try stored(#"{"ticketId":"R\#($0)","date":"02-04-2024 10:00","status":"\#(status)"}"#) }
        }
        try TicketStores.open(location).saveTickets(try batch(0..<6000, "first"))
        try TicketStores.open(location).saveTickets(try batch(3000..<9000, "second"))
        let racers = [try batch(9000..<15000, "third"), try batch(9000..<15000, "third")]
        let failures = Mutex(0)
        let threads = racers.map { tickets in
            let thread = Thread {
                do { try TicketStores.open(location).saveTickets(tickets) } catch { failures.withLock { $0 += 1 } }
            }
            thread.start()
            return thread
        }
        while threads.contains(where: { !$0.isFinished }) { Thread.sleep(forTimeInterval: 0.01) }
        #expect(failures.withLock { $0 } == 0)
        let store = try TicketStores.open(location)
        #expect(try store.ticketCount() == 15000)
        var statuses: [String: Int] = [:]
        try store.forEachTicket(createdFrom: .distantPast, before: .distantFuture) {
            statuses[$0.status ?? "", default: 0] += 1
        }
        #expect(statuses == ["first": 3000, "second": 6000, "third": 6000])
    }

    /// A scheduled send is recorded once, whoever tries again.
    @Test(arguments: StoreKind.available) func aSendIsRecordedOnce(_ kind: StoreKind) throws {
        let location = try kind.newLocation()
        let a = try TicketStores.open(location)
        let b = try TicketStores.open(location)
        let due = Date(timeIntervalSince1970: 1_713_750_000)
        #expect(try a.sentAt(schedule: "mon 07:00", dueAt: due) == nil)
        #expect(try a.recordSend(schedule: "mon 07:00", dueAt: due, sentAt: due.addingTimeInterval(5)))
        #expect(try !b.recordSend(schedule: "mon 07:00", dueAt: due, sentAt: due.addingTimeInterval(9)))
        #expect(try b.sentAt(schedule: "mon 07:00", dueAt: due) == due.addingTimeInterval(5))
    }
}

/// The PostgreSQL store's parts that need no server: they run wherever the tests run.
@Suite struct PostgresWithoutServerTests {
    /// A password in the URL never reaches an error; an unreachable server is one sentence.
    @Test func anUnreachableServerIsOneSentenceWithoutThePassword() throws {
        do {
            _ = try TicketStores.open("postgres://app:s3cret-pw@127.0.0.1:1/helpdesk?sslmode=disable")
            Issue.record("opened")
        } catch {
            #expect(!error.description.contains("s3cret"))
            #expect(
                error.description.hasPrefix("postgres://app:***@127.0.0.1:1/helpdesk: cannot be reached"), "\(error)")
        }
        #expect(TicketStores.displayed("postgresql://u:p%40ss@h/db?sslmode=require") == "postgresql://u:***@h/db")
    }
}

/// PostgreSQL only: what a shared database adds.
@Suite(.enabled(if: StoreKind.available.contains(.postgres))) struct PostgresStoreTests {
    /// Whether `tickets` has `packed` (schema versions 2 to 11), as "1" or "0".
    static let hasPacked = """
        SELECT count(*)::text FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'tickets' AND column_name = 'packed'
        """

    /// An integer the server packs for a page read takes its fewest bytes, big-endian two's
    /// complement after a length byte (bytes worked out by hand), and reads back as written;
    /// a long text has the long length, a NULL its marker.
    @Test func packedIntegersTakeTheirFewestBytes() throws {
        let location = try TestPostgres.newDatabase()
        let cases: [(Int64, [UInt8])] = [
            (0, [1, 0]), (-1, [1, 0xFF]), (127, [1, 0x7F]), (128, [2, 0, 0x80]), (-128, [1, 0x80]),
            (-129, [2, 0xFF, 0x7F]), (1_712_000_000, [4, 0x66, 0x0B, 0x0C, 0x00]),
            (2_147_483_648, [5, 0, 0x80, 0, 0, 0]), (.max, [8, 0x7F] + Array(repeating: 0xFF, count: 7)),
            (.min, [8, 0x80] + Array(repeating: 0, count: 7)),
        ]
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        for (value, bytes) in cases {
            let packed = PostgresPackedRow.field(integer: "(\(value))::bigint")
            #expect(try TestPostgres.query("SELECT encode(\(packed), 'hex')", on: location) == hex(bytes), "\(value)")
            #expect(bytes.dropFirst().withUnsafeBytes(PostgresPackedRow.integer) == value)
        }
        let fields =
            PostgresPackedRow.field(integer: "NULL::bigint") + " || "
            + PostgresPackedRow.field(bytes: "convert_to(repeat('é', 150), 'UTF8')")
        #expect(
            try TestPostgres.query("SELECT encode(\(fields), 'hex')", on: location)
                == hex([0xFF, 0xFE, 0, 0, 1, 44] + Array(repeating: [0xC3, 0xA9], count: 150).joined()))
    }

    /// Period reads page by (creation time, ticket id) in byte order: many tickets in the
    /// same second, ids whose byte order is not a locale's (upper before lower case, `_`,
    /// non-ASCII), pages of 1, 2, 3 and 7 rows: every ticket once, the raw JSON too.
    @Test func pagesCoverEveryTicketOnce() throws {
        let location = try TestPostgres.newDatabase()
        let ids = ["a", "B", "_z", "é1", "Z", "b", "A-1", "a-1", "ü", "0", "~", "aa", "Ab"]
        var tickets: [StoredTicket] = []
        for (n, id) in ids.enumerated() {
            for minute in n % 2 == 0 ? ["10:00", "10:01"] : ["10:00"] {
                let json = #"{"ticketId":"\#(id)-\#(minute)","date":"02-04-2024 \#(minute)","priority":"Low"}"#
                let value = try JSONParser.parse(Array(json.utf8))
                tickets.append(
                    StoredTicket(
                        ticket: try TicketDecoder(accountTimeZone: StoreContractTests.kolkata).decode(value).get(),
                        rawJSON: json))
            }
        }
        try TicketStores.open(location).saveTickets(tickets)
        let expected = tickets.map(\.ticket.ticketId).sorted()
        for rows in [1, 2, 3, 7, 100] {
            let store = try PostgresTicketStore(url: location, pageRows: rows)
            var seen: [String] = []
            try store.forEachRawTicket(createdFrom: .distantPast, before: .distantFuture, chunk: .wholePeriod) {
                seen.append($0.string(.ticketId)!)
            }
            #expect(seen.sorted() == expected, "pages of \(rows)")
            var raw: [String: String] = [:]
            try store.forEachRawJSON(createdFrom: .distantPast, before: .distantFuture) { raw[$0] = $1 }
            #expect(raw.count == tickets.count && tickets.allSatisfy { raw[$0.ticket.ticketId] == $0.rawJSON })
        }
    }

    /// A store of schema version 1 (a creation-time index in the database's collation, no
    /// packed column, no dictionaries) is brought to the current version on open, also by a
    /// read-only open (through the packed column of versions 2 to 11, then without it), its
    /// tickets read as before, its ticket ids in byte order (the period index's, the key's).
    @Test func aVersionOneStoreIsMigrated() throws {
        let location = try TestPostgres.newDatabase()
        try TicketStores.open(location).saveTickets([
            try StoreContractTests().stored(
                #"{"ticketId":"M1","date":"02-04-2024 10:00","taskTitle":"a \\ b\t\"c\" é","priority":"High"}"#)
        ])
        for sql in [
            "DROP INDEX tickets_period",
            "DROP TABLE raw_dictionaries",
            "CREATE INDEX tickets_created_at ON tickets (created_at, ticket_id)",
            "UPDATE slareport_schema SET version = 1",
        ] {
            try TestPostgres.execute(sql, on: location)
        }
        let store = try PostgresTicketStore(url: location, readOnly: true)
        var titles: [String?] = []
        try store.forEachTicket(createdFrom: .distantPast, before: .distantFuture) { titles.append($0.title) }
        #expect(titles == ["a \\ b\t\"c\" é"])
        let definition = try TestPostgres.query(
            "SELECT string_agg(indexdef, '; ') FROM pg_indexes WHERE tablename = 'tickets'", on: location)
        #expect(
            definition.contains("tickets_period ON public.tickets USING btree (created_at, ticket_id)")
                && !definition.contains("packed"), "\(definition)")
        #expect(try TestPostgres.query(Self.hasPacked, on: location) == "0")
        let collation = "SELECT collation_name FROM information_schema.columns WHERE column_name = 'ticket_id'"
        #expect(try TestPostgres.query(collation + " AND table_name = 'tickets'", on: location) == "C")
        #expect(!definition.contains("tickets_created_at"), "\(definition)")
        #expect(
            try TestPostgres.query("SELECT version::text FROM slareport_schema", on: location)
                == "\(PostgresTicketStore.schemaVersion)")
        #expect(try TestPostgres.query("SELECT count(*)::text FROM raw_dictionaries", on: location) == "0")
    }

    /// A store of schema version 4 (before the raw JSON's digests; its raw JSON compressed)
    /// gets each ticket's digest when opened, from the raw JSON the client decompresses.
    @Test func aVersionFourStoreGetsItsDigests() throws {
        let location = try TestPostgres.newDatabase()
        var expected: [String: [UInt8]] = [:]
        let tickets = try (0..<300).map { i in
            let json = #"{"ticketId":"V\#(i)","date":"02-04-2024 10:00","status":"Open","x":\#(i)}"#
            expected["V\(i)"] = Array(SHA256.hash(data: Data(json.utf8)))
            return try StoreContractTests().stored(json)
        }
        try TicketStores.open(location).saveTickets(tickets)
        #expect(
            try TestPostgres.query("SELECT count(*)::text FROM tickets WHERE raw_dictionary_id IS NULL", on: location)
                == "0")
        for sql in [
            "DROP VIEW tickets_v", "ALTER TABLE tickets DROP COLUMN raw_sha256",
            "ALTER TABLE tickets ADD COLUMN packed bytea",
            "CREATE VIEW tickets_v AS SELECT ticket_id FROM tickets", "UPDATE slareport_schema SET version = 4",
        ] {
            try TestPostgres.execute(sql, on: location)
        }
        let store = try PostgresTicketStore(url: location, readOnly: true)
        var seen: [String: [UInt8]] = [:]
        try store.forEachRawTicket(createdFrom: .distantPast, before: .distantFuture, chunk: .wholePeriod) { row in
            seen[row.string(.ticketId) ?? ""] = row.text(.rawSha256).map(Array.init)
        }
        #expect(seen == expected)
        #expect(try TestPostgres.query(Self.hasPacked, on: location) == "0")
        #expect(
            try TestPostgres.query("SELECT raw_sha256 FROM tickets_v WHERE ticket_id = 'V7'", on: location)
                == expected["V7"]!.map { String(format: "%02x", $0) }.joined())
    }

    /// A store of schema version 6 (`packed` in the format before: four-byte lengths,
    /// eight-byte integers) is written anew on its first open (by migration 7, then without
    /// `packed` by 12): the table no bigger than when it was new (the old rows gone, not left
    /// behind, nor the column's bytes in them), vacuumed (every page all-visible), the
    /// tickets read as written.
    @Test func aVersionSixStoreIsWrittenAnew() throws {
        let location = try TestPostgres.newDatabase()
        let contract = StoreContractTests()
        var expected: [String: (String, Int?, Int64)] = [:]
        let tickets = try (0..<3000).map { i in
            let json =
                #"{"ticketId":"S\#(i)","date":"0\#(1 + i % 9)-04-2024 10:00","taskTitle":"t \#(i) é","customer_rating":"\#(i % 6)","assigned_id":"\#(i * 77_777)"}"#
            let t = try contract.stored(json)
            expected[t.ticket.ticketId] = (t.ticket.title!, t.ticket.customerRating, t.ticket.assignedId)
            return t
        }
        try TicketStores.open(location).saveTickets(tickets)
        let size = "SELECT pg_relation_size('tickets')::text"
        let newSize = Int(try TestPostgres.query(size, on: location))!
        // A store of version 6 had no `disposition` (migration 8 adds it, and migration 7's
        // `packed` is of this build's columns).
        for sql in [
            "DROP VIEW tickets_v", "ALTER TABLE tickets DROP COLUMN disposition",
            "CREATE VIEW tickets_v AS SELECT ticket_id FROM tickets", "ALTER TABLE tickets ADD COLUMN packed bytea",
        ] {
            try TestPostgres.execute(sql, on: location)
        }
        let before = TicketColumn.read.filter { $0 != .disposition }.map { c -> String in
            let value: String =
                c.isBinary
                ? "int4send(octet_length(\(c.name))) || \(c.name)"
                : c.isText
                    ? "int4send(octet_length(\(c.name))) || convert_to(\(c.name), 'UTF8')"
                    : "'\\x00000008'::bytea || int8send(\(c.name))"
            return "coalesce(\(value), '\\xffffffff'::bytea)"
        }.joined(separator: " || ")
        try TestPostgres.execute("UPDATE tickets SET packed = \(before)", on: location)
        try TestPostgres.execute("UPDATE slareport_schema SET version = 6", on: location)
        #expect(Int(try TestPostgres.query(size, on: location))! > newSize)

        let store = try TicketStores.open(location)
        #expect(
            try TestPostgres.query("SELECT version::text FROM slareport_schema", on: location)
                == "\(PostgresTicketStore.schemaVersion)")
        #expect(try TestPostgres.query(Self.hasPacked, on: location) == "0")
        #expect(Int(try TestPostgres.query(size, on: location))! <= newSize)
        let plan = try TestPostgres.periodReadPlan(on: location)
        #expect(plan.contains(#""Node Type": "Index Only Scan""#) && plan.contains(#""Heap Fetches": 0"#), "\(plan)")
        var seen = 0
        try store.forEachTicket(createdFrom: .distantPast, before: .distantFuture) { t in
            let e = expected[t.ticketId]!
            #expect(t.title == e.0 && t.customerRating == e.1 && t.assignedId == e.2, "\(t.ticketId)")
            seen += 1
        }
        #expect(seen == 3000)
    }

    /// A load into an empty store leaves the planner's statistics to autovacuum where it
    /// runs for the table (the import does not wait for `ANALYZE`), and makes them itself
    /// where autovacuum is off.
    @Test func aBulkLoadAnalyzesOnlyWhereAutovacuumDoesNot() throws {
        let contract = StoreContractTests()
        for autovacuum in [true, false] {
            let location = try TestPostgres.newDatabase()
            _ = try TicketStores.open(location)
            if !autovacuum {
                try TestPostgres.execute("ALTER TABLE tickets SET (autovacuum_enabled = off)", on: location)
            }
            // `last_analyze` is set by `ANALYZE` only, never by autovacuum.
            let analyzed = "SELECT last_analyze::text FROM pg_stat_user_tables WHERE relname = 'tickets'"
            let before = try TestPostgres.query(analyzed, on: location)
            let load = try TicketStores.load(location)
            try load.store.saveTickets(
                try (0..<100).map { try contract.stored(#"{"ticketId":"A\#($0)","date":"02-04-2024 10:00"}"#) })
            try load.commit()
            #expect((try TestPostgres.query(analyzed, on: location) == before) == autovacuum, "\(autovacuum)")
            #expect(try TicketStores.open(location).ticketCount() == 100)
        }
    }

    /// TLS as libpq spells it, against a server that accepts TLS connections only, with a
    /// certificate from a test authority: `require` connects (without checking the
    /// certificate); `verify-full` connects with `sslrootcert` naming the authority, for
    /// the certificate's name and address; `verify-full` with the system's authorities and
    /// `disable` are refused, each in one sentence without the password.
    @Test func tlsConnectsAndVerifiesAsAsked() async throws {
        let cluster = try await TestPostgresCluster.onThread { try TestPostgresCluster(tls: true) }
        defer { cluster.stop() }
        let base = "postgres://slareport:tls-s3cret@127.0.0.1:\(cluster.port)/postgres"
        let named = "postgres://slareport:tls-s3cret@localhost:\(cluster.port)/postgres"
        let root = "sslrootcert=\(cluster.certificateAuthority)"
        for url in [
            base + "?sslmode=require", base + "?sslmode=verify-full&" + root, named + "?sslmode=verify-full&" + root,
        ] {
            #expect(try TicketStores.open(url).ticketCount() == 0, "\(url)")
        }
        for (url, says) in [
            (base + "?sslmode=verify-full", "certificate"), (base + "?sslmode=disable", "no encryption"),
            (base + "?sslmode=verify-full&sslrootcert=/nonexistent.pem", "sslrootcert /nonexistent.pem cannot be read"),
        ] {
            do {
                _ = try TicketStores.open(url)
                Issue.record("opened \(url)")
            } catch {
                #expect(error.description.contains(says), "\(error)")
                #expect(!error.description.contains("tls-s3cret") && !error.description.contains("\n"), "\(error)")
            }
        }
    }

    /// A schema written by a newer slareport is refused, saying so.
    /// A page read (one array per column) gives back every column as written, for tickets written through every path: `COPY` in a load into an
    /// empty store, `COPY` into a store that holds tickets, the upsert from the temporary
    /// table, the statements of a small batch. Texts with backslashes, tabs, quotes and
    /// non-ASCII, 3,000 letters that do not compress (once an index entry's stub); NULLs;
    /// integers of every width, negative ones too. Pages of 3 rows and of the default.
    @Test func everyWritePathReadsBackAsWritten() throws {
        let location = try TestPostgres.newDatabase()
        let contract = StoreContractTests()
        var expected: [String: Ticket] = [:]
        // A bulk load keeps the first copy of a ticket it is handed; every other write, the last.
        func batch(_ range: Range<Int>, _ status: String, keepingFirst: Bool = false) throws -> [StoredTicket] {
            try range.map { i in
                let title =
                    i % 1000 == 0
                    ? "\"\(StoreContractTests.noise(3000, seed: i))\""
                    : i % 2 == 0 ? #""a \\ b\tc \"q\" é ☕ \#(i)""# : "null"
                let t = try contract.stored(
                    #"{"ticketId":"P\#(i)","date":"02-04-2024 10:00","taskTitle":\#(title),"status":"\#(status)","customer_rating":"\#(i % 6)","tat":"1:2:3","assigned_id":"\#(i * 1_000_003 - 9_000_000_000)"}"#
                )
                if !keepingFirst || expected[t.ticket.ticketId] == nil { expected[t.ticket.ticketId] = t.ticket }
                return t
            }
        }
        let load = try TicketStores.load(location)
        try load.store.saveTickets(try batch(0..<6000, "bulk"))
        try load.store.saveTickets(try batch(5000..<11000, "bulk again", keepingFirst: true))
        try load.commit()
        let store = try TicketStores.open(location)
        try store.saveTickets(try batch(10000..<17000, "copied"))
        try store.saveTickets(try batch(16990..<17010, "small"))
        #expect(try TestPostgres.query("SELECT count(*)::text FROM tickets", on: location) == "17010")
        for reader in [store, try PostgresTicketStore(url: location, pageRows: 3)] {
            var seen = 0
            try reader.forEachTicket(createdFrom: .distantPast, before: .distantFuture) { t in
                let e = expected[t.ticketId]
                #expect(t.title == e?.title && t.status == e?.status && t.createdAt == e?.createdAt, "\(t.ticketId)")
                #expect(t.customerRating == e?.customerRating && t.assignedId == e?.assignedId, "\(t.ticketId)")
                #expect(t.tat?.raw == "1:2:3" && t.tat?.seconds == 3723 && t.url == nil, "\(t.ticketId)")
                seen += 1
            }
            #expect(seen == 17010)
        }
        #expect(expected["P3000"]?.title?.count == 3000 && expected["P3001"]?.title == nil)
    }

    @Test func aNewerSchemaIsRefused() throws {
        let location = try TestPostgres.newDatabase()
        _ = try TicketStores.open(location)
        try TestPostgres.execute("UPDATE slareport_schema SET version = 99", on: location)
        do {
            _ = try TicketStores.open(location)
            Issue.record("opened")
        } catch {
            #expect(error.reason.contains("newer slareport (schema version 99"), "\(error)")
        }
    }
}
