import Foundation
import Testing

@testable import TicketModel

let kolkata = TimeZone(identifier: "Asia/Kolkata")!

func fixture(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
}

func decodeText(_ text: String, path: String = "inline.json") throws -> DecodedFile {
    try TicketInputReader(decoder: TicketDecoder(accountTimeZone: kolkata)).decode(bytes: Array(text.utf8), path: path)
}

@Suite struct SampleResponseTests {
    @Test func documentedSampleResponseDecodesExactly() throws {
        let reader = TicketInputReader(decoder: TicketDecoder(accountTimeZone: kolkata))
        let file = try reader.read(path: try fixture("kapture-sample-response.json").path)
        #expect(file.kind == .envelope)
        #expect(file.skipped.isEmpty)
        #expect(file.declaredTotalCount == nil)
        #expect(file.tickets.count == 1)
        let t = try #require(file.tickets.first)
        #expect(t.ticketId == "713516551148")
        #expect(t.taskId == 530_348_198)
        #expect(t.title == "TEST 1")
        #expect(t.detail == nil)
        #expect(t.status == "Pending")
        #expect(t.substatus == "Pending")
        #expect(t.substatusKey == "PS")
        // 19-04-2024 14:19 in Asia/Kolkata is 08:49 UTC.
        #expect(t.createdAt == parseRFC3339("2024-04-19T08:49:00Z"))
        #expect(t.nextFollowUp == parseRFC3339("2024-04-19T14:19:00+05:30"))
        #expect(t.lastFollowUp == parseRFC3339("2024-04-22T14:31:00+05:30"))
        #expect(t.lastConversationTime == parseRFC3339("2024-04-19T14:19:00+05:30"))
        #expect(t.taskEndDate == nil)
        #expect(t.primarySource == "Mobile App")
        #expect(t.lastSource == "Mobile App")
        #expect(t.priority == "low")
        #expect(t.queueKey == nil)
        #expect(t.queueName == nil)
        #expect(t.assignedId == 209_803)
        #expect(t.assignedToName == "Kapture Dev API's")
        #expect(t.creatorId == 209_803)
        #expect(t.creatorName == "Kapture Dev API's")
        #expect(t.slaStatus == "out of sla")
        #expect(t.isBreached)
        #expect(t.sla == nil)
        #expect(t.tat == nil)
        #expect(t.ftr == false)
        #expect(t.customerRating == 0)
        #expect(t.totalConversations == 0)
        #expect(t.disposition == "Inbox")
        #expect(t.url == "https://devapi.kapturecrm.com/employee/view-task-detail.html?detail=5/530348198/713516551148")
        #expect(t.email == nil)
        #expect(t.phone == nil)
        #expect(t.orderId == nil)
        #expect(t.mergedTicketId == nil)
        #expect(t.additionalInfo == .object([]))
    }
}

@Suite struct EnvelopeTests {
    @Test func capitalisedKeysAndSingleObjectMessage() throws {
        let file = try decodeText(#"{"Status":"Success","Message":{"ticketId":12,"date":"01-05-2024 10:00"}}"#)
        #expect(file.tickets.map(\.ticketId) == ["12"])
    }

    @Test func messageAsStringMeansNoTickets() throws {
        let file = try decodeText(#"{"status":"success","message":"No Data Found"}"#)
        #expect(file.tickets.isEmpty)
        #expect(file.kind == .envelope)
    }

    @Test func failedStatusIsAnErrorNamingTheFile() throws {
        let error = #expect(throws: InputError.self) {
            try decodeText(#"{"message":"Invalid Auth Key","status":"failed"}"#, path: "day.json")
        }
        #expect(error?.description == #"day.json: the saved response has status "failed": Invalid Auth Key"#)
    }

    @Test func invalidJSONNamesFileLineAndColumn() throws {
        let error = #expect(throws: InputError.self) {
            try decodeText("{\"status\":\"success\",\n \"message\": [1,}\n", path: "bad.json")
        }
        #expect(error?.position?.line == 2)
        #expect(error?.position?.column == 16)
        #expect(error?.description.hasPrefix("bad.json: line 2, column 16: not valid JSON") == true)
    }

    @Test func topLevelArrayIsNotAnEnvelope() throws {
        let error = #expect(throws: InputError.self) { try decodeText("[1, 2]", path: "x.json") }
        #expect(error?.reason.contains("not a Kapture response envelope") == true)
    }

    @Test func emptyFileIsAnError() throws {
        #expect(throws: InputError.self) { try decodeText("  \n", path: "empty.json") }
    }

    @Test func jsonLinesOfBareTickets() throws {
        let text = """
            {"ticketId":"a","date":"01-05-2024 10:00"}
            {"ticketId":"b","date":"2024-05-01 11:00:00"}

            {"ticketId":"","date":"01-05-2024 10:00"}
            """
        let file = try decodeText(text)
        #expect(file.kind == .jsonLines)
        #expect(file.tickets.map(\.ticketId) == ["a", "b"])
        #expect(file.skipped == [.missingTicketId: 1])
    }

    @Test func jsonLinesWithANonObjectLineFails() throws {
        let error = #expect(throws: InputError.self) {
            try decodeText("{\"ticketId\":\"a\",\"date\":\"01-05-2024 10:00\"}\n42\n", path: "t.jsonl")
        }
        #expect(error?.position?.line == 2)
    }

    @Test func unusableTicketsAreCountedByReason() throws {
        let text = #"""
            {"status":"success","message":[
              {"ticketId":"1","date":"01-05-2024 10:00"},
              {"date":"01-05-2024 10:00"},
              {"ticketId":null,"date":"01-05-2024 10:00"},
              {"ticketId":"2","date":"31-02-2024 10:00"},
              {"ticketId":"3"},
              "not a ticket"
            ]}
            """#
        let file = try decodeText(text)
        #expect(file.tickets.count == 1)
        #expect(file.skipped == [.missingTicketId: 2, .unparseableCreationDate: 2, .notAnObject: 1])
    }
}
