public import Foundation
public import SLAAnalytics

/// The JSON form of `ReportSummary` that dashboards read: keys sorted, two-space indented,
/// `null` for every absent figure, a trailing newline. The same summary always gives the
/// same bytes.
public enum SummaryJSON {
    public static func encode(_ summary: ReportSummary) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(summary)
        data.append(0x0A)
        return data
    }

    public static func decode(_ data: Data) throws -> ReportSummary {
        try JSONDecoder().decode(ReportSummary.self, from: data)
    }
}
