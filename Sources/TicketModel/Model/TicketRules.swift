/// The rules that turn a ticket field's text into what the figures use, each written once.
///
/// Every decoder calls these: the tolerant `TicketDecoder`, the fast path's caches and the
/// store rows in TicketIngest (which cache the result per distinct raw value). The text
/// they take is a field as `TicketDecoder.text` gives it: HTML entities decoded once,
/// trimmed, `nil` when empty. Lifecycle (resolved or open) is `LifecyclePolicy`'s, because
/// it is configuration.
public enum TicketRules {
    /// The priority a ticket is grouped by: lower-cased (`High` and `high` are one priority).
    @inlinable public static func priority(_ text: String?) -> String? { text?.lowercased() }

    /// Whether a ticket has an SLA state at all: a non-empty `slaStatus`.
    @inlinable public static func hasSLA(slaStatus: String?) -> Bool { slaStatus != nil }

    /// The `slaStatus` (lower-cased) of a ticket whose SLA was broken.
    public static let breachedSLAStatus = "out of sla"

    /// Whether `slaStatus` says the SLA was broken: `out of sla`, in any case.
    @inlinable public static func isBreached(slaStatus: String?) -> Bool {
        slaStatus?.lowercased() == breachedSLAStatus
    }

    /// Whether a customer rating is on the 1–5 scale (CSAT counts only those). Compared
    /// once, without a branch: a report asks it of every ticket.
    @inlinable public static func isRated(_ rating: Int32) -> Bool { UInt32(bitPattern: rating &- 1) < 5 }
}

extension LifecyclePolicy {
    /// Whether a status name means resolved (any case).
    @inlinable public func isResolvedStatus(_ status: String?) -> Bool {
        status.map { resolvedStatuses.contains($0.lowercased()) } ?? false
    }

    /// Whether a sub-status key means resolved whatever the status says (any case).
    @inlinable public func isResolvedSubstatusKey(_ key: String?) -> Bool {
        !resolvedSubstatusKeys.isEmpty && key.map { resolvedSubstatusKeys.contains($0.uppercased()) } ?? false
    }

    /// Whether a ticket with this status and sub-status key counts as resolved.
    @inlinable public func isResolved(status: String?, substatusKey: String?) -> Bool {
        isResolvedStatus(status) || isResolvedSubstatusKey(substatusKey)
    }
}
