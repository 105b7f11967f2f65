public import Foundation
import SLAAnalytics
import Synchronization

/// A rendered file: its name as written and its bytes.
public typealias RenderedFile = (name: String, data: Data)

/// What every output of one run is rendered from: the summary, its two views (each built
/// once per run, when an output first asks for it: the email's, with long tables cut, and the
/// complete one; a report of JSON or CSV alone builds neither), the templates and the email
/// envelope.
struct RenderContext: Sendable {
    let summary: ReportSummary
    let templates: TemplateSet
    let envelope: EmailEnvelope
    private let views: Views

    init(summary: ReportSummary, templates: TemplateSet, envelope: EmailEnvelope) {
        self.summary = summary
        self.templates = templates
        self.envelope = envelope
        views = Views(summary: summary)
    }

    var emailView: ReportView { views.email.withLock { $0.get(views.summary, .email) } }
    var completeView: ReportView { views.complete.withLock { $0.get(views.summary, .complete) } }

    /// The views, shared by the outputs rendered at once (the first to ask builds one while
    /// the others wait for it).
    private final class Views: Sendable {
        let summary: ReportSummary
        let email = Mutex(Once())
        let complete = Mutex(Once())

        init(summary: ReportSummary) {
            self.summary = summary
        }
    }

    private struct Once {
        var view: ReportView?

        mutating func get(_ summary: ReportSummary, _ layout: ReportLayout) -> ReportView {
            if let view { return view }
            let made = ReportView(summary: summary, layout: layout)
            view = made
            return made
        }
    }
}

/// One output format: one type, in `ReportOutputs.all`. Adding a format is a new type in this
/// folder, its case in `ReportFormat` and its entry in `all` (plus its templates).
protocol ReportOutput: Sendable {
    static var format: ReportFormat { get }
    /// The formats whose documents this one is built from (the `.eml` from the HTML and the text).
    static var inputs: [ReportFormat] { get }
    /// Renders the documents of this format (validated where it has a DTD).
    static func render(_ context: RenderContext, inputs: [ReportFormat: [RenderedFile]]) throws -> [RenderedFile]
    /// Whether it renders a template (`RenderContext.templates`).
    static var usesTemplates: Bool { get }
}

extension ReportOutput {
    static var inputs: [ReportFormat] { [] }
    static var usesTemplates: Bool { false }
}

/// The registry of output formats, in the order their files are listed.
enum ReportOutputs {
    static let all: [any ReportOutput.Type] = [
        SummaryJSONOutput.self, EmailHTMLOutput.self, XHTMLDocumentOutput.self, TextOutput.self, CSVOutput.self,
        EMLOutput.self,
    ]

    /// The formats rendered for `formats`: they and those they are built from.
    static func needed(_ formats: [ReportFormat]) -> Set<ReportFormat> {
        Set(formats).union(formats.flatMap { type(of: $0).inputs })
    }

    static func type(of format: ReportFormat) -> any ReportOutput.Type {
        all.first { $0.format == format }!
    }
}
