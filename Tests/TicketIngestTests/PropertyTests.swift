import Foundation
import KaptureTestSupport
import SLAAnalytics
import SampleData
import Testing
import TicketIngest
import TicketModel

/// Random tickets with random key order, types, escapes, entities and white space.
func randomTicket(_ rng: inout SplitMix64, index: Int) -> String {
    func pick<T>(_ a: [T]) -> T { rng.pick(a) }
    func quoted(_ s: String) -> String {
        var out = ""
        JSONValue.writeString(s, to: &out)
        if rng.chance(0.1) { out = out.replacingOccurrences(of: "a", with: "\\u0061") }
        return out
    }
    var members: [(String, String)] = []
    let idForms = [
        "\"T\(index)\"", "\(index + 1000)", "\" T\(index) \"", "\"T&amp;\(index)\"", "\"\"", "null", "true",
        "\"0\(index)\"",
    ]
    if !rng.chance(0.03) { members.append((pick(["ticketId", "TicketId", "ticket_id", "TICKETID"]), pick(idForms))) }
    let day = 10 + rng.below(20)
    let dateForms = [
        "\"\(day)-04-2024 \(10 + rng.below(10)):\(10 + rng.below(50))\"", "\"2024-04-\(day) 0\(rng.below(10)):15:00\"",
        "\" \(day)-04-2024 23:59 \"", "\"31-02-2024 10:00\"", "12", "\"\"", "\"\(day)-04-2024T10:00\"",
    ]
    if !rng.chance(0.03) { members.append(("date", pick(dateForms))) }
    let texts = [
        "Pending", "Closed", " closed ", "COMPLETE", "Resolved", "", "Billing &amp; Payments", "&#39;q&#39;", "Email",
        "Chat", "Phone",
    ]
    for key in [
        "status", "substatusKey", "priority", "queueName", "queueKey", "primarySource", "lastSource", "assignedToName",
        "taskTitle", "url", "slaStatus",
    ] {
        if rng.chance(0.85) {
            let value: String
            switch rng.below(10) {
            case 0: value = "null"
            case 1: value = "\(rng.below(5))"
            case 2: value = "[1,\"x\"]"
            default:
                value = quoted(
                    pick(
                        texts + [
                            "out of sla", "Out Of SLA ", "within sla", "High", "low", "https://a.example/\(index)",
                        ]))
            }
            members.append((rng.chance(0.2) ? key.uppercased() : key, value))
        }
    }
    for key in ["assignedId", "customer_rating", "total_conversations"] {
        if rng.chance(0.85) {
            members.append(
                (
                    key,
                    pick(["\(rng.below(6))", "\"\(rng.below(6))\"", "\"x\"", "2.0", "-1", "1e2", "null", "\"  3 \""])
                ))
        }
    }
    if rng.chance(0.8) {
        members.append(("ftr", pick(["\"yes\"", "\"no\"", "\"YES \"", "true", "1", "0", "\"\"", "\"maybe\""])))
    }
    if rng.chance(0.8) {
        members.append(
            (
                "tat",
                pick([
                    "\"0:1:29\"", "\"2 Days 3 Hrs\"", "\" 1:2 \"", "\"NA\"", "\"\"", "\"12345678901:0\"", "\"1::2\"",
                    "\"3h 20m\"", "5",
                ])
            ))
    }
    members.append(("additional_info", pick(["{}", "{\"a\":[1,{\"b\":null}]}", "[]", "\"x\""])))
    // Random order, sometimes a duplicate key.
    var order = members.indices.map { $0 }
    for i in order.indices.reversed() { order.swapAt(i, rng.below(i + 1)) }
    var parts = order.map { "\(quoted(members[$0].0)):\(rng.chance(0.1) ? " " : "")\(members[$0].1)" }
    if rng.chance(0.05), let dup = parts.first { parts.append(dup) }
    return "{" + parts.joined(separator: rng.chance(0.1) ? " ,\n " : ",") + "}"
}

func randomEnvelope(_ rng: inout SplitMix64, tickets: Int, base: Int) -> String {
    let items = (0..<tickets).map { randomTicket(&rng, index: base + $0) }
    let keys = rng.chance(0.5) ? ("totalCount", "message", "status") : ("TotalCount", "Message", "Status")
    return "{\"\(keys.0)\":null,\"\(keys.1)\":[" + items.joined(separator: ",") + "],\"\(keys.2)\":\"success\"}"
}

@Suite struct PropertyTests {
    @Test(arguments: 0..<8)
    func randomValidTicketsGiveTheSameFiguresBothWays(seed: Int) throws {
        let dir = try temporaryFolder("random\(seed)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix64(seed: UInt64(seed) &* 7919 &+ 17)
        for f in 0..<4 {
            try Data(randomEnvelope(&rng, tickets: 60, base: f * 40).utf8).write(
                to: dir.appendingPathComponent("f\(f).json"))
        }
        let paths = try TicketInputReader.expand(paths: [dir.path])
        let o = options("2024-04-15", "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
        let slow = try slowSummary(paths, o)
        #expect(slow.totals.tickets > 0)
        for (threads, chunk) in [(1, 48), (2, 1 << 20), (3, 700)] {
            let (fast, stats) = try fastSummary(paths, o, threads: threads, chunkSize: chunk)
            #expect(fast.ignoringInputDigest == slow.ignoringInputDigest, "threads \(threads) chunk \(chunk)")
            #expect(stats.fastPathFiles == 4)
        }
    }

    @Test(arguments: 0..<6)
    func randomByteMutationsNeverCrashAndNeverDisagree(seed: Int) throws {
        let dir = try temporaryFolder("mutate\(seed)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix64(seed: UInt64(seed) &+ 1000)
        let original = Array(randomEnvelope(&rng, tickets: 12, base: 0).utf8)
        let o = options("2024-04-15", "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
        let path = dir.appendingPathComponent("m.json").path
        let interesting: [UInt8] =
            Array("{}[]\",:\\0123456789-+.eEtrufalsn \n\t".utf8) + [0x00, 0x80, 0xC3, 0xE2, 0xF0, 0xFF]
        for round in 0..<60 {
            var bytes = original
            for _ in 0..<(1 + rng.below(4)) {
                let at = rng.below(bytes.count)
                switch rng.below(3) {
                case 0: bytes[at] = rng.pick(interesting)
                case 1: bytes.remove(at: at)
                default: bytes.insert(rng.pick(interesting), at: at)
                }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let slow = Result { try slowSummary([path], o) }
            let fast = Result { try fastSummary([path], o, threads: 1, chunkSize: 8 + rng.below(64)).0 }
            switch (slow, fast) {
            case (.success(let a), .success(let b)):
                #expect(a.ignoringInputDigest == b.ignoringInputDigest, "round \(round)")
            case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "round \(round)")
            default: Issue.record("round \(round): one path failed and the other did not")
            }
        }
    }
}
