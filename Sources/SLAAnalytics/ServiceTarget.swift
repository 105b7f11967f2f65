public import TicketModel

/// A team's own service-level target (`[[target]]`): tickets of some priorities and queues are
/// to be resolved within so much business time on a calendar. The first target that applies
/// to a ticket is its target; Kapture's own `slaStatus` stays what `sla` reads.
public struct ServiceTarget: Sendable, Hashable {
    /// The priorities it applies to (lower-cased, as the report groups them); empty: any.
    public var priorities: [String]
    /// The queues it applies to (the report's labels); empty: any.
    public var queues: [String]
    /// Business time to resolution, in seconds.
    public var resolveWithin: Int64
    public var calendar: BusinessCalendar
    /// How close to its deadline an open ticket is "due next", in business seconds.
    public var atRisk: Int64

    public static let defaultAtRisk: Int64 = 2 * 3600

    public init(
        priorities: [String] = [], queues: [String] = [], resolveWithin: Int64, calendar: BusinessCalendar,
        atRisk: Int64 = ServiceTarget.defaultAtRisk
    ) {
        self.priorities = priorities.map { TicketFacts.priorityLabel(TicketRules.priority($0)) }
        self.queues = queues
        self.resolveWithin = resolveWithin
        self.calendar = calendar
        self.atRisk = atRisk
    }

    /// Whether the target applies to a ticket of this priority and queue (the report's labels).
    public func applies(priority: String, queue: String) -> Bool {
        (priorities.isEmpty || priorities.contains(priority)) && (queues.isEmpty || queues.contains(queue))
    }
}
