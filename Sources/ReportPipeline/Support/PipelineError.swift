public import TicketStore

/// A failure of a pipeline step, in one sentence a user can act on, with the kind that
/// decides how a front end presents it (the command line's exit code, the server's status).
///
/// Open-ended: a struct with a kind, so that kinds can be added.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A bad option or configuration value: the message names it.
        case usage
        /// Input data that cannot be read (a file, a store, a template): the message names it.
        case badInput
        /// Kapture refused the token.
        case authentication
        /// A pull that left days partial or failed.
        case incompletePull
        /// A store that cannot be opened, read or written (corrupt, unreachable, locked).
        case store
        /// Anything else (an output that cannot be written, a sendmail that failed).
        case failure
    }

    public var kind: Kind
    public var message: String
    /// The error this one was made from, when there was one: kept for the log and for code
    /// that needs more than the sentence (a user sees `message` only).
    public var cause: (any Error)?

    public init(_ kind: Kind, _ message: String, cause: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.cause = cause
    }

    public static func usage(_ message: String) -> PipelineError { PipelineError(.usage, message) }
    public static func badInput(_ message: String) -> PipelineError { PipelineError(.badInput, message) }
    public static func failure(_ message: String) -> PipelineError { PipelineError(.failure, message) }

    /// An error no step expected (not a user's mistake, not a store's): its description as
    /// the sentence, and the error itself as the cause.
    public static func unexpected(_ error: any Error) -> PipelineError {
        PipelineError(.failure, "unexpected error: \(error)", cause: error)
    }

    public var description: String { message }

    /// A store that cannot be opened, read or written: the same sentence and the same kind
    /// from every command and route that uses one.
    public static func store(_ path: String, _ reason: String, cause: (any Error)? = nil) -> PipelineError {
        PipelineError(.store, "store \(path): \(reason)", cause: cause)
    }

    /// `store` from the store's own error, its cause kept.
    public static func store(_ e: TicketStoreError) -> PipelineError { store(e.path, e.reason, cause: e.cause ?? e) }

    /// `store` naming the store as messages show it (a URL's password replaced).
    public static func store(at location: String, _ e: TicketStoreError) -> PipelineError {
        store(TicketStores.displayed(location), e.reason, cause: e.cause ?? e)
    }
}

extension PipelineError.Kind {
    /// The one table from a kind of failure to how each front end presents it: the command
    /// line's exit code (sysexits) and the server's HTTP status.
    public var presentation: (exitCode: Int32, httpStatus: Int) {
        switch self {
        case .usage: (64, 400)
        case .badInput: (65, 422)
        case .store: (65, 503)
        case .authentication: (3, 502)
        case .incompletePull: (75, 503)
        case .failure: (1, 500)
        }
    }
}

/// `1 day`, `2 days`: a count with its noun in the right number.
public func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : pluralForm ?? singular + "s")"
}
