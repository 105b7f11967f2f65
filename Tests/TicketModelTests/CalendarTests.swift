import Foundation
import Testing

@testable import TicketModel

@Suite struct CalendarTests {
    @Test func localDateRoundTripsThroughDayNumbers() {
        for days in stride(from: -800_000, through: 2_900_000, by: 997) {
            let d = LocalDate(daysSinceEpoch: days)
            #expect(d.daysSinceEpoch == days)
        }
        #expect(LocalDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(LocalDate("2024-02-29")?.adding(days: 1).description == "2024-03-01")
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("2024-4-1") == nil)
        #expect(LocalDate("2024-04-15")?.weekdayFromMonday == 0)
        #expect(LocalDate("2024-04-21")?.weekdayFromMonday == 6)
    }

    @Test func presetsRelativeToToday() {
        let monday = LocalDate("2024-04-22")!
        let sunday = LocalDate("2024-04-28")!
        #expect(PeriodPreset.lastWeek.period(today: monday).description == "2024-04-15 … 2024-04-21")
        #expect(PeriodPreset.lastWeek.period(today: sunday).description == "2024-04-15 … 2024-04-21")
        #expect(PeriodPreset.last7Days.period(today: monday).description == "2024-04-15 … 2024-04-21")
        #expect(PeriodPreset.last14Days.period(today: monday).description == "2024-04-08 … 2024-04-21")
        #expect(PeriodPreset.yesterday.period(today: monday).description == "2024-04-21 … 2024-04-21")
        #expect(PeriodPreset.monthToDate.period(today: monday).description == "2024-04-01 … 2024-04-22")
        #expect(PeriodPreset.lastMonth.period(today: LocalDate("2024-03-10")!).description == "2024-02-01 … 2024-02-29")
    }

    @Test func previousPeriodHasEqualLength() {
        let p = ReportPeriod(from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-21")!)!
        #expect(p.previous.description == "2024-04-08 … 2024-04-14")
        #expect(ReportPeriod(from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-14")!) == nil)
    }

    @Test func zoneClockHandlesDaylightSaving() {
        let ny = ZoneClock(TimeZone(identifier: "America/New_York")!)
        // 2024-03-10 is the spring-forward day: local midnight is still EST (-5h).
        let day = LocalDate("2024-03-10")!
        #expect(ny.startOfDay(day) == Int64(day.daysSinceEpoch) * 86400 + 5 * 3600)
        let summer = LocalDate("2024-07-01")!
        #expect(ny.startOfDay(summer) == Int64(summer.daysSinceEpoch) * 86400 + 4 * 3600)
        #expect(ny.localDate(atInstant: ny.startOfDay(summer)) == summer)
        #expect(ny.localDate(atInstant: ny.startOfDay(summer) - 1) == summer.adding(days: -1))
        let india = ZoneClock(kolkata)
        #expect(india.rfc3339(parseRFC3339("2024-04-22T03:30:00Z")!) == "2024-04-22T09:00:00+05:30")
    }

    @Test func rfc3339Parsing() {
        #expect(parseRFC3339("2024-04-22T09:00:00+05:30")?.timeIntervalSince1970 == 1_713_756_600)
        #expect(parseRFC3339("2024-04-22T03:30:00Z")?.timeIntervalSince1970 == 1_713_756_600)
        #expect(parseRFC3339("2024-04-22T03:30:00.5Z")?.timeIntervalSince1970 == 1_713_756_600.5)
        for bad in [
            "2024-04-22", "2024-04-22T09:00:00", "2024-04-22T09:00:00+5:30", "yesterday", "2024-04-31T00:00:00Z",
        ] {
            #expect(parseRFC3339(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct JSONParserTests {
    @Test func parsesEscapesAndSurrogatePairs() throws {
        let v = try JSONParser.parse(Array(#"{"a":"\u00e9\ud83d\ude00\n\"\\\/","b":[true,false,null,-1.5e3,0]}"#.utf8))
        #expect(v["a"] == .string("é😀\n\"\\/"))
        #expect(v["b"] == .array([.bool(true), .bool(false), .null, .number("-1.5e3"), .number("0")]))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try JSONParser.parse(Array(#""\ud800x""#.utf8)) == .string("\u{FFFD}x"))
    }

    @Test func rejectsMalformedInput() {
        for bad in ["{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\u{01}\"", "tru", "{\"a\":1} x", "\"\\x\"", "-"] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8)) }
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(deep.utf8)) }
    }

    @Test func invalidUTF8IsAnError() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test func writerEscapesForJSON() throws {
        var out = ""
        JSONValue.writeString("a\"b\\c\u{0}\u{1b}\u{2028}é", to: &out)
        #expect(out == #""a\"b\\c\u0000\u001b\u2028é""#)
        let value = JSONValue.object([("k", .string("v\n")), ("n", .number("12"))])
        #expect(try JSONParser.parse(Array(value.jsonText.utf8)) == value)
    }
}
