import Foundation
import KaptureTestSupport
import ReportRendering
import SLAAnalytics
import Testing
import TicketModel
import XHTMLValidation

#if canImport(FoundationXML)
    import FoundationXML
#endif

let kolkata = TimeZone(identifier: "Asia/Kolkata")!

/// The strings of the issue's hostile set.
let hostileStrings: [String] = [
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' onmouseover='alert(1)", "</style>", "</title>",
    "<!--", "]]>", "O&apos;Brien", "&amp;lt;b&amp;gt;", "&nbsp;", "&bogus;", "&#0;", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)",
    "=HYPERLINK(\"http://x\",\"y\")", "+1+1", "@SUM(1)", "-2+3", "Weekly\r\nBcc: x@evil", "a\u{0}b", "a\u{b}b",
    "a\u{1b}[31mb",
    "a\u{92}b", "a\u{FFFE}b", "a\u{2028}b", "a\u{202E}b", "👩🏽‍💻 e\u{301}\u{302}", String(repeating: "W", count: 10_000),
    "", "   ",
    "\tTabbed", "\rReturn",
]

/// Builds a summary from tickets whose every text field is hostile, through the real decoder.
func hostileSummary() throws -> ReportSummary {
    var lines: [String] = []
    for (i, h) in hostileStrings.enumerated() {
        let value = JSONValue.object([
            ("ticketId", .string("H\(i)")), ("date", .string("16-04-2024 10:\(String(format: "%02d", i % 60))")),
            ("status", .string("Pending")), ("slaStatus", .string("out of sla")), ("priority", .string(h)),
            ("taskTitle", .string(h)), ("assignedId", .number(String(1000 + i))), ("assignedToName", .string(h)),
            ("queueName", .string(h)), ("primarySource", .string(h)), ("lastSource", .string("Email")),
            ("url", .string(i % 2 == 0 ? h : "https://acme.kapturecrm.com/t/\(i)?a=1&b=\"x\"")),
            ("customer_rating", .number("3")),
            ("tat", .string(h)),
        ])
        lines.append(value.jsonText)
    }
    let file = try TicketInputReader(decoder: TicketDecoder(accountTimeZone: kolkata)).decode(
        bytes: Array(lines.joined(separator: "\n").utf8), path: "hostile.jsonl")
    #expect(file.tickets.count == hostileStrings.count)
    let period = ReportPeriod(from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-21")!)!
    var builder = ReportBuilder(
        options: ReportOptions(period: period, timeZone: kolkata, asOf: parseRFC3339("2024-04-22T09:00:00+05:30")!))
    builder.ingest(file)
    return try withHostileMovers(builder.summary())
}

/// `summary` with every hostile string as a queue and a channel that moved, and as the name
/// of an assignee that did (the engine names movers only with 30 tickets a side; the
/// renderers are what is tested here).
func withHostileMovers(_ summary: ReportSummary, limit: Int = .max) throws -> ReportSummary {
    var object = try #require(try JSONSerialization.jsonObject(with: SummaryJSON.encode(summary)) as? [String: Any])
    func mover(_ key: String, _ name: String?, _ i: Int) -> [String: Any] {
        [
            "key": key, "name": name as Any? ?? NSNull(), "figure": i % 2 == 0 ? "breachRate" : "ftrRate",
            "current": 0.5, "previous": 0.25, "delta": 0.25, "currentDenominator": 40, "previousDenominator": 40,
            "pValue": 0.01,
        ]
    }
    // The texts as the decoder left them (entities decoded once).
    object["movers"] = [
        "queues": summary.sla.byQueue.prefix(limit).enumerated().map { mover($0.element.key, nil, $0.offset) },
        "sources": summary.sla.bySource.prefix(limit).enumerated().map { mover($0.element.key, nil, $0.offset) },
        "assignees": summary.assignees.prefix(limit).enumerated().map {
            mover(String($0.element.id), $0.element.name, $0.offset)
        },
    ]
    return try SummaryJSON.decode(JSONSerialization.data(withJSONObject: object))
}

/// Walks an XML document and records elements, attributes and hrefs.
final class MarkupInspector: NSObject, XMLParserDelegate {
    var elements: Set<String> = []
    var attributeNames: Set<String> = []
    var hrefs: [String] = []
    var failed = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.insert(elementName.lowercased())
        for (k, v) in attributes {
            attributeNames.insert(k.lowercased())
            if k.lowercased() == "href" || k.lowercased().hasSuffix(":href") || k.lowercased() == "src" {
                hrefs.append(v)
            }
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { failed = true }

    static func inspect(_ text: String) -> MarkupInspector {
        let inspector = MarkupInspector()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = inspector
        parser.shouldResolveExternalEntities = false
        _ = parser.parse()
        return inspector
    }
}

@Suite struct HostileInputTests {
    @Test func everyDocumentValidatesAndRunsNoScript() throws {
        let summary = try hostileSummary()
        #expect(summary.oldestBreachedOpen.count == 10)
        let renderer = ReportRenderer(templates: try TemplateSet())
        // render() validates the HTML and XHTML and throws if either is invalid.
        let html = try renderer.renderHTML(summary)
        let xhtml = try renderer.renderXHTML(summary)
        for (name, doc) in [("report.html", html), ("report.xhtml", xhtml)] {
            #expect(XHTMLValidator.validate(Data(doc.utf8), name: name).isValid, "\(name)")
            let markup = MarkupInspector.inspect(doc)
            #expect(!markup.failed, "\(name) is not well-formed")
            #expect(
                markup.elements.isDisjoint(with: [
                    "script", "img", "iframe", "object", "embed", "style", "link", "form",
                ])
                    || name == "report.xhtml"
                        && markup.elements.intersection(["script", "img", "iframe", "object", "embed", "link", "form"])
                            .isEmpty,
                "\(name): \(markup.elements)")
            #expect(markup.attributeNames.allSatisfy { !$0.hasPrefix("on") }, "\(name): \(markup.attributeNames)")
            #expect(
                markup.hrefs.allSatisfy { $0.hasPrefix("https://") || $0.hasPrefix("http://") },
                "\(name): \(markup.hrefs)")
            #expect(!doc.contains("&amp;apos;"), "\(name)")
            #expect(!doc.contains("&apos;"), "\(name)")
            #expect(!doc.contains("&nbsp;"), "\(name)")
            #expect(
                !doc.unicodeScalars.contains {
                    ($0.value < 0x20 && $0.value != 0x0A && $0.value != 0x09) || $0.value == 0x1B
                }, "\(name)")
            #expect(!doc.contains("\u{202E}"), "\(name)")
            #expect(!doc.lowercased().contains("href=\"javascript"), "\(name)")
            #expect(!doc.lowercased().contains("href=\" javascript"), "\(name)")
        }
        // The email's style element is the only one in the XHTML; the HTML email has none.
        #expect(!html.contains("<style"))
    }

    /// The plain-text report: no control character but the line feed, no terminal escape, no
    /// bidirectional override or line separator that could disguise a line.
    @Test func textReportCarriesNoControlCharacters() throws {
        let summary = try hostileSummary()
        let files = try ReportRenderer(templates: try TemplateSet()).render(
            summary, formats: [.text], envelope: EmailEnvelope(from: "r@example.com", to: []))
        let text = String(decoding: files[0].data, as: UTF8.self)
        #expect(text.contains("<script>alert(1)</script>"))  // shown as text, as it is
        let bad = text.unicodeScalars.filter {
            ($0.value < 0x20 && $0.value != 0x0A) || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028
                || $0.value == 0x2029 || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
                || $0.value == 0xFFFE
        }
        #expect(bad.isEmpty, "report.txt holds \(bad.map { String($0.value, radix: 16) })")
        #expect(!text.contains("&apos;") && !text.contains("&amp;"))
    }

    /// The JSON summary: valid JSON for an independent parser, control characters and line
    /// separators escaped, and the hostile names kept exactly (JSON needs no other escaping).
    @Test func summaryJSONKeepsHostileTextExactlyAndEscaped() throws {
        let summary = try hostileSummary()
        let data = try SummaryJSON.encode(summary)
        let text = String(decoding: data, as: UTF8.self)
        #expect(
            !text.unicodeScalars.contains {
                $0.value < 0x20 && $0.value != 0x0A || $0.value == 0x2028 || $0.value == 0x2029
            }
        )
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let names = Set(((object["assignees"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
        for h in [
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "]]>", "=HYPERLINK(\"http://x\",\"y\")",
        ] {
            #expect(names.contains(h), "\(h)")
        }
        #expect(names.contains("O'Brien"))  // the entity Kapture sends, decoded once
        #expect(names.contains("&lt;b&gt;"))  // decoded once, not twice
        #expect(try SummaryJSON.decode(data) == summary)
    }

    @Test func csvNeverStartsACellWithAFormula() throws {
        let summary = try hostileSummary()
        let movers = RowTables.table(.movers, of: summary).csv()
        for csv in [CSVTables.assignees(summary), CSVTables.queues(summary), CSVTables.daily(summary), movers] {
            for cell in parseCSV(csv).flatMap({ $0 }) {
                guard let first = cell.first else { continue }
                let isNumber = Double(cell) != nil
                #expect(isNumber || !["=", "+", "-", "@", "\t", "\r"].contains(first), "\(cell.prefix(40))")
            }
        }
        let queues = parseCSV(CSVTables.queues(summary))
        #expect(queues.contains { $0.first == "'=HYPERLINK(\"http://x\",\"y\")" })
        #expect(queues.contains { $0.first == "'+1+1" })
        #expect(queues.contains { $0.first == "'@SUM(1)" })
        #expect(queues.contains { $0.first == "'-2+3" })
        // The movers' keys and names: the same rule.
        #expect(parseCSV(movers).contains { $0[0] == "queue" && $0[1] == "'=HYPERLINK(\"http://x\",\"y\")" })
        #expect(parseCSV(movers).contains { $0[0] == "assignee" && $0[2] == "'-2+3" })
    }

    @Test func emailHasNoInjectedHeaderAndValidMIME() throws {
        let summary = try hostileSummary()
        let renderer = ReportRenderer(templates: try TemplateSet())
        let envelope = EmailEnvelope(
            from: "Reports\r\nBcc: x@evil <r@example.com>", to: ["a@example.com"],
            subject: "Weekly\r\nBcc: x@evil — déjà vu")
        let files = try renderer.render(summary, formats: [.eml], envelope: envelope)
        let eml = String(decoding: files[0].data, as: UTF8.self)
        let message = try MIMEMessage(eml)
        #expect(
            message.headers.map(\.name) == [
                "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
            ])
        #expect(!message.headers.contains { $0.name.lowercased() == "bcc" })
        #expect(message.header("Subject")?.hasPrefix("=?UTF-8?B?") == true)
        #expect(message.decodedSubject == "WeeklyBcc: x@evil — déjà vu")
        #expect(message.parts.count == 2)
    }
}
