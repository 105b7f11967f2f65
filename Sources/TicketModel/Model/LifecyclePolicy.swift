/// Maps a tenant's status names to a ticket lifecycle: resolved or open.
///
/// Kapture tenants name their statuses themselves, so this is configuration. The default
/// treats `Complete`, `Completed`, `Closed`, `Resolved` and `Solved` (any case, trimmed)
/// as resolved and everything else as open.
public struct LifecyclePolicy: Sendable, Hashable {
    public static let defaultResolvedStatuses = ["Complete", "Completed", "Closed", "Resolved", "Solved"]

    /// Lower-cased, trimmed status names that mean resolved.
    public let resolvedStatuses: Set<String>
    /// Upper-cased, trimmed sub-status keys that mean resolved whatever the status says (e.g. `CL`).
    public let resolvedSubstatusKeys: Set<String>

    public init(
        resolvedStatuses: [String] = LifecyclePolicy.defaultResolvedStatuses,
        resolvedSubstatusKeys: [String] = []
    ) {
        self.resolvedStatuses = Set(resolvedStatuses.map { $0.trimmingASCIIWhitespace().lowercased() })
        self.resolvedSubstatusKeys = Set(resolvedSubstatusKeys.map { $0.trimmingASCIIWhitespace().uppercased() })
    }

    public static let `default` = LifecyclePolicy()

    /// Whether `ticket` counts as resolved.
    public func isResolved(_ ticket: Ticket) -> Bool {
        isResolved(status: ticket.status, substatusKey: ticket.substatusKey)
    }
}
