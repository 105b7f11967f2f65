import Foundation
import KaptureTestSupport
import ReportRendering
import SLAAnalytics
import Testing
import TicketModel

/// Parses a message back: headers (unfolded), and the parts of a multipart body with their
/// quoted-printable content decoded.
struct MIMEMessage {
    struct Part {
        var headers: [(name: String, value: String)]
        var body: String
    }

    var headers: [(name: String, value: String)] = []
    var parts: [Part] = []
    var rawLines: [String] = []

    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    var decodedSubject: String? {
        guard let s = header("Subject") else { return nil }
        return s.split(separator: " ").map { word -> String in
            let w = String(word)
            guard w.hasPrefix("=?UTF-8?B?"), w.hasSuffix("?=") else { return w }
            let b64 = String(w.dropFirst(10).dropLast(2))
            return Data(base64Encoded: b64).map { String(decoding: $0, as: UTF8.self) } ?? w
        }.joined()
    }

    init(_ text: String) throws {
        let bytes = Array(text.utf8)
        for (i, b) in bytes.enumerated() where b == 0x0A && (i == 0 || bytes[i - 1] != 0x0D) {
            throw MIMEError("bare LF line end at byte \(i)")
        }
        rawLines = text.components(separatedBy: "\r\n")
        var i = 0
        headers = Self.readHeaders(rawLines, &i)
        guard let type = header("Content-Type"), let range = type.range(of: "boundary=\"") else {
            throw MIMEError("no boundary")
        }
        let boundary = String(type[range.upperBound...].prefix { $0 != "\"" })
        let body = rawLines[i...].joined(separator: "\r\n")
        let chunks = body.components(separatedBy: "--" + boundary)
        guard chunks.last?.hasPrefix("--") == true else { throw MIMEError("no closing boundary") }
        for chunk in chunks.dropFirst().dropLast() {
            var lines = chunk.components(separatedBy: "\r\n")
            lines.removeFirst()
            var j = 0
            let partHeaders = Self.readHeaders(lines, &j)
            var content = lines[j...].joined(separator: "\r\n")
            if content.hasSuffix("\r\n") { content.removeLast(2) }
            parts.append(Part(headers: partHeaders, body: Self.decodeQuotedPrintable(content)))
        }
    }

    static func readHeaders(_ lines: [String], _ i: inout Int) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        while i < lines.count, !lines[i].isEmpty {
            let line = lines[i]
            if line.first == " " || line.first == "\t", !result.isEmpty {
                result[result.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                result.append(
                    (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            i += 1
        }
        i += 1
        return result
    }

    static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let lines = text.components(separatedBy: "\r\n")
        for (n, line) in lines.enumerated() {
            var soft = false
            let b = Array(line.utf8)
            var k = 0
            while k < b.count {
                if b[k] == UInt8(ascii: "=") {
                    if k == b.count - 1 {
                        soft = true
                        k += 1
                        continue
                    }
                    let hex = String(decoding: b[(k + 1)...(k + 2)], as: UTF8.self)
                    bytes.append(UInt8(hex, radix: 16) ?? 0x3F)
                    k += 3
                } else {
                    bytes.append(b[k])
                    k += 1
                }
            }
            if !soft && n < lines.count - 1 { bytes.append(contentsOf: [0x0A]) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

struct MIMEError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

@Suite struct MIMETests {
    @Test func messageParsesBackToTheRenderedBodies() throws {
        let summary = try GoldenFileTests.fixedSummary()
        let renderer = ReportRenderer(templates: try TemplateSet())
        let files = try renderer.render(summary, formats: [.text, .html, .eml], envelope: GoldenFileTests.envelope)
        let html = String(decoding: files.first { $0.name == "report.html" }!.data, as: UTF8.self)
        let text = String(decoding: files.first { $0.name == "report.txt" }!.data, as: UTF8.self)
        let eml = String(decoding: files.first { $0.name == "report.eml" }!.data, as: UTF8.self)
        let message = try MIMEMessage(eml)
        #expect(message.header("MIME-Version") == "1.0")
        #expect(message.header("From") == "SLAReport <reports@example.com>")
        #expect(message.header("To") == "support-leads@example.com")
        #expect(message.header("Date") == "Mon, 22 Apr 2024 09:00:00 +0530")
        #expect(message.header("Message-ID")?.hasSuffix("@example.com>") == true)
        #expect(message.header("Content-Type")?.hasPrefix("multipart/alternative;") == true)
        #expect(message.decodedSubject == "SLA report 15 Apr 2024 – 21 Apr 2024: 2,040 tickets, 14.1 % breached")
        #expect(message.parts.count == 2)
        #expect(message.parts[0].headers.first?.value == "text/plain; charset=UTF-8")
        #expect(message.parts[1].headers.first?.value == "text/html; charset=UTF-8")
        #expect(
            message.parts.allSatisfy {
                $0.headers.contains { $0.name == "Content-Transfer-Encoding" && $0.value == "quoted-printable" }
            })
        #expect(message.parts[0].body == text)
        #expect(message.parts[1].body == html)
        // Every line within the limits: 76 for quoted-printable, 78 for headers.
        #expect(message.rawLines.allSatisfy { $0.utf8.count <= 78 })
        let bodyStart = message.rawLines.firstIndex(of: "")!
        #expect(message.rawLines[bodyStart...].allSatisfy { $0.utf8.count <= 76 })
        #expect(message.rawLines.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value < 0x80 } })
    }

    @Test func quotedPrintableKeepsTrickyLinesIntact() throws {
        let summary = try GoldenFileTests.fixedSummary()
        let renderer = ReportRenderer(templates: try TemplateSet())
        let text = ".leading dot\nFrom the start\ntrailing space \n" + String(repeating: "é=", count: 100) + "\n"
        let eml = renderer.renderEmail(summary, html: "<p>x</p>", text: text, envelope: EmailEnvelope())
        let message = try MIMEMessage(eml)
        #expect(message.parts[0].body == text)
        #expect(!message.rawLines.contains { $0.hasPrefix(".") || $0.hasPrefix("From ") })
    }

    @Test func sizeBudgetHoldsAt300AssigneesAnd40Queues() throws {
        // As many movers as the engine names (10 queues, 10 channels, 10 assignees): the
        // email's "Unusual" box shows the first 8.
        let summary = try withHostileMovers(bigSummary(assignees: 300, queues: 40), limit: Movers.limit)
        #expect(summary.movers.assignees.count == 10)
        #expect(summary.assignees.count == 300)
        #expect(summary.sla.byQueue.count == 40)
        let renderer = ReportRenderer(templates: try TemplateSet())
        let files = try renderer.render(summary, formats: ReportFormat.allCases, envelope: GoldenFileTests.envelope)
        let eml = try #require(files.first { $0.name == "report.eml" })
        #expect(eml.data.count < 100_000, "report.eml is \(eml.data.count) bytes")
        let html = String(decoding: files.first { $0.name == "report.html" }!.data, as: UTF8.self)
        #expect(html.contains("and 275 more assignees"))
        #expect(html.contains("more in the XHTML report"))
        #expect(html.contains("and 25 more queues"))
        // The archival document keeps every row.
        let xhtml = String(decoding: files.first { $0.name == "report.xhtml" }!.data, as: UTF8.self)
        #expect(xhtml.contains("Assignee number 300 with a long name"))
        let csv = parseCSV(String(decoding: files.first { $0.name == "assignees.csv" }!.data, as: UTF8.self))
        #expect(csv.count == 301)
    }
}

/// A summary with many assignees and queues, through the real builder.
func bigSummary(assignees: Int, queues: Int) throws -> ReportSummary {
    let period = ReportPeriod(from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-21")!)!
    var builder = ReportBuilder(
        options: ReportOptions(period: period, timeZone: kolkata, asOf: parseRFC3339("2024-04-22T09:00:00+05:30")!))
    var n = 0
    for a in 1...assignees {
        for k in 0..<(1 + a % 3) {
            n += 1
            var t = Ticket(
                ticketId: "T\(n)", createdAt: parseRFC3339("2024-04-1\(5 + k % 6)T10:00:00+05:30")!,
                assignedId: Int64(a))
            t.assignedToName = "Assignee number \(a) with a long name"
            t.queueName = "Queue number \(n % queues) — \(String(repeating: "x", count: 20))"
            t.primarySource = ["Email", "Phone", "Chat"][n % 3]
            t.slaStatus = n % 5 == 0 ? "out of sla" : "within sla"
            t.status = n % 2 == 0 ? "Closed" : "Pending"
            t.title = "Customer cannot log in \(n)"
            t.url = "https://acme.kapturecrm.com/t/\(n)"
            builder.add(t)
        }
    }
    return builder.summary()
}
