import ExampleData
import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import SLAAnalytics
import SampleData
import Testing
import TicketModel

/// docs/summary.schema.json describes every summary: the committed fixtures and golden
/// files, and the summaries of every kind of run (files, store, another zone, an empty
/// period, quirky generated data) — and the checker is not a rubber stamp.
@Suite struct SchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func validator() throws -> SchemaValidator {
        try SchemaValidator(Data(contentsOf: root.appendingPathComponent("docs/summary.schema.json")))
    }

    @Test func everySummaryValidates() throws {
        let validator = try Self.validator()
        var summaries: [(String, Data)] = []
        for path in [
            "Tests/ReportRenderingTests/Fixtures/summary.json", "Tests/ReportRenderingTests/Golden/summary.json",
        ] {
            summaries.append((path, try Data(contentsOf: Self.root.appendingPathComponent(path))))
        }
        let (folder, store) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let quirky = folder.appendingPathComponent("quirky")
        _ = try SampleDataJob.write(
            SampleGenerator(seed: 3, perDay: 150), from: LocalDate("2024-06-03")!, days: 7, jsonLines: false,
            into: quirky.path)
        let runs: [(String, ReportSource, String, String, String?)] = [
            ("files", .files([ExampleData.responsesURL!.path]), "2024-04-15", "2024-04-21", nil),
            ("store", .store(store), "2024-04-15", "2024-04-21", nil),
            ("store, New York", .store(store), "2024-04-08", "2024-04-21", "America/New_York"),
            ("empty", .store(store), "2025-01-01", "2025-01-07", nil),
            ("quirky", .files([quirky.path]), "2024-06-03", "2024-06-09", "Australia/Lord_Howe"),
        ]
        for (name, source, from, to, zone) in runs {
            let options = try PeriodSelection(from: from, to: to, asOf: "2025-02-01T00:00:00Z", timezone: zone)
                .resolve(configuration: Configuration())
            let summary = try ReportJob.summarize(source, options: options, accountTimeZone: Harness.kolkata)
            summaries.append((name, try SummaryJSON.encode(summary)))
        }
        // With targets on a business calendar (the `targets` block).
        let targets = try Configuration.parse(
            """
            [[calendar]]
            name = "office"
            timezone = "Asia/Kolkata"
            hours = { mon = "09:00-18:00", tue = "09:00-18:00", wed = "09:00-18:00", thu = "09:00-18:00", fri = "09:00-18:00" }
            [[target]]
            priority = ["critical", "high"]
            resolve_within = "4h"
            calendar = "office"
            [[target]]
            resolve_within = "1h30m"
            """, path: "t.toml")
        let targeted = try ReportJob.summarize(
            .store(store),
            options: try PeriodSelection(from: "2024-04-15", to: "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
                .resolve(configuration: targets), accountTimeZone: Harness.kolkata)
        #expect(targeted.targets?.withTarget == targeted.totals.tickets)
        summaries.append(("targets", try SummaryJSON.encode(targeted)))
        for (name, data) in summaries {
            #expect(try validator.errors(data) == [], "\(name)")
        }
    }

    @Test func theCheckerRejectsWhatTheSchemaForbids() throws {
        let validator = try Self.validator()
        let good = try Data(
            contentsOf: Self.root.appendingPathComponent("Tests/ReportRenderingTests/Fixtures/summary.json"))
        let text = String(decoding: good, as: UTF8.self)
        func mutated(_ from: String, _ to: String) -> Data {
            #expect(text.contains(from), "\(from)")
            return Data(text.replacingOccurrences(of: from, with: to).utf8)
        }
        let rate = try #require(text.range(of: #""breachRate" : 0\.[0-9]+"#, options: .regularExpression))
        let bad: [(String, Data)] = [
            ("a missing property", mutated("\"schemaVersion\" :", "\"schemaVersionX\" :")),
            ("a rate over 1", Data(text.replacingCharacters(in: rate, with: "\"breachRate\" : 1.5").utf8)),
            ("a string for a count", mutated("\"tickets\" : 2040", "\"tickets\" : \"2040\"")),
        ]
        for (what, data) in bad {
            #expect(try !validator.errors(data).isEmpty, "\(what)")
        }
    }
}
