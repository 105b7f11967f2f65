import Foundation
import Mustache
import ReportTemplates
import TicketModel

/// A template that could not be read or parsed; names the file, line and column.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var reason: String

    public var description: String {
        if let line { return "\(file): line \(line), column \(column ?? 0): \(reason)" }
        return "\(file): \(reason)"
    }
}

/// The report templates: the bundled ones, each replaceable by a file of the same relative
/// path in an override folder (`--templates DIR`).
public struct TemplateSet: Sendable {
    let library: MustacheLibrary
    /// Where each template came from, by name (`html/report`).
    public let sources: [String: String]

    /// No template at all: for formats that render none (`ReportRenderer.usesTemplates`).
    public static let none = TemplateSet(library: MustacheLibrary(), sources: [:])

    private init(library: MustacheLibrary, sources: [String: String]) {
        self.library = library
        self.sources = sources
    }

    /// Loads the bundled templates, then the overrides.
    public init(overrides: String? = nil) throws {
        guard let bundled = ReportTemplates.directory?.path else {
            throw TemplateError(file: "Templates", reason: "the bundled templates are missing from this build")
        }
        var files = try Self.listTemplates(in: bundled)
        if let overrides {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: overrides, isDirectory: &isDir), isDir.boolValue else {
                throw TemplateError(file: overrides, reason: "no such folder")
            }
            let custom = try Self.listTemplates(in: overrides)
            guard !custom.isEmpty else {
                throw TemplateError(
                    file: overrides, reason: "holds no .mustache files (expected html/, xhtml/ or text/)")
            }
            for (name, path) in custom { files[name] = path }
        }
        var library = MustacheLibrary()
        var partials: [String: [String]] = [:]
        for (name, path) in files.sorted(by: { $0.key < $1.key }) {
            // Read to the end with plain reads, as input files are (a named pipe included).
            guard let bytes = TicketInputReader.readAll(path), let text = String(validating: bytes, as: UTF8.self)
            else { throw TemplateError(file: path, reason: "cannot be read as UTF-8 text") }
            partials[name] = Self.partials(in: text)
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let e as MustacheTemplate.ParserError {
                throw TemplateError(
                    file: path, line: e.context.lineNumber, column: e.context.columnNumber, reason: "\(e.error)")
            }
        }
        if let cycle = Self.cycle(in: partials) {
            throw TemplateError(
                file: files[cycle[0]] ?? cycle[0],
                reason: "includes itself (\(cycle.joined(separator: " → "))); a partial may not include its includer")
        }
        self.library = library
        self.sources = files
    }

    /// The names of the partials `text` includes (`{{> html/bar}}`).
    static func partials(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{>") {
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else { break }
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// A chain of partials that comes back to where it started (`text/report → text/report`),
    /// if any: rendering it would recurse until the stack ran out.
    static func cycle(in graph: [String: [String]]) -> [String]? {
        var done: Set<String> = []
        func visit(_ name: String, _ path: [String]) -> [String]? {
            if let start = path.firstIndex(of: name) { return Array(path[start...]) + [name] }
            if done.contains(name) { return nil }
            for next in graph[name] ?? [] {
                if let found = visit(next, path + [name]) { return found }
            }
            done.insert(name)
            return nil
        }
        for name in graph.keys.sorted() {
            if let found = visit(name, []) { return found }
        }
        return nil
    }

    static func listTemplates(in root: String) throws -> [String: String] {
        var result: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw TemplateError(file: root, reason: "cannot be read")
        }
        while let rel = walker.nextObject() as? String {
            guard rel.hasSuffix(".mustache") else { continue }
            result[String(rel.dropLast(".mustache".count))] = (root as NSString).appendingPathComponent(rel)
        }
        return result
    }

    /// Renders `object` with the template `name`.
    func render(_ object: Any, template name: String) throws -> String {
        guard let text = library.render(object, withTemplate: name) else {
            throw TemplateError(file: "\(name).mustache", reason: "no such template")
        }
        return text
    }
}
