import Foundation
import Testing
import TicketModel

/// Hostile input files are refused without being read whole, with the error parsing the
/// whole file gives.
@Suite struct HostileFileTests {
    static func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// 20 MB of `[` (a 200 MB one once took 311 MB before exit 65): the tolerant reader reads
    /// its first 257 bytes, and the error is the one the whole file gives, at line 1 column 257.
    /// Deep nesting behind strings, escapes, JSON Lines and a valid file's deepest nesting
    /// give the same error (or none) as the whole file too.
    @Test func aDeeplyNestedFileIsRefusedFromItsFirstBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let brackets = try Self.write(Array(repeating: UInt8(ascii: "["), count: 20 << 20), "brackets.json", in: folder)
        let prefix = try #require(TicketInputReader.readJSONInput(brackets))
        #expect(prefix.count == JSONParser.maximumDepth + 1)
        let reader = TicketInputReader(decoder: TicketDecoder(accountTimeZone: TimeZone(identifier: "UTC")!))
        do {
            _ = try reader.read(path: brackets)
            Issue.record("read")
        } catch {
            #expect(
                error.description.hasSuffix("line 1, column 257: not valid JSON: values are nested more than 256 deep"),
                "\(error)")
        }

        let line = #"{"ticketId":"1","date":"15-04-2024 11:07","taskTitle":"[[[{{\"[\\"}"#
        let deep = String(repeating: #"{"a":["#, count: 200)
        let cases: [(String, String)] = [
            (
                "strings.json",
                #"{"status":"success","message":[{"t":""# + String(repeating: "[", count: 5000) + #""}]}"#
            ),
            ("escapes.json", #"["\"["# + String(repeating: "[", count: 300)),
            ("lines.jsonl", line + "\n" + line + "\n" + deep + "1"),
            ("deepest.json", String(repeating: "[", count: 256) + String(repeating: "]", count: 256)),
            ("one-too-deep.json", String(repeating: "[", count: 256) + "1" + String(repeating: "]", count: 256)),
            ("unbalanced.json", "]]]]" + String(repeating: "[", count: 400)),
        ]
        for (name, text) in cases {
            let path = try Self.write(Array(text.utf8), name, in: folder)
            let whole = try #require(TicketInputReader.readAll(path))
            let streamed = try #require(TicketInputReader.readJSONInput(path))
            #expect(whole.starts(with: streamed), "\(name)")
            func outcome(_ bytes: [UInt8]) -> String {
                do { return "\(try reader.decode(bytes: bytes, path: path).tickets.count) tickets" } catch {
                    return error.description
                }
            }
            #expect(outcome(streamed) == outcome(whole), "\(name)")
        }
    }
}
