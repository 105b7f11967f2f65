/// Reads Kapture's timestamps as wall time: `19-04-2024 14:19` (`dd-MM-yyyy HH:mm`),
/// `19-04-2024 14:19:05`, `2024-04-19 14:19:05` (`yyyy-MM-dd HH:mm:ss`), `2024-04-19 14:19`,
/// and the same with a `T` separator. Parsing is arithmetic: no `DateFormatter`.
public enum KaptureTimestamp {
    /// Seconds since 1970-01-01T00:00 local wall time, or `nil` when the text is no valid timestamp.
    public static func localSeconds(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { localSeconds(utf8: $0) }
    }

    public static func localSeconds(utf8 b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var start = 0
        var end = b.count
        while start < end, b[start] == 0x20 { start += 1 }
        while end > start, b[end - 1] == 0x20 { end -= 1 }
        let n = end - start
        guard n == 16 || n == 19 else { return nil }
        @inline(__always) func d2(_ i: Int) -> Int? {
            let a = b[start + i] &- 0x30
            let c = b[start + i + 1] &- 0x30
            guard a < 10, c < 10 else { return nil }
            return Int(a) * 10 + Int(c)
        }
        let sep = b[start + 10]
        guard sep == 0x20 || sep == UInt8(ascii: "T"), b[start + 13] == UInt8(ascii: ":") else { return nil }
        let year: Int
        let month: Int
        let day: Int
        if b[start + 2] == UInt8(ascii: "-"), b[start + 5] == UInt8(ascii: "-") {
            guard let dd = d2(0), let mm = d2(3), let y1 = d2(6), let y2 = d2(8) else { return nil }
            (day, month, year) = (dd, mm, y1 * 100 + y2)
        } else if b[start + 4] == UInt8(ascii: "-"), b[start + 7] == UInt8(ascii: "-") {
            guard let y1 = d2(0), let y2 = d2(2), let mm = d2(5), let dd = d2(8) else { return nil }
            (day, month, year) = (dd, mm, y1 * 100 + y2)
        } else {
            return nil
        }
        guard let hour = d2(11), let minute = d2(14), hour < 24, minute < 60 else { return nil }
        var second = 0
        if n == 19 {
            guard b[start + 16] == UInt8(ascii: ":"), let s = d2(17), s < 60 else { return nil }
            second = s
        }
        guard year >= 1970, year <= 9999, month >= 1, month <= 12, day >= 1,
            day <= LocalDate.daysIn(month: month, year: year)
        else { return nil }
        let days = LocalDate.daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }
}
