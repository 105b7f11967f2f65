import Foundation

/// `report.html`: the email body, XHTML 1.0 Transitional, validated.
enum EmailHTMLOutput: ReportOutput {
    static let format = ReportFormat.html
    static let usesTemplates = true
    static func render(_ context: RenderContext, inputs: [ReportFormat: [RenderedFile]]) throws -> [RenderedFile] {
        let html = try context.templates.render(context.emailView, template: "html/report")
        try XHTMLDocumentOutput.validate(html, name: "report.html")
        return [("report.html", Data(html.utf8))]
    }
}
