import Foundation
import Testing
import TicketModel

/// Business time on a calendar (`BusinessCalendar`), against a brute force written apart from
/// it: step through the instants a minute at a time and ask Foundation's own calendar, in the
/// calendar's zone, for each minute's weekday, date and wall time; a minute counts when its
/// wall time is inside a span of a working day (or of the day before, for a span past
/// midnight).
@Suite struct BusinessCalendarTests {
    /// A calendar as the test knows it: spans in minutes from midnight by Foundation weekday
    /// (1 = Sunday … 7 = Saturday); an end past 1440 runs into the next day.
    struct Spec {
        var zone: String
        var spans: [Int: [(Int, Int)]]
        var holidays: Set<String>
        var hours: [String: String]
    }

    static func spec(
        _ zone: String, _ hours: [String: String], holidays: Set<String> = []
    ) -> Spec {
        // The test's own reading of the hours texts.
        let weekday = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]
        var spans: [Int: [(Int, Int)]] = [:]
        for (day, text) in hours {
            for part in text.split(separator: ",") {
                let ends = part.split(separator: "-").map { t -> Int in
                    let hm = t.split(separator: ":").compactMap { Int($0) }
                    return hm[0] * 60 + hm[1]
                }
                spans[weekday[day]!, default: []].append((ends[0], ends[1] > ends[0] ? ends[1] : ends[1] + 1440))
            }
        }
        return Spec(zone: zone, spans: spans, holidays: holidays, hours: hours)
    }

    static func calendar(_ s: Spec) throws -> BusinessCalendar {
        var week = Array(repeating: [BusinessCalendar.Span](), count: 7)
        for (key, text) in s.hours {
            let i = try #require(BusinessCalendar.weekdays.firstIndex(of: key))
            let parsed = BusinessCalendar.spans(text)
            try #require(parsed.problem == nil, "\(text)")
            week[i] = parsed.spans
        }
        return BusinessCalendar(
            name: "t", timeZone: TimeZone(identifier: s.zone)!, week: week,
            holidays: Set(s.holidays.compactMap { LocalDate($0) }))
    }

    /// Foundation's Gregorian calendar in the spec's zone.
    static func foundationCalendar(_ s: Spec) -> Calendar {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: s.zone)!
        return cal
    }

    /// Whether the minute starting at `instant` is business time, by Foundation alone.
    static func isOpen(_ s: Spec, _ instant: Int64, _ cal: Calendar) -> Bool {
        let date = Date(timeIntervalSince1970: TimeInterval(instant))
        let c = cal.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        let minute = c.hour! * 60 + c.minute!
        func key(_ d: DateComponents) -> String { String(format: "%04d-%02d-%02d", d.year!, d.month!, d.day!) }
        if !s.holidays.contains(key(c)),
            (s.spans[c.weekday!] ?? []).contains(where: { $0.0 <= minute && minute < $0.1 })
        {
            return true
        }
        let yesterday = cal.dateComponents(
            [.year, .month, .day, .weekday], from: cal.date(byAdding: .day, value: -1, to: date)!)
        return !s.holidays.contains(key(yesterday))
            && (s.spans[yesterday.weekday!] ?? []).contains {
                $0.1 > 1440 && $0.0 <= minute + 1440 && minute + 1440 < $0.1
            }
    }

    static func bruteForce(_ s: Spec, from: Int64, to: Int64) -> Int64 {
        let cal = foundationCalendar(s)
        return stride(from: from, to: to, by: 60).reduce(0) { $0 + (isOpen(s, $1, cal) ? 60 : 0) }
    }

    static func bruteDeadline(_ s: Spec, from: Int64, after seconds: Int64) -> Int64 {
        let cal = foundationCalendar(s)
        var done: Int64 = 0
        var m = from
        while true {
            if isOpen(s, m, cal) {
                done += 60
                if done >= seconds { return m + 60 }
            }
            m += 60
        }
    }

    static func instant(_ text: String) -> Int64 { Int64(parseRFC3339(text)!.timeIntervalSince1970) }

    static let office = [
        "mon": "09:00-18:00", "tue": "09:00-18:00", "wed": "09:00-18:00", "thu": "09:00-18:00",
        "fri": "09:00-18:00", "sat": "10:00-14:00",
    ]

    /// Each situation the issue names, in its zone: (name, calendar, from, to).
    static let cases: [(String, Spec, String, String)] = [
        (
            "created outside hours", spec("Asia/Kolkata", office), "2024-04-15T20:00:00+05:30",
            "2024-04-16T12:30:00+05:30"
        ),
        (
            "on a holiday", spec("Asia/Kolkata", office, holidays: ["2024-01-26"]), "2024-01-26T10:00:00+05:30",
            "2024-01-29T11:00:00+05:30"
        ),
        ("over a weekend", spec("Asia/Kolkata", office), "2024-04-19T17:00:00+05:30", "2024-04-22T10:15:00+05:30"),
        (
            "across an overnight shift",
            spec("Asia/Kolkata", ["mon": "22:00-06:00", "tue": "22:00-06:00", "wed": "22:00-06:00"]),
            "2024-04-15T21:00:00+05:30", "2024-04-17T03:00:00+05:30"
        ),
        (
            "New York, spring forward under a night shift",
            spec("America/New_York", ["sat": "22:00-06:00", "sun": "06:00-24:00"]), "2024-03-09T20:00:00-05:00",
            "2024-03-11T08:00:00-04:00"
        ),
        (
            "New York, fall back under a night shift",
            spec("America/New_York", ["sat": "20:00-04:00", "sun": "04:00-05:30"]),
            "2024-11-02T19:00:00-04:00", "2024-11-04T00:00:00-05:00"
        ),
        (
            "London, spring forward", spec("Europe/London", ["sun": "00:30-03:00", "sat": "09:00-17:00"]),
            "2024-03-30T00:00:00Z", "2024-04-01T00:00:00Z"
        ),
        (
            "London, fall back", spec("Europe/London", ["sun": "00:30-03:00", "sat": "09:00-17:00"]),
            "2024-10-26T00:00:00Z", "2024-10-28T00:00:00Z"
        ),
        (
            "a split day", spec("Europe/London", ["mon": "09:00-13:00,14:00-18:00", "tue": "09:00-13:00,14:00-18:00"]),
            "2024-04-15T12:00:00+01:00", "2024-04-16T14:30:00+01:00"
        ),
        (
            "a holiday's night shift is off, the night before it is on",
            spec("Asia/Kolkata", ["thu": "22:00-06:00", "fri": "22:00-06:00"], holidays: ["2024-01-26"]),
            "2024-01-25T12:00:00+05:30", "2024-01-27T12:00:00+05:30"
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func businessTimeIsTheBruteForces(_ k: Int) throws {
        let (name, s, from, to) = Self.cases[k]
        let c = try Self.calendar(s)
        let (a, b) = (Self.instant(from), Self.instant(to))
        let expected = Self.bruteForce(s, from: a, to: b)
        #expect(expected > 0, "\(name)")
        #expect(c.businessSeconds(from: a, to: b) == expected, "\(name)")
        // Every split of the interval adds up; every deadline is where the brute force
        // reaches that much business time.
        for hours in [1, 3, 7] where Int64(hours * 3600) <= expected {
            let deadline = try #require(c.deadline(from: a, after: Int64(hours * 3600)), "\(name)")
            #expect(deadline == Self.bruteDeadline(s, from: a, after: Int64(hours * 3600)), "\(name) \(hours) h")
            #expect(c.businessSeconds(from: a, to: deadline) == Int64(hours * 3600), "\(name) \(hours) h")
        }
    }

    /// SplitMix64: the same intervals on every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Random intervals over a year of each calendar (seeded), against the brute force.
    @Test func randomIntervalsAgreeWithTheBruteForce() throws {
        var rng = Seeded(state: 26)
        for (name, s, _, _) in Self.cases {
            let c = try Self.calendar(s)
            for _ in 0..<6 {
                let a = Self.instant("2024-01-01T00:00:00Z") + Int64.random(in: 0..<(365 * 1440), using: &rng) * 60
                let b = a + Int64.random(in: 0..<(3 * 1440), using: &rng) * 60
                #expect(c.businessSeconds(from: a, to: b) == Self.bruteForce(s, from: a, to: b), "\(name) \(a) \(b)")
            }
        }
    }

    /// A timeline (the open stretches worked out once, what a report asks) gives the brute
    /// force's figure too, inside its range and out of it.
    @Test func aTimelineIsTheBruteForce() throws {
        var rng = Seeded(state: 261)
        for (name, s, _, _) in Self.cases {
            let c = try Self.calendar(s)
            let start = Self.instant("2024-01-01T00:00:00Z")
            let timeline = BusinessCalendar.Timeline(c, covering: start..<(start + 366 * 86_400))
            for _ in 0..<6 {
                let a = start - 2 * 86_400 + Int64.random(in: 0..<(368 * 1440), using: &rng) * 60
                let b = a + Int64.random(in: 0..<(3 * 1440), using: &rng) * 60
                #expect(
                    timeline.businessSeconds(from: a, to: b) == Self.bruteForce(s, from: a, to: b), "\(name) \(a) \(b)")
            }
            let (_, _, from, to) = Self.cases.first { $0.0 == name }!
            let (a, b) = (Self.instant(from), Self.instant(to))
            #expect(timeline.businessSeconds(from: a, to: b) == Self.bruteForce(s, from: a, to: b), "\(name)")
        }
    }

    @Test func allHoursCountsEverySecond() {
        let a = Self.instant("2024-03-09T20:00:00-05:00")
        #expect(BusinessCalendar.allHours.businessSeconds(from: a, to: a + 100_000) == 100_000)
        #expect(BusinessCalendar.allHours.deadline(from: a, after: 4 * 3600) == a + 4 * 3600)
        #expect(BusinessCalendar.allHours.businessSeconds(from: a, to: a - 5) == 0)
    }

    @Test func hoursTextsAreReadOrRefusedInOneSentence() {
        #expect(BusinessCalendar.spans("09:00-18:00").spans == [.init(start: 32_400, end: 64_800)])
        #expect(BusinessCalendar.spans("00:00-24:00").spans == [.init(start: 0, end: 86_400)])
        #expect(BusinessCalendar.spans("22:00-06:00").spans == [.init(start: 79_200, end: 108_000)])
        #expect(BusinessCalendar.spans("closed").spans.isEmpty && BusinessCalendar.spans("closed").problem == nil)
        for (text, problem) in [
            ("25:00-26:00", "'25:00-26:00' is not HH:MM-HH:MM (00:00 … 24:00)"),
            ("9-18", "'9-18' is not HH:MM-HH:MM (00:00 … 24:00)"),
            ("09:00-09:00", "'09:00-09:00' is an empty span"),
            (
                "18:00-09:00,10:00-12:00",
                "'18:00-09:00' ends before it starts and is not the day's last span (only that one may run past midnight)"
            ),
            ("09:00-13:00,12:00-18:00", "the spans overlap or are out of order"),
        ] {
            #expect(BusinessCalendar.spans(text).problem == problem, "\(text)")
        }
        var week = Array(repeating: [BusinessCalendar.Span](), count: 7)
        week[0] = BusinessCalendar.spans("22:00-06:00").spans
        week[1] = BusinessCalendar.spans("05:00-12:00").spans
        #expect(BusinessCalendar.overlapAcrossMidnight(week) == "mon's span past midnight runs into tue's first span")
    }

    @Test func holidayFilesAreICalendarOrOneDateALine() {
        let ics = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            BEGIN:VEVENT\r
            SUMMARY:Republic\r
             Day\r
            DTSTART;VALUE=DATE:20240126\r
            DTEND;VALUE=DATE:20240127\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            DTSTART;VALUE=DATE:20241031\r
            DTEND;VALUE=DATE:20241102\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        #expect(
            BusinessCalendar.holidays(fromFile: ics).days
                == Set(["2024-01-26", "2024-10-31", "2024-11-01"].compactMap { LocalDate($0) }))
        #expect(
            BusinessCalendar.holidays(fromFile: "# India\n2024-01-26\n\n2024-08-15  # Independence Day\n").days
                == Set(["2024-01-26", "2024-08-15"].compactMap { LocalDate($0) }))
        #expect(BusinessCalendar.holidays(fromFile: "2024-13-01\n").problem == "'2024-13-01' is not a YYYY-MM-DD date")
    }
}
