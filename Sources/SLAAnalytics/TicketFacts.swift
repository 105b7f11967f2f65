import Foundation
public import TicketModel

/// Interns the texts the metrics group by (priorities, queues, sources, assignee names) as
/// small integer ids, so accumulators index arrays instead of hashing strings per ticket.
public struct LabelTable: Sendable {
    public private(set) var labels: [String] = []
    private var ids: [String: Int32] = [:]

    public init() {}

    /// The id of `label`, adding it when new.
    public mutating func id(_ label: String) -> Int32 {
        if let id = ids[label] { return id }
        let id = Int32(labels.count)
        labels.append(label)
        ids[label] = id
        return id
    }

    public subscript(id: Int32) -> String { labels[Int(id)] }
    @inlinable public var count: Int { labels.count }
}

/// A 64-bit key per ticketId for de-duplication without keeping the ids themselves: the
/// number itself for plain decimal ids (`713516551148`, exact), otherwise a 64-bit FNV-1a
/// hash of the UTF-8 bytes with the top bit set. Two different non-numeric ids collide with
/// a probability of about n²/2⁶⁴ (under 10⁻⁷ for 1 million tickets).
public enum TicketKey {
    public static func make(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { make(utf8: $0) }
    }

    public static func make(utf8 b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = b.count
        if n >= 1 && n <= 18 && (n == 1 || b[0] != UInt8(ascii: "0")) {
            var v: UInt64 = 0
            var numeric = true
            for c in b {
                let d = c &- 0x30
                if d > 9 {
                    numeric = false
                    break
                }
                v = v &* 10 &+ UInt64(d)
            }
            if numeric { return v }
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in b {
            h ^= UInt64(c)
            h = h &* 0x100_0000_01b3
        }
        return h | (1 << 63)
    }
}

/// An open-addressing set of ticket keys: 8 bytes a slot, at most 75 % full, so about
/// 11 bytes a ticket; sized up front when the number of tickets can be estimated.
struct TicketKeySet: Sendable {
    private var slots: [UInt64]
    private var hasZero = false
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var c = 16
        while c * 3 < capacity * 4 { c <<= 1 }
        slots = Array(repeating: 0, count: c)
        mask = c - 1
    }

    /// Inserts `key`; false when it was already there.
    mutating func insert(_ key: UInt64) -> Bool {
        if key == 0 {
            if hasZero { return false }
            hasZero = true
            count += 1
            return true
        }
        if (count + 1) * 4 > slots.count * 3 { grow() }
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while true {
            let k = slots[i]
            if k == 0 { break }
            if k == key { return false }
            i = (i + 1) & mask
        }
        slots[i] = key
        count += 1
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for key in old where key != 0 {
            var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = key
        }
    }
}

/// The texts of a ticket that may be listed among the oldest open breached ones or the
/// tickets due next; kept only for open tickets (`TicketFacts.keepsText`).
public final class AttentionText: Sendable {
    public let ticketId: String
    public let title: String?
    public let url: String?

    public init(ticketId: String, title: String?, url: String?) {
        self.ticketId = ticketId
        self.title = title
        self.url = url
    }
}

/// The texts of those of a file's tickets that keep them (`TicketFacts.keepsText`), by the
/// ticket's index in the file's facts, ascending.
public typealias IndexedTexts = [(index: Int, text: AttentionText)]

/// Everything the metrics need to know about one ticket, as plain values. Text is given as
/// ids into a `LabelTable`; the ticket id, title and URL of a ticket that may be listed
/// (`keepsText`) travel beside the facts as an `AttentionText`.
public struct TicketFacts: Sendable {
    public var key: UInt64
    /// Creation instant, seconds since 1970.
    public var created: Double
    public var resolved: Bool
    public var hasSLA: Bool
    public var breached: Bool
    /// `ftr` is yes.
    public var ftrYes: Bool
    /// `lastSource` is set and differs from `primarySource`.
    public var channelSwitch: Bool
    public var priority: Int32
    public var queue: Int32
    public var source: Int32
    public var assigneeId: Int64
    /// Label id of `assignedToName`, or -1.
    public var assigneeName: Int32
    /// `customer_rating`, 0 when absent.
    public var rating: Int32
    /// `total_conversations`, or `TicketFacts.noConversations` when absent.
    public var conversations: Int32
    /// Label ids of the `disposition`'s reason (its first level) and its detail (the
    /// second), each `(none)` when empty or missing (`dispositionLabels`).
    public var disposition: Int32
    public var dispositionDetail: Int32
    /// Parsed `tat` seconds, `TicketFacts.noTAT` when absent, `TicketFacts.unreadableTAT` when unreadable.
    public var tat: Int32
    // The ticket's texts (`AttentionText`, for open tickets only: `keepsText`) travel beside
    // its facts, not in them: facts hold no reference, so a copy is a copy of bytes (with the
    // texts inside, every copy retained and released them, and went through the type's value
    // witness: 13 % of a quarter's report).

    /// When the ticket was resolved: its creation plus its TAT; `.infinity` when it is not
    /// resolved; `nil` when it is but has no readable TAT. (Open at an instant: created
    /// before it and resolved after it.)
    public var resolvedAt: Double? { resolved ? (tat >= 0 ? created + Double(tat) : nil) : .infinity }

    public static let noTAT: Int32 = -1
    public static let unreadableTAT: Int32 = -2
    public static let noConversations = Int32.min

    // Inlinable: the stores' readers (TicketIngest) make one for every ticket they read, and
    // a call copied the whole value through its value witness.
    @inlinable public init(
        key: UInt64, created: Double, resolved: Bool, hasSLA: Bool, breached: Bool, ftrYes: Bool, channelSwitch: Bool,
        priority: Int32, queue: Int32, source: Int32, assigneeId: Int64, assigneeName: Int32, rating: Int32,
        conversations: Int32, tat: Int32, disposition: Int32, dispositionDetail: Int32
    ) {
        self.key = key
        self.created = created
        self.resolved = resolved
        self.hasSLA = hasSLA
        self.breached = breached
        self.ftrYes = ftrYes
        self.channelSwitch = channelSwitch
        self.priority = priority
        self.queue = queue
        self.source = source
        self.assigneeId = assigneeId
        self.assigneeName = assigneeName
        self.rating = rating
        self.conversations = conversations
        self.tat = tat
        self.disposition = disposition
        self.dispositionDetail = dispositionDetail
    }

    /// The group labels the metrics use for a ticket's fields (shared by every decoder).
    public static func priorityLabel(_ p: String?) -> String { p ?? "(none)" }
    public static func queueLabel(name: String?, key: String?) -> String { name ?? key ?? "(none)" }
    public static func sourceLabel(_ s: String?) -> String { s ?? "(unknown)" }
    /// An assignee as the reports name it: id 0 is "Unassigned"; no name, "Assignee ID".
    public static func assigneeLabel(id: Int64, name: String?) -> String {
        id == 0 ? "Unassigned" : name ?? "Assignee \(id)"
    }

    /// The label of a group without a value: an empty or missing disposition level.
    public static let noneLabel = "(none)"

    /// The reason and the detail a `disposition` names: its first two `|`-separated levels
    /// (entities already decoded by `TicketDecoder.text`), each trimmed as queue names are,
    /// `(none)` when empty or missing. `Orders | Delivery|Late` is `Orders`, then `Delivery`.
    public static func dispositionLabels(_ disposition: String?) -> (reason: String, detail: String) {
        guard let disposition else { return (noneLabel, noneLabel) }
        let levels = disposition.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        func label(_ level: Int) -> String {
            guard level < levels.count else { return noneLabel }
            let text = String(levels[level]).trimmingASCIIWhitespace()
            return text.isEmpty ? noneLabel : text
        }
        return (label(0), label(1))
    }

    /// The label ids of a disposition's reason and detail in `labels`.
    public static func dispositionIds(_ disposition: String?, labels: inout LabelTable) -> (Int32, Int32) {
        let (reason, detail) = dispositionLabels(disposition)
        return (labels.id(reason), labels.id(detail))
    }

    /// Whether a ticket's ticketId, title and URL travel with its facts (`attention`): when
    /// it is open and breached (a candidate for `oldestBreachedOpen`), or open at all with
    /// `openText` (a report with targets lists the open tickets due next).
    @inline(__always) public static func keepsText(resolved: Bool, breached: Bool, openText: Bool) -> Bool {
        !resolved && (breached || openText)
    }

    /// The facts of a decoded ticket.
    public static func of(_ t: Ticket, lifecycle: LifecyclePolicy, labels: inout LabelTable) -> TicketFacts {
        of(t, lifecycle: lifecycle, labels: &labels, openText: false).facts
    }

    /// The facts of a decoded ticket, and its texts when it `keepsText` (`openText`).
    public static func of(
        _ t: Ticket, lifecycle: LifecyclePolicy, labels: inout LabelTable, openText: Bool
    ) -> (facts: TicketFacts, text: AttentionText?) {
        let resolved = lifecycle.isResolved(t)
        let breached = t.isBreached
        let disposition = dispositionIds(t.disposition, labels: &labels)
        let f = TicketFacts(
            key: TicketKey.make(t.ticketId), created: t.createdAt.timeIntervalSince1970, resolved: resolved,
            hasSLA: t.hasSLA, breached: breached, ftrYes: t.ftr == true,
            channelSwitch: t.lastSource != nil && t.lastSource != t.primarySource,
            priority: labels.id(priorityLabel(t.priority)),
            queue: labels.id(queueLabel(name: t.queueName, key: t.queueKey)),
            source: labels.id(sourceLabel(t.primarySource)), assigneeId: t.assignedId,
            assigneeName: t.assignedToName.map { labels.id($0) } ?? -1,
            rating: Int32(clamping: t.customerRating ?? 0),
            conversations: t.totalConversations.map { Int32(clamping: $0) } ?? noConversations,
            tat: t.tat.map { $0.seconds.map { Int32(clamping: $0) } ?? unreadableTAT } ?? noTAT,
            disposition: disposition.0, dispositionDetail: disposition.1)
        let text =
            keepsText(resolved: resolved, breached: breached, openText: openText)
            ? AttentionText(ticketId: t.ticketId, title: t.title, url: t.url) : nil
        return (f, text)
    }
}

/// Where a ticket falls in the SLA split (`sla.metResolved` … `sla.noSLA`: the five add up
/// to the period's tickets), and the words the reports use for it.
public enum SLAState: Int, Sendable, CaseIterable {
    case metResolved, breachedResolved, breachedOpen, openWithinSLA, noSLA

    public init(_ f: TicketFacts) {
        self =
            SLAState(
                rawValue: Self.rawValue(
                    hasSLA: f.hasSLA ? 1 : 0, resolved: f.resolved ? 1 : 0, breached: f.breached ? 1 : 0))
            ?? .noSLA
    }

    /// The state's raw value from a ticket's flags, each 0 or 1, without a branch (the
    /// period's counts add a ticket by it): no SLA; else resolved and met, resolved and
    /// breached, open and breached, open within.
    @inline(__always) static func rawValue(hasSLA s: Int, resolved r: Int, breached b: Int) -> Int {
        let open = 1 &- r
        return s &* (open &* 2 &+ (b ^ open)) &+ (1 &- s) &* SLAState.noSLA.rawValue
    }

    /// The state's name in a query (`/v1/tickets?state=met`).
    public var parameter: String {
        switch self {
        case .metResolved: "met"
        case .breachedResolved: "breached-resolved"
        case .breachedOpen: "breached-open"
        case .openWithinSLA: "open-within"
        case .noSLA: "no-sla"
        }
    }

    public init?(parameter: String) {
        guard let state = Self.allCases.first(where: { $0.parameter == parameter }) else { return nil }
        self = state
    }

    public var words: String {
        switch self {
        case .metResolved: "Met, resolved"
        case .breachedResolved: "Breached, resolved"
        case .breachedOpen: "Breached, still open"
        case .openWithinSLA: "Open, within SLA"
        case .noSLA: "No SLA"
        }
    }
}
