import Foundation
import KaptureTestSupport
import Testing
import TicketStore

/// The fields of a summary that say where the data came from, and so differ between
/// `report --input` and `report --store` over the same tickets: the source's name, what was
/// read to find the period's tickets (files read, tickets decoded, copies met again, tickets of
/// other periods), and the skipped tickets (files count every unusable ticket they hold; a
/// store counts those its ledger recorded for the period's days, and `import` records none),
/// and the digest of the input (of the files' bytes, or of the store's tickets).
let sourceFields: [String: Set<String>] = [
    "provenance": ["inputs"],
    "completeness": [
        "source", "inputFiles", "ticketsRead", "duplicatesIgnored", "ticketsOutsidePeriods", "skipped",
        "skippedByReason",
    ],
    "totals": ["skipped", "skippedByReason"],
]

func withoutSourceFields(_ summary: [String: Any]) -> [String: Any] {
    var result = summary
    for (key, fields) in sourceFields {
        guard var object = result[key] as? [String: Any] else { continue }
        for field in fields { object.removeValue(forKey: field) }
        result[key] = object
    }
    return result
}

func canonical(_ value: Any?) throws -> Data {
    try JSONSerialization.data(withJSONObject: value ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
}

@Suite struct ImportRenderTests {
    var examples: String { SLAReportBinary.packageRoot.appendingPathComponent("Examples/responses").path }
    let week = [
        "--from", "2024-04-15", "--to", "2024-04-21", "--as-of", "2024-04-22T09:00:00+05:30", "--format", "json",
    ]

    func json(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// A new store is bulk-loaded into a temporary file and renamed into place: afterwards
    /// it is an ordinary WAL store; a failed import leaves neither a store nor a temporary file.
    @Test func importIntoANewStoreIsAllOrNothing() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let first = URL(fileURLWithPath: examples).appendingPathComponent("tickets-2024-04-15.json")
        try FileManager.default.copyItem(at: first, to: input.appendingPathComponent("a.json"))
        try Data("{\"message\": [{\"ticketId\": 1,".utf8).write(to: input.appendingPathComponent("b.json"))
        let store = dir.appendingPathComponent("s.sqlite").path
        let failed = try await slareport(["import", "--input", input.path, "--store", store])
        #expect(failed.status == 65, "\(failed.stderr)")
        #expect(failed.stderr.contains("b.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["in"])

        try FileManager.default.removeItem(at: input.appendingPathComponent("b.json"))
        // What a killed import leaves behind (its process is gone) is removed by the next one.
        let abandoned = dir.appendingPathComponent(".s.sqlite.importing-999999999-1").path
        #expect(FileManager.default.createFile(atPath: abandoned, contents: Data("junk".utf8)))
        let ok = try await slareport(["import", "--input", input.path, "--store", store])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["in", "s.sqlite"])
        // SQLite's header: bytes 18 and 19 are 2 in WAL mode.
        let header = try Data(contentsOf: URL(fileURLWithPath: store)).prefix(20)
        #expect(Array(header.suffix(2)) == [2, 2])
        let count = try SQLiteTicketStore(path: store, readOnly: true).ticketCount()
        #expect(count > 200)
    }

    /// `raw` prints stored tickets byte for byte as the saved response has them, and names
    /// the ticketIds the store does not hold.
    @Test func rawPrintsTicketsAsReceived() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        #expect(try await slareport(["import", "--input", examples, "--store", store]).status == 0)
        let file = URL(fileURLWithPath: examples).appendingPathComponent("tickets-2024-04-16.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let envelope = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let tickets = try #require(envelope["message"] as? [[String: Any]])
        let ids = [tickets[0], tickets[tickets.count / 2], tickets[tickets.count - 1]].map { "\($0["ticketId"]!)" }
        let r = try await slareport(["raw", "--store", store] + ids)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        for (id, line) in zip(ids, lines) {
            #expect(text.contains(line), "ticket \(id) is printed as the file has it")
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object.map { "\($0["ticketId"]!)" } == id)
        }
        let missing = try await slareport(["raw", "--store", store, ids[0], "no-such-ticket"])
        #expect(missing.status == 65)
        #expect(missing.stdout.split(separator: "\n").count == 1)
        #expect(missing.stderr.contains("holds no ticket 'no-such-ticket'"))
        let noStore = try await slareport(["raw", "--store", dir.appendingPathComponent("none.sqlite").path, "1"])
        #expect(
            noStore.status == 65 && noStore.stderr.contains("none.sqlite") && noStore.stderr.contains("no such store"))
    }

    @Test func importedStoreGivesTheSameFiguresAsTheFiles() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        let imported = try await slareport(["import", "--input", examples, "--store", store])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("from 14 files"))
        // Importing again changes nothing: upserts by ticketId.
        let count = try SQLiteTicketStore(path: store, readOnly: true).ticketCount()
        #expect(try await slareport(["import", "--input", examples, "--store", store]).status == 0)
        #expect(try SQLiteTicketStore(path: store, readOnly: true).ticketCount() == count)

        let fromFiles = dir.appendingPathComponent("files").path
        let fromStore = dir.appendingPathComponent("store").path
        #expect(try await slareport(["report", "--input", examples] + week + ["--out", fromFiles]).status == 0)
        let r = try await slareport(["report", "--store", store] + week + ["--out", fromStore])
        #expect(r.status == 0, "\(r.stderr)")
        let a = try json(fromFiles + "/summary.json")
        let b = try json(fromStore + "/summary.json")
        // The whole summaries agree but for the fields that describe the source itself
        // (docs/METRICS.md, "Files and the store").
        #expect(try canonical(withoutSourceFields(a)) == canonical(withoutSourceFields(b)))
        #expect(try canonical(a).count > 5_000)
        let completeness = try #require(b["completeness"] as? [String: Any])
        #expect(completeness["source"] as? String == "store")
        #expect(completeness["daysWithData"] as? Int == 7)  // the imported days
    }

    @Test func renderReproducesTheReportFromItsSummary() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = dir.appendingPathComponent("demo").path
        #expect(try await slareport(["demo", "--out", demo]).status == 0)
        let again = dir.appendingPathComponent("again").path
        let r = try await slareport(["render", "--summary", demo + "/summary.json", "--out", again])
        #expect(r.status == 0, "\(r.stderr)")
        for name in try FileManager.default.contentsOfDirectory(atPath: demo) {
            #expect(
                FileManager.default.contents(atPath: demo + "/" + name)
                    == FileManager.default.contents(atPath: again + "/" + name),
                "\(name)")
        }
        let bad = dir.appendingPathComponent("bad.json")
        try Data("{\"not\": \"a summary\"}".utf8).write(to: bad)
        let failed = try await slareport(["render", "--summary", bad.path, "--out", again])
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("not a slareport summary.json"))
    }
}

/// The demo is what a new user runs first: its summary is pinned to the committed fixture
/// the golden files are rendered from (Tests/ReportRenderingTests/Fixtures/summary.json), so a
/// change to any figure of the demo fails here, and is made on purpose with
/// `SLAREPORT_UPDATE_GOLDEN=1` (which rewrites the fixture and fails the run for review).
@Suite struct DemoPinTests {
    @Test func theDemoSummaryIsTheCommittedOne() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await slareport(["demo", "--out", dir.path, "--format", "json,text"])
        #expect(r.status == 0, "\(r.stderr)")
        let fixture = SLAReportBinary.packageRoot.appendingPathComponent(
            "Tests/ReportRenderingTests/Fixtures/summary.json")
        let produced = try Data(contentsOf: dir.appendingPathComponent("summary.json"))
        if let problem = GoldenFiles.check(produced, against: fixture) { Issue.record(Comment(rawValue: problem)) }
        // The text report is the golden one too (rendered from that summary).
        let golden = SLAReportBinary.packageRoot.appendingPathComponent("Tests/ReportRenderingTests/Golden/report.txt")
        #expect(try Data(contentsOf: dir.appendingPathComponent("report.txt")) == Data(contentsOf: golden))
    }
}

/// The same failure gives the same sentence and exit code from every command.
@Suite struct ErrorPresentationTests {
    @Test func aStoreThatIsNotOneIsExit65FromEveryCommand() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("broken.sqlite")
        try Data(String(repeating: "this is not a SQLite database, ", count: 10).utf8).write(to: store)
        let examples = SLAReportBinary.packageRoot.appendingPathComponent("Examples/responses").path
        for args in [
            ["report", "--store", store.path, "--period", "last-week"],
            ["import", "--input", examples, "--store", store.path],
            ["pull", "--base-url", "http://127.0.0.1:9", "--period", "yesterday", "--store", store.path],
            ["raw", "--store", store.path, "1"],
        ] {
            let r = try await slareport(args, environment: ["KAPTURE_TOKEN": "t"])
            #expect(r.status == 65, "\(args[0]): \(r.stderr)")
            #expect(r.stderr == "slareport: error: store \(store.path): not a SQLite database\n", "\(args[0])")
        }
    }

    @Test func countsInMessagesArePluralised() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = dir.appendingPathComponent("one")
        try FileManager.default.createDirectory(at: one, withIntermediateDirectories: true)
        try Data(#"{"message":[{"ticketId":"1","date":"16-04-2024 10:00","status":"Open"}],"status":"success"}"#.utf8)
            .write(to: one.appendingPathComponent("a.json"))
        let r = try await slareport([
            "report", "--input", one.path, "--from", "2024-04-16", "--to", "2024-04-16", "--format", "json", "--out",
            dir.appendingPathComponent("out").path,
        ])
        #expect(r.stdout.hasPrefix("Wrote 1 file to "), "\(r.stdout)")
        let i = try await slareport([
            "import", "--input", one.path, "--store", dir.appendingPathComponent("s.sqlite").path,
        ])
        #expect(i.stdout.hasPrefix("Imported 1 ticket from 1 file into "), "\(i.stdout)")
        #expect(i.stdout.hasSuffix("the store now holds 1 ticket\n"), "\(i.stdout)")
    }
}
