import Foundation
import KaptureTestSupport
import Testing
import TicketModel
import TicketStore

/// The fields of a summary that say where the data came from, and so differ between
/// `report --input` and `report --store` over the same tickets: the source's name, what was
/// read to find the period's tickets (files read, tickets decoded, copies met again, tickets of
/// other periods), and the digest of the input (of the files' bytes, or of the store's
/// tickets). The skipped tickets are not among them: `import` records each file's unusable
/// tickets under the day it covered, as `pull` records a day's (docs/METRICS.md, "Files and
/// the store").
let sourceFields: [String: Set<String>] = [
    "provenance": ["inputs"],
    "completeness": ["source", "inputFiles", "ticketsRead", "duplicatesIgnored", "ticketsOutsidePeriods"],
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

    /// `--input` follows symbolic links: `latest/` linking to the newest export folder, and
    /// links to files and folders inside a folder; a link back up the tree is searched once.
    /// `report` and `import` read the same tickets through the link as through the folder.
    @Test func inputFollowsSymbolicLinks() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let export = dir.appendingPathComponent("exports/2024-04-22")
        try fm.createDirectory(at: export, withIntermediateDirectories: true)
        let names = try fm.contentsOfDirectory(atPath: examples).filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count == 14)
        // Half the files in the folder, the other half linked one by one from a folder of links.
        let linked = dir.appendingPathComponent("elsewhere")
        try fm.createDirectory(at: linked, withIntermediateDirectories: true)
        for (i, name) in names.enumerated() {
            let source = URL(fileURLWithPath: examples).appendingPathComponent(name)
            if i % 2 == 0 {
                try fm.copyItem(at: source, to: export.appendingPathComponent(name))
            } else {
                try fm.copyItem(at: source, to: linked.appendingPathComponent(name))
                try fm.createSymbolicLink(
                    atPath: export.appendingPathComponent(name).path,
                    withDestinationPath: linked.appendingPathComponent(name).path)
            }
        }
        try fm.createSymbolicLink(atPath: export.appendingPathComponent("loop").path, withDestinationPath: export.path)
        let latest = dir.appendingPathComponent("latest").path
        try fm.createSymbolicLink(atPath: latest, withDestinationPath: export.path)

        let viaLink = dir.appendingPathComponent("via-link").path
        let direct = dir.appendingPathComponent("direct").path
        let a = try await slareport(["report", "--input", latest] + week + ["--out", viaLink])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try await slareport(["report", "--input", examples] + week + ["--out", direct])
        #expect(b.status == 0, "\(b.stderr)")
        let x = try json(viaLink + "/summary.json")
        let y = try json(direct + "/summary.json")
        #expect((x["completeness"] as? [String: Any])?["inputFiles"] as? Int == 14)
        #expect(try canonical(x["totals"]) == canonical(y["totals"]))
        #expect(try canonical(x["queues"]) == canonical(y["queues"]))

        let store = dir.appendingPathComponent("s.sqlite").path
        let imported = try await slareport(["import", "--input", latest, "--store", store])
        #expect(imported.status == 0, "\(imported.stderr)")
        let c = try await slareport(
            ["report", "--store", store] + week + ["--out", dir.appendingPathComponent("s").path])
        #expect(c.status == 0, "\(c.stderr)")
        let z = try json(dir.appendingPathComponent("s/summary.json").path)
        let tickets = { (summary: [String: Any]) in (summary["totals"] as? [String: Any])?["tickets"] as? Int }
        #expect(tickets(z) != nil && tickets(z) == tickets(y))
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

    /// A quirky week in America/Santiago (`sample-data --days 7 --per-day 300 --seed 3`: ids as
    /// strings and numbers, unusable tickets, tickets re-sent the next day): `report --store`
    /// after `import` gives the files' whole summary, skipped tickets by reason included, from
    /// SQLite and from PostgreSQL (a store report once said `skipped: 0` where the files said 6).
    @Test func aStoreSaysWhatItsFilesSkipped() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in").path
        let made = try await slareport([
            "sample-data", "--days", "7", "--per-day", "300", "--seed", "3", "--from", "2024-04-15", "--out", input,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        try Data("timezone = \"America/Santiago\"\n".utf8).write(to: dir.appendingPathComponent("slareport.toml"))
        let period = [
            "--from", "2024-04-15", "--to", "2024-04-21", "--as-of", "2024-04-22T09:00:00-04:00", "--format", "json",
        ]
        let files = dir.appendingPathComponent("files").path
        let r = try await slareport(["report", "--input", input] + period + ["--out", files], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let a = try json(files + "/summary.json")
        let totals = try #require(a["totals"] as? [String: Any])
        let skipped = try #require(totals["skipped"] as? Int)
        #expect(skipped > 0)
        // The same count by a second reader: Foundation's JSON and strict date formats over the
        // seven files (each covers one day of the period), not the decoders under test.
        #expect(skipped == (try Self.unusableTickets(inFolder: input)))
        var stores = [dir.appendingPathComponent("s.sqlite").path]
        if TestPostgres.isConfigured { stores.append(try TestPostgres.newDatabase()) }
        for (n, store) in stores.enumerated() {
            let imported = try await slareport(["import", "--input", input, "--store", store], in: dir)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("\(skipped) unusable tickets skipped"), "\(imported.stdout)")
            let out = dir.appendingPathComponent("store-\(n)").path
            let s = try await slareport(["report", "--store", store] + period + ["--out", out], in: dir)
            #expect(s.status == 0, "\(s.stderr)")
            let b = try json(out + "/summary.json")
            #expect((b["totals"] as? [String: Any])?["skipped"] as? Int == skipped, "\(store)")
            #expect(try canonical(withoutSourceFields(a)) == canonical(withoutSourceFields(b)), "\(store)")
        }
    }

    /// The ticket objects of the response files in `folder` that no report can use: not an
    /// object, no ticketId, or no creation time in either of Kapture's formats.
    static func unusableTickets(inFolder folder: String) throws -> Int {
        let formats = ["dd-MM-yyyy HH:mm", "yyyy-MM-dd HH:mm:ss"].map { format in
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.isLenient = false
            f.dateFormat = format
            return f
        }
        var unusable = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name))
            let envelope = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let tickets = (envelope["message"] ?? envelope["Message"]) as? [Any] ?? []
            for element in tickets {
                guard let ticket = element as? [String: Any] else {
                    unusable += 1
                    continue
                }
                let id = ticket["ticketId"].map { "\($0)" } ?? ""
                let date = ticket["date"] as? String ?? ""
                if id.isEmpty || !formats.contains(where: { $0.date(from: date) != nil }) { unusable += 1 }
            }
        }
        return unusable
    }

    /// `store copy` from one SQLite file to another (no PostgreSQL needed): every ticket's raw
    /// JSON byte for byte, the ledger (its skipped tickets included) and the same summary; a
    /// second run finds every day there and copies nothing.
    @Test func storeCopyBetweenSQLiteFilesKeepsEverything() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = dir.appendingPathComponent("a.sqlite").path
        let copy = dir.appendingPathComponent("b.sqlite").path
        #expect(try await slareport(["import", "--input", examples, "--store", original]).status == 0)
        let first = try await slareport(["store", "copy", "--from", original, "--to", copy])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("Copied 4038 tickets"), "\(first.stdout)")
        let again = try await slareport(["store", "copy", "--from", original, "--to", copy])
        #expect(again.status == 0 && again.stdout.hasPrefix("Copied 0 tickets"), "\(again.stdout)")
        let a = try TicketStores.open(original, readOnly: true)
        let b = try TicketStores.open(copy, readOnly: true)
        #expect(try b.allTicketIds() == (try a.allTicketIds()))
        var mismatched = 0
        try a.forEachRawJSON(createdFrom: .distantPast, before: .distantFuture) { id, json in
            if (try b.rawJSON(ticketId: id)) != json { mismatched += 1 }
        }
        #expect(mismatched == 0)
        let days = (LocalDate(year: 2000, month: 1, day: 1)!, LocalDate(year: 2100, month: 1, day: 1)!)
        let ledger = try a.ledger(from: days.0, to: days.1)
        #expect(ledger.contains { !$0.skipped.isEmpty })
        #expect(try b.ledger(from: days.0, to: days.1) == ledger)
        var summaries: [Data] = []
        for (n, store) in [original, copy].enumerated() {
            let out = dir.appendingPathComponent("out-\(n)").path
            let r = try await slareport(["report", "--store", store] + week + ["--out", out])
            #expect(r.status == 0, "\(r.stderr)")
            summaries.append(try Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))
        }
        #expect(summaries.count == 2 && summaries[0] == summaries[1])
    }

    /// On a terminal (a pseudo-terminal from util-linux's `script`), `import` and `store copy`
    /// show one progress line rewritten in place (units done of all, tickets, tickets/s, time
    /// left), ending with every unit done; with `--quiet`, or when standard error is not a
    /// terminal, nothing but the result.
    @Test func importAndStoreCopyShowProgressOnATerminal() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = SLAReportBinary.url.path
        /// What a terminal shows for `command` (stdout and stderr together).
        func onATerminal(_ command: String) async throws -> String {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(
                        with: Result {
                            let p = Process()
                            p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
                            p.arguments = ["-qec", command, "/dev/null"]
                            p.currentDirectoryURL = dir
                            let out = Pipe()
                            p.standardOutput = out
                            try p.run()
                            let data = out.fileHandleForReading.readDataToEndOfFile()
                            p.waitUntilExit()
                            return String(decoding: data, as: UTF8.self)
                        })
                }
            }
        }
        let a = dir.appendingPathComponent("a.sqlite").path
        let imported = try await onATerminal("\(binary) import --input \(examples) --store \(a)")
        let lines = imported.split(separator: "\r").map { $0.replacingOccurrences(of: "\u{1B}[K", with: "") }
        #expect(
            lines.contains { $0.hasPrefix("[14/14 files] 4070 tickets, ") && $0.contains(" tickets/s") }, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("[") }.allSatisfy { $0.contains(" files] ") })
        #expect(imported.contains("Imported 4070 tickets from 14 files"))
        let copied = try await onATerminal(
            "\(binary) store copy --from \(a) --to \(dir.appendingPathComponent("b.sqlite").path)")
        #expect(copied.contains(" days] 4038 tickets"), "\(copied)")
        // Quiet: asked for, or not on a terminal.
        let quiet = try await onATerminal(
            "\(binary) import --quiet --input \(examples) --store \(dir.appendingPathComponent("c.sqlite").path)")
        #expect(!quiet.contains("files]") && quiet.contains("Imported 4070 tickets"), "\(quiet)")
        let piped = try await slareport([
            "import", "--input", examples, "--store", dir.appendingPathComponent("d.sqlite").path,
        ])
        #expect(piped.status == 0 && !piped.stderr.contains("files]") && !piped.stdout.contains("files]"))
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

        // A summary.json edited by hand or damaged: every number pushed past what a summary
        // holds is refused in one sentence naming it (these trapped the renderer: a negative
        // count, a huge one, a rate of 1e308, a rating of 0); every number at its largest
        // allowed value, or all zero, renders.
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: demo + "/summary.json")))
                as? [String: Any])
        func edited(_ change: (String, Double) -> Double?) -> Any {
            func walk(_ value: Any, _ key: String) -> Any {
                if let object = value as? [String: Any] {
                    return Dictionary(uniqueKeysWithValues: object.map { ($0.key, walk($0.value, $0.key)) })
                }
                if let array = value as? [Any] { return array.map { walk($0, key) } }
                // (Foundation's JSON reader gives booleans as NSNumber too, of type "c".)
                if let number = value as? NSNumber, String(cString: number.objCType) != "c",
                    let new = change(key, number.doubleValue)
                {
                    return new
                }
                return value
            }
            return walk(summary, "")
        }
        let cases: [(String, (String, Double) -> Double?, String?)] = [
            ("negative", { key, _ in key == "tickets" ? -1 : nil }, "it cannot be negative"),
            ("huge", { key, _ in key == "tickets" ? 4.6e18 : nil }, "beyond any figure"),
            ("rate", { key, _ in key == "breachRate" ? 1e308 : nil }, "beyond any figure"),
            ("over-one", { key, _ in key == "share" ? 1.5 : nil }, "a rate is 0…1"),
            ("rating", { key, _ in key == "rating" ? 0 : nil }, "a rating is 1…5"),
            (
                "largest",
                { key, _ in
                    ["rating", "schemaVersion", "rate", "share", "pValue"].contains(key) || key.hasSuffix("Rate")
                        ? nil : 1e15
                }, nil
            ),
            ("zero", { key, _ in key == "rating" || key == "schemaVersion" ? nil : 0 }, nil),
        ]
        for (name, change, refusal) in cases {
            let file = dir.appendingPathComponent("\(name).json")
            try JSONSerialization.data(withJSONObject: edited(change)).write(to: file)
            let r = try await slareport([
                "render", "--summary", file.path, "--out", dir.appendingPathComponent("out-\(name)").path,
            ])
            if let refusal {
                #expect(r.status == 65, "\(name): \(r.stderr)")
                #expect(
                    r.stderr.contains(refusal) && r.stderr.split(separator: "\n").count == 1, "\(name): \(r.stderr)")
            } else {
                #expect(r.status == 0, "\(name): \(r.stderr)")
            }
        }
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
