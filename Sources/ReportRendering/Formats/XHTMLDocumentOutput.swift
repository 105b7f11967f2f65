import Foundation
import XHTMLValidation

/// `report.xhtml`: the archival document, XHTML 1.1 plus MathML 2.0 plus SVG 1.1, every
/// table complete, validated.
enum XHTMLDocumentOutput: ReportOutput {
    static let format = ReportFormat.xhtml
    static let usesTemplates = true
    static func render(_ context: RenderContext, inputs: [ReportFormat: [RenderedFile]]) throws -> [RenderedFile] {
        let xhtml = try context.templates.render(context.completeView, template: "xhtml/report")
        try validate(xhtml, name: "report.xhtml")
        return [("report.xhtml", Data(xhtml.utf8))]
    }

    /// Validates a document against its DTD; throws `InvalidDocumentError` naming the file.
    static func validate(_ document: String, name: String) throws {
        let result = XHTMLValidator.validate(Data(document.utf8), name: name)
        guard result.isValid else { throw InvalidDocumentError(file: name, issues: result.errors) }
    }
}
