import ExampleData
import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import SLAAnalytics
import Testing
import TicketModel

/// Slices (`--where`, `[[slice]]`): a sliced report is the whole report over the slice's
/// tickets. The expected summary is the unsliced report over response files that the test
/// filtered itself, on the raw JSON (Foundation's parser, the raw field values), for each
/// field and a combination, from files, SQLite and PostgreSQL.
@Suite struct SliceTests {
    static let kolkata = TimeZone(identifier: "Asia/Kolkata")!

    static func options(slice: TicketSlice? = nil) throws -> ReportOptions {
        try PeriodSelection(from: "2024-04-15", to: "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
            .resolve(configuration: Configuration()).sliced(slice)
    }

    typealias Raw = [String: Any]

    static func text(_ t: Raw, _ key: String) -> String {
        switch t[key] {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        default: ""
        }
    }

    /// The slices tried, each with the test's own predicate on a raw ticket.
    static let cases: [(clauses: [String], keeps: @Sendable (Raw) -> Bool)] = [
        (
            ["queue=Billing & Payments,Returns & Refunds"],
            { ["Billing &amp; Payments", "Returns &amp; Refunds"].contains(text($0, "queueName")) }
        ),
        (["queue=(none)"], { text($0, "queueName").isEmpty && text($0, "queueKey").isEmpty }),
        (["priority=HIGH,critical"], { ["high", "critical"].contains(text($0, "priority").lowercased()) }),
        (["source=Mobile App"], { text($0, "primarySource") == "Mobile App" }),
        (
            ["assignee=Meera O'Brien,0", "assignee=209814"],
            {
                ["Meera O&apos;Brien"].contains(text($0, "assignedToName"))
                    || ["0", "209814"].contains(text($0, "assignedId"))
            }
        ),
        (
            ["disposition=Account,Orders|Delivery"],
            { t in
                let levels = text(t, "disposition").split(separator: "|", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                return levels[0] == "Account" || (levels[0] == "Orders" && levels.count > 1 && levels[1] == "Delivery")
            }
        ),
        (
            ["queue=Technical Support", "priority=critical,high"],
            {
                text($0, "queueName") == "Technical Support"
                    && ["high", "critical"].contains(text($0, "priority").lowercased())
            }
        ),
    ]

    /// Copies the example responses into `folder`, keeping only the tickets `keeps` keeps.
    static func filteredExamples(into folder: URL, keeps: (Raw) -> Bool) throws -> Int {
        let examples = try #require(ExampleData.responsesURL)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var kept = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) where name.hasSuffix(".json") {
            var envelope = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: examples.appendingPathComponent(name))) as? Raw)
            let key = envelope["message"] != nil ? "message" : "Message"
            let tickets = try #require(envelope[key] as? [Raw]).filter(keeps)
            kept += tickets.count
            envelope[key] = tickets
            try JSONSerialization.data(withJSONObject: envelope).write(to: folder.appendingPathComponent(name))
        }
        return kept
    }

    /// What a sliced summary and the unsliced one over the filtered files may differ in: the
    /// slice itself, the tickets read, the input's digest, and the unusable tickets (those
    /// of the whole input: a ticket that cannot be read has no fields to filter on).
    static func comparable(_ s: ReportSummary) -> ReportSummary {
        var s = s
        s.slice = nil
        (s.totals.skipped, s.totals.skippedByReason) = (0, [:])
        (s.completeness.skipped, s.completeness.skippedByReason) = (0, [:])
        s.completeness.ticketsOutsideSlice = nil
        s.completeness.ticketsRead = 0
        s.completeness.duplicatesIgnored = 0
        s.provenance.inputs = InputDigest(source: s.provenance.inputs.source, sha256: nil, count: 0)
        s.provenance.options.slice = nil
        return s
    }

    @Test(arguments: 0..<cases.count)
    func aSlicedReportIsTheReportOfTheFilesFilteredByTheirRawFields(_ k: Int) throws {
        let (clauses, keeps) = Self.cases[k]
        let dir = try temporaryFolder("slice-\(k)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let filtered = dir.appendingPathComponent("filtered")
        let kept = try Self.filteredExamples(into: filtered, keeps: keeps)
        #expect(kept > 20, "the slice keeps some tickets")
        let slice = try TicketSlice.parse(clauses: clauses)
        let all = try #require(ExampleData.responsesURL).path
        // The whole data in each store, and the filtered data in stores of its own.
        var sources: [(String, ReportSource, ReportSource)] = [("files", .files([all]), .files([filtered.path]))]
        let whole = dir.appendingPathComponent("all.sqlite").path
        let part = dir.appendingPathComponent("part.sqlite").path
        _ = try ImportJob.run(inputs: [all], storePath: whole, accountTimeZone: Self.kolkata)
        _ = try ImportJob.run(inputs: [filtered.path], storePath: part, accountTimeZone: Self.kolkata)
        sources.append(("SQLite", .store(whole), .store(part)))
        // PostgreSQL for one field and the combination (each case costs two databases).
        if TestPostgres.isConfigured && (k == 0 || k == Self.cases.count - 1) {
            let (wholePG, partPG) = (try TestPostgres.newDatabase(), try TestPostgres.newDatabase())
            _ = try ImportJob.run(inputs: [all], storePath: wholePG, accountTimeZone: Self.kolkata)
            _ = try ImportJob.run(inputs: [filtered.path], storePath: partPG, accountTimeZone: Self.kolkata)
            sources.append(("PostgreSQL", .store(wholePG), .store(partPG)))
        }
        for (name, everything, filteredSource) in sources {
            let sliced = try ReportJob.summarize(
                everything, options: try Self.options(slice: slice), accountTimeZone: Self.kolkata)
            let expected = try ReportJob.summarize(
                filteredSource, options: try Self.options(), accountTimeZone: Self.kolkata)
            #expect(sliced.totals.tickets > 0, "\(name) \(clauses)")
            let unsliced = try ReportJob.summarize(
                everything, options: try Self.options(), accountTimeZone: Self.kolkata)
            #expect(sliced.totals.skippedByReason == unsliced.totals.skippedByReason, "\(name)")
            #expect(sliced.totals.skipped > 0, "the example data has unusable tickets")
            #expect(sliced.slice == slice, "\(name)")
            #expect(sliced.provenance.options.slice != nil, "\(name)")
            let a = Self.comparable(sliced)
            let b = Self.comparable(expected)
            #expect(a == b, "\(name) \(clauses)")
            if a != b {
                for (x, y) in zip(
                    String(decoding: try SummaryJSON.encode(a), as: UTF8.self).split(separator: "\n"),
                    String(decoding: try SummaryJSON.encode(b), as: UTF8.self).split(separator: "\n")
                ) where x != y {
                    Issue.record("\(name): \(x) ≠ \(y)")
                    break
                }
            }
            // Every ticket read is counted once: in a period, outside them, or outside the slice.
            let c = sliced.completeness
            #expect(
                c.ticketsRead
                    == sliced.totals.tickets + c.ticketsInPreviousPeriod + c.ticketsOutsidePeriods + c.duplicatesIgnored
                    + (c.ticketsOutsideSlice ?? -1), "\(name)")
        }
        // tickets.csv of the slice is that of the filtered files, byte for byte.
        try TicketsExport.write(
            .files([all]), options: try Self.options(slice: slice), accountTimeZone: Self.kolkata,
            into: dir.appendingPathComponent("a").path)
        try TicketsExport.write(
            .files([filtered.path]), options: try Self.options(), accountTimeZone: Self.kolkata,
            into: dir.appendingPathComponent("b").path)
        let csv = { (f: String) in
            try Data(contentsOf: dir.appendingPathComponent(f).appendingPathComponent("tickets.csv"))
        }
        #expect(try csv("a") == csv("b"))
    }

    @Test func aSliceThatMatchesNothingIsAReportOfNoTickets() throws {
        let slice = try TicketSlice.parse(clauses: ["queue=<script>alert(1)</script>,\"=cmd|' /C calc'!A0\""])
        let s = try ReportJob.summarize(
            .files([try #require(ExampleData.responsesURL).path]), options: try Self.options(slice: slice),
            accountTimeZone: Self.kolkata)
        #expect(s.totals.tickets == 0)
        #expect(s.sla.byQueue.isEmpty)
        #expect(s.completeness.ticketsOutsideSlice == s.completeness.ticketsRead - s.completeness.duplicatesIgnored)
        #expect(s.slice?.filter[.queue] == ["<script>alert(1)</script>", "=cmd|' /C calc'!A0"])
        // Every output renders it, the hostile values escaped (the XHTML is validated).
        let documents = try ReportJob.render(
            s, formats: ReportFormat.allCases, templatesFolder: nil, envelope: EmailEnvelope(to: ["a@example.com"]))
        let html = String(decoding: try #require(documents.first { $0.name == "report.html" }).data, as: UTF8.self)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let eml = String(decoding: try #require(documents.first { $0.name == "report.eml" }).data, as: UTF8.self)
        // The subject names the slice (RFC 2047: a non-ASCII subject is encoded words).
        let lines = eml.components(separatedBy: "\r\n")
        let at = try #require(lines.firstIndex { $0.hasPrefix("Subject: =?UTF-8?B?") })
        let folded = [lines[at]] + lines[(at + 1)...].prefix { $0.hasPrefix(" ") }
        let subject = folded.joined(separator: " ")
        let decoded = subject.dropFirst("Subject: ".count).split(separator: " ").compactMap { word in
            Data(base64Encoded: String(word.dropFirst("=?UTF-8?B?".count).dropLast(2)))
        }.map { String(decoding: $0, as: UTF8.self) }.joined()
        #expect(decoded.hasPrefix("SLA report · queue=<script>alert(1)</script>,=cmd|' /C calc'!A0 15 Apr 2024"))
    }

    @Test func whereClausesAreParsedWithQuotesAndCheckedInOneSentence() throws {
        let s = try TicketSlice.parse(clauses: [
            #"queue="Orders, returns",Billing"#, "priority = high", "QUEUE=Billing",
        ])
        #expect(s.filter[.queue] == ["Orders, returns", "Billing"])
        #expect(s.filter[.priority] == ["high"])
        #expect(s.filterText == #"queue="Orders, returns",Billing priority=high"#)
        for (clauses, message) in [
            (
                ["team=a"],
                "'team' is not a field a slice filters on; the fields are queue, priority, source, assignee, disposition"
            ),
            (["queue"], "'queue' is not FIELD=VALUE[,VALUE…]"),
            (["queue=a,,b"], "queue has an empty value"),
            (["queue=a\u{7}"], "queue has a value with a control character"),
            ([String](), "filters on no field"),
        ] {
            #expect(throws: SliceError.self) { try TicketSlice.parse(clauses: clauses) }
            do {
                _ = try TicketSlice.parse(clauses: clauses)
            } catch {
                #expect(error.description == message)
            }
        }
    }

    @Test func namedSlicesComeFromTheConfigurationAndBadOnesAreOneSentence() throws {
        let c = try Configuration.parse(
            """
            [[slice]]
            name = "billing"
            title = "Billing & Payments team"
            where = { queue = ["Billing & Payments", "Returns & Refunds"], priority = "high" }

            [[serve.schedule]]
            at = "mon 07:00"
            period = "last-week"
            to = ["billing-lead@example.com"]
            slice = "billing"
            """, path: "t.toml")
        let slice = try #require(try SliceSelection(name: "billing").resolve(configuration: c))
        #expect(slice.title == "Billing & Payments team")
        #expect(slice.filter == [.queue: ["Billing & Payments", "Returns & Refunds"], .priority: ["high"]])
        #expect(c.serve.schedule[0].key.hasSuffix(" slice=billing"))
        for (toml, message) in [
            (
                "[[slice]]\nname = \"a\"\nwhere = { team = \"x\" }",
                "t.toml: slice[1].where.team is not a field a slice filters on; the fields are queue, priority, source, assignee, disposition"
            ),
            (
                "[[slice]]\nname = \"a b\"\nwhere = { queue = \"x\" }",
                "t.toml: slice[1].name must be a name of letters, digits, '-' and '_' (at most 64)"
            ),
            ("[[slice]]\nname = \"a\"\nwhere = { queue = [] }", "t.toml: slice[1].where: queue lists no value"),
            (
                "[[slice]]\nname = \"a\"\nwhere = { queue = 3 }",
                "t.toml: slice[1].where.queue must be a string or an array of strings"
            ),
            (
                "[[slice]]\nname = \"a\"",
                "t.toml: slice[1].where must be a table of fields, such as where = { queue = [\"Billing\"] }"
            ),
            (
                "[[slice]]\nname = \"a\"\nwhere = { queue = \"x\" }\n[[slice]]\nname = \"a\"\nwhere = { queue = \"y\" }",
                "t.toml: slice[2].name: the slice 'a' is named twice"
            ),
            (
                "[[serve.schedule]]\nat = \"07:00\"\nperiod = \"yesterday\"\nto = [\"a@example.com\"]\nslice = \"nope\"",
                "t.toml: serve.schedule[1].slice: 'nope' is not a [[slice]] of the configuration"
            ),
        ] {
            #expect(throws: PipelineError.self) { try Configuration.parse(toml, path: "t.toml") }
            do {
                _ = try Configuration.parse(toml, path: "t.toml")
            } catch {
                #expect(error.message == message)
                #expect(error.kind == .usage)
            }
        }
        #expect(throws: PipelineError.self) { try SliceSelection(name: "nope").resolve(configuration: c) }
        #expect(throws: PipelineError.self) {
            try SliceSelection(name: "billing", clauses: ["queue=x"]).resolve(configuration: c)
        }
    }
}
