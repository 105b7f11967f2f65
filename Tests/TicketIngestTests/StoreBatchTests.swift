import Crypto
import Foundation
import GRDB
import KaptureTestSupport
import Testing
import TicketIngest
import TicketModel
import TicketStore

/// The rows `import` builds straight from bytes, against the rows the tolerant decoder gives,
/// and the raw JSON the store keeps (compressed with its own dictionary).
@Suite struct StoreBatchTests {
    static let examples = packageRoot.appendingPathComponent("Examples/responses").path

    /// Files with the shapes the fast path must treat exactly as the tolerant decoder does.
    func quirkyFiles() throws -> [String] {
        let dir = try temporaryFolder()
        let files: [String: String] = [
            "a.json":
                #"{"Status":"Success","Message":[{"ticketId":"x1","date":"19-04-2024 10:00","status":"closed","slaStatus":" OUT OF SLA ","ftr":"YES","customer_rating":"4","total_conversations":2.0,"priority":"High","tat":"1:02:03"},{"TicketId":7,"DATE":"2024-04-19 11:00:00","assigned_id":"12","assignedToName":"A &amp; B","queueKey":"Q","lastSource":"Chat","tat":"2 Days 3 Hrs","ftr":0}],"TotalCount":2}"#,
            "b.json":
                #"{"message":[1,"x",null,{"date":"19-04-2024 10:00"},{"ticketId":"","date":"19-04-2024 10:00"},{"ticketId":"ok","date":"31-02-2024 10:00"},{"ticketId":"\u0041\u00e9","date":"19-04-2024 10:00","taskTitle":"\ud83d\ude00 \"quoted\"","status":"Pending","slaStatus":"out of sla","url":"https:\/\/x.example\/a","tat":"  "},{"ticketId":" 42 ","date":"19-04-2024 23:59","taskTitle":" padded &lt;b&gt; ","tat":"oops","customer_rating":"n/a","priority":"LOW"}],"status":"success"}"#,
            "c.jsonl":
                "{\"ticketId\":\"l1\",\"date\":\"19-04-2024 10:00\"}\n{\"ticketId\":\"x1\",\"date\":\"19-04-2024 12:00\",\"status\":\"Open\"}\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return try TicketInputReader.expand(paths: [dir.path])
    }

    /// What the tolerant decoder makes of `path`, as a batch (raw JSON as text).
    func tolerantBatch(_ path: String) throws -> (TicketBatch, [LocalDate: Int]) {
        let reader = TicketInputReader(decoder: TicketDecoder(accountTimeZone: kolkata))
        let decoded = try reader.decode(
            bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), path: path, keepRawJSON: true)
        var batch = TicketBatch(dictionary: nil)
        var days: [LocalDate: Int] = [:]
        for (t, raw) in zip(decoded.tickets, decoded.rawJSON ?? []) {
            batch.append(t, rawJSON: raw, compressor: nil)
            days[ZoneClock(kolkata).localDate(of: t.createdAt), default: 0] += 1
        }
        return (batch, days)
    }

    /// A new store in a temporary folder with a dictionary trained on the examples' first
    /// `samples` tickets, and the example files.
    func newStore(trainedOn samples: Int, _ name: String = #function) throws -> (
        String, SQLiteTicketStore, [String], RawJSONDictionary
    ) {
        let path = try temporaryFolder(name).appendingPathComponent("s.sqlite").path
        let store = try SQLiteTicketStore(path: path)
        let paths = try TicketInputReader.expand(paths: [Self.examples])
        let dictionary = try #require(
            try store.trainRawDictionary(
                samples: TicketRows.sampleRawJSON(paths: paths, accountTimeZone: kolkata, limit: samples)))
        return (path, store, paths, dictionary)
    }

    func parsed(_ bytes: [UInt8]?) -> JSONValue? { bytes.flatMap { try? JSONParser.parse($0) } }

    /// Every column of every row, for the bundled examples and quirky files, read in chunks
    /// as small as 64 bytes (so that tickets straddle chunk ends and are decoded again) on one
    /// and two threads: the same as the tolerant decoder's, and the raw JSON the same object.
    @Test func fastRowsAreTheTolerantRows() throws {
        let folder = try temporaryFolder()
        let store = try SQLiteTicketStore(path: folder.appendingPathComponent("s.sqlite").path)
        let paths = try TicketInputReader.expand(paths: [Self.examples]) + (try quirkyFiles())
        let dictionary = try #require(
            try store.trainRawDictionary(
                samples: TicketRows.sampleRawJSON(paths: paths, accountTimeZone: kolkata, limit: 2_000)))
        var expected: [String: (TicketBatch, [LocalDate: Int])] = [:]
        for path in paths { expected[path] = try tolerantBatch(path) }
        for chunk in [64, 1 << 20] {
            for threads in [1, 2] {
                var seen = 0
                try TicketRows.decode(
                    paths: paths, accountTimeZone: kolkata, dictionary: dictionary, threads: threads, chunkSize: chunk
                ) { file in
                    let (reference, days) = expected[file.path]!
                    let fast = file.batch
                    #expect(fast.count == reference.count, "\(file.path), chunk \(chunk)")
                    #expect(fast.ticketIds == reference.ticketIds, "\(file.path), chunk \(chunk)")
                    #expect(file.ticketsByDay == days, "\(file.path)")
                    #expect(fast.dictionaryID == dictionary.id)
                    for row in 0..<min(fast.count, reference.count) {
                        for c in TicketColumn.textColumns where c != .raw && c != .rawSha256 {
                            #expect(fast.text(row, c) == reference.text(row, c), "\(c) of row \(row) of \(file.path)")
                        }
                        for c in TicketColumn.integerColumns {
                            #expect(fast.integer(row, c) == reference.integer(row, c), "\(c) of row \(row)")
                        }
                        let raw = try #require(fast.text(row, .raw)).withUnsafeBytes { dictionary.decompress($0) }
                        #expect(raw != nil && parsed(raw) == parsed(reference.text(row, .raw)))
                        // The digest is of the bytes stored, as received.
                        #expect(fast.text(row, .rawSha256) == raw.map { Array(SHA256.hash(data: $0)) })
                    }
                    seen += fast.count
                }
                #expect(seen > 4_000)
            }
        }
    }

    /// `import`'s path: the store keeps every ticket's raw JSON byte for byte as the file
    /// has it, compressed to a fraction of its size.
    @Test func importedRawJSONIsExactAndCompressed() throws {
        let (path, store, paths, dictionary) = try newStore(trainedOn: 2_000)
        var rawBytes = 0
        try TicketRows.decode(paths: paths, accountTimeZone: kolkata, dictionary: dictionary, threads: 2) { file in
            try store.saveTickets(file.batch)
            let text = try String(contentsOfFile: file.path, encoding: .utf8)
            let (reference, _) = try tolerantBatch(file.path)
            for row in stride(from: 0, to: reference.count, by: 41) {
                let id = reference.ticketIds[row]
                let raw = try #require(try store.rawJSON(ticketId: id))
                #expect(text.contains(raw), "ticket \(id): the stored JSON is the file's own text")
                #expect(parsed(Array(raw.utf8)) == parsed(reference.text(row, .raw)))
            }
            for row in 0..<reference.count { rawBytes += reference.text(row, .raw)?.count ?? 0 }
        }
        let queue = try DatabaseQueue(path: path)
        let (rows, compressed, stored) = try queue.read { db in
            let row = try Row.fetchOne(
                db,
                sql: "SELECT count(*), count(raw_dictionary_id), sum(length(CAST(raw AS BLOB))) FROM tickets")!
            return (row[0] as Int, row[1] as Int, row[2] as Int)
        }
        #expect(rows == (try store.ticketCount()) && rows > 4_000)
        #expect(compressed == rows)
        // The examples repeat their keys and much of their text: well under a quarter.
        #expect(stored * 4 < rawBytes, "\(stored) bytes stored for \(rawBytes)")
    }
}
