import Foundation
import KaptureTestSupport
import ReportRendering
import Testing

@testable import ReportPipeline

/// A report reads and parses its Mustache templates only for the formats that render one:
/// the summary's JSON and the CSV tables render none.
@Suite struct RenderTemplatesTests {
    @Test func onlyTheFormatsThatRenderATemplateLoadThem() throws {
        // By hand: the documents render one; the `.eml` is built from the HTML and the text.
        let expected: [ReportFormat: Bool] = [
            .json: false, .csv: false, .html: true, .xhtml: true, .text: true, .eml: true,
        ]
        for (format, uses) in expected {
            #expect(ReportRenderer.usesTemplates([format]) == uses, "\(format)")
        }
        #expect(try ReportJob.templates(for: [.json, .csv], overrides: nil).sources.isEmpty)
        #expect(try ReportJob.templates(for: [.csv, .eml], overrides: nil).sources["text/report"] != nil)
        // An override folder is read and checked whatever the formats.
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("html"), withIntermediateDirectories: true)
        try Data("{{#open}} never closed".utf8).write(to: folder.appendingPathComponent("html/report.mustache"))
        #expect(throws: TemplateError.self) { try ReportJob.templates(for: [.json], overrides: folder.path) }
    }
}
