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

    /// What the colon form makes of a duration's bytes (trimmed): `H:M`, `H:M:S` or `D:H:M:S`,
    /// each part 1 to 9 digits.
    public enum ColonForm: Sendable, Hashable {
        case seconds(Int)
        /// Only digits and colons, but not 2 to 4 parts of 1 to 9 digits.
        case unreadable
        /// Something else than digits and colons (unit words, perhaps).
        case otherForm
    }

    /// The colon form's rule, at the byte level: the one reader of `0:1:29`, used by `parse`
    /// and by the fast path on a file's bytes.
    @inlinable public static func colonForm(_ b: UnsafeBufferPointer<UInt8>) -> ColonForm {
        var parts = (0, 0, 0, 0)
        var count = 0
        var current = 0
        var digits = 0
        var fits = true
        for c in b {
            if c == 0x3A {
                if digits == 0 || digits > 9 || count == 3 { fits = false }
                if fits {
                    switch count {
                    case 0: parts.0 = current
                    case 1: parts.1 = current
                    default: parts.2 = current
                    }
                }
                count += 1
                current = 0
                digits = 0
            } else if c &- 0x30 < 10 {
                digits += 1
                if digits <= 9 { current = current * 10 + Int(c &- 0x30) }
            } else {
                return .otherForm
            }
        }
        guard fits, digits > 0, digits <= 9, count >= 1, count <= 3 else { return .unreadable }
        switch count {
        case 1: return .seconds(parts.0 * 3600 + current * 60)
        case 2: return .seconds(parts.0 * 3600 + parts.1 * 60 + current)
        default: return .seconds(parts.0 * 86400 + parts.1 * 3600 + parts.2 * 60 + current)
        }
    }

    static func parse(_ text: String) -> Int? {
        var t = text.trimmingASCIIWhitespace()
        guard !t.isEmpty else { return nil }
        switch t.withUTF8({ colonForm($0) }) {
        case .seconds(let n): return n
        case .unreadable: return nil
        case .otherForm: break
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
    @inlinable public func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) }) ?? first
        return String(self[first...last])
    }
}
