/// A failure talking to Kapture. Open-ended: a struct with a kind, so kinds can be added.
///
/// Its description never contains the token.
public struct KaptureError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// 401/403, or `status: failed` with an authentication message: never retried.
        case authentication
        /// An HTTP status that is retried (429, 5xx).
        case retryableHTTP(Int)
        /// An HTTP status that is not retried (400, 404, …).
        case http(Int)
        /// No response: connection refused or reset, DNS, TLS.
        case transport
        /// No complete response within the timeout.
        case timeout
        /// A body that is not a complete JSON response (cut off, or garbage).
        case malformedBody
        /// `status` other than `success`, with the server's message.
        case failedStatus
        /// A page held only tickets already received that day: the server does not page by
        /// `offset`, and asking again cannot help.
        case ignoresOffset
        /// The day's tickets fall short of its `totalCount` (the day is asked for again).
        case incomplete
    }

    public var kind: Kind
    public var message: String
    /// Seconds the server asked to wait (`Retry-After`).
    public var retryAfter: Double?

    public init(kind: Kind, message: String, retryAfter: Double? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
    }

    /// Whether another attempt may succeed.
    public var isRetryable: Bool {
        switch kind {
        case .authentication, .http, .ignoresOffset: return false
        case .retryableHTTP, .transport, .timeout, .malformedBody, .failedStatus, .incomplete: return true
        }
    }

    public var description: String { message }
}
