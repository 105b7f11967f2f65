import Foundation
import KaptureTestSupport
import Testing

@Suite struct ReportCommandTests {
    var examples: String { SLAReportBinary.packageRoot.appendingPathComponent("Examples/responses").path }

    @Test func demoWritesTheSummaryFromBundledData() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await slareport(["demo", "--out", dir.appendingPathComponent("out").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("SLA report 2024-04-15 … 2024-04-21"))
        let data = try Data(contentsOf: dir.appendingPathComponent("out/summary.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let totals = try #require(json["totals"] as? [String: Any])
        #expect((totals["tickets"] as? Int ?? 0) > 1000)
        #expect(json["comparison"] is [String: Any])
    }

    @Test func identicalInputAndOptionsGiveByteIdenticalJSON() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The demo's data: the weeks generated before the bundled ones, then those.
        let history = dir.appendingPathComponent("history").path
        let generated = try await slareport([
            "sample-data", "--from", "2024-02-19", "--days", "49", "--per-day", "300", "--seed", "1",
            "--ages-as-of", "2024-04-21", "--out", history,
        ])
        #expect(generated.status == 0, "\(generated.stderr)")
        var outputs: [Data] = []
        for run in 0..<2 {
            let out = dir.appendingPathComponent("run\(run)").path
            let r = try await slareport([
                "report", "--input", history, "--input", examples, "--from", "2024-04-15", "--to", "2024-04-21",
                "--as-of", "2024-04-22T09:00:00+05:30", "--format", "json", "--out", out,
            ])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))
        }
        #expect(outputs[0] == outputs[1])
        // The demo reports the same week from the same data.
        let demoOut = dir.appendingPathComponent("demo").path
        #expect(try await slareport(["demo", "--out", demoOut]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: demoOut + "/summary.json")) == outputs[0])
    }

    @Test func periodPresetRelativeToAsOf() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await slareport([
            "report", "--input", examples, "--period", "last-week", "--as-of", "2024-04-24T10:00:00+05:30",
            "--out", dir.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("summary.json")))
        let period = try #require((json as? [String: Any])?["period"] as? [String: Any])
        #expect(period["from"] as? String == "2024-04-15")
        #expect(period["to"] as? String == "2024-04-21")
    }

    @Test func badFileFailsWithExit65AndWritesNothing() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("broken.json")
        try Data("{\"status\":\"success\",\n\"message\":[{\"ticketId\":1,}]}".utf8).write(to: bad)
        let out = dir.appendingPathComponent("out")
        let r = try await slareport([
            "report", "--input", bad.path, "--from", "2024-04-15", "--to", "2024-04-21", "--out", out.path,
        ])
        #expect(r.status == 65)
        #expect(
            r.stderr
                == "slareport: error: \(bad.path): line 2, column 26: not valid JSON: unexpected '}'; expected a quoted key\n"
        )
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func failedSavedResponseIsBadInput() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("day.json")
        try Data(#"{"message":"Invalid Auth Key","status":"failed"}"#.utf8).write(to: bad)
        let r = try await slareport([
            "report", "--input", bad.path, "--from", "2024-04-15", "--to", "2024-04-21", "--out", dir.path,
        ])
        #expect(r.status == 65)
        #expect(r.stderr.contains("status \"failed\": Invalid Auth Key"))
    }

    /// `--trend-weeks` sets the trend's weeks, in summary.json and trend.csv alike.
    @Test func trendWeeksShapesTheTrend() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await slareport([
            "report", "--input", examples, "--from", "2024-04-15", "--to", "2024-04-21", "--as-of",
            "2024-04-22T09:00:00+05:30", "--trend-weeks", "2", "--format", "json,csv", "--out", dir.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("summary.json")))
        let trend = try #require((json as? [String: Any])?["trend"] as? [[String: Any]])
        #expect(trend.map { $0["weekStart"] as? String } == ["2024-04-08", "2024-04-15"])
        #expect(trend.map { $0["complete"] as? Bool } == [true, true])
        let csv = try parseCSV(
            String(decoding: Data(contentsOf: dir.appendingPathComponent("trend.csv")), as: UTF8.self))
        #expect(csv.count == 3 && csv[0].first == "weekStart" && csv[2][0] == "2024-04-15")
        #expect(csv[2][2] == "\(trend[1]["tickets"] as? Int ?? -1)")
    }

    /// `report --where` and `--slice`: the summary, the files and tickets.csv of one team,
    /// the slice named in the summary and the text report's heading.
    @Test func aSlicedReportFromTheCommandLine() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("slareport.toml")
        try Data(
            "[[slice]]\nname = \"vip\"\ntitle = \"VIP desk\"\nwhere = { queue = \"VIP Desk\", priority = [\"high\", \"critical\"] }\n"
                .utf8
        ).write(to: config)
        let period = ["--from", "2024-04-15", "--to", "2024-04-21", "--as-of", "2024-04-22T09:00:00+05:30"]
        var outs: [Data] = []
        for (n, selection) in [
            ["--slice", "vip"], ["--where", "queue=VIP Desk", "--where", "priority=HIGH,critical"],
        ]
        .enumerated() {
            let out = dir.appendingPathComponent("out\(n)").path
            let r = try await slareport(
                [
                    "report", "--input", examples, "--config", config.path, "--format", "json,text", "--tickets-csv",
                    "--out", out,
                ]
                    + period + selection)
            #expect(r.status == 0, "\(r.stderr)")
            let summary = try Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))
            let json = try #require(try JSONSerialization.jsonObject(with: summary) as? [String: Any])
            let slice = try #require(json["slice"] as? [String: Any])
            #expect((slice["where"] as? [String: [String]])?["queue"] == ["VIP Desk"])
            let text = try String(contentsOfFile: out + "/report.txt", encoding: .utf8)
            #expect(
                text.hasPrefix(
                    n == 0 ? "SLA report · VIP desk " : "SLA report · queue=VIP Desk priority=HIGH,critical "))
            let csv = parseCSV(try String(contentsOfFile: out + "/tickets.csv", encoding: .utf8))
            let tickets = (json["totals"] as? [String: Any])?["tickets"] as? Int
            #expect(csv.count - 1 == tickets)
            #expect(csv.dropFirst().allSatisfy { $0[2] == "VIP Desk" && ["high", "critical"].contains($0[3]) })
            var figures = json
            figures["slice"] = nil
            figures["provenance"] = nil
            outs.append(try JSONSerialization.data(withJSONObject: figures, options: .sortedKeys))
        }
        #expect(outs.count == 2 && outs[0] == outs[1], "the named slice and the same filter inline")
    }

    @Test func usageErrorsExitWith64() async throws {
        for args in [
            ["report", "--input", examples, "--from", "2024-04-15", "--to", "2024-04-1"],
            ["report", "--input", examples, "--period", "fortnight"],
            ["report", "--input", examples, "--from", "2024-04-15"],
            ["report", "--input", examples, "--period", "last-week", "--timezone", "Mars/Olympus"],
            ["report", "--input", examples, "--period", "last-week", "--as-of", "tomorrow"],
            ["report", "--input", examples, "--period", "last-week", "--format", "pdf"],
            ["report", "--input", examples, "--period", "last-week", "--threads", "0"],
            ["report", "--input", examples, "--period", "last-week", "--trend-weeks", "105"],
            ["report", "--period", "last-week"],
            ["pull", "--base-url", "http://127.0.0.1:9", "--period", "fortnight"],
            ["import", "--input", examples, "--threads", "999"],
            // The ends of the date range, and values that once trapped (docs/USAGE.md, "Periods").
            ["report", "--input", examples, "--period", "last-month", "--as-of", "9999-12-31T23:59:59Z"],
            ["report", "--input", examples, "--period", "month-to-date", "--as-of", "9999-12-31T23:59:59Z"],
            ["report", "--input", examples, "--period", "last-month", "--as-of", "0001-01-01T00:00:00Z"],
            ["report", "--input", examples, "--from", "0001-01-01", "--to", "0001-01-07"],
            ["report", "--input", examples, "--period", "last-week", "--timezone", "UTC\u{1}x"],
            ["report", "--input", examples, "--period", "last-week", "--where", "team=Billing"],
            ["report", "--input", examples, "--period", "last-week", "--where", "queue="],
            ["report", "--input", examples, "--period", "last-week", "--slice", "billing"],
            [
                "pull", "--base-url", "http://127.0.0.1:9", "--dry-run", "--period", "last-month", "--as-of",
                "9999-12-31T23:59:59Z",
            ],
            ["pull", "--base-url", "http://127.0.0.1:9", "--dry-run", "--period", "yesterday", "--timeout", "inf"],
            [
                "pull", "--base-url", "http://127.0.0.1:9", "--dry-run", "--period", "yesterday",
                "--requests-per-second", "nan",
            ],
            [
                "pull", "--base-url", "http://127.0.0.1:9", "--dry-run", "--period", "yesterday", "--refresh-days",
                "9223372036854775807",
            ],
        ] {
            // One line naming the flag, then the usage of that subcommand (not the root's).
            let r = try await slareport(args, environment: ["KAPTURE_TOKEN": "dGVzdDp0ZXN0"])
            #expect(r.status == 64, "\(args): \(r.stderr)")
            if let flag = args.first(where: {
                ["--as-of", "--timeout", "--requests-per-second", "--refresh-days", "--timezone", "--where", "--slice"]
                    .contains($0)
            }) {
                #expect(r.stderr.hasPrefix("slareport: error: \(flag)"), "\(args): \(r.stderr)")
            }
            let lines = r.stderr.split(separator: "\n").map(String.init)
            #expect(lines.count == 3 && lines[0].hasPrefix("slareport: error: "), "\(args): \(r.stderr)")
            #expect(lines.dropFirst().first?.hasPrefix("Usage: slareport \(args[0]) ") == true, "\(args): \(r.stderr)")
        }
        let unknown = try await slareport(["report", "--no-such-flag"])
        #expect(unknown.status == 64 && unknown.stderr.contains("Usage: slareport report"), "\(unknown.stderr)")
        #expect(!unknown.stderr.contains("Fatal error"))
        let missing = try await slareport(["report", "--input", "/does/not/exist", "--period", "last-week"])
        #expect(missing.status == 65)
        #expect(missing.stderr == "slareport: error: /does/not/exist: no such file or folder\n")
    }

    @Test func configurationChangesTheLifecycleAndErrorsNameTheKey() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("slareport.toml")
        try Data("[lifecycle]\nresolved_statuses = [\"Pending\"]\n".utf8).write(to: config)
        let common = [
            "report", "--input", examples, "--from", "2024-04-15", "--to", "2024-04-21", "--as-of",
            "2024-04-22T09:00:00+05:30",
        ]
        #expect(try await slareport(common + ["--out", dir.appendingPathComponent("a").path]).status == 0)
        // ./slareport.toml is picked up from the working directory.
        #expect(try await slareport(common + ["--out", dir.appendingPathComponent("b").path], in: dir).status == 0)
        func resolved(_ sub: String) throws -> Int {
            let json = try JSONSerialization.jsonObject(
                with: Data(contentsOf: dir.appendingPathComponent("\(sub)/summary.json")))
            return ((json as? [String: Any])?["totals"] as? [String: Any])?["resolved"] as? Int ?? -1
        }
        #expect(try resolved("a") != (try resolved("b")))
        try Data("timezone = \"Nowhere/City\"\n".utf8).write(to: config)
        let bad = try await slareport(common + ["--config", config.path])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("timezone must be an IANA time zone name"))
        try Data("timezone = [\n".utf8).write(to: config)
        let broken = try await slareport(common + ["--config", config.path])
        #expect(broken.status == 64)
        #expect(broken.stderr.contains("\(config.path): line"))
    }

    @Test func sampleDataReproducesTheBundledExamples() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await slareport([
            "sample-data", "--from", "2024-04-08", "--days", "14", "--per-day", "300", "--seed", "1", "--out", dir.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: examples).sorted()
        #expect(names.count == 14)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == names)
        for name in names {
            let committed = try Data(contentsOf: URL(fileURLWithPath: examples + "/" + name))
            let regenerated = try Data(contentsOf: dir.appendingPathComponent(name))
            #expect(committed == regenerated, "\(name)")
        }
    }

    @Test func jsonLinesInputGivesTheSameFiguresAsDayFiles() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gen = ["sample-data", "--from", "2024-05-06", "--days", "3", "--per-day", "50", "--seed", "5"]
        #expect(try await slareport(gen + ["--jsonl", "--out", dir.appendingPathComponent("jsonl").path]).status == 0)
        #expect(try await slareport(gen + ["--out", dir.appendingPathComponent("days").path]).status == 0)
        let common = [
            "report", "--from", "2024-05-06", "--to", "2024-05-08", "--as-of", "2024-05-09T09:00:00+05:30", "--format",
            "json",
        ]
        func summary(_ source: [String], _ out: String) async throws -> [String: Any] {
            let r = try await slareport(common + source + ["--out", dir.appendingPathComponent(out).path])
            #expect(r.status == 0, "\(r.stderr)")
            let url = dir.appendingPathComponent(out + "/summary.json")
            return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        }
        let lines = try await summary(["--input", dir.appendingPathComponent("jsonl").path], "a")
        let days = try await summary(["--input", dir.appendingPathComponent("days").path], "b")
        // The day files also carry next-day re-sends with a later status, so compare what a
        // status does not change: the tickets, their SLA states and priorities.
        func sla(_ s: [String: Any]) -> [String: Any] { s["sla"] as? [String: Any] ?? [:] }
        let ticketsA = (lines["totals"] as? [String: Any])?["tickets"] as? Int
        #expect((ticketsA ?? 0) > 100)
        #expect(ticketsA == (days["totals"] as? [String: Any])?["tickets"] as? Int)
        #expect(sla(lines)["withSLA"] as? Int == sla(days)["withSLA"] as? Int)
        #expect(sla(lines)["breached"] as? Int == sla(days)["breached"] as? Int)
        #expect(
            try JSONSerialization.data(withJSONObject: sla(lines)["byPriority"] ?? [], options: .sortedKeys)
                == JSONSerialization.data(withJSONObject: sla(days)["byPriority"] ?? [], options: .sortedKeys))

        // JSON Lines take the tolerant path on import too; the store reports the same tickets.
        let store = dir.appendingPathComponent("s.sqlite").path
        #expect(
            try await slareport(["import", "--input", dir.appendingPathComponent("jsonl").path, "--store", store])
                .status == 0
        )
        let stored = try await summary(["--store", store], "c")
        #expect((stored["totals"] as? [String: Any])?["tickets"] as? Int == ticketsA)
        #expect(sla(stored)["breached"] as? Int == sla(lines)["breached"] as? Int)
    }

    /// `--tickets-csv` writes tickets.csv beside the summary, a row per ticket of the period
    /// (as many as the summary counts), and says so; into an --out that is a file it fails
    /// in one sentence with nothing written.
    @Test func ticketsCSVHasARowPerTicketOfThePeriod() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let period = ["--from", "2024-04-15", "--to", "2024-04-21", "--as-of", "2024-04-22T09:00:00+05:30"]
        let r = try await slareport(
            ["report", "--input", examples] + period + ["--format", "json", "--tickets-csv", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Wrote tickets.csv to \(out): 2040 tickets"), "\(r.stdout)")
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))
        let tickets = ((summary as? [String: Any])?["totals"] as? [String: Any])?["tickets"] as? Int
        let lines = try String(contentsOfFile: out + "/tickets.csv", encoding: .utf8).components(separatedBy: "\r\n")
        #expect(lines.first?.hasPrefix("ticketId,created,queue,") == true)
        #expect(lines.count - 2 == tickets)  // the header, and the empty string after the last CRLF
        let file = dir.appendingPathComponent("a-file").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        let bad = try await slareport(
            ["report", "--input", examples] + period + ["--format", "json", "--tickets-csv", "--out", file])
        #expect(
            bad.status != 0 && !bad.stderr.contains("Fatal") && bad.stderr.split(separator: "\n").count <= 2,
            "\(bad.stderr)")
    }

}
