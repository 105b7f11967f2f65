import Crypto
import ExampleData
import Foundation
import KaptureTestSupport
import ReportPipeline
import SLAAnalytics
import Testing
import TicketModel
import TicketStore

import class GRDB.DatabaseQueue

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
    /// gives, with the system's tools; a tool that fails (or is missing) anywhere in the pipe
    /// fails the test (`pipefail`) instead of digesting nothing.
    static func shellDigest(of folder: URL) throws -> String {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
            .sorted()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.currentDirectoryURL = folder
        p.arguments = [
            "-c", "set -o pipefail; sha256sum \(files.joined(separator: " ")) | cut -c1-64 | xxd -r -p | sha256sum",
        ]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let digest = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "the shell digest failed (are sha256sum and xxd installed?)")
        return String(String(decoding: digest, as: UTF8.self).prefix(64))
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

    /// The store's digest, recomputed here from the raw JSON the store gives back (each
    /// ticket exactly as received, `raw`'s contract): SHA-256 of each ticket's bytes, the
    /// digests summed as 256-bit big-endian numbers (byte by byte here), then hashed.
    static func expectedStoreDigest(_ store: any TicketStoring) throws -> (sha256: String, count: Int) {
        // Every ticket created from 2024-02-19 (the eighth week before the period, for the
        // anomaly check) to the end of 2024-04-21 in Kolkata.
        let from = parseRFC3339("2024-02-19T00:00:00+05:30")!
        let to = parseRFC3339("2024-04-22T00:00:00+05:30")!
        var sum = [UInt8](repeating: 0, count: 32)
        var count = 0
        try store.forEachRawJSON(createdFrom: from, before: to) { _, json in
            var carry = 0
            for (i, b) in Array(SHA256.hash(data: Data(json.utf8))).enumerated().reversed() {
                let v = Int(sum[i]) + Int(b) + carry
                sum[i] = UInt8(v & 0xff)
                carry = v >> 8
            }
            count += 1
        }
        return (SHA256.hash(data: sum).map { String(format: "%02x", $0) }.joined(), count)
    }

    @Test func storeDigestIsOfTheRawJSONOfTheDaysRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("provenance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        _ = try ImportJob.run(inputs: [ExampleData.responsesURL!.path], storePath: path, accountTimeZone: Self.kolkata)
        let options = try Self.options()
        let s = try ReportJob.summarize(.store(path), options: options, accountTimeZone: Self.kolkata)
        let expected = try Self.expectedStoreDigest(SQLiteTicketStore(path: path, readOnly: true))
        #expect(expected.count > 4000)
        #expect(s.provenance.inputs.source == "store")
        #expect(s.provenance.inputs.count == expected.count)
        #expect(s.provenance.inputs.from == "2024-02-19" && s.provenance.inputs.to == "2024-04-21")
        #expect(s.provenance.inputs.sha256 == expected.sha256)
        // Whatever the threads and chunks.
        let one = try ReportJob.summarize(.store(path), options: options, accountTimeZone: Self.kolkata, threads: 1)
        #expect(one.provenance == s.provenance)
    }

    /// One byte of a field no figure reads (an order id), imported: every figure stays, the
    /// store's digest changes; and a pull that stores the same bytes again changes nothing.
    @Test func oneByteOfAnUnreadFieldChangesTheStoreDigest() throws {
        let dir = try Self.copyOfTheExamples()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = try Self.options()
        let before = dir.appendingPathComponent("before.sqlite").path
        _ = try ImportJob.run(inputs: [dir.path], storePath: before, accountTimeZone: Self.kolkata)
        let first = try ReportJob.summarize(.store(before), options: options, accountTimeZone: Self.kolkata)
        let file = dir.appendingPathComponent("tickets-2024-04-16.json")
        var bytes = [UInt8](try Data(contentsOf: file))
        let key = Array("\"orderId\":\"OD".utf8)
        let at = try #require((0..<(bytes.count - key.count)).first { Array(bytes[$0..<($0 + key.count)]) == key })
        bytes[at + key.count - 1] = UInt8(ascii: "X")
        try Data(bytes).write(to: file)
        let after = dir.appendingPathComponent("after.sqlite").path
        _ = try ImportJob.run(inputs: [dir.path], storePath: after, accountTimeZone: Self.kolkata)
        let changed = try ReportJob.summarize(.store(after), options: options, accountTimeZone: Self.kolkata)
        #expect(changed.provenance.inputs.sha256 != first.provenance.inputs.sha256)
        #expect(
            changed.provenance.inputs.sha256 == (try Self.expectedStoreDigest(SQLiteTicketStore(path: after))).sha256)
        #expect(changed.ignoringInputDigest == first.ignoringInputDigest)
        // Imported once more: the same tickets replace themselves, the digest stays.
        _ = try ImportJob.run(inputs: [dir.path], storePath: after, accountTimeZone: Self.kolkata)
        let again = try ReportJob.summarize(.store(after), options: options, accountTimeZone: Self.kolkata)
        #expect(again.provenance == changed.provenance)
    }

    /// A store written before the digests were kept (schema v4: no `raw_sha256`) gets them
    /// when a report opens it, from its raw JSON, and reports what a new store reports.
    @Test func anOlderStoreGetsItsDigestsOnOpening() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("provenance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        _ = try ImportJob.run(inputs: [ExampleData.responsesURL!.path], storePath: path, accountTimeZone: Self.kolkata)
        let options = try Self.options()
        let current = try ReportJob.summarize(.store(path), options: options, accountTimeZone: Self.kolkata)
        // Back to version 4, as an older slareport left it.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "ALTER TABLE tickets DROP COLUMN raw_sha256")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v5 raw JSON digests'")
        }
        let old = try ReportJob.summarize(.store(path), options: options, accountTimeZone: Self.kolkata)
        #expect(old.provenance == current.provenance)
        #expect(old.provenance.inputs.sha256 == (try Self.expectedStoreDigest(SQLiteTicketStore(path: path))).sha256)
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
