import ExampleData
import Foundation
import KaptureTestSupport
import ReportPipeline
import SLAAnalytics
import Testing
import TicketModel
import TicketStore

/// `dispositions` (docs/METRICS.md, "Contact reasons"): counted by hand on a file of every
/// shape a disposition comes in, and on the demo by a second reader (Foundation's JSON and
/// its own split and trim), from files, the tolerant decoder, SQLite and PostgreSQL alike.
@Suite struct DispositionTests {
    static let kolkata = TimeZone(identifier: "Asia/Kolkata")!

    static func options(from: String = "2024-04-15", to: String = "2024-04-21") throws -> ReportOptions {
        try PeriodSelection(from: from, to: to, asOf: "2024-04-22T09:00:00+05:30").resolve(
            configuration: Configuration())
    }

    /// One ticket of the hand-made file: its disposition as JSON text (`nil`: no key),
    /// resolved or not, its SLA status and its `ftr`.
    static let handMade: [(disposition: String?, resolved: Bool, sla: String, ftr: String)] = [
        (#""Orders|Delivery|Late""#, true, "out of sla", "yes"),
        (#""Orders | Delivery""#, true, "within sla", "no"),
        (#"" Orders|Wrong item ""#, false, "", ""),
        (#""Orders""#, true, "within sla", "yes"),
        (#""Payments&#124;Refund""#, false, "", ""),
        (#""""#, false, "", ""),
        (nil, false, "", ""),
        ("null", false, "", ""),
        (#""|Refund""#, false, "", ""),
        (#""Payments||""#, false, "", ""),
        ("42", false, "", ""),
        (#""Coupons &amp; offers""#, false, "", ""),
    ]

    static func handMadeFile(in dir: URL) throws -> URL {
        let tickets = handMade.enumerated().map { i, t in
            let disposition = t.disposition.map { #","disposition":\#($0)"# } ?? ""
            return
                #"{"ticketId":"D\#(i)","date":"16-04-2024 10:00","status":"\#(t.resolved ? "Closed" : "Open")","slaStatus":"\#(t.sla)","ftr":"\#(t.ftr)"\#(disposition)}"#
        }
        let url = dir.appendingPathComponent("tickets-2024-04-16.json")
        try Data(#"{"message":[\#(tickets.joined(separator: ","))]}"#.utf8).write(to: url)
        return url
    }

    /// What the file holds, worked out by hand from the table above.
    static let expectedByHand: [DispositionGroup] = {
        func g(
            _ key: String, _ tickets: Int, withSLA: Int = 0, breached: Int = 0, eligible: Int = 0, firstTime: Int = 0,
            _ children: [DispositionGroup] = []
        ) -> DispositionGroup {
            DispositionGroup(
                key: key, tickets: tickets, share: Double(tickets) / 12, withSLA: withSLA, breached: breached,
                breachRate: withSLA == 0 ? nil : Double(breached) / Double(withSLA), eligible: eligible,
                firstTime: firstTime, ftrRate: eligible == 0 ? nil : Double(firstTime) / Double(eligible),
                children: children)
        }
        return [
            // Tied at 4 with Orders: by key, and "(" sorts before "O".
            g("(none)", 4, [g("(none)", 3), g("Refund", 1)]),
            g(
                "Orders", 4, withSLA: 3, breached: 1, eligible: 3, firstTime: 2,
                [
                    g("Delivery", 2, withSLA: 2, breached: 1, eligible: 2, firstTime: 1),
                    g("(none)", 1, withSLA: 1, eligible: 1, firstTime: 1), g("Wrong item", 1),
                ]),
            g("Payments", 2, [g("(none)", 1), g("Refund", 1)]),
            g("42", 1), g("Coupons & offers", 1),
        ]
    }()

    /// Every path the summary can come from: the files (the fast path), the tolerant
    /// decoder ticket by ticket, a SQLite store and (when configured) a PostgreSQL one.
    static func summaries(of folder: URL, options: ReportOptions) throws -> [(String, ReportSummary)] {
        var out: [(String, ReportSummary)] = []
        out.append(
            ("files", try ReportJob.summarize(.files([folder.path]), options: options, accountTimeZone: kolkata)))
        var builder = ReportBuilder(options: options)
        let decoder = TicketInputReader(decoder: TicketDecoder(accountTimeZone: kolkata))
        for file in try TicketInputReader.expand(paths: [folder.path]).reversed() {
            builder.ingest(try decoder.decode(bytes: TicketInputReader.readAll(file) ?? [], path: file))
        }
        out.append(("tolerant decoder", builder.summary()))
        let sqlite = folder.appendingPathComponent("store.sqlite").path
        _ = try ImportJob.run(inputs: [folder.path], storePath: sqlite, accountTimeZone: kolkata)
        out.append(("SQLite", try ReportJob.summarize(.store(sqlite), options: options, accountTimeZone: kolkata)))
        if TestPostgres.isConfigured {
            let postgres = try TestPostgres.newDatabase()
            _ = try ImportJob.run(inputs: [folder.path], storePath: postgres, accountTimeZone: kolkata)
            out.append(
                ("PostgreSQL", try ReportJob.summarize(.store(postgres), options: options, accountTimeZone: kolkata)))
        }
        return out
    }

    @Test func everyShapeOfDispositionIsCountedAsWorkedOutByHand() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Self.handMadeFile(in: dir)
        for (source, s) in try Self.summaries(of: dir, options: Self.options()) {
            #expect(s.dispositions == Self.expectedByHand, "\(source)")
            #expect(s.schemaVersion == 4)
        }
    }

    @Test func theLevelsAreSplitAndTrimmedAsQueueNamesAre() {
        #expect(TicketFacts.dispositionLabels("Orders | Delivery|Late") == ("Orders", "Delivery"))
        #expect(TicketFacts.dispositionLabels(nil) == ("(none)", "(none)"))
        #expect(TicketFacts.dispositionLabels("|") == ("(none)", "(none)"))
        #expect(TicketFacts.dispositionLabels(" \tInbox ") == ("Inbox", "(none)"))
        #expect(TicketFacts.dispositionLabels("a||c") == ("a", "(none)"))
    }

    /// The demo's week, counted by a second reader: Foundation's JSON parser, its own entity
    /// decoding of the two entities the generator writes, its own split, trim and sort.
    @Test func theDemoWeekMatchesASecondReader() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let examples = try #require(ExampleData.responsesURL)
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) where name.hasSuffix(".json") {
            try FileManager.default.copyItem(
                at: examples.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let options = try Self.options()
        // Reason → detail → tickets, for tickets created in the week in Asia/Kolkata.
        var expected: [String: [String: Int]] = [:]
        var ids = Set<String>()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = Self.kolkata
        formatter.dateFormat = "dd-MM-yyyy HH:mm"
        let iso = DateFormatter()
        iso.locale = formatter.locale
        iso.timeZone = Self.kolkata
        iso.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().reversed() {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name)))
            let envelope = try #require(object as? [String: Any])
            let message = try #require((envelope["message"] ?? envelope["Message"]) as? [Any])
            for case let t as [String: Any] in message.reversed() {  // the last copy in a file wins
                let id = (t["ticketId"] as? String) ?? (t["ticketId"] as? NSNumber)?.stringValue ?? ""
                guard !id.isEmpty, let text = t["date"] as? String,
                    let date = formatter.date(from: text) ?? iso.date(from: text),
                    date >= Date(timeIntervalSince1970: 1_713_119_400),  // 2024-04-15T00:00+05:30
                    date < Date(timeIntervalSince1970: 1_713_724_200),  // 2024-04-22T00:00+05:30
                    ids.insert(id).inserted
                else { continue }
                let raw = ((t["disposition"] as? String) ?? "").replacingOccurrences(of: "&amp;", with: "&")
                let levels = raw.split(separator: "|", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                let reason = levels.first.flatMap { $0.isEmpty ? nil : $0 } ?? "(none)"
                let detail = levels.count > 1 && !levels[1].isEmpty ? levels[1] : "(none)"
                expected[reason, default: [:]][detail, default: 0] += 1
            }
        }
        #expect(expected.count >= 6 && expected["Orders"]?.count == 3)
        for (source, s) in try Self.summaries(of: dir, options: options) {
            let got = Dictionary(
                uniqueKeysWithValues: s.dispositions.map { g in
                    (
                        g.key,
                        g.children.isEmpty
                            ? ["(none)": g.tickets]
                            : Dictionary(uniqueKeysWithValues: g.children.map { ($0.key, $0.tickets) })
                    )
                })
            #expect(got == expected, "\(source)")
            #expect(s.dispositions.map(\.tickets).reduce(0, +) == s.totals.tickets, "\(source)")
            #expect(zip(s.dispositions, s.dispositions.dropFirst()).allSatisfy { $0.tickets >= $1.tickets })
        }
    }
}
