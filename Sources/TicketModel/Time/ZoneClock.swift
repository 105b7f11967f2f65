public import Foundation
import Synchronization

/// Converts between instants and wall-clock time in one time zone, fast.
///
/// Zones without daylight-saving transitions (India's `Asia/Kolkata`, UTC) use a fixed
/// offset and never call into Foundation; other zones ask `TimeZone` per conversion.
public struct ZoneClock: Sendable {
    public let timeZone: TimeZone
    private let fixedOffset: Int?

    /// The time zone an IANA name (`Asia/Kolkata`, `UTC`, `Etc/GMT+5`) names, or `nil`.
    ///
    /// The one check of a zone name, for flags, query strings and the configuration alike:
    /// such names hold only ASCII letters, digits and `/ _ + -`, so any other character (a NUL,
    /// a space, a newline) is refused before Foundation, which would accept `UTC` followed by
    /// anything and keep the raw text as the zone's identifier.
    public static func zone(named name: String) -> TimeZone? {
        guard !name.isEmpty, name.utf8.count <= 64,
            name.utf8.allSatisfy({ c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2F
                    || c == 0x5F || c == 0x2B || c == 0x2D
            })
        else { return nil }
        return TimeZone(identifier: name)
    }

    public init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
        fixedOffset = Self.fixedOffsets.withLock { known in
            if let offset = known[timeZone.identifier] { return offset }
            let probe = Date(timeIntervalSince1970: 0)
            let hasTransitions =
                timeZone.nextDaylightSavingTimeTransition(after: probe) != nil
                || timeZone.secondsFromGMT(for: probe) != timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 2e9))
            let offset = hasTransitions ? nil : timeZone.secondsFromGMT(for: probe)
            known[timeZone.identifier] = .some(offset)
            return offset
        }
    }

    /// Each zone's fixed offset (`nil`: it has transitions), by identifier, worked out once: a
    /// server makes a clock on every request. Identifiers are the zone database's, a few
    /// hundred at most.
    private static let fixedOffsets = Mutex<[String: Int?]>([:])

    /// Seconds east of UTC at `instant` (seconds since 1970).
    public func offset(atInstant instant: Int64) -> Int {
        if let fixedOffset { return fixedOffset }
        return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    /// The instant (seconds since 1970) of a wall-clock time given as seconds since
    /// 1970-01-01T00:00 *local*.
    ///
    /// The one rule for wall times that a transition makes odd (docs/METRICS.md, "Days"):
    /// - a time inside a skipped interval (spring forward, America/Santiago's missing
    ///   00:00–01:00) moves **forward by the gap**: it is read with the offset in force
    ///   before the transition, so 00:30 becomes 01:30;
    /// - a time that occurs twice (fall back) takes its **first** occurrence.
    /// Either way the instant falls on the wall time's own calendar day, unless a gap spans
    /// local midnight (only historical cases such as Pacific/Apia skipping 2011-12-30).
    public func instant(fromLocalSeconds local: Int64) -> Int64 {
        if let fixedOffset { return local - Int64(fixedOffset) }
        // The offsets in force a day and a half either side of the wall time: a transition
        // near it lies between them (real zones never have two within three days).
        let before = Int64(offset(atInstant: local - 129_600))
        let after = Int64(offset(atInstant: local + 129_600))
        let early = local - before
        if before == after { return early }
        let late = local - after
        let earlyFits = localSeconds(atInstant: early) == local
        let lateFits = localSeconds(atInstant: late) == local
        switch (earlyFits, lateFits) {
        case (true, true): return min(early, late)  // a repeated hour: the first occurrence
        case (true, false): return early
        case (false, true): return late
        case (false, false): return early  // a skipped hour: forward by the gap
        }
    }

    /// Local seconds since 1970-01-01T00:00 for an instant.
    public func localSeconds(atInstant instant: Int64) -> Int64 {
        instant + Int64(offset(atInstant: instant))
    }

    /// The local calendar day an instant falls on.
    public func localDate(atInstant instant: Int64) -> LocalDate {
        LocalDate(daysSinceEpoch: Int(floorDiv(localSeconds(atInstant: instant), 86_400)))
    }

    public func localDate(of date: Date) -> LocalDate {
        localDate(atInstant: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// The first instant of `date` in this zone: local midnight, or the end of the gap when
    /// the clocks skip midnight (America/Santiago 2024-09-08 starts at 01:00). Every instant
    /// in `startOfDay(d) ..< startOfDay(d + 1)`, and no other, has `localDate == d`.
    public func startOfDay(_ date: LocalDate) -> Int64 {
        instant(fromLocalSeconds: Int64(date.daysSinceEpoch) * 86_400)
    }

    /// The instants of the days `first` … `last`: from the first instant of `first` to the
    /// first instant of the day after `last` (what a report reads for those days).
    public func instants(from first: LocalDate, through last: LocalDate) -> Range<Date> {
        Date(
            timeIntervalSince1970: TimeInterval(startOfDay(first)))..<Date(
                timeIntervalSince1970: TimeInterval(startOfDay(last.adding(days: 1))))
    }

    /// RFC 3339 text for an instant with this zone's offset, e.g. `2024-04-22T09:00:00+05:30`.
    public func rfc3339(_ date: Date) -> String {
        let instant = Int64(date.timeIntervalSince1970.rounded(.down))
        let off = offset(atInstant: instant)
        let local = instant + Int64(off)
        let day = LocalDate(daysSinceEpoch: Int(floorDiv(local, 86_400)))
        let secs = Int(local - floorDiv(local, 86_400) * 86_400)
        var s = day.description + "T" + LocalDate.pad(secs / 3600, 2) + ":" + LocalDate.pad(secs / 60 % 60, 2) + ":"
        s += LocalDate.pad(secs % 60, 2)
        if off == 0 { return s + "Z" }
        let sign = off < 0 ? "-" : "+"
        let a = abs(off)
        return s + sign + LocalDate.pad(a / 3600, 2) + ":" + LocalDate.pad(a / 60 % 60, 2)
    }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Parses RFC 3339 / ISO 8601 date-times with an offset (`2024-04-22T09:00:00+05:30`, `…Z`,
/// fractional seconds allowed). Returns `nil` for anything else.
public func parseRFC3339(_ text: String) -> Date? {
    let b = Array(text.utf8)
    guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
        b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
        b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
        let y = LocalDate.digits(b, 0, 4), let mo = LocalDate.digits(b, 5, 2), let d = LocalDate.digits(b, 8, 2),
        let h = LocalDate.digits(b, 11, 2), let mi = LocalDate.digits(b, 14, 2), let s = LocalDate.digits(b, 17, 2),
        let day = LocalDate(year: y, month: mo, day: d), h < 24, mi < 60, s < 61
    else { return nil }
    var i = 19
    var fraction = 0.0
    if i < b.count, b[i] == UInt8(ascii: ".") {
        i += 1
        var scale = 0.1
        let start = i
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
            fraction += Double(b[i] - 0x30) * scale
            scale /= 10
            i += 1
        }
        guard i > start else { return nil }
    }
    guard i < b.count else { return nil }
    var offset = 0
    if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
        i += 1
    } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
        guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"), let oh = LocalDate.digits(b, i + 1, 2),
            let om = LocalDate.digits(b, i + 4, 2), oh < 24, om < 60
        else { return nil }
        offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        i += 6
    } else {
        return nil
    }
    guard i == b.count else { return nil }
    let local = Int64(day.daysSinceEpoch) * 86_400 + Int64(h * 3600 + mi * 60 + min(s, 59))
    return Date(timeIntervalSince1970: TimeInterval(local - Int64(offset)) + fraction)
}

/// The local day of instants that mostly come in creation order (a block's tickets): the day
/// found last is kept with its instants, `ZoneClock.startOfDay` of it and of the day after
/// (exactly the instants of that day), so most instants cost two comparisons.
public struct LocalDayFinder: Sendable {
    public let clock: ZoneClock
    /// The day found last.
    public private(set) var day = LocalDate(daysSinceEpoch: 0)
    public private(set) var daysSinceEpoch = 0
    /// The instants of `day`, `[start, end)` (empty before the first `find`).
    private var start: Int64 = 0
    private var end: Int64 = 0

    public init(clock: ZoneClock) { self.clock = clock }

    /// Finds the local day of `instant`; returns whether it was worked out anew (not the day
    /// found last).
    @discardableResult
    public mutating func find(_ instant: Int64) -> Bool {
        if instant >= start && instant < end { return false }
        day = clock.localDate(atInstant: instant)
        daysSinceEpoch = day.daysSinceEpoch
        (start, end) = (clock.startOfDay(day), clock.startOfDay(day.adding(days: 1)))
        // Kept only when the clock agrees the instant is in it (else asked anew each time).
        if !(start <= instant && instant < end) { (start, end) = (0, 0) }
        return true
    }
}
