import Foundation
import SLAAnalytics
import TicketModel

/// `report.eml`: the ready-to-send message around the HTML and the text already rendered.
enum EMLOutput: ReportOutput {
    static let format = ReportFormat.eml
    static let inputs: [ReportFormat] = [.html, .text]
    static func render(_ context: RenderContext, inputs: [ReportFormat: [RenderedFile]]) throws -> [RenderedFile] {
        let html = String(decoding: inputs[.html]?.first?.data ?? Data(), as: UTF8.self)
        let text = String(decoding: inputs[.text]?.first?.data ?? Data(), as: UTF8.self)
        return [("report.eml", Data(message(context, html: html, text: text).utf8))]
    }

    static func message(_ context: RenderContext, html: String, text: String) -> String {
        let summary = context.summary
        let zone = TimeZone(identifier: summary.period.timeZone) ?? TimeZone(identifier: "UTC")!
        let date = parseRFC3339(summary.asOf) ?? Date(timeIntervalSince1970: 0)
        return EmailMessage.build(
            envelope: context.envelope, subject: context.emailView.subject, date: date, timeZone: zone, text: text,
            html: html)
    }
}
