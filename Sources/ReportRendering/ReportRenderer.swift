import Foundation
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
    /// in the registry's order. Throws `InvalidDocumentError` when a rendered document is invalid.
    public func render(_ summary: ReportSummary, formats: [ReportFormat], envelope: EmailEnvelope = EmailEnvelope())
        throws -> [RenderedFile]
    {
        let context = RenderContext(summary: summary, templates: templates, envelope: envelope)
        let wanted = Set(formats)
        let needed = ReportOutputs.needed(formats)
        // The formats that need no other run at once on both cores, the XHTML document (the
        // longest: its DTD is the largest) first; each validation has its own libxml2 parser
        // and DTD. Then the formats built from them. Errors surface in the registry's order
        // whatever finished first.
        let independent = ReportOutputs.all.filter { needed.contains($0.format) && $0.inputs.isEmpty }
            .sorted { a, _ in a.format == .xhtml }
        let results = Mutex<[ReportFormat: Result<[RenderedFile], any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: independent.count) { i in
            let output = independent[i]
            let result = Result { try output.render(context, inputs: [:]) }
            results.withLock { $0[output.format] = result }
        }
        let done = results.withLock { $0 }
        var rendered: [ReportFormat: [RenderedFile]] = [:]
        for output in ReportOutputs.all where needed.contains(output.format) {
            if output.inputs.isEmpty {
                rendered[output.format] = try done[output.format]!.get()
            } else {
                let inputs = rendered.filter { output.inputs.contains($0.key) }
                rendered[output.format] = try output.render(context, inputs: inputs)
            }
        }
        return ReportOutputs.all.filter { wanted.contains($0.format) }.flatMap { rendered[$0.format] ?? [] }
    }

    /// Whether rendering `formats` renders a template (a summary's JSON and CSV tables do not:
    /// a report of those needs no `TemplateSet`, whose parsing is most of a small report's
    /// rendering).
    public static func usesTemplates(_ formats: [ReportFormat]) -> Bool {
        ReportOutputs.needed(formats).contains { ReportOutputs.type(of: $0).usesTemplates }
    }

    /// The email body: XHTML 1.0 Transitional, validated.
    public func renderHTML(_ summary: ReportSummary) throws -> String {
        try document(summary, .html)
    }

    /// The archival document: XHTML 1.1 plus MathML 2.0 plus SVG 1.1, every table complete, validated.
    public func renderXHTML(_ summary: ReportSummary) throws -> String {
        try document(summary, .xhtml)
    }

    /// The plain-text report (also the text/plain part of the email).
    public func renderText(_ summary: ReportSummary) throws -> String {
        try document(summary, .text)
    }

    /// The `.eml` message around already rendered bodies.
    public func renderEmail(_ summary: ReportSummary, html: String, text: String, envelope: EmailEnvelope) -> String {
        EMLOutput.message(
            RenderContext(summary: summary, templates: templates, envelope: envelope), html: html, text: text)
    }

    private func document(_ summary: ReportSummary, _ format: ReportFormat) throws -> String {
        let context = RenderContext(summary: summary, templates: templates, envelope: EmailEnvelope())
        let files = try ReportOutputs.type(of: format).render(context, inputs: [:])
        return String(decoding: files[0].data, as: UTF8.self)
    }
}
