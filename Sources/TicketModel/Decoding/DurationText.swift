/// A free-text duration as Kapture writes `tat` and `sla`, with the seconds it means
/// when it could be read.
///
/// Understood forms: `H:M:S` and `H:M` (`0:1:29`), `D:H:M:S`, and unit words in any
/// combination and case (`2 Days 3 Hrs`, `1 Day 2 Hr 5 Min`, `45 mins 10 secs`, `3h 20m`).
/// A bare number is read as minutes only when it carries a unit; otherwise it is unparsed.
public struct DurationText: Sendable, Hashable {
    /// The text as received (entities decoded, trimmed).
    public let raw: String
    /// The duration in seconds, or `nil` when the text could not be read.
    public let seconds: Int?

    public init(raw: String) {
        self.raw = raw
        self.seconds = DurationText.parse(raw)
    }

    public init(raw: String, seconds: Int?) {
        self.raw = raw
        self.seconds = seconds
    }

    static func parse(_ text: String) -> Int? {
        let t = text.trimmingASCIIWhitespace()
        guard !t.isEmpty else { return nil }
        if t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":") }) {
            let parts = t.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 2, parts.count <= 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 9 }) else {
                return nil
            }
            let values = parts.compactMap { Int($0) }
            guard values.count == parts.count else { return nil }
            switch values.count {
            case 2: return values[0] * 3600 + values[1] * 60
            case 3: return values[0] * 3600 + values[1] * 60 + values[2]
            default: return values[0] * 86400 + values[1] * 3600 + values[2] * 60 + values[3]
            }
        }
        // Unit words: a number followed by a unit, repeated.
        var total = 0
        var sawAny = false
        var i = t.startIndex
        func skipSeparators() {
            while i < t.endIndex, t[i] == " " || t[i] == "," || t[i] == "\t" || t[i] == "-" { i = t.index(after: i) }
        }
        skipSeparators()
        while i < t.endIndex {
            let numStart = i
            while i < t.endIndex, t[i].isASCII, t[i].isNumber { i = t.index(after: i) }
            guard i > numStart, t.distance(from: numStart, to: i) <= 9, let n = Int(t[numStart..<i]) else {
                return nil
            }
            while i < t.endIndex, t[i] == " " { i = t.index(after: i) }
            let unitStart = i
            while i < t.endIndex, t[i].isLetter { i = t.index(after: i) }
            let unit = t[unitStart..<i].lowercased()
            let scale: Int
            switch unit {
            case "d", "day", "days": scale = 86400
            case "h", "hr", "hrs", "hour", "hours": scale = 3600
            case "m", "min", "mins", "minute", "minutes": scale = 60
            case "s", "sec", "secs", "second", "seconds": scale = 1
            default: return nil
            }
            // Thousands of terms could overflow: such a text is not a duration.
            let (sum, overflow) = total.addingReportingOverflow(n * scale)
            guard !overflow else { return nil }
            total = sum
            sawAny = true
            skipSeparators()
        }
        return sawAny ? total : nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR and LF.
    public func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
