import Foundation
import Testing

@testable import TicketModel

@Suite struct FieldDecodingTests {
    func ticket(_ json: String) throws -> Ticket {
        let value = try JSONParser.parse(Array(json.utf8))
        return try TicketDecoder(accountTimeZone: kolkata).decode(value).get()
    }

    @Test func ticketIdAsNumberOrString() throws {
        #expect(try ticket(#"{"ticketId":713516551148,"date":"19-04-2024 14:19"}"#).ticketId == "713516551148")
        #expect(try ticket(#"{"ticketId":" 42 ","date":"19-04-2024 14:19"}"#).ticketId == "42")
    }

    @Test func integersMayArriveAsStrings() throws {
        let t = try ticket(
            #"{"ticketId":"1","date":"19-04-2024 14:19","assignedId":"77","customer_rating":"4","total_conversations":"3.0","taskId":"9"}"#
        )
        #expect(t.assignedId == 77)
        #expect(t.customerRating == 4)
        #expect(t.totalConversations == 3)
        #expect(t.taskId == 9)
    }

    @Test func emptyStringsAreAbsent() throws {
        let t = try ticket(
            #"{"ticketId":"1","date":"19-04-2024 14:19","queueName":"  ","slaStatus":"","assignedId":""}"#)
        #expect(t.queueName == nil)
        #expect(t.slaStatus == nil)
        #expect(!t.hasSLA)
        #expect(t.assignedId == 0)
    }

    @Test func keysMatchIgnoringCaseAndUnderscores() throws {
        let t = try ticket(
            #"{"TicketId":"1","DATE":"19-04-2024 14:19","customerRating":5,"Total_Conversations":2,"lastConversationTime":"19-04-2024 15:00"}"#
        )
        #expect(t.customerRating == 5)
        #expect(t.totalConversations == 2)
        #expect(t.lastConversationTime != nil)
    }

    @Test func entitiesDecodedOnceInTextFields() throws {
        let t = try ticket(
            #"{"ticketId":"1","date":"19-04-2024 14:19","taskTitle":"&amp;lt;b&amp;gt; &quot;hi&quot; &#39;x&#x27;","queueName":"Billing &amp; Payments"}"#
        )
        #expect(t.title == "&lt;b&gt; \"hi\" 'x'")
        #expect(t.queueName == "Billing & Payments")
    }

    @Test func ftrFlagForms() throws {
        for (text, expected) in [("yes", true), ("YES", true), ("no", false), ("", nil), ("maybe", nil)]
            as [(String, Bool?)]
        {
            #expect(try ticket(#"{"ticketId":"1","date":"19-04-2024 14:19","ftr":"\#(text)"}"#).ftr == expected)
        }
        #expect(try ticket(#"{"ticketId":"1","date":"19-04-2024 14:19","ftr":true}"#).ftr == true)
    }

    @Test func additionalInfoIsKeptAndUnknownKeysIgnored() throws {
        let t = try ticket(
            #"{"ticketId":"1","date":"19-04-2024 14:19","additional_info":{"city":"Pune","n":[1,2]},"brandNewKey":{"x":1}}"#
        )
        #expect(t.additionalInfo?["city"] == .string("Pune"))
        #expect(t.additionalInfo?.jsonText == #"{"city":"Pune","n":[1,2]}"#)
    }

    @Test func timestampsReadAsAccountWallTime() throws {
        let utc = TimeZone(identifier: "UTC")!
        let value = try JSONParser.parse(Array(#"{"ticketId":"1","date":"2024-04-19 14:19:05"}"#.utf8))
        let inUTC = try TicketDecoder(accountTimeZone: utc).decode(value).get()
        let inIndia = try TicketDecoder(accountTimeZone: kolkata).decode(value).get()
        #expect(inUTC.createdAt == parseRFC3339("2024-04-19T14:19:05Z"))
        #expect(inIndia.createdAt.timeIntervalSince(inUTC.createdAt) == -19_800)
    }
}

@Suite struct TextParsingTests {
    @Test(arguments: [
        ("Kapture Dev API&apos;s", "Kapture Dev API's"),
        ("a &amp; b", "a & b"),
        ("&amp;lt;b&amp;gt;", "&lt;b&gt;"),
        ("&#39;&#x27;&#X27;", "'''"),
        ("&nbsp;", "\u{00A0}"),
        ("&bogus; & &", "&bogus; & &"),
        ("&#0;", "\u{FFFD}"),
        ("&#xD800;", "\u{FFFD}"),
        ("&#99999999;", "\u{FFFD}"),
        ("no entities", "no entities"),
        ("&", "&"),
        ("&;", "&;"),
    ])
    func htmlEntities(input: String, expected: String) {
        #expect(HTMLEntities.decode(input) == expected)
    }

    @Test(
        arguments: [
            ("0:1:29", 89),
            ("2:00", 7200),
            ("1:2:3:4", 93784),
            ("2 Days 3 Hrs", 2 * 86400 + 3 * 3600),
            ("1 Day 2 Hr 5 Min", 86400 + 7200 + 300),
            ("45 mins 10 secs", 2710),
            ("3h 20m", 12000),
            ("1 day, 1 hour", 90000),
        ] as [(String, Int)])
    func durationsParse(text: String, seconds: Int) {
        #expect(DurationText(raw: text).seconds == seconds)
    }

    @Test(arguments: ["", "NA", "5", "1::2", "2 Weeks", "Days 2", ":", "1:2:3:4:5", "12345678901:0"])
    func unreadableDurations(text: String) {
        #expect(DurationText(raw: text).seconds == nil)
    }

    @Test func timestampFormats() {
        let expected = Int64(LocalDate(year: 2024, month: 4, day: 19)!.daysSinceEpoch) * 86400 + 14 * 3600 + 19 * 60
        #expect(KaptureTimestamp.localSeconds("19-04-2024 14:19") == expected)
        #expect(KaptureTimestamp.localSeconds("2024-04-19 14:19:00") == expected)
        #expect(KaptureTimestamp.localSeconds("2024-04-19T14:19") == expected)
        #expect(KaptureTimestamp.localSeconds("19-04-2024 14:19:30") == expected + 30)
        #expect(KaptureTimestamp.localSeconds(" 19-04-2024 14:19 ") == expected)
        for bad in [
            "", "19/04/2024 14:19", "31-02-2024 10:00", "19-13-2024 10:00", "19-04-2024 24:00", "19-04-2024 1:19",
            "2024-04-19 14:60:00", "29-02-2023 10:00", "abcdefghijklmnop",
        ] {
            #expect(KaptureTimestamp.localSeconds(bad) == nil, "\(bad)")
        }
        #expect(KaptureTimestamp.localSeconds("29-02-2024 10:00") != nil)
    }
}
