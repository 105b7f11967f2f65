import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import ReportServer
import SLAAnalytics
import Testing

/// `/v1/rows/due` asked before anything else is worked out from the period's open tickets
/// alone (`ReportJob.dueNext`); its rows are the summary's own due lists, byte for byte, sliced
/// or not, in JSON and CSV.
@Suite struct DueRouteTests {
    @Test func dueRowsAloneAreTheSummarysDueLists() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Harness.configuration(
            """
            [[calendar]]
            name = "office"
            timezone = "Asia/Kolkata"
            hours = { mon = "09:00-18:00", tue = "09:00-18:00", wed = "09:00-18:00", thu = "09:00-18:00", fri = "09:00-18:00" }
            [[target]]
            priority = "critical"
            resolve_within = "8h"
            at_risk = "4h"
            calendar = "office"
            [[target]]
            resolve_within = "40h"
            at_risk = "12h"
            """)
        try await Harness.withServer(storePath: path, configuration: configuration) { s in
            for extra in ["", "&queue=VIP%20Desk"] {
                let query = Harness.demoQuery + extra
                // First: nothing cached, the due lists are worked out alone.
                let alone = try await s.get("/v1/rows/due?" + query)
                let aloneCSV = try await s.get("/v1/rows/due?format=csv&" + query)
                #expect(alone.status == 200 && alone.header("Content-Type") == "application/json")
                let summary = try SummaryJSON.decode(try await s.get("/v1/summary?" + query).body)
                let due = try #require(summary.targets?.dueNext)
                #expect(due.dueSoon.count + due.overdue.count > 0, "\(extra)")
                #expect(alone.body == RowTables.table(.due, of: summary).json(), "\(extra)")
                #expect(aloneCSV.text == RowTables.table(.due, of: summary).csv(), "\(extra)")
                // Then from the cached summary: the same answer, the same validator.
                let cached = try await s.get("/v1/rows/due?" + query)
                #expect(cached.body == alone.body && cached.header("ETag") == alone.header("ETag"))
            }
            // Without targets in the configuration there are no due rows (below, another server).
        }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let none = try await s.get("/v1/rows/due?" + Harness.demoQuery)
            #expect(none.status == 200 && none.text == "{\"rows\":[]}\n")
        }
    }
}
