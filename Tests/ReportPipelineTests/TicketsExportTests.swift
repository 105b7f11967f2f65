import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import SLAAnalytics
import Testing
import TicketModel
import TicketStore

/// `tickets.csv`: a row per ticket of the period whose states add up to the summary's
/// figures (counted here from the file's text, a second path to the same numbers), the
/// same rows from files and from a store, and hostile text kept inert.
@Suite struct TicketsExportTests {
    @Test func rowsAddUpToTheSummaryFromFilesAndFromAStore() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tickets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = try ReportPipelineTests.demoOptions()
        let zone = ReportPipelineTests.kolkata
        let store = dir.appendingPathComponent("s.sqlite").path
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        _ = try ImportJob.run(inputs: [ReportPipelineTests.examples], storePath: store, accountTimeZone: zone)
        var tables: [[[String]]] = []
        for (name, source) in [("files", ReportSource.files([ReportPipelineTests.examples])), ("store", .store(store))]
        {
            let out = dir.appendingPathComponent(name).path
            let rows = try TicketsExport.write(source, options: options, accountTimeZone: zone, into: out)
            let table = parseCSV(try String(contentsOfFile: out + "/tickets.csv", encoding: .utf8))
            #expect(table.first == TicketsCSV.columns)
            #expect(table.count == rows + 1 && table.dropFirst().allSatisfy { $0.count == TicketsCSV.columns.count })
            #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["tickets.csv"])  // no temporary left
            tables.append(Array(table.dropFirst()))
        }
        // The same rows; the store's in creation order.
        #expect(tables[0].sorted { $0[0] < $1[0] } == tables[1].sorted { $0[0] < $1[0] })
        #expect(tables[1].map { $0[1] } == tables[1].map { $0[1] }.sorted())
        let s = try ReportJob.summarize(.files([ReportPipelineTests.examples]), options: options, accountTimeZone: zone)
        let rows = tables[1]
        let column = { (name: String) in TicketsCSV.columns.firstIndex(of: name)! }
        func count(_ name: String, _ value: String) -> Int { rows.filter { $0[column(name)] == value }.count }
        #expect(rows.count == s.totals.tickets)
        #expect(Set(rows.map { $0[0] }).count == rows.count)
        #expect(count("lifecycle", "open") == s.totals.open && count("lifecycle", "resolved") == s.totals.resolved)
        #expect(count("slaState", "Met, resolved") == s.sla.metResolved)
        #expect(count("slaState", "Breached, resolved") == s.sla.breachedResolved)
        #expect(count("slaState", "Breached, still open") == s.sla.breachedOpen)
        #expect(count("slaState", "Open, within SLA") == s.sla.openWithinSLA)
        #expect(count("slaState", "No SLA") == s.sla.noSLA)
        #expect(count("ftr", "yes") == s.ftr.firstTime && count("ftr", "no") == s.ftr.eligible - s.ftr.firstTime)
        #expect(count("channelSwitched", "yes") == s.sources.channelSwitches)
        #expect((1...5).map { count("csat", "\($0)") } == s.csat.distribution.map(\.count))
        #expect(rows.filter { !$0[column("tatSeconds")].isEmpty }.count == s.tat.overall.count)
        #expect(rows.filter { !$0[column("ageSeconds")].isEmpty }.count == s.backlog.open)
        for queue in s.sla.byQueue {
            let ours = rows.filter { $0[column("queue")] == queue.key }
            #expect(ours.count == queue.tickets, "\(queue.key)")
            let rated = ours.compactMap { Int($0[column("csat")]) }
            let csat = s.csat.byQueue.first { $0.key == queue.key }
            #expect(rated.count == csat?.rated ?? 0, "\(queue.key)")
        }
    }

    /// The hand-computed fixture's tickets (Tests/SLAAnalyticsTests/Fixtures), their rows
    /// worked out by hand from the JSON: the creation instant in the report zone, the
    /// lifecycle, SLA state and FTR, the channel switch, the age of the one open ticket at the
    /// as-of time, and the readable TATs; from the files and from a store of them.
    @Test func theFixturesRowsAreTheHandWorkedOnes() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SLAAnalyticsTests/Fixtures").path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hand-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = try PeriodSelection(from: "2024-04-15", to: "2024-04-16", asOf: "2024-04-17T12:00:00+05:30")
            .resolve(configuration: Configuration())
        let zone = ReportPipelineTests.kolkata
        // ticketId, created, lifecycle, slaState, ftr, channelSwitched, ageSeconds, tatSeconds
        let expected: [[String]] = [
            // Complete, within SLA, tat 1:0:0 = 3,600 s.
            ["T1", "2024-04-15T00:00:00+05:30", "resolved", "Met, resolved", "yes", "no", "", "3600"],
            // The later file's copy: Closed, "Out of SLA ", no tat, Chat then Email.
            ["T3", "2024-04-15T23:59:00+05:30", "resolved", "Breached, resolved", "no", "yes", "", ""],
            // A numeric id; "2 Days 3 Hrs" = 2 × 86,400 + 3 × 3,600 = 183,600 s.
            ["4", "2024-04-16T00:00:00+05:30", "resolved", "Breached, resolved", "yes", "no", "", "183600"],
            // Open, no SLA status; from 2024-04-16 10:30 to the as-of 2024-04-17 12:00 is
            // 25 h 30 min = 91,800 s; "garbage" is no TAT.
            ["T5", "2024-04-16T10:30:00+05:30", "open", "No SLA", "", "no", "91800", ""],
            // Complete, within SLA, tat 0:30:0 = 1,800 s.
            ["T6", "2024-04-16T23:59:00+05:30", "resolved", "Met, resolved", "no", "no", "", "1800"],
        ]
        let names = [
            "ticketId", "created", "lifecycle", "slaState", "ftr", "channelSwitched", "ageSeconds", "tatSeconds",
        ]
        let indexes = names.compactMap { TicketsCSV.columns.firstIndex(of: $0) }
        #expect(indexes.count == names.count)
        let store = dir.appendingPathComponent("s.sqlite").path
        _ = try ImportJob.run(inputs: [fixtures], storePath: store, accountTimeZone: zone)
        for (name, source) in [("files", ReportSource.files([fixtures])), ("store", .store(store))] {
            let out = dir.appendingPathComponent(name).path
            try TicketsExport.write(source, options: options, accountTimeZone: zone, into: out)
            let rows = parseCSV(try String(contentsOfFile: out + "/tickets.csv", encoding: .utf8)).dropFirst()
            let picked = rows.map { row in indexes.map { row[$0] } }.sorted { $0[1] < $1[1] }
            #expect(picked == expected, "\(name)")
        }
    }

    /// Names that a spreadsheet would run, or that break a naive CSV reader, stay text.
    @Test func hostileTextStaysInert() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ticket = #"""
            {"ticketId":"=1+2","date":"16-04-2024 10:00","status":"Open","queueName":"=HYPERLINK(\"http://x\")","assignedId":7,"assignedToName":"Rao, \"Sam\"\nNext","primarySource":"@Email","priority":"-high"}
            """#
        try Data((ticket + "\n").utf8).write(to: dir.appendingPathComponent("t.jsonl"))
        let options = try ReportPipelineTests.demoOptions()
        try TicketsExport.write(
            .files([dir.appendingPathComponent("t.jsonl").path]), options: options,
            accountTimeZone: ReportPipelineTests.kolkata, into: dir.appendingPathComponent("out").path)
        let text = try String(contentsOf: dir.appendingPathComponent("out/tickets.csv"), encoding: .utf8)
        let rows = parseCSV(text)
        #expect(rows.count == 2)
        let row = rows[1]
        #expect(row[0] == "'=1+2")
        #expect(row[2] == #"'=HYPERLINK("http://x")"#)
        #expect(row[3] == "'-high" && row[4] == "'@Email")
        #expect(!row[6].contains("\n") && row[6].hasPrefix(#"Rao, "Sam""#), "\(row[6])")
    }
}
