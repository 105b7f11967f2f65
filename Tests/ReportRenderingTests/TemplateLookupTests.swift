import Foundation
import Mustache
import SLAAnalytics
import Testing

@testable import ReportRendering

/// The view types answer the templates' lookups themselves (`MustacheParent`), and a name they
/// do not answer renders as empty text, silently. So every stored property of every view type
/// must be answered, with a value; found by walking the real views of the demo's summary.
@Suite struct TemplateLookupTests {
    /// Every property of `value` (and of the view values inside it) that its `child(named:)`
    /// does not answer, as `Type.name`.
    static func unanswered(_ value: Any, seen: inout Set<String>) -> [String] {
        var missing: [String] = []
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            return mirror.children.first.map { unanswered($0.value, seen: &seen) } ?? []
        }
        let typeName = String(describing: type(of: value))
        if let parent = value as? any MustacheParent {
            for child in mirror.children {
                guard let name = child.label else { continue }
                let key = typeName + "." + name
                guard seen.insert(key).inserted else { continue }
                if parent.child(named: name) == nil { missing.append(key) }
            }
        }
        for child in mirror.children {
            let inner = Mirror(reflecting: child.value)
            if inner.displayStyle == .collection {
                for element in inner.children { missing += unanswered(element.value, seen: &seen) }
            } else if child.value is any MustacheParent {
                missing += unanswered(child.value, seen: &seen)
            }
        }
        return missing
    }

    @Test func everyViewPropertyIsAnsweredToTheTemplates() throws {
        let summary = try GoldenFileTests.fixedSummary()
        var seen = Set<String>()
        var missing: [String] = []
        for layout in [ReportLayout.email, .complete] {
            missing += Self.unanswered(ReportView(summary: summary, layout: layout), seen: &seen)
        }
        #expect(missing.isEmpty, "not answered to the templates: \(missing)")
        // The walk reached the nested types (tables, rows, cells, charts, tiles, sections).
        for type in ["ReportView.", "Tile.", "Table.", "Row.", "Cell.", "SVGChart.", "SVGBar.", "TextSections."] {
            #expect(seen.contains { $0.hasPrefix(type) }, "\(type)")
        }
    }

    /// Every name a bundled template looks up is one some view type answers.
    @Test func everyTemplateNameIsAnswered() throws {
        let summary = try GoldenFileTests.fixedSummary()
        var seen = Set<String>()
        _ = Self.unanswered(ReportView(summary: summary, layout: .complete), seen: &seen)
        let answered = Set(seen.map { String($0.split(separator: ".").last!) })
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Templates")
        var names = Set<String>()
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        while let url = files.nextObject() as? URL {
            guard url.pathExtension == "mustache" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            let tags = try NSRegularExpression(pattern: #"\{\{\{?\s*[#^/]?\s*([A-Za-z][A-Za-z0-9.]*)\s*\}?\}\}"#)
            for m in tags.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(m.range(at: 1), in: text)!])
                names.insert(String(name.split(separator: ".").first!))
            }
        }
        #expect(names.count > 20)
        let unknown = names.subtracting(answered)
        #expect(unknown.isEmpty, "looked up by a template but answered by no view type: \(unknown.sorted())")
    }
}
