import Crypto
import ExampleData
import Foundation
import KaptureTestSupport
import ReportPipeline
import SLAAnalytics
import Testing
import TicketModel
import TicketStore

/// `provenance`: the digests are recomputed here apart from the code that makes them (the
/// files' with the system's `sha256sum`, the store's from each stored raw ticket), identical
/// inputs and options give an identical block, and one byte or one setting changes it.
@Suite struct ProvenanceTests {
    static let kolkata = TimeZone(identifier: "Asia/Kolkata")!

    static func options(_ configuration: Configuration = Configuration()) throws -> ReportOptions {
        try PeriodSelection(from: "2024-04-15", to: "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
            .resolve(configuration: configuration)
    }

    static func copyOfTheExamples() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("provenance-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: ExampleData.responsesURL!, to: dir)
        return dir
    }

    /// `sha256sum FILES | cut -c1-64 | xxd -r -p | sha256sum`, the recipe docs/METRICS.md
    /// gives, with the system's tools.
    static func shellDigest(of folder: URL) throws -> String {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
            .sorted()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.currentDirectoryURL = folder
        p.arguments = ["-c", "sha256sum \(files.joined(separator: " ")) | cut -c1-64 | xxd -r -p | sha256sum"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        return String(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64))
    }

    @Test func filesDigestIsTheirBytesAndOneByteChangesIt() throws {
        let dir = try Self.copyOfTheExamples()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = try Self.options()
        let first = try ReportJob.summarize(.files([dir.path]), options: options, accountTimeZone: Self.kolkata)
        let again = try ReportJob.summarize(.files([dir.path]), options: options, accountTimeZone: Self.kolkata)
        #expect(first.provenance == again.provenance)
        #expect(first.provenance.inputs.source == "files" && first.provenance.inputs.count == 14)
        #expect(first.provenance.inputs.sha256 == (try Self.shellDigest(of: dir)))
        #expect(first.provenance.engineVersion == ReportSummary.engineVersion)
        // One byte of one file: a letter of an order id (no figure reads it).
        let file = dir.appendingPathComponent("tickets-2024-04-10.json")
        var bytes = [UInt8](try Data(contentsOf: file))
        let key = Array("\"orderId\":\"OD".utf8)
        let at = try #require((0..<(bytes.count - key.count)).first { Array(bytes[$0..<($0 + key.count)]) == key })
        bytes[at + key.count - 1] = UInt8(ascii: "X")
        try Data(bytes).write(to: file)
        let changed = try ReportJob.summarize(.files([dir.path]), options: options, accountTimeZone: Self.kolkata)
        #expect(changed.provenance.inputs.sha256 != first.provenance.inputs.sha256)
        #expect(changed.provenance.inputs.sha256 == (try Self.shellDigest(of: dir)))
        #expect(changed.ignoringInputDigest == first.ignoringInputDigest)
    }

    /// The digest is of the bytes read once by whichever decoder takes the file: a bare
    /// ticket object (the tolerant reader's) and an envelope with white space after it (the
    /// fast scanner's, read to the end).
    @Test func bothDecodersHashTheWholeFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("provenance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("{\"ticketId\":\"T1\",\"date\":\"2024-04-16 10:00:00\",\"status\":\"Open\"}\n".utf8).write(
            to: dir.appendingPathComponent("a.json"))
        var envelope = try Data(
            contentsOf: ExampleData.responsesURL!.appendingPathComponent("tickets-2024-04-16.json"))
        envelope.append(Data("\n\n   ".utf8))
        try envelope.write(to: dir.appendingPathComponent("b.json"))
        let s = try ReportJob.summarize(.files([dir.path]), options: Self.options(), accountTimeZone: Self.kolkata)
        #expect(s.totals.tickets > 1)
        #expect(s.provenance.inputs.count == 2)
        #expect(s.provenance.inputs.sha256 == (try Self.shellDigest(of: dir)))
    }

    @Test func storeDigestIsOfTheDecodedColumnsOfTheDaysRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("provenance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        _ = try ImportJob.run(inputs: [ExampleData.responsesURL!.path], storePath: path, accountTimeZone: Self.kolkata)
        let options = try Self.options()
        let s = try ReportJob.summarize(.store(path), options: options, accountTimeZone: Self.kolkata)
        // Every ticket created from 2024-02-19 (the eighth week before the period, for the
        // anomaly check) to the end of 2024-04-21 in Kolkata: SHA-256 of its decoded columns
        // (a tag byte, then an integer's eight bytes or a text's length and bytes), the
        // digests summed as 256-bit big-endian numbers (byte by byte here), then hashed.
        let store = try SQLiteTicketStore(path: path, readOnly: true)
        let from = parseRFC3339("2024-02-19T00:00:00+05:30")!
        let to = parseRFC3339("2024-04-22T00:00:00+05:30")!
        var sum = [UInt8](repeating: 0, count: 32)
        var count = 0
        try store.forEachRawTicket(createdFrom: from, before: to, chunk: .wholePeriod) { row in
            var bytes: [UInt8] = []
            func be(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8((v >> (56 - 8 * UInt64($0))) & 0xff) } }
            for c in TicketColumn.decoded {
                if c.isText, let t = row.text(c) {
                    bytes += [2] + be(UInt64(t.count)) + Array(t)
                } else if !c.isText, let n = row.int64(c) {
                    bytes += [1] + be(UInt64(bitPattern: n))
                } else {
                    bytes += [0]
                }
            }
            var carry = 0
            for (i, b) in Array(SHA256.hash(data: bytes)).enumerated().reversed() {
                let v = Int(sum[i]) + Int(b) + carry
                sum[i] = UInt8(v & 0xff)
                carry = v >> 8
            }
            count += 1
        }
        let expected = SHA256.hash(data: sum).map { String(format: "%02x", $0) }.joined()
        #expect(count > 4000)
        #expect(s.provenance.inputs.source == "store")
        #expect(s.provenance.inputs.count == count)
        #expect(s.provenance.inputs.from == "2024-02-19" && s.provenance.inputs.to == "2024-04-21")
        #expect(s.provenance.inputs.sha256 == expected)
        // Whatever the threads and chunks.
        let one = try ReportJob.summarize(.store(path), options: options, accountTimeZone: Self.kolkata, threads: 1)
        #expect(one.provenance == s.provenance)
    }

    @Test func theConfigurationAndTheOptionsAreRecorded() throws {
        let plain = try Self.options()
        var configuration = Configuration()
        configuration.anomalies.k = 2.5
        let stricter = try Self.options(configuration)
        #expect(plain.configurationSHA256 != stricter.configurationSHA256)
        // The hash is of the settings' text, recomputed here.
        let text = Configuration().reportSettingsText
        #expect(text.contains("anomalies.k = 3.5\n"))
        #expect(
            plain.configurationSHA256
                == SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined())
        let summary = try ReportJob.summarize(
            .files([ExampleData.responsesURL!.path]), options: stricter, accountTimeZone: Self.kolkata)
        #expect(summary.provenance.configurationSHA256 == stricter.configurationSHA256)
        #expect(summary.provenance.options.anomalyK == 2.5)
        #expect(summary.provenance.options.trendWeeks == 8)
        #expect(summary.provenance.options.inputTimeZone == "Asia/Kolkata")
        #expect(summary.provenance.options.from == "2024-04-15" && summary.provenance.options.to == "2024-04-21")
    }
}

/// The trend from a store: a week is complete when the ledger holds each of its days as
/// complete, whatever tickets the store has.
@Suite struct StoreTrendTests {
    @Test func weeksAreCompleteByTheLedger() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trend-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        // The examples hold 2024-04-08 … 2024-04-21: two whole weeks, imported.
        _ = try ImportJob.run(
            inputs: [ExampleData.responsesURL!.path], storePath: path, accountTimeZone: ProvenanceTests.kolkata)
        // A later pull of 2024-04-10 failed: the day keeps its tickets but is no longer complete.
        try SQLiteTicketStore(path: path).markFailed(day: LocalDate("2024-04-10")!, error: "HTTP 503", at: Date())
        var selection = PeriodSelection(from: "2024-04-15", to: "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
        selection.trendWeeks = "3"
        let options = try selection.resolve(configuration: Configuration())
        let s = try ReportJob.summarize(.store(path), options: options, accountTimeZone: ProvenanceTests.kolkata)
        #expect(s.trend.map(\.weekStart) == ["2024-04-01", "2024-04-08", "2024-04-15"])
        #expect(s.trend.map(\.daysWithData) == [0, 6, 7])
        #expect(s.trend.map(\.complete) == [false, false, true])
        #expect(s.trend[0].tickets == 0 && s.trend[1].tickets == s.comparison?.tickets.previous)
        #expect(s.trend[2].tickets == s.totals.tickets)
    }
}
