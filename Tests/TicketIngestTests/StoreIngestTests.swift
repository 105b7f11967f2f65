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

/// A block's facts are its rows' facts: `StoreFactsReader.forEachFacts(in:)` (each field's
/// rule once per dictionary entry) against `facts(_:)` of each row read from the table, on
/// the examples and on tickets with nothing but an id and a date, ids that are not numbers,
/// and a lifecycle policy that resolves by sub-status key.
@Suite struct BlockFactsTests {
    static func describe(_ ft: (facts: TicketFacts, text: AttentionText?), _ labels: LabelTable) -> String {
        let f = ft.facts
        func label(_ id: Int32) -> String { id < 0 ? "-" : labels[id] }
        return [
            "\(f.key) \(f.created) \(f.resolved) \(f.hasSLA) \(f.breached) \(f.ftrYes) \(f.channelSwitch)",
            label(f.priority), label(f.queue), label(f.source), "\(f.assigneeId)", label(f.assigneeName),
            "\(f.rating) \(f.conversations) \(f.tat)", label(f.disposition), label(f.dispositionDetail),
            // (Which tickets carry texts, by their ticketId: a block keeps no title or URL.)
            ft.text.map(\.ticketId) ?? "no attention",
        ].joined(separator: "|")
    }

    @Test(arguments: [
        LifecyclePolicy.default, LifecyclePolicy(resolvedStatuses: ["Complete"], resolvedSubstatusKeys: ["CL", "rs"]),
    ])
    func aBlocksFactsAreItsRowsFacts(_ lifecycle: LifecyclePolicy) throws {
        let folder = try temporaryFolder()
        let store = try SQLiteTicketStore(path: folder.appendingPathComponent("store.sqlite").path)
        let paths = try TicketInputReader.expand(paths: [packageRoot.appendingPathComponent("Examples/responses").path])
        try TicketRows.decode(paths: paths, accountTimeZone: kolkata, dictionary: nil, threads: 2) { file in
            try store.saveTickets(file.batch)
        }
        let decoder = TicketDecoder(accountTimeZone: kolkata)
        let bare = try [
            #"{"ticketId":"9001","date":"01-03-2024 10:00"}"#, #"{"ticketId":"9002","date":"01-03-2024 11:00"}"#,
            #"{"ticketId":"X-1","date":"02-03-2024 10:00","status":"Pending","sla_status":"Out Of SLA","task_title":"T","substatus_key":"cl"}"#,
            #"{"ticketId":"007","date":"02-03-2024 10:00","tat":"zz","last_source":"Email"}"#,
        ].map { json in
            StoredTicket(ticket: try decoder.decode(try JSONParser.parse(Array(json.utf8))).get(), rawJSON: json)
        }
        try store.saveTickets(bare)
        guard let range = try store.createdRange() else { throw CocoaError(.fileReadUnknown) }
        let first = WrittenDays.utcDay(ofInstant: Int64(range.lowerBound.timeIntervalSince1970))
        let last = WrittenDays.utcDay(ofInstant: Int64(range.upperBound.timeIntervalSince1970))
        var blockDays = 0
        for day in first...last {
            let (from, to) = (day * 86_400, (day + 1) * 86_400)
            var rowReader = StoreFactsReader(lifecycle: lifecycle)
            var rows: [(facts: TicketFacts, text: AttentionText?)] = []
            try store.forEachRawTicket(
                createdFrom: Date(timeIntervalSince1970: TimeInterval(from)),
                before: Date(timeIntervalSince1970: TimeInterval(to)), chunk: .wholePeriod
            ) { rows.append(rowReader.facts($0)) }
            guard case .block(let block) = try store.factBlock(utcDay: day) else {
                #expect(rows.isEmpty, "day \(day) has rows but no block")
                continue
            }
            blockDays += 1
            var blockReader = StoreFactsReader(lifecycle: lifecycle)
            var fromBlock: [(facts: TicketFacts, text: AttentionText?)] = []
            blockReader.forEachFacts(in: block, createdFrom: from, before: to) { f, text, _ in
                fromBlock.append((f, text))
            }
            let want = rows.map { Self.describe($0, rowReader.labels) }.sorted()
            let got = fromBlock.map { Self.describe($0, blockReader.labels) }.sorted()
            #expect(got == want, "day \(day)")
            // Their titles and URLs are read after counting, for the few a report lists.
            #expect(fromBlock.allSatisfy { $0.text?.title == nil && $0.text?.url == nil })
            // Half a day: only the tickets of its hours.
            var half: [TicketFacts] = []
            blockReader.forEachFacts(in: block, createdFrom: from, before: from + 43_200) { f, _, _ in half.append(f) }
            #expect(half.count == rows.filter { $0.facts.created < Double(from + 43_200) }.count)
        }
        #expect(blockDays >= 8)
    }
}
