import Foundation
import KaptureTestSupport
import ReportRendering
import SLAAnalytics
import Testing

/// Golden files: every format rendered from one fixed summary (Fixtures/summary.json, the
/// demo's) must match Golden/ byte for byte. After an intended change, regenerate them with
///
///     SLAREPORT_UPDATE_GOLDEN=1 swift test --filter GoldenFileTests
///
/// which rewrites them and fails the run, then review the diff and run the tests again.
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
                "summary.json", "report.html", "report.xhtml", "report.txt", "assignees.csv", "queues.csv",
                "dispositions.csv", "daily.csv", "trend.csv", "anomalies.csv", "movers.csv", "report.eml",
            ])
        // Compared with the source tree's files (the bundle's copies are the same files as
        // of the build), so that the update mode writes where git sees it.
        for file in files {
            if let problem = GoldenFiles.check(
                file.data, against: Self.goldenSourceFolder.appendingPathComponent(file.name))
            {
                Issue.record(Comment(rawValue: problem))
            }
        }
    }

    /// Each format rendered on its own gives the same files as rendered with the others (the
    /// `.eml` builds its own HTML and text parts when they are not asked for).
    @Test func eachFormatAloneMatchesItsGoldenFiles() throws {
        let summary = try Self.fixedSummary()
        let renderer = ReportRenderer(templates: try TemplateSet())
        for format in ReportFormat.allCases {
            for file in try renderer.render(summary, formats: [format], envelope: Self.envelope) {
                let golden = try Data(contentsOf: Self.goldenSourceFolder.appendingPathComponent(file.name))
                #expect(file.data == golden, "\(format): \(file.name)")
            }
        }
        #expect(try renderer.render(summary, formats: [.eml], envelope: Self.envelope).map(\.name) == ["report.eml"])
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
