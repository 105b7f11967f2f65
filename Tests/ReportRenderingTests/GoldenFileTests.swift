import Foundation
import ReportRendering
import SLAAnalytics
import Testing

/// Golden files: every format rendered from one fixed summary (Fixtures/summary.json, the
/// demo's) must match Golden/ byte for byte. After an intended change, regenerate them with
///
///     SLAREPORT_UPDATE_GOLDEN=1 swift test --filter GoldenFileTests
///
/// and review the diff.
@Suite struct GoldenFileTests {
    static let envelope = EmailEnvelope(
        from: "SLAReport <reports@example.com>", to: ["support-leads@example.com"], messageIDDomain: "example.com")

    static func fixedSummary() throws -> ReportSummary {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/summary", withExtension: "json"))
        return try SummaryJSON.decode(Data(contentsOf: url))
    }

    static var goldenSourceFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    @Test func everyFormatMatchesItsGoldenFile() throws {
        let summary = try Self.fixedSummary()
        let files = try ReportRenderer(templates: TemplateSet()).render(
            summary, formats: ReportFormat.allCases, envelope: Self.envelope)
        #expect(
            files.map(\.name) == [
                "summary.json", "report.html", "report.xhtml", "report.txt", "assignees.csv", "queues.csv", "daily.csv",
                "report.eml",
            ])
        if ProcessInfo.processInfo.environment["SLAREPORT_UPDATE_GOLDEN"] == "1" {
            for file in files {
                try file.data.write(to: Self.goldenSourceFolder.appendingPathComponent(file.name))
            }
            return
        }
        for file in files {
            let golden = try #require(
                Bundle.module.url(forResource: "Golden/\(file.name)", withExtension: nil),
                "Golden/\(file.name) is missing; regenerate with SLAREPORT_UPDATE_GOLDEN=1")
            #expect(try Data(contentsOf: golden) == file.data, "\(file.name) differs from its golden file")
        }
    }

    @Test func theSummaryRoundTripsThroughJSON() throws {
        let summary = try Self.fixedSummary()
        #expect(try SummaryJSON.decode(SummaryJSON.encode(summary)) == summary)
    }

    @Test func renderingIsDeterministic() throws {
        let summary = try Self.fixedSummary()
        let renderer = ReportRenderer(templates: try TemplateSet())
        let a = try renderer.render(summary, formats: ReportFormat.allCases, envelope: Self.envelope)
        let b = try renderer.render(summary, formats: ReportFormat.allCases, envelope: Self.envelope)
        #expect(a.map(\.data) == b.map(\.data))
    }
}
