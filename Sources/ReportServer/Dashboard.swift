import Crypto
import Foundation
import ReportPipeline
import TicketModel

/// The wall dashboard (one self-contained page: its style and script inline, allowed by
/// their hashes in a strict Content-Security-Policy) and the summary's JSON Schema.
struct Dashboard: Sendable {
    let page: Data
    let pageETag: String
    let contentSecurityPolicy: String
    let schema: Data
    let schemaETag: String

    /// The policy on the rendered reports: no scripts, inline styles only (the email HTML
    /// needs them), images only as data.
    static let reportPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    static func load() throws(PipelineError) -> Dashboard {
        guard let pageURL = Bundle.module.url(forResource: "index", withExtension: "html", subdirectory: "Dashboard"),
            let page = try? Data(contentsOf: pageURL),
            let schemaURL = Bundle.module.url(
                forResource: "summary.schema", withExtension: "json", subdirectory: "Dashboard"),
            let schema = try? Data(contentsOf: schemaURL)
        else { throw .failure("the dashboard's files are missing from the installation") }
        let text = String(decoding: page, as: UTF8.self)
        let csp =
            "default-src 'none'; script-src \(hashes(of: "script", in: text)); style-src \(hashes(of: "style", in: text)); "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        return Dashboard(
            page: page, pageETag: etag(page), contentSecurityPolicy: csp, schema: schema, schemaETag: etag(schema))
    }

    /// `'sha256-…'` of the content of every `<tag>` element of `html`.
    static func hashes(of tag: String, in html: String) -> String {
        var out: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<\(tag)>"),
            let close = rest.range(of: "</\(tag)>", range: open.upperBound..<rest.endIndex)
        {
            let body = rest[open.upperBound..<close.lowerBound]
            out.append("'sha256-\(Data(SHA256.hash(data: Data(body.utf8))).base64EncodedString())'")
            rest = rest[close.upperBound...]
        }
        return out.isEmpty ? "'none'" : out.joined(separator: " ")
    }

    static func etag(_ data: Data) -> String {
        "\"" + Hex.lowercase(SHA256.hash(data: data).prefix(16)) + "\""
    }
}
