import Foundation

/// The Basic token Kapture issues, already encoded. Its description is redacted, so it can
/// be held anywhere without leaking into logs, errors or outputs; only the request builder
/// reads the value.
public struct KaptureToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String

    /// Trims whitespace; `nil` when nothing is left.
    public init?(_ value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains(where: { $0 == "\r" || $0 == "\n" }) else { return nil }
        self.value = trimmed
    }

    public var description: String { "<redacted token>" }
    public var debugDescription: String { "<redacted token>" }

    /// The `Authorization` header value.
    var authorizationHeader: String { "Basic " + value }
}
