public import Foundation

/// Business hours in a time zone: spans of wall-clock time for each weekday, and holidays.
/// Business time between two instants is the time whose wall-clock reading, in the
/// calendar's own zone, falls in a span of a working day — so a calendar's days follow its
/// zone through DST (a span over a skipped hour is an hour shorter, over a repeated hour an
/// hour longer).
///
/// A span belongs to the day it starts on: `22:00-06:00` on Monday runs into Tuesday morning,
/// and is off when Monday is a holiday. `24x7` (`alwaysOpen`) counts every second.
public struct BusinessCalendar: Sendable, Hashable {
    /// A span of a day, in seconds from the day's local midnight; `end` beyond 86,400 runs into
    /// the next day (at most to its 24:00).
    public struct Span: Sendable, Hashable, Comparable {
        public var start: Int64
        public var end: Int64

        public init(start: Int64, end: Int64) {
            self.start = start
            self.end = end
        }

        public static func < (a: Span, b: Span) -> Bool { (a.start, a.end) < (b.start, b.end) }
    }

    public var name: String
    public let clock: ZoneClock
    /// Spans by weekday, Monday first (`LocalDate.weekdayFromMonday`), each in order.
    public var week: [[Span]]
    public var holidays: Set<LocalDate>
    /// Every second is business time (`24x7`).
    public var alwaysOpen: Bool

    public init(name: String, timeZone: TimeZone, week: [[Span]], holidays: Set<LocalDate> = []) {
        self.name = name
        self.clock = ZoneClock(timeZone)
        self.week = week.map { $0.sorted() }
        self.holidays = holidays
        self.alwaysOpen = false
    }

    /// The built-in calendar of every second.
    public static let allHours: BusinessCalendar = {
        var c = BusinessCalendar(name: "24x7", timeZone: TimeZone(identifier: "UTC") ?? .gmt, week: [])
        c.alwaysOpen = true
        return c
    }()

    public static func == (a: BusinessCalendar, b: BusinessCalendar) -> Bool {
        (a.name, a.clock.timeZone.identifier, a.week, a.holidays, a.alwaysOpen)
            == (b.name, b.clock.timeZone.identifier, b.week, b.holidays, b.alwaysOpen)
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(clock.timeZone.identifier)
        h.combine(week)
    }

    /// The spans that start on local day `day` (none on a holiday).
    func spans(on day: Int64) -> [Span] {
        let date = LocalDate(daysSinceEpoch: Int(day))
        guard !holidays.contains(date), week.indices.contains(date.weekdayFromMonday) else { return [] }
        return week[date.weekdayFromMonday]
    }

    /// The pieces of `[from, to)` (seconds since 1970) over which the zone's offset is one, each
    /// with its offset: wall-clock time runs evenly inside a piece.
    func pieces(from: Int64, to: Int64) -> [(from: Int64, to: Int64, offset: Int64)] {
        var out: [(Int64, Int64, Int64)] = []
        var t = from
        while t < to {
            let offset = Int64(clock.offset(atInstant: t))
            var end = to
            if let next = clock.timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: Double(t)))
            {
                end = min(to, max(t + 1, Int64(next.timeIntervalSince1970.rounded(.up))))
            }
            out.append((t, end, offset))
            t = end
        }
        return out
    }

    /// The business time in `[from, to)`, in seconds (0 when `to` is not after `from`).
    public func businessSeconds(from: Int64, to: Int64) -> Int64 {
        guard to > from else { return 0 }
        if alwaysOpen { return to - from }
        var total: Int64 = 0
        for piece in pieces(from: from, to: to) {
            total += localBusinessSeconds(from: piece.from + piece.offset, to: piece.to + piece.offset)
        }
        return total
    }

    /// The business stretches of the wall-clock interval `[a, b)` (local seconds since 1970),
    /// in order: the one place spans meet days (a span of the day before may run into the
    /// first day; a holiday's spans are none).
    func localStretches(from a: Int64, to b: Int64) -> [(Int64, Int64)] {
        var stretches: [(Int64, Int64)] = []
        var day = Self.floorDiv(a, 86_400) - 1
        while day * 86_400 < b {
            for s in spans(on: day) {
                let lo = max(a, day * 86_400 + s.start)
                let hi = min(b, day * 86_400 + s.end)
                if hi > lo { stretches.append((lo, hi)) }
            }
            day += 1
        }
        return stretches.sorted { $0.0 < $1.0 }
    }

    /// The business time in the wall-clock interval `[a, b)` (local seconds since 1970).
    func localBusinessSeconds(from a: Int64, to b: Int64) -> Int64 {
        localStretches(from: a, to: b).reduce(0) { $0 + $1.1 - $1.0 }
    }

    /// The instant at which `seconds` of business time have passed since `from`; `nil` when
    /// the calendar opens for less than that in the ten years after `from`.
    public func deadline(from: Int64, after seconds: Int64) -> Int64? {
        if alwaysOpen { return from + max(0, seconds) }
        var left = max(0, seconds)
        var t = from
        let limit = from + 3653 * 86_400
        while t < limit {
            // A day at a time, piece by piece.
            let end = min(limit, t + 86_400)
            for piece in pieces(from: t, to: end) {
                for (lo, hi) in localStretches(from: piece.from + piece.offset, to: piece.to + piece.offset) {
                    if left <= hi - lo { return lo + left - piece.offset }
                    left -= hi - lo
                }
            }
            if left == 0 { return t }
            t = end
        }
        return nil
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// The weekday keys of `hours`, Monday first.
    public static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// The spans of one day's `hours` text: `09:00-18:00`, `09:00-13:00,14:00-18:00`, a span that
    /// crosses midnight as the day's last (`22:00-06:00`), `00:00-24:00`; empty or `closed`:
    /// none. `nil` and a reason when the text is not that.
    public static func spans(_ text: String) -> (spans: [Span], problem: String?) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.lowercased() == "closed" { return ([], nil) }
        func minutes(_ t: Substring) -> Int64? {
            let hm = t.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
            guard hm.count == 2, hm[0].count == 2, hm[1].count == 2, let h = Int64(hm[0]), let m = Int64(hm[1]),
                hm[0].allSatisfy(\.isASCII), hm[1].allSatisfy(\.isASCII), (0...24).contains(h), (0..<60).contains(m),
                h < 24 || m == 0
            else { return nil }
            return h * 60 + m
        }
        var spans: [Span] = []
        let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false)
        for (i, part) in parts.enumerated() {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let s = minutes(ends[0]), let e = minutes(ends[1]), s < 1440 else {
                return ([], "'\(part.trimmingCharacters(in: .whitespaces))' is not HH:MM-HH:MM (00:00 … 24:00)")
            }
            guard s != e else { return ([], "'\(part.trimmingCharacters(in: .whitespaces))' is an empty span") }
            if e < s {
                guard i == parts.count - 1 else {
                    return (
                        [],
                        "'\(part.trimmingCharacters(in: .whitespaces))' ends before it starts and is not the day's last span (only that one may run past midnight)"
                    )
                }
                spans.append(Span(start: s * 60, end: (e + 1440) * 60))
            } else {
                spans.append(Span(start: s * 60, end: e * 60))
            }
        }
        for (a, b) in zip(spans, spans.dropFirst()) where b.start < a.end {
            return ([], "the spans overlap or are out of order")
        }
        return (spans, nil)
    }

    /// Where a week's spans run into each other across midnight (a span past midnight into
    /// the next day's first span), as a sentence naming the two days; `nil` when they do not.
    public static func overlapAcrossMidnight(_ week: [[Span]]) -> String? {
        for i in week.indices {
            guard let last = week[i].last, last.end > 86_400 else { continue }
            let next = week[(i + 1) % week.count]
            if let first = next.first, first.start < last.end - 86_400 {
                return "\(weekdays[i])'s span past midnight runs into \(weekdays[(i + 1) % week.count])'s first span"
            }
        }
        return nil
    }

    /// The days of a holidays file: an iCalendar file's all-day events (`DTSTART;VALUE=DATE:`,
    /// each day up to its exclusive `DTEND`), else one `YYYY-MM-DD` a line (`#` comments);
    /// `nil` and the line when a line is neither.
    public static func holidays(fromFile text: String) -> (days: Set<LocalDate>, problem: String?) {
        // iCalendar lines are folded: a line that starts with a space continues the one before.
        var lines: [String] = []
        for raw in text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if (raw.hasPrefix(" ") || raw.hasPrefix("\t")), !lines.isEmpty {
                lines[lines.count - 1] += raw.dropFirst()
            } else {
                lines.append(String(raw))
            }
        }
        var days: Set<LocalDate> = []
        func date(_ value: Substring) -> LocalDate? {
            let v = value.prefix(8)
            guard v.count == 8, v.allSatisfy({ $0.isASCII && $0.isNumber }), let y = Int(v.prefix(4)),
                let m = Int(v.dropFirst(4).prefix(2)), let d = Int(v.suffix(2))
            else { return nil }
            return LocalDate(year: y, month: m, day: d)
        }
        if lines.contains(where: { $0.uppercased().hasPrefix("BEGIN:VCALENDAR") }) {
            var start: LocalDate?
            var end: LocalDate?
            for line in lines {
                let upper = line.uppercased()
                if upper.hasPrefix("BEGIN:VEVENT") { (start, end) = (nil, nil) }
                if upper.hasPrefix("DTSTART"), let colon = line.firstIndex(of: ":") {
                    start = date(line[line.index(after: colon)...])
                }
                if upper.hasPrefix("DTEND"), let colon = line.firstIndex(of: ":") {
                    end = date(line[line.index(after: colon)...])
                }
                if upper.hasPrefix("END:VEVENT"), let s = start {
                    let last = max(s, (end ?? s.adding(days: 1)).adding(days: -1))
                    guard last.daysSinceEpoch - s.daysSinceEpoch <= 366 else {
                        return ([], "an event longer than a year")
                    }
                    var d = s
                    while d <= last {
                        days.insert(d)
                        d = d.adding(days: 1)
                    }
                }
            }
            return (days, nil)
        }
        for line in lines {
            let text = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let t = text.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard let d = LocalDate(t) else { return ([], "'\(t.prefix(40))' is not a YYYY-MM-DD date") }
            days.insert(d)
        }
        return (days, nil)
    }
}

extension BusinessCalendar {
    /// A calendar's business time over a range of instants worked out once: its open
    /// stretches as instants with their running total, so business time between two instants
    /// is two binary searches (a report asks it for every ticket). Outside the range it asks
    /// the calendar.
    /// (A class: a report asks it once a ticket, and a copy of a struct of arrays would
    /// retain each of them every time.)
    public final class Timeline: Sendable {
        public let calendar: BusinessCalendar
        public let range: Range<Int64>
        /// Open stretches in order, and the business seconds before each.
        let starts: [Int64]
        let ends: [Int64]
        let before: [Int64]
        /// For each day of the range (86,400 s from its start), the index of the first stretch
        /// that starts on or after the day's first instant: a search starts there.
        let dayFirst: [Int32]

        public init(_ calendar: BusinessCalendar, covering range: Range<Int64>) {
            self.calendar = calendar
            self.range = range
            var stretches: [(Int64, Int64)] = []
            if !calendar.alwaysOpen {
                for piece in calendar.pieces(from: range.lowerBound, to: range.upperBound) {
                    stretches += calendar.localStretches(from: piece.from + piece.offset, to: piece.to + piece.offset)
                        .map { ($0.0 - piece.offset, $0.1 - piece.offset) }
                }
            }
            stretches.sort { $0.0 < $1.0 }
            var (starts, ends, before): ([Int64], [Int64], [Int64]) = ([], [], [])
            var total: Int64 = 0
            for (lo, hi) in stretches {
                if let last = ends.last, lo <= last {
                    // Touching or overlapping stretches (a span's end at a piece's boundary): one.
                    if hi > last {
                        total += hi - last
                        ends[ends.count - 1] = hi
                    }
                    continue
                }
                starts.append(lo)
                ends.append(hi)
                before.append(total)
                total += hi - lo
            }
            (self.starts, self.ends, self.before) = (starts, ends, before)
            let days = Int((range.upperBound - range.lowerBound + 86_399) / 86_400)
            var first: [Int32] = []
            first.reserveCapacity(days)
            var k = 0
            for d in 0..<max(0, days) {
                let dayStart = range.lowerBound + Int64(d) * 86_400
                while k < starts.count && starts[k] < dayStart { k += 1 }
                first.append(Int32(k))
            }
            dayFirst = first
        }

        /// Business seconds from the range's start to `t` (inside the range).
        func elapsed(_ t: Int64) -> Int64 {
            // The last stretch that starts at or before `t`: from the first of `t`'s day on
            // (a day has a few stretches at most).
            let day = Int((t - range.lowerBound) / 86_400)
            var i = day < dayFirst.count ? Int(dayFirst[day]) : starts.count
            while i < starts.count && starts[i] <= t { i += 1 }
            i -= 1
            guard i >= 0 else { return 0 }
            return before[i] + min(t, ends[i]) - starts[i]
        }

        /// `BusinessCalendar.businessSeconds`, the same figure: the part inside the range from
        /// the stretches, the parts outside it from the calendar.
        public func businessSeconds(from: Int64, to: Int64) -> Int64 {
            guard to > from else { return 0 }
            if calendar.alwaysOpen { return to - from }
            let (lo, hi) = (max(from, range.lowerBound), min(to, range.upperBound))
            var total = hi > lo ? elapsed(hi) - elapsed(lo) : 0
            if from < range.lowerBound { total += calendar.businessSeconds(from: from, to: min(to, range.lowerBound)) }
            if to > range.upperBound { total += calendar.businessSeconds(from: max(from, range.upperBound), to: to) }
            return total
        }
    }
}
