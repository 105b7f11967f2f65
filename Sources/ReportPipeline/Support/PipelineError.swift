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
        /// Anything else (an output that cannot be written, a sendmail that failed).
        case failure
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func usage(_ message: String) -> PipelineError { PipelineError(.usage, message) }
    public static func badInput(_ message: String) -> PipelineError { PipelineError(.badInput, message) }
    public static func failure(_ message: String) -> PipelineError { PipelineError(.failure, message) }

    public var description: String { message }

    /// A store that cannot be opened, read or written: the same sentence and the same kind
    /// (`badInput`) from every command that uses one.
    public static func store(_ path: String, _ reason: String) -> PipelineError {
        PipelineError(.badInput, "store \(path): \(reason)")
    }
}

/// `1 day`, `2 days`: a count with its noun in the right number.
public func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : pluralForm ?? singular + "s")"
}
