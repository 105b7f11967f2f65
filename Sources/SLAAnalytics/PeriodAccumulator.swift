import Foundation
import TicketModel

/// Counts for one SLA group while tickets stream in.
struct SLACounts: Sendable, Equatable {
    var tickets = 0
    var withSLA = 0
    var breached = 0
}

struct FTRCounts: Sendable, Equatable {
    var eligible = 0
    var firstTime = 0
}

/// Ratings on the 1–5 scale (out-of-scale ones are counted once, for the whole period).
struct CSATCounts: Sendable, Equatable {
    var rated = 0
    var sum = 0
    /// Tickets rated 1…5 in lanes 0…4, kept in the value (an array here was a heap buffer
    /// checked for uniqueness on every rating added).
    var ratings = SIMD8<Int>()

    init() {}

    /// One ticket rated `rating` (1…5).
    init(rating: Int32) {
        add(rating)
    }

    /// Adds a ticket's rating when `rated` is 1 (its rating is 1…5), nothing when it is 0,
    /// without a branch (whether a ticket is rated is as good as random from one to the next).
    @inline(__always) mutating func add(_ rating: Int32, rated: Int) {
        self.rated &+= rated
        sum &+= rated &* Int(rating)
        ratings[rated == 0 ? 0 : Int(rating) - 1] &+= rated
    }

    var distribution: [Int] { (0..<5).map { ratings[$0] } }

    mutating func add(_ rating: Int32) {
        rated += 1
        sum += Int(rating)
        ratings[Int(rating) - 1] += 1
    }

    mutating func add(_ o: CSATCounts) {
        rated += o.rated
        sum += o.sum
        ratings &+= o.ratings
    }
}

/// The counts of one priority, queue or source (by label id): its SLA counts, FTR counts
/// and ratings, added as one value (one write a ticket for each of the three groups).
struct GroupCounts: Sendable, Equatable {
    var sla = SLACounts()
    var ftr = FTRCounts()
    var csat = CSATCounts()

    /// Counts one ticket, its flags as 0 or 1 (`TicketFlags`).
    @inline(__always) mutating func add(_ t: TicketFlags) {
        sla.add(t)
        ftr.add(t)
        csat.add(t.rating, rated: t.rated)
    }

    mutating func add(_ o: GroupCounts) {
        sla.add(o.sla)
        ftr.add(o.ftr)
        csat.add(o.csat)
    }
}

struct AssigneeCounts: Sendable, Equatable {
    /// Label id of the name on the most recently created ticket, or -1.
    var name: Int32 = -1
    var nameAt: Double = -.infinity
    var tickets = 0
    var open = 0
    var resolved = 0
    var withSLA = 0
    var breached = 0
    var firstTime = 0
    var conversationTickets = 0
    var conversations = 0
    var csat = CSATCounts()
    /// Other names seen at exactly `nameAt` (ties, settled alphabetically in the summary).
    var tieNames: [Int32] = []
    /// The assignee's tickets against the targets (a report with targets).
    var target = TargetCounts()
}

/// SLA and FTR counts for one disposition reason, or one detail of a reason.
struct DispositionCounts: Sendable, Equatable {
    var sla = SLACounts()
    var ftr = FTRCounts()
}

struct DayCounts: Sendable {
    var tickets = 0
    var withSLA = 0
    var breached = 0
    var resolved = 0
}

/// What the counts add for one ticket, each flag as 0 or 1, so that a count is an addition
/// and not a branch: whether a ticket is resolved, has an SLA, breached it or is rated is as
/// good as random from one ticket to the next, and each mispredicted branch costs more than
/// the addition.
struct TicketFlags {
    let hasSLA: Int
    let breached: Int
    let resolved: Int
    /// Resolved the first time (resolved, and FTR yes).
    let firstTime: Int
    /// Rated on the 1–5 scale.
    let rated: Int
    let rating: Int32

    @inline(__always) init(_ f: TicketFacts) {
        hasSLA = f.hasSLA ? 1 : 0
        breached = f.breached ? 1 : 0
        resolved = f.resolved ? 1 : 0
        firstTime = f.resolved && f.ftrYes ? 1 : 0
        rated = TicketRules.isRated(f.rating) ? 1 : 0
        rating = f.rating
    }
}

/// Grows an array indexed by label id so that `id` is a valid index.
@inline(__always) func ensure<T>(_ a: inout [T], _ id: Int32, _ empty: T) {
    let i = Int(id)
    if i >= a.count { a.append(contentsOf: repeatElement(empty, count: i - a.count + 1)) }
}

/// Every running count for the tickets of one period, indexed by label ids. The one place
/// where tickets are counted; `ReportBuilder` turns the counts into figures.
struct PeriodAccumulator: Sendable {
    let dayCount: Int
    var tickets = 0
    var open = 0
    var resolved = 0
    var sla = SLACounts()
    /// Tickets by `SLAState` (its raw value).
    var slaStates = SIMD8<Int>()
    var metResolved: Int { slaStates[SLAState.metResolved.rawValue] }
    var breachedResolved: Int { slaStates[SLAState.breachedResolved.rawValue] }
    var breachedOpen: Int { slaStates[SLAState.breachedOpen.rawValue] }
    var openWithinSLA: Int { slaStates[SLAState.openWithinSLA.rawValue] }
    /// By label id.
    var priorities: [GroupCounts] = []
    var queues: [GroupCounts] = []
    var sources: [GroupCounts] = []
    var days: [DayCounts]
    var ftr = FTRCounts()
    /// By the label ids of the disposition's reason and detail (`reason << 32 | detail`); a
    /// reason's counts are its details' sum.
    var byDispositionDetail = IntMap<DispositionCounts>()
    var channelSwitches = 0
    var assignees = IntMap<AssigneeCounts>()
    var backlogOpen = 0
    var backlogBuckets = [0, 0, 0, 0]
    var oldestOpenAge: Double?
    var csat = CSATCounts()
    var csatOutOfScale = 0
    /// Parsed TAT seconds, by priority and queue (only the period's figures read them: the
    /// previous period's accumulator keeps none, `keepsTAT`).
    var tat = TATLists()
    var keepsTAT = true
    var tatUnparsed = 0
    /// The oldest open breached tickets, oldest first, at most `attentionLimit`.
    var oldestBreachedOpen: [AttentionCandidate] = []

    static let attentionLimit = 10

    // The groups' counts as the figures read them, by label id.
    var byPriority: [SLACounts] { priorities.map(\.sla) }
    var byQueue: [SLACounts] { queues.map(\.sla) }
    var bySource: [SLACounts] { sources.map(\.sla) }
    var ftrByPriority: [FTRCounts] { priorities.map(\.ftr) }
    var ftrByQueue: [FTRCounts] { queues.map(\.ftr) }
    var ftrBySource: [FTRCounts] { sources.map(\.ftr) }
    var csatByQueue: [CSATCounts] { queues.map(\.csat) }
    var csatBySource: [CSATCounts] { sources.map(\.csat) }

    init(dayCount: Int) {
        self.dayCount = dayCount
        self.days = Array(repeating: DayCounts(), count: dayCount)
    }

    /// Adds a ticket; `target`: where it stands against its target, if it has one (counted
    /// by assignee here, with the assignee's other counts).
    mutating func add(
        _ f: TicketFacts, dayIndex: Int, asOf: Double, target: TargetState? = nil, text: AttentionText? = nil
    ) {
        let t = TicketFlags(f)
        let isResolved = f.resolved
        let (s, b, r) = (t.hasSLA, t.breached, t.resolved)
        tickets &+= 1
        resolved &+= r
        open &+= 1 &- r
        slaStates[SLAState.rawValue(hasSLA: s, resolved: r, breached: b)] &+= 1
        sla.add(t)

        days[dayIndex].tickets &+= 1
        days[dayIndex].withSLA &+= s
        days[dayIndex].breached &+= b
        days[dayIndex].resolved &+= r

        ftr.add(t)
        ensure(&priorities, f.priority, GroupCounts())
        priorities[Int(f.priority)].add(t)
        ensure(&queues, f.queue, GroupCounts())
        queues[Int(f.queue)].add(t)
        ensure(&sources, f.source, GroupCounts())
        sources[Int(f.source)].add(t)

        byDispositionDetail[Int64(f.disposition) << 32 | Int64(f.dispositionDetail), default: DispositionCounts()]
            .add(t)

        channelSwitches &+= f.channelSwitch ? 1 : 0

        // Updated in place: one hash lookup, no copy of the counts.
        Self.count(f, t, target: target, into: &assignees[f.assigneeId, default: AssigneeCounts()])

        if !isResolved && f.created <= asOf {
            let age = asOf - f.created
            backlogOpen += 1
            let bucket = age < 86_400 ? 0 : age < 3 * 86_400 ? 1 : age < 7 * 86_400 ? 2 : 3
            backlogBuckets[bucket] += 1
            oldestOpenAge = max(oldestOpenAge ?? 0, age)
        }

        csat.add(t.rating, rated: t.rated)
        csatOutOfScale &+= f.rating > 5 ? 1 : 0

        if f.tat >= 0 {
            if keepsTAT { tat.add(f.tat, priority: f.priority, queue: f.queue) }
        } else if f.tat == TicketFacts.unreadableTAT {
            tatUnparsed += 1
        }

        if !isResolved && f.breached && f.created <= asOf {
            offerAttention(
                AttentionCandidate(
                    created: f.created, ticketId: text?.ticketId ?? "", title: text?.title, url: text?.url,
                    assigneeId: f.assigneeId,
                    assigneeName: f.assigneeName, priority: f.priority, queue: f.queue))
        }
    }

    @inline(__always) static func count(
        _ f: TicketFacts, _ t: TicketFlags, target: TargetState?, into a: inout AssigneeCounts
    ) {
        if let target { a.target.add(target) }
        if f.assigneeName >= 0 { a.pendingTie(f.assigneeName, at: f.created) }
        a.tickets &+= 1
        a.resolved &+= t.resolved
        a.open &+= 1 &- t.resolved
        a.withSLA &+= t.hasSLA
        a.breached &+= t.breached
        a.firstTime &+= t.firstTime
        a.csat.add(t.rating, rated: t.rated)
        let talked = f.conversations != TicketFacts.noConversations ? 1 : 0
        a.conversationTickets &+= talked
        a.conversations &+= talked &* Int(f.conversations)
    }

    mutating func offerAttention(_ c: AttentionCandidate) {
        oldestBreachedOpen.insert(c, keepingFirst: Self.attentionLimit, by: <)
    }
}

extension Array {
    /// Inserts `element` into an array in `precedes` order, in its place, keeping only the
    /// first `limit` (a bounded list of the first so many met so far).
    mutating func insert(_ element: Element, keepingFirst limit: Int, by precedes: (Element, Element) -> Bool) {
        if count == limit, let last, !precedes(element, last) { return }
        insert(element, at: firstIndex { precedes(element, $0) } ?? count)
        if count > limit { removeLast() }
    }
}

extension SLACounts {
    mutating func add(_ o: SLACounts) {
        tickets += o.tickets
        withSLA += o.withSLA
        breached += o.breached
    }
}

extension DispositionCounts {
    mutating func add(_ o: DispositionCounts) {
        sla.add(o.sla)
        ftr.add(o.ftr)
    }
}

extension SLACounts {
    /// Counts one ticket (`TicketFlags`).
    @inline(__always) mutating func add(_ t: TicketFlags) {
        tickets &+= 1
        withSLA &+= t.hasSLA
        breached &+= t.breached
    }
}

extension DispositionCounts {
    /// Counts one ticket (`TicketFlags`).
    @inline(__always) mutating func add(_ t: TicketFlags) {
        sla.add(t)
        ftr.add(t)
    }
}

extension FTRCounts {
    /// Counts one ticket (`TicketFlags`): eligible when resolved.
    @inline(__always) mutating func add(_ t: TicketFlags) {
        eligible &+= t.resolved
        firstTime &+= t.firstTime
    }

    mutating func add(_ o: FTRCounts) {
        eligible += o.eligible
        firstTime += o.firstTime
    }
}

extension AssigneeCounts {
    /// Adds another's counts, as if its tickets were counted here; not its names, which
    /// `pendingTie` settles.
    mutating func addCounts(of o: AssigneeCounts) {
        tickets += o.tickets
        open += o.open
        resolved += o.resolved
        withSLA += o.withSLA
        breached += o.breached
        firstTime += o.firstTime
        conversationTickets += o.conversationTickets
        conversations += o.conversations
        csat.add(o.csat)
        target.add(o.target)
    }

    /// Records a name seen at `time`: a later time wins; at the same time the name is kept
    /// as a tie candidate and resolved alphabetically when the summary is made.
    @inline(__always) mutating func pendingTie(_ name: Int32, at time: Double) {
        if time > nameAt {
            self.name = name
            nameAt = time
            // (Emptied only when it holds some: assigning an empty list releases the old
            // one, a call for every ticket.)
            if !tieNames.isEmpty { tieNames = [] }
        } else if time == nameAt && name != self.name {
            if self.name < 0 {
                self.name = name
            } else if !tieNames.contains(name) {
                tieNames.append(name)
            }
        }
    }
}

/// A ticket that may be listed among the oldest open breached ones.
struct AttentionCandidate: Sendable, Comparable {
    var created: Double
    var ticketId: String
    var title: String?
    var url: String?
    var assigneeId: Int64
    var assigneeName: Int32
    var priority: Int32
    var queue: Int32

    /// Oldest first; ties by ticketId, so the order does not depend on input order.
    static func < (a: AttentionCandidate, b: AttentionCandidate) -> Bool {
        (a.created, a.ticketId) < (b.created, b.ticketId)
    }

    static func == (a: AttentionCandidate, b: AttentionCandidate) -> Bool {
        a.created == b.created && a.ticketId == b.ticketId
    }
}
