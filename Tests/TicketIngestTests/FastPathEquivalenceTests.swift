import Foundation
import KaptureTestSupport
import SLAAnalytics
import SampleData
import Testing
import TicketIngest
import TicketModel
import TicketStore

let kolkata = TimeZone(identifier: "Asia/Kolkata")!
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func options(_ from: String, _ to: String, asOf: String, lifecycle: LifecyclePolicy = .default) -> ReportOptions {
    ReportOptions(
        period: ReportPeriod(from: LocalDate(from)!, to: LocalDate(to)!)!, timeZone: kolkata, asOf: parseRFC3339(asOf)!,
        lifecycle: lifecycle)
}

/// The reference: every file decoded by the tolerant `TicketInputReader`, one at a time.
func slowSummary(_ paths: [String], _ options: ReportOptions) throws -> ReportSummary {
    let reader = TicketInputReader(decoder: TicketDecoder(accountTimeZone: kolkata))
    var builder = ReportBuilder(options: options)
    for path in paths.reversed() {
        let file = try reader.read(path: path)
        builder.ingest(file, coveredDay: file.coveredDay(path: path, accountTimeZone: kolkata))
    }
    return builder.summary()
}

func fastSummary(_ paths: [String], _ options: ReportOptions, threads: Int, chunkSize: Int = 1 << 20)
    throws -> (ReportSummary, ParallelIngest.Statistics)
{
    var stats = ParallelIngest.Statistics()
    let summary = try ParallelIngest.summarize(
        paths: paths, options: options, accountTimeZone: kolkata, threads: threads, chunkSize: chunkSize,
        statistics: &stats)
    return (summary, stats)
}

@Suite struct FastPathEquivalenceTests {
    @Test(arguments: [1, 2, 3], [64, 4096, 1 << 20])
    func bundledExamplesGiveIdenticalSummaries(threads: Int, chunkSize: Int) throws {
        let paths = try TicketInputReader.expand(paths: [packageRoot.appendingPathComponent("Examples/responses").path])
        let o = options("2024-04-15", "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
        let (fast, stats) = try fastSummary(paths, o, threads: threads, chunkSize: chunkSize)
        #expect(stats.files == 14)
        #expect(stats.fastPathFiles == 14)  // the fast path really ran
        #expect(fast.ignoringInputDigest == (try slowSummary(paths, o)).ignoringInputDigest)
    }

    @Test func configuredLifecycleIsHonouredByTheFastPath() throws {
        let paths = try TicketInputReader.expand(paths: [packageRoot.appendingPathComponent("Examples/responses").path])
        let o = options(
            "2024-04-15", "2024-04-21", asOf: "2024-04-22T09:00:00+05:30",
            lifecycle: LifecyclePolicy(resolvedStatuses: ["Pending"], resolvedSubstatusKeys: ["RS", "in"]))
        #expect(
            try fastSummary(paths, o, threads: 2).0.ignoringInputDigest
                == (try slowSummary(paths, o)).ignoringInputDigest)
    }

    @Test func documentedSampleAndQuirkyEnvelopes() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = try String(
            contentsOf: packageRoot.appendingPathComponent(
                "Tests/TicketModelTests/Fixtures/kapture-sample-response.json"), encoding: .utf8)
        let files: [String: String] = [
            "a.json": sample,
            "b.json":
                #"{"Status":"Success","Message":[{"ticketId":"x1","date":"19-04-2024 10:00","status":"closed","slaStatus":" OUT OF SLA ","ftr":"YES","customer_rating":"4","total_conversations":2.0,"priority":"High"},{"TicketId":7,"DATE":"2024-04-19 11:00:00","assigned_id":"12","assignedToName":"A &amp; B","queueKey":"Q","lastSource":"Chat","tat":"2 Days 3 Hrs"}],"TotalCount":2}"#,
            "c.json":
                #"{"message":[1,"x",null,{"date":"19-04-2024 10:00"},{"ticketId":"","date":"19-04-2024 10:00"},{"ticketId":"ok","date":"31-02-2024 10:00"},{"ticketId":"\u0041\u00e9","date":"19-04-2024 10:00","taskTitle":"\ud83d\ude00 \"quoted\"","status":"Pending","slaStatus":"out of sla","url":"https:\/\/x.example\/a"}],"status":"success","extra":{"deep":[1,2,{"a":[]}]}}"#,
            "d.json": #"{"message":"No Data Found","status":"success"}"#,
            "e.json":
                #"{"totalCount":null,"message":{"ticketId":"single","date":"20-04-2024 09:00"},"status":"success"}"#,
            "f.jsonl":
                "{\"ticketId\":\"l1\",\"date\":\"19-04-2024 10:00\"}\n{\"ticketId\":\"x1\",\"date\":\"19-04-2024 12:00\",\"status\":\"Open\"}\n",
            "g.json":
                "\u{FEFF}  {\"message\" : [ { \"ticketId\" : \" 42 \" , \"date\" : \"19-04-2024 10:00\", \"tat\": \" 1:2 \", \"sla\": \"x\" } ] , \"status\" : \"success\" }  \n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        let paths = try TicketInputReader.expand(paths: [dir.path])
        let o = options("2024-04-15", "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
        for chunk in [16, 33, 1 << 20] {
            for threads in [1, 2] {
                let (fast, stats) = try fastSummary(paths, o, threads: threads, chunkSize: chunk)
                #expect(
                    fast.ignoringInputDigest == (try slowSummary(paths, o)).ignoringInputDigest,
                    "chunk \(chunk) threads \(threads)")
                #expect(stats.fastPathFiles >= 4)
            }
        }
    }

    /// Durations too long for an integer (found by the fuzz target: a 130-digit part of an
    /// H:M:S `tat` overflowed the fast path) are unreadable on every path, never a crash.
    @Test func overlongDurationsAreUnreadableNotACrash() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tats = [
            "5::30:" + String(repeating: "8", count: 130) + "0", "1:" + String(repeating: "9", count: 25),
            String(repeating: "9", count: 20) + ":1", "12:" + String(repeating: "7", count: 19) + ":5",
            // 110,000 terms of 999,999,999 days: more seconds than an Int holds.
            String(repeating: "999999999 days ", count: 110_000),
        ]
        let tickets = tats.enumerated().map { k, tat in
            #"{"ticketId":"L\#(k)","date":"16-04-2024 10:00","status":"Closed","tat":"\#(tat)"}"#
        }
        let path = dir.appendingPathComponent("long.json").path
        try Data(#"{"message":[\#(tickets.joined(separator: ","))],"status":"success"}"#.utf8).write(
            to: URL(fileURLWithPath: path))
        let o = options("2024-04-15", "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
        let slow = try slowSummary([path], o)
        for chunk in [64, 1 << 20] {
            let (fast, stats) = try fastSummary([path], o, threads: 1, chunkSize: chunk)
            #expect(stats.fastPathFiles == 1)
            #expect(fast.ignoringInputDigest == slow.ignoringInputDigest)
        }
        #expect(slow.totals.tickets == tats.count)
        #expect(slow.tat.unparsed == tats.count)
        // Readable but beyond 32 bits of seconds: the store keeps the exact figure.
        let big = dir.appendingPathComponent("big.json").path
        try Data(
            #"{"message":[{"ticketId":"B","date":"16-04-2024 10:00","tat":"999999:0:0"}],"status":"success"}"#.utf8
        ).write(to: URL(fileURLWithPath: big))
        try TicketRows.decode(paths: [big], accountTimeZone: kolkata, dictionary: nil, threads: 1) { file in
            #expect(file.batch.integer(0, .tatSeconds) == 3_599_996_400)
        }
        let reader = TicketInputReader(decoder: TicketDecoder(accountTimeZone: kolkata))
        #expect(try reader.read(path: path).tickets.allSatisfy { $0.tat != nil && $0.tat?.seconds == nil })
        // The store's rows agree too.
        try TicketRows.decode(paths: [path], accountTimeZone: kolkata, dictionary: nil, threads: 1, chunkSize: 64) {
            file in
            #expect(file.batch.count == tats.count)
            for row in 0..<file.batch.count { #expect(file.batch.integer(row, .tatSeconds) == nil) }
        }
    }

    @Test func errorsAreTheTolerantDecodersErrors() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let o = options("2024-04-15", "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
        for (i, text) in [
            "{\"status\":\"success\",\n\"message\":[{\"ticketId\":1,}]}",
            #"{"message":"Invalid Auth Key","status":"failed"}"#,
            #"{"message":[],"status":"success"} trailing"#, "[1,2]", "",
        ].enumerated() {
            let path = dir.appendingPathComponent("bad\(i).json").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let slow = #expect(throws: InputError.self) { try slowSummary([path], o) }
            let fast = #expect(throws: InputError.self) { try fastSummary([path], o, threads: 2) }
            #expect(slow?.description == fast?.description)
        }
    }
}
