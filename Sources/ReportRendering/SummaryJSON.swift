public import Foundation
public import SLAAnalytics
import TicketModel

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

    /// Reads a summary a user hands back (`render --summary`): the JSON must decode as a
    /// `ReportSummary`, and every number in it must be one the engine could have written
    /// (`outOfRange`), so that a hand-edited or damaged file is refused in one sentence
    /// rather than drawn (a negative count or a rate of 10³⁰⁸ once trapped the renderer).
    public static func decode(_ data: Data) throws -> ReportSummary {
        let summary = try JSONDecoder().decode(ReportSummary.self, from: data)
        if let problem = outOfRange(try JSONParser.parse([UInt8](data)), at: "") {
            throw SummaryRangeError(description: problem)
        }
        return summary
    }

    /// The largest magnitude a summary's number may have: beyond any count of tickets, any
    /// number of seconds, any Kapture id.
    static let largestNumber = 1e15
    /// The keys whose numbers may be negative: changes against the previous period and the
    /// bounds of an expected range.
    static let signedKeys: Set<String> = [
        "delta", "change", "expectedLow", "expectedHigh", "lower", "upper", "businessSecondsLeft",
    ]

    /// The first number of `value` (at the JSON path `path`) that no summary holds: one
    /// beyond ±`largestNumber`, a negative one under a key not in `signedKeys`, a rate or
    /// share (`…Rate`, `rate`, `share`, `pValue`) outside 0…1, a CSAT `rating` outside 1…5.
    static func outOfRange(_ value: JSONValue, at path: String) -> String? {
        switch value {
        case .object(let members):
            for (key, member) in members {
                if let problem = outOfRange(member, at: path.isEmpty ? key : path + "." + key) { return problem }
            }
        case .array(let elements):
            for (i, element) in elements.enumerated() {
                if let problem = outOfRange(element, at: "\(path)[\(i)]") { return problem }
            }
        case .number(let text):
            let x = Double(text) ?? .infinity
            let key = String(path.split(separator: ".").last?.split(separator: "[").first ?? "")
            guard x.isFinite, abs(x) <= largestNumber else { return "\(path) is \(text), beyond any figure" }
            if x < 0 && !signedKeys.contains(key) { return "\(path) is \(text); it cannot be negative" }
            if key.hasSuffix("Rate") || key == "rate" || key == "share" || key == "pValue", x > 1 {
                return "\(path) is \(text); a rate is 0…1"
            }
            if key == "rating", !(1...5).contains(x) { return "\(path) is \(text); a rating is 1…5" }
        case .null, .bool, .string:
            break
        }
        return nil
    }
}

/// A summary with a number no summary holds (`SummaryJSON.outOfRange`).
public struct SummaryRangeError: Error, CustomStringConvertible {
    public var description: String
}
