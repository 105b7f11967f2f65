public import Foundation
public import SLAAnalytics

/// The JSON form of `ReportSummary` that dashboards read: keys sorted, two-space indented,
/// `null` for every absent figure, a trailing newline. The same summary always gives the
/// same bytes.
public enum SummaryJSON {
    public static func encode(_ summary: ReportSummary) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = escapingLineSeparators(try encoder.encode(summary))
        data.append(0x0A)
        return data
    }

    /// U+2028 and U+2029 written as `\u2028`/`\u2029`: valid JSON either way, but raw they end
    /// a line in JavaScript before ES2019, so a summary embedded in a page could break it.
    /// (Outside strings JSON is ASCII, so every such sequence is inside a string.)
    static func escapingLineSeparators(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        guard bytes.indices.contains(where: { bytes[$0] == 0xE2 }) else { return data }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9
            {
                out += Array((bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return Data(out)
    }

    public static func decode(_ data: Data) throws -> ReportSummary {
        try JSONDecoder().decode(ReportSummary.self, from: data)
    }
}
