public import Foundation
public import SLAAnalytics
import Synchronization
import TicketModel
public import XHTMLValidation

/// The formats `slareport report` writes.
public enum ReportFormat: String, Sendable, CaseIterable {
    case json, html, xhtml, text, csv, eml
}

/// A rendered HTML or XHTML document that libxml2 found invalid. Its description lists the
/// first errors with their lines.
public struct InvalidDocumentError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var issues: [ValidationIssue]

    public var description: String {
        let shown = issues.prefix(10).map { "  \(file): \($0)" }.joined(separator: "\n")
        let more = issues.count > 10 ? "\n  … and \(issues.count - 10) more" : ""
        return "\(file) did not validate against its DTD, so nothing was written:\n\(shown)\(more)"
    }
}

/// Renders one `ReportSummary` into every output format, from the summary and nothing
/// else, and validates the HTML and XHTML it produced.
public struct ReportRenderer: Sendable {
    public let templates: TemplateSet

    public init(templates: TemplateSet) {
        self.templates = templates
    }

    /// The files for `formats`, named as they are written (`report.html`, `assignees.csv`, …),
    /// in a fixed order. Throws `InvalidDocumentError` when a rendered document is invalid.
    public func render(_ summary: ReportSummary, formats: [ReportFormat], envelope: EmailEnvelope = EmailEnvelope())
        throws -> [(name: String, data: Data)]
    {
        let wanted = Set(formats)
        // Independent pieces run on both cores; the XHTML document (the longest: its DTD is
        // the largest) starts first. Each validation has its own libxml2 parser and DTD, so
        // nothing is shared. Files come out in a fixed order, and errors surface in a fixed
        // order (JSON, HTML, XHTML, text) whatever finished first.
        var jobs: [Job] = []
        if wanted.contains(.xhtml) { jobs.append(.xhtml) }
        if wanted.contains(.html) || wanted.contains(.text) || wanted.contains(.eml) { jobs.append(.email) }
        if wanted.contains(.json) { jobs.append(.json) }
        if wanted.contains(.csv) { jobs.append(.csv) }
        let results = Mutex<[Job: Result<[(name: String, data: Data)], any Error>]>([:])
        let plan = jobs
        DispatchQueue.concurrentPerform(iterations: plan.count) { i in
            let job = plan[i]
            let result = Result { try run(job, summary, wanted: wanted, envelope: envelope) }
            results.withLock { $0[job] = result }
        }
        let done = results.withLock { $0 }
        var byName: [String: Data] = [:]
        for job in [Job.json, .email, .xhtml, .csv] {
            guard let result = done[job] else { continue }
            for file in try result.get() { byName[file.name] = file.data }
        }
        let order = [
            "summary.json", "report.html", "report.xhtml", "report.txt", "assignees.csv", "queues.csv", "daily.csv",
            "report.eml",
        ]
        return order.compactMap { name in byName[name].map { (name, $0) } }
    }

    enum Job: Hashable, Sendable { case json, email, xhtml, csv }

    private func run(_ job: Job, _ summary: ReportSummary, wanted: Set<ReportFormat>, envelope: EmailEnvelope)
        throws -> [(name: String, data: Data)]
    {
        switch job {
        case .json:
            return [("summary.json", try SummaryJSON.encode(summary))]
        case .xhtml:
            return [("report.xhtml", Data(try renderXHTML(summary).utf8))]
        case .csv:
            return [
                ("assignees.csv", Data(CSVTables.assignees(summary).utf8)),
                ("queues.csv", Data(CSVTables.queues(summary).utf8)),
                ("daily.csv", Data(CSVTables.daily(summary).utf8)),
            ]
        case .email:
            var files: [(name: String, data: Data)] = []
            var html: String?
            var text: String?
            if wanted.contains(.html) || wanted.contains(.eml) {
                html = try renderHTML(summary)
                if wanted.contains(.html), let html { files.append(("report.html", Data(html.utf8))) }
            }
            if wanted.contains(.text) || wanted.contains(.eml) {
                text = try renderText(summary)
                if wanted.contains(.text), let text { files.append(("report.txt", Data(text.utf8))) }
            }
            if wanted.contains(.eml), let html, let text {
                let message = renderEmail(summary, html: html, text: text, envelope: envelope)
                files.append(("report.eml", Data(message.utf8)))
            }
            return files
        }
    }

    /// The email body: XHTML 1.0 Transitional, validated.
    public func renderHTML(_ summary: ReportSummary) throws -> String {
        let html = try templates.render(ReportView(summary: summary, layout: .email), template: "html/report")
        try validate(html, name: "report.html")
        return html
    }

    /// The archival document: XHTML 1.1 plus MathML 2.0 plus SVG 1.1, every table complete, validated.
    public func renderXHTML(_ summary: ReportSummary) throws -> String {
        let xhtml = try templates.render(ReportView(summary: summary, layout: .complete), template: "xhtml/report")
        try validate(xhtml, name: "report.xhtml")
        return xhtml
    }

    /// The plain-text report (also the text/plain part of the email).
    public func renderText(_ summary: ReportSummary) throws -> String {
        var text = try templates.render(ReportView(summary: summary, layout: .email), template: "text/report")
        while text.hasPrefix("\n") { text.removeFirst() }
        return text
    }

    /// The `.eml` message around already rendered bodies.
    public func renderEmail(_ summary: ReportSummary, html: String, text: String, envelope: EmailEnvelope) -> String {
        let view = ReportView(summary: summary, layout: .email)
        let zone = TimeZone(identifier: summary.period.timeZone) ?? TimeZone(identifier: "UTC")!
        let date = parseRFC3339(summary.asOf) ?? Date(timeIntervalSince1970: 0)
        return EmailMessage.build(
            envelope: envelope, subject: view.subject, date: date, timeZone: zone, text: text, html: html)
    }

    func validate(_ document: String, name: String) throws {
        let result = XHTMLValidator.validate(Data(document.utf8), name: name)
        guard result.isValid else { throw InvalidDocumentError(file: name, issues: result.errors) }
    }
}
