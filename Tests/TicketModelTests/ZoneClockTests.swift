import Foundation
import KaptureTestSupport
import Testing

@testable import TicketModel

/// The zones whose transitions test the day rule: a day without midnight (Santiago, Beirut,
/// Cairo, Havana), a repeated hour (New York, London), a 30-minute shift (Lord Howe), a
/// zone east of UTC with DST (Sydney), a 45-minute offset (Kathmandu, no DST).
let transitionZones = [
    "America/Santiago", "Asia/Beirut", "Africa/Cairo", "America/Havana", "America/New_York", "Europe/London",
    "Australia/Lord_Howe", "Australia/Sydney", "Asia/Kathmandu", "Asia/Kolkata", "UTC",
]

@Suite struct ZoneClockTests {
    /// The transitions of `zone` from 2023 to 2025.
    static func transitions(_ zone: TimeZone) -> [Int64] {
        var result: [Int64] = []
        var at = Date(timeIntervalSince1970: 1_672_531_200)  // 2023-01-01
        while let next = zone.nextDaylightSavingTimeTransition(after: at), next.timeIntervalSince1970 < 1_767_225_600 {
            result.append(Int64(next.timeIntervalSince1970))
            at = next
        }
        return result
    }

    /// Every wall time every 10 minutes from 3 h before to 3 h after each transition (the
    /// skipped and repeated ones among them) gives the brute-force instant.
    @Test func wallTimesBecomeTheInstantsOfTheRule() {
        for name in transitionZones {
            let zone = TimeZone(identifier: name)!
            let clock = ZoneClock(zone)
            let around = Self.transitions(zone)
            #expect(around.count >= (["Asia/Kathmandu", "Asia/Kolkata", "UTC"].contains(name) ? 0 : 4), "\(name)")
            for t in around {
                let wallAtTransition = ReferenceZone.local(zone, t - 1) + 1
                let start = wallAtTransition - wallAtTransition % 600 - 3 * 3600
                for wall in stride(from: start, through: start + 6 * 3600, by: 600) {
                    #expect(
                        clock.instant(fromLocalSeconds: wall) == ReferenceZone.instant(zone, wall: wall),
                        "\(name) wall \(wall)")
                }
            }
        }
    }

    /// The cases of the issue, by hand.
    @Test func theHandWorkedCases() {
        func instant(_ zone: String, _ wall: String) -> String {
            let clock = ZoneClock(TimeZone(identifier: zone)!)
            let local = KaptureTimestamp.localSeconds(wall)!
            return ZoneClock(TimeZone(identifier: "UTC")!).rfc3339(
                Date(timeIntervalSince1970: TimeInterval(clock.instant(fromLocalSeconds: local))))
        }
        // Santiago skips 2024-09-08 00:00–01:00 (-04 → -03): 00:30 moves forward to 01:30 -03.
        #expect(instant("America/Santiago", "08-09-2024 00:30") == "2024-09-08T04:30:00Z")
        #expect(instant("America/Santiago", "07-09-2024 23:59") == "2024-09-08T03:59:00Z")
        #expect(instant("America/Santiago", "08-09-2024 01:00") == "2024-09-08T04:00:00Z")
        // New York repeats 2024-11-03 01:00–02:00: the first occurrence (EDT, -04).
        #expect(instant("America/New_York", "03-11-2024 01:30") == "2024-11-03T05:30:00Z")
        #expect(instant("America/New_York", "03-11-2024 02:30") == "2024-11-03T07:30:00Z")
        // New York skips 2024-03-10 02:00–03:00: 02:30 becomes 03:30 EDT.
        #expect(instant("America/New_York", "10-03-2024 02:30") == "2024-03-10T07:30:00Z")
        // Lord Howe skips 2024-10-06 02:00–02:30 (+10:30 → +11): 02:10 becomes 02:40 +11.
        #expect(instant("Australia/Lord_Howe", "06-10-2024 02:10") == "2024-10-05T15:40:00Z")
        // Lord Howe repeats 2024-04-07 01:30–02:00: the first occurrence (+11).
        #expect(instant("Australia/Lord_Howe", "07-04-2024 01:45") == "2024-04-06T14:45:00Z")
        // Cairo skips 2024-04-26 00:00–01:00, Beirut 2024-03-31 00:00–01:00.
        #expect(instant("Africa/Cairo", "26-04-2024 00:15") == "2024-04-25T22:15:00Z")
        #expect(instant("Asia/Beirut", "31-03-2024 00:15") == "2024-03-30T22:15:00Z")
    }

    /// `startOfDay` is the first instant of the day in every zone the system knows, on
    /// every day with a transition from 2020 to 2026 and the days either side: the instant
    /// before it belongs to the day before. The SQL range of `report --store` is built from it.
    @Test func startOfDayBoundsEveryDayInEveryZone() {
        var checked = 0
        for name in TimeZone.knownTimeZoneIdentifiers {
            guard let zone = TimeZone(identifier: name) else { continue }
            let clock = ZoneClock(zone)
            var at = Date(timeIntervalSince1970: 1_577_836_800)  // 2020-01-01
            while let next = zone.nextDaylightSavingTimeTransition(after: at),
                next.timeIntervalSince1970 < 1_798_761_600
            {
                at = next
                let day = ReferenceZone.day(zone, Int64(next.timeIntervalSince1970))
                for d in [day.adding(days: -1), day, day.adding(days: 1)] {
                    let start = clock.startOfDay(d)
                    #expect(ReferenceZone.day(zone, start) == d, "\(name) \(d)")
                    #expect(ReferenceZone.day(zone, start - 1) < d, "\(name) \(d)")
                    #expect(clock.localDate(atInstant: start) == d && clock.localDate(atInstant: start - 1) < d)
                    checked += 1
                }
            }
        }
        #expect(checked > 3000)
    }

    /// A day finder fed instants every 7 minutes across each transition (forwards, then
    /// backwards, as unsorted instants come) finds the day the reference zone gives each.
    @Test func aDayFinderFindsTheReferenceDayAcrossTransitions() {
        for name in transitionZones {
            let zone = TimeZone(identifier: name)!
            var finder = LocalDayFinder(clock: ZoneClock(zone))
            for t in Self.transitions(zone) {
                let instants = Array(stride(from: t - 2 * 86_400, to: t + 2 * 86_400, by: 420))
                for instant in instants + instants.reversed() {
                    finder.find(instant)
                    #expect(finder.day == ReferenceZone.day(zone, instant), "\(name) \(instant)")
                    #expect(finder.daysSinceEpoch == finder.day.daysSinceEpoch)
                }
            }
        }
    }

    /// When the report zone is the account zone, a ticket counts on its wall time's own day,
    /// whatever the transition: every wall time of every transition day, every 5 minutes,
    /// 2023–2025, in every zone above.
    @Test func inItsOwnZoneAWallTimeKeepsItsDay() {
        for name in transitionZones {
            let zone = TimeZone(identifier: name)!
            let clock = ZoneClock(zone)
            for t in Self.transitions(zone) {
                let day = ReferenceZone.day(zone, t)
                for d in [day.adding(days: -1), day] {
                    for minute in stride(from: 0, to: 1440, by: 5) {
                        let wall = Int64(d.daysSinceEpoch) * 86_400 + Int64(minute * 60)
                        #expect(
                            clock.localDate(atInstant: clock.instant(fromLocalSeconds: wall)) == d,
                            "\(name) \(d) \(minute)")
                    }
                }
            }
        }
    }

    /// The day lengths a report shows: 23 and 25 hours in New York, 23.5 and 24.5 on Lord Howe.
    @Test func dayLengthsFollowTheTransitions() {
        func hours(_ zone: String, _ day: String) -> Double {
            let clock = ZoneClock(TimeZone(identifier: zone)!)
            let d = LocalDate(day)!
            return Double(clock.startOfDay(d.adding(days: 1)) - clock.startOfDay(d)) / 3600
        }
        #expect(hours("America/New_York", "2024-03-10") == 23)
        #expect(hours("America/New_York", "2024-11-03") == 25)
        #expect(hours("America/Santiago", "2024-09-08") == 23)
        #expect(hours("Australia/Lord_Howe", "2024-10-06") == 23.5)
        #expect(hours("Australia/Lord_Howe", "2024-04-07") == 24.5)
        #expect(hours("Asia/Kolkata", "2024-09-08") == 24)
    }
}
