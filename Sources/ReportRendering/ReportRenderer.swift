public import Foundation
public import SLAAnalytics
import TicketModel
import XHTMLValidation

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
        var files: [(name: String, data: Data)] = []
        if wanted.contains(.json) { files.append(("summary.json", try SummaryJSON.encode(summary))) }
        var email: String?
        var emailText: String?
        if wanted.contains(.html) || wanted.contains(.eml) {
            let html = try renderHTML(summary)
            email = html
            if wanted.contains(.html) { files.append(("report.html", Data(html.utf8))) }
        }
        if wanted.contains(.xhtml) { files.append(("report.xhtml", Data(try renderXHTML(summary).utf8))) }
        if wanted.contains(.text) || wanted.contains(.eml) {
            let text = try renderText(summary)
            emailText = text
            if wanted.contains(.text) { files.append(("report.txt", Data(text.utf8))) }
        }
        if wanted.contains(.csv) {
            files.append(("assignees.csv", Data(CSVTables.assignees(summary).utf8)))
            files.append(("queues.csv", Data(CSVTables.queues(summary).utf8)))
            files.append(("daily.csv", Data(CSVTables.daily(summary).utf8)))
        }
        if wanted.contains(.eml), let email, let emailText {
            files.append(
                ("report.eml", Data(renderEmail(summary, html: email, text: emailText, envelope: envelope).utf8)))
        }
        return files
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
