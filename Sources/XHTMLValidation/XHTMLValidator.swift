import CLibXML2
public import Foundation
import Synchronization

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One problem libxml2 found, with its position.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Level: String, Sendable { case warning, error, fatal }
    public var level: Level
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// The outcome of validating one document.
public struct ValidationResult: Sendable {
    /// Well-formed XML.
    public var isWellFormed: Bool
    /// Well-formed and valid against the DTD its DOCTYPE names.
    public var isValid: Bool
    /// The DOCTYPE's public identifier, when there is one.
    public var publicIdentifier: String?
    /// Every warning and error, in document order.
    public var issues: [ValidationIssue]

    public var errors: [ValidationIssue] { issues.filter { $0.level != .warning } }
}

/// Validates XHTML (and any XML whose DOCTYPE names a bundled W3C DTD) with libxml2,
/// offline.
///
/// The document is parsed with `XML_PARSE_NONET`, checked for well-formedness and
/// validated against its own DTD, which is loaded from this module's bundled copies (XHTML
/// 1.0 Strict/Transitional, XHTML 1.1, XHTML 1.1 plus MathML 2.0 plus SVG 1.1): nothing is
/// fetched, and an unknown DTD is an error. Every error is collected with its line and
/// column through a structured error handler installed for the call; each call parses its
/// own DTD, so concurrent validations share nothing.
///
/// ```swift
/// let result = XHTMLValidator.validate(Data(html.utf8), name: "report.html")
/// if !result.isValid { print(result.errors) }
/// ```
public enum XHTMLValidator {
    /// Validates the bytes of a document; `name` is used in messages only.
    public static func validate(_ data: Data, name: String = "document") -> ValidationResult {
        _ = previousLoader  // sets the loader chain up, once
        let collector = IssueCollector()
        let context = Unmanaged.passRetained(collector)
        defer { context.release() }
        xmlSetStructuredErrorFunc(context.toOpaque(), collectIssue)
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        guard let parser = xmlNewParserCtxt() else {
            return ValidationResult(
                isWellFormed: false, isValid: false, publicIdentifier: nil,
                issues: [
                    ValidationIssue(level: .fatal, line: 0, column: 0, message: "libxml2 could not allocate a parser")
                ])
        }
        OwnContexts.insert(parser)
        defer {
            OwnContexts.remove(parser)
            xmlFreeParserCtxt(parser)
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_DTDLOAD.rawValue | XML_PARSE_DTDVALID.rawValue)
        let doc = data.withUnsafeBytes { raw -> xmlDocPtr? in
            let base = raw.bindMemory(to: CChar.self).baseAddress
            return xmlCtxtReadMemory(parser, base, Int32(clamping: raw.count), name, "UTF-8", options)
        }
        defer { if let doc { xmlFreeDoc(doc) } }
        var publicID: String?
        if let doc, let dtd = xmlGetIntSubset(doc), let id = dtd.pointee.ExternalID {
            publicID = String(cString: UnsafeRawPointer(id).assumingMemoryBound(to: CChar.self))
        }
        let wellFormed = doc != nil && parser.pointee.wellFormed != 0
        var issues = collector.issues
        if wellFormed && publicID == nil && xmlGetIntSubset(doc) == nil {
            issues.append(
                ValidationIssue(level: .error, line: 1, column: 1, message: "no DOCTYPE: nothing to validate against"))
        }
        if wellFormed { issues += entityPolicyIssues(data) }
        let valid = wellFormed && parser.pointee.valid != 0 && !issues.contains { $0.level != .warning }
        return ValidationResult(isWellFormed: wellFormed, isValid: valid, publicIdentifier: publicID, issues: issues)
    }

    /// Character references must stand on their own: only `&amp; &lt; &gt; &quot;` and
    /// numeric references. `&apos;` is not HTML 4, and `&nbsp;` and other named entities are
    /// not XML without the DTD, which many consumers never load.
    static func entityPolicyIssues(_ data: Data) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let bytes = [UInt8](data)
        var line = 1
        var lineStart = 0
        var i = 0
        var inComment = false
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                lineStart = i + 1
            } else if !inComment, b == UInt8(ascii: "<"), i + 3 < bytes.count, bytes[i + 1] == UInt8(ascii: "!"),
                bytes[i + 2] == UInt8(ascii: "-"), bytes[i + 3] == UInt8(ascii: "-")
            {
                inComment = true
            } else if inComment, b == UInt8(ascii: ">"), i >= 2, bytes[i - 1] == UInt8(ascii: "-"),
                bytes[i - 2] == UInt8(ascii: "-")
            {
                inComment = false
            } else if !inComment, b == UInt8(ascii: "&") {
                var j = i + 1
                while j < bytes.count, j - i <= 40, bytes[j] != UInt8(ascii: ";"), bytes[j] != UInt8(ascii: "&"),
                    bytes[j] > 0x20
                {
                    j += 1
                }
                if j < bytes.count, bytes[j] == UInt8(ascii: ";") {
                    let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                    if !name.hasPrefix("#") && !["amp", "lt", "gt", "quot"].contains(name) {
                        issues.append(
                            ValidationIssue(
                                level: .error, line: line, column: i - lineStart + 1,
                                message:
                                    "entity '&\(name);' is not allowed: use &amp; &lt; &gt; &quot; or a numeric reference"
                            ))
                    }
                }
            }
            i += 1
        }
        return issues
    }

    /// Validates a file.
    public static func validate(fileAt path: String) throws -> ValidationResult {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return validate(data, name: (path as NSString).lastPathComponent)
    }

    /// The folder holding the bundled DTDs.
    static let dtdRoot: String? = Bundle.module.resourceURL?.appendingPathComponent("DTD").standardizedFileURL.path

    /// libxml2 has one external-entity loader per process, and Foundation's `XMLParser`
    /// installs its own the first time one is created: its loader calls into a bridge table
    /// that Foundation fills in only afterwards, so a validation that loads a DTD during
    /// that window jumps to a null pointer. Setting up therefore first lets Foundation
    /// finish its one-time set-up (on this thread, to completion), then chains this
    /// module's loader in front of whatever was installed: our own parser contexts get the
    /// bundled DTDs, every other context goes to the previous loader as before.
    static let previousLoader: xmlExternalEntityLoader? = {
        #if canImport(FoundationXML)
            _ = XMLParser(data: Data("<x/>".utf8)).parse()
        #endif
        xmlInitParser()
        let previous = xmlGetExternalEntityLoader()
        xmlSetExternalEntityLoader(chainedEntityLoader)
        return previous
    }()
}

/// The parser contexts this module created and has not yet freed; the chained loader
/// serves bundled DTDs to these only.
enum OwnContexts {
    private static let live = Mutex<Set<UInt>>([])

    static func insert(_ context: xmlParserCtxtPtr) { _ = live.withLock { $0.insert(UInt(bitPattern: context)) } }
    static func remove(_ context: xmlParserCtxtPtr) { _ = live.withLock { $0.remove(UInt(bitPattern: context)) } }
    static func contains(_ context: xmlParserCtxtPtr?) -> Bool {
        guard let context else { return false }
        return live.withLock { $0.contains(UInt(bitPattern: context)) }
    }
}

private let chainedEntityLoader: xmlExternalEntityLoader = { url, id, context in
    if OwnContexts.contains(context) { return loadBundledEntity(url, id, context) }
    return XHTMLValidator.previousLoader?(url, id, context)
}

/// The issues of one validation, filled by libxml2's error callback on the validating
/// thread only (the handler is installed and removed around the one call).
final class IssueCollector {
    var issues: [ValidationIssue] = []
}

private let collectIssue: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let collector = Unmanaged<IssueCollector>.fromOpaque(userData).takeUnretainedValue()
    let e = error.pointee
    let level: ValidationIssue.Level =
        switch e.level {
        case XML_ERR_WARNING: .warning
        case XML_ERR_FATAL: .fatal
        default: .error
        }
    var message = e.message.map { String(cString: $0) } ?? "unknown error"
    while message.last?.isWhitespace == true { message.removeLast() }
    collector.issues.append(ValidationIssue(level: level, line: Int(e.line), column: Int(e.int2), message: message))
}

/// Resolves DTDs and entity sets to the bundled copies only: by public identifier, by
/// system identifier, or by a path inside the bundle. Anything else is refused, so no
/// document can make the validator read the network or arbitrary files.
private func loadBundledEntity(
    _ url: UnsafePointer<CChar>?, _ id: UnsafePointer<CChar>?, _ context: xmlParserCtxtPtr?
) -> xmlParserInputPtr? {
    guard let root = XHTMLValidator.dtdRoot else { return nil }
    var relative: String?
    if let id, let mapped = DTDCatalog.publicIdentifiers[String(cString: id)] {
        relative = mapped
    } else if let url {
        let text = String(cString: url)
        if let mapped = DTDCatalog.systemIdentifiers[text] {
            relative = mapped
        } else {
            let path = text.hasPrefix("file://") ? String(text.dropFirst(7)) : text
            let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
            if standardized.hasPrefix(root + "/"), FileManager.default.fileExists(atPath: standardized) {
                relative = String(standardized.dropFirst(root.count + 1))
            }
        }
    }
    // Refused: libxml2 reports "failed to load external entity" with the identifier.
    guard let relative else { return nil }
    return xmlNewInputFromFile(context, root + "/" + relative)
}
