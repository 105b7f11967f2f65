import Foundation
public import ReportRendering

extension ReportFormat {
    /// Parses a comma-separated list of formats (json, html, xhtml, text or txt, csv, eml, or
    /// all); `parameter` names the option in messages.
    public static func parseList(_ list: String, parameter: String = "--format") throws(PipelineError)
        -> [ReportFormat]
    {
        var result: [ReportFormat] = []
        for part in list.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            if name == "all" { return ReportFormat.allCases }
            guard let f = ReportFormat(rawValue: name == "txt" ? "text" : name) else {
                throw .usage(
                    "\(parameter): '\(name)' is not one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")), all"
                )
            }
            if !result.contains(f) { result.append(f) }
        }
        guard !result.isEmpty else { throw .usage("\(parameter): name at least one format") }
        return result
    }
}

/// Who a report's email goes to, from the options and the configuration's `[email]`.
public struct ReportMailing: Sendable {
    /// The envelope the `.eml` is rendered with.
    public var envelope: EmailEnvelope
    /// Whether to hand `report.eml` to sendmail (recipients were given for this run).
    public var sends: Bool

    /// `mailTo` overrides `email.to`; every address is checked; `from` and `subject` fall
    /// back to the configuration's.
    public init(
        configuration: Configuration, mailTo: [String], from: String? = nil, subject: String? = nil,
        parameter: String = "--mail-to"
    ) throws(PipelineError) {
        for address in mailTo + configuration.email.to where !EmailAddress.isPlausible(address) {
            throw .usage("'\(address)' is not an email address such as ops@example.com")
        }
        envelope = EmailEnvelope(
            from: from ?? configuration.email.from, to: mailTo.isEmpty ? configuration.email.to : mailTo,
            subject: subject ?? configuration.email.subject, messageIDDomain: configuration.email.messageIDDomain)
        sends = !mailTo.isEmpty
    }

    /// `formats`, with `eml` added when the email is sent.
    public func formats(_ formats: [ReportFormat]) -> [ReportFormat] {
        sends && !formats.contains(.eml) ? formats + [.eml] : formats
    }
}
