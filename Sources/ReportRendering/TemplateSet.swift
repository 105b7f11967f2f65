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
        for (name, path) in files.sorted(by: { $0.key < $1.key }) {
            // Read to the end with plain reads, as input files are (a named pipe included).
            guard let bytes = TicketInputReader.readAll(path), let text = String(validating: bytes, as: UTF8.self)
            else { throw TemplateError(file: path, reason: "cannot be read as UTF-8 text") }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let e as MustacheTemplate.ParserError {
                throw TemplateError(
                    file: path, line: e.context.lineNumber, column: e.context.columnNumber, reason: "\(e.error)")
            }
        }
        self.library = library
        self.sources = files
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
