import Foundation
import KaptureTestSupport
import Testing

@Suite struct RenderCommandTests {
    var examples: String { SLAReportBinary.packageRoot.appendingPathComponent("Examples/responses").path }
    var common: [String] {
        [
            "report", "--input", examples, "--from", "2024-04-15", "--to", "2024-04-21", "--as-of",
            "2024-04-22T09:00:00+05:30",
        ]
    }

    @Test func demoWritesEveryFormatAndTheyValidate() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        #expect(try await slareport(["demo", "--out", out]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(
            names == [
                "anomalies.csv", "assignees.csv", "daily.csv", "dispositions.csv", "movers.csv", "queues.csv",
                "report.eml", "report.html",
                "report.txt", "report.xhtml", "summary.json", "trend.csv",
            ])
        let v = try await slareport(["validate", out + "/report.html", out + "/report.xhtml"])
        #expect(v.status == 0, "\(v.stdout)")
        #expect(v.stdout.contains("report.xhtml: valid (-//W3C//DTD XHTML 1.1 plus MathML 2.0 plus SVG 1.1//EN)"))
    }

    @Test func validateReportsErrorsWithLinesAndExit65() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.html")
        try Data(
            """
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>
            <body><center>old</center></body></html>
            """.utf8
        ).write(to: bad)
        let r = try await slareport(["validate", bad.path])
        #expect(r.status == 65)
        #expect(r.stdout.contains("\(bad.path): line 3"))
        #expect(r.stdout.contains("center"))
    }

    @Test func templatesCanBeOverriddenByFileName() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let custom = dir.appendingPathComponent("tpl/text")
        try FileManager.default.createDirectory(at: custom, withIntermediateDirectories: true)
        try Data("{{% CONTENT_TYPE: TEXT}}\nCUSTOM {{title}}\n".utf8).write(
            to: custom.appendingPathComponent("report.mustache"))
        let out = dir.appendingPathComponent("out").path
        let r = try await slareport(common + ["--templates", dir.appendingPathComponent("tpl").path, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: out + "/report.txt", encoding: .utf8)
        #expect(text == "CUSTOM SLA report 15 Apr 2024 – 21 Apr 2024\n")
        // The HTML still comes from the bundled template.
        #expect(try String(contentsOfFile: out + "/report.html", encoding: .utf8).contains("Channel mix"))
    }

    @Test func brokenTemplateNamesFileAndLine() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let custom = dir.appendingPathComponent("tpl/html")
        try FileManager.default.createDirectory(at: custom, withIntermediateDirectories: true)
        let file = custom.appendingPathComponent("bar.mustache")
        try Data("<tr>\n<td>{{#label}}\n</td></tr>\n".utf8).write(to: file)
        let out = dir.appendingPathComponent("out")
        let r = try await slareport(
            common + ["--templates", dir.appendingPathComponent("tpl").path, "--out", out.path])
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("slareport: error: template \(file.path): line "), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// A partial that includes itself, directly or through another, is refused when the
    /// templates are loaded (rendering it once overflowed the stack: exit 139).
    @Test func aTemplateThatIncludesItselfIsRefused() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let custom = dir.appendingPathComponent("tpl/html")
        try FileManager.default.createDirectory(at: custom, withIntermediateDirectories: true)
        for (name, expected) in [
            ("direct", ["html/bar → html/bar"]), ("through", ["html/bar → html/table → html/bar"]),
        ] {
            try Data("<td>{{> html/bar}}</td>\n".utf8).write(to: custom.appendingPathComponent("bar.mustache"))
            if name == "through" {
                try Data("x{{>html/table }}\n".utf8).write(to: custom.appendingPathComponent("bar.mustache"))
                try Data("y{{> html/bar}}\n".utf8).write(to: custom.appendingPathComponent("table.mustache"))
            }
            let out = dir.appendingPathComponent("out-\(name)")
            let r = try await slareport(
                common + ["--templates", dir.appendingPathComponent("tpl").path, "--out", out.path])
            #expect(r.status == 65, "\(name): \(r.stderr)")
            #expect(expected.allSatisfy { r.stderr.contains("includes itself (\($0))") }, "\(name): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test func templateThatRendersInvalidHTMLWritesNothing() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let custom = dir.appendingPathComponent("tpl/html")
        try FileManager.default.createDirectory(at: custom, withIntermediateDirectories: true)
        try Data("<tr><td><blink>{{label}}</blink></td></tr>\n".utf8).write(
            to: custom.appendingPathComponent("bar.mustache"))
        let out = dir.appendingPathComponent("out")
        let r = try await slareport(
            common + ["--templates", dir.appendingPathComponent("tpl").path, "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("report.html did not validate against its DTD, so nothing was written"))
        #expect(r.stderr.contains("blink"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func mailToHandsTheMessageToSendmail() async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sent = dir.appendingPathComponent("sent.eml")
        let script = dir.appendingPathComponent("fake-sendmail")
        try Data("#!/bin/sh\necho \"$@\" > \"\(sent.path).args\"\ncat > \"\(sent.path)\"\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let config = dir.appendingPathComponent("slareport.toml")
        try Data(
            """
            [email]
            from = "Reports <reports@example.com>"
            sendmail_command = "\(script.path) -t -i"
            """.utf8
        ).write(to: config)
        let out = dir.appendingPathComponent("out").path
        let r = try await slareport(
            common + [
                "--config", config.path, "--format", "json", "--mail-to", "lead@example.com", "--mail-to",
                "ops@example.com", "--out", out,
            ])
        #expect(r.status == 0, "\(r.stderr)")
        let message = try String(contentsOfFile: sent.path, encoding: .utf8)
        #expect(message.contains("To: lead@example.com, ops@example.com\n"))
        #expect(message.contains("From: Reports <reports@example.com>\n"))
        #expect(message.contains("Content-Type: multipart/alternative;"))
        #expect(try String(contentsOfFile: sent.path + ".args", encoding: .utf8) == "-t -i\n")
        #expect(FileManager.default.fileExists(atPath: out + "/report.eml"))

        try Data("#!/bin/sh\ncat >/dev/null\necho 'mail queue is full' >&2\nexit 75\n".utf8).write(to: script)
        let failed = try await slareport(
            common + ["--config", config.path, "--mail-to", "lead@example.com", "--out", out])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("exited with status 75: mail queue is full"))

        let injected = try await slareport(
            common + ["--mail-to", "a@example.com\r\nBcc: x@evil.example", "--out", out])
        #expect(injected.status == 64)
    }
}
