import Foundation

/// `report.txt`: the plain-text report, also the text/plain part of the email.
enum TextOutput: ReportOutput {
    static let format = ReportFormat.text
    static let usesTemplates = true
    static func render(_ context: RenderContext, inputs: [ReportFormat: [RenderedFile]]) throws -> [RenderedFile] {
        var text = try context.templates.render(context.emailView, template: "text/report")
        while text.hasPrefix("\n") { text.removeFirst() }
        return [("report.txt", Data(text.utf8))]
    }
}
