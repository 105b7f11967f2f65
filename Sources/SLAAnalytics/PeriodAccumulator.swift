import Foundation
import TicketModel

/// Counts for one SLA group while tickets stream in.
struct SLACounts: Sendable {
    var tickets = 0
    var withSLA = 0
    var breached = 0

    mutating func add(hasSLA: Bool, breached isBreached: Bool) {
        tickets += 1
        if hasSLA { withSLA += 1 }
        if isBreached { breached += 1 }
    }

    mutating func merge(_ o: SLACounts) {
        tickets += o.tickets
        withSLA += o.withSLA
        breached += o.breached
    }
}

struct FTRCounts: Sendable {
    var eligible = 0
    var firstTime = 0

    mutating func merge(_ o: FTRCounts) {
        eligible += o.eligible
        firstTime += o.firstTime
    }
}

struct AssigneeCounts: Sendable {
    var name: String?
    var nameAt: Double = -.infinity
    var tickets = 0
    var open = 0
    var resolved = 0
    var withSLA = 0
    var breached = 0
    var firstTime = 0
    var conversationTickets = 0
    var conversations = 0

    /// Keeps the name of the most recently created ticket; ties go to the smaller name,
    /// so the result does not depend on input order.
    mutating func offerName(_ candidate: String?, at time: Double) {
        guard let candidate else { return }
        if time > nameAt || (time == nameAt && (name == nil || candidate < name!)) {
            name = candidate
            nameAt = time
        }
    }

    mutating func merge(_ o: AssigneeCounts) {
        offerName(o.name, at: o.nameAt)
        tickets += o.tickets
        open += o.open
        resolved += o.resolved
        withSLA += o.withSLA
        breached += o.breached
        firstTime += o.firstTime
        conversationTickets += o.conversationTickets
        conversations += o.conversations
    }
}

struct DayCounts: Sendable {
    var tickets = 0
    var withSLA = 0
    var breached = 0
    var resolved = 0

    mutating func merge(_ o: DayCounts) {
        tickets += o.tickets
        withSLA += o.withSLA
        breached += o.breached
        resolved += o.resolved
    }
}

/// Every running count for the tickets of one period. Pure and mergeable, so partial
/// accumulators (one per file or thread) can be combined.
struct PeriodAccumulator: Sendable {
    let dayCount: Int
    var tickets = 0
    var open = 0
    var resolved = 0
    var sla = SLACounts()
    var metResolved = 0
    var breachedResolved = 0
    var breachedOpen = 0
    var openWithinSLA = 0
    var byPriority: [String: SLACounts] = [:]
    var byQueue: [String: SLACounts] = [:]
    var bySource: [String: SLACounts] = [:]
    var days: [DayCounts]
    var ftr = FTRCounts()
    var ftrBySource: [String: FTRCounts] = [:]
    var ftrByPriority: [String: FTRCounts] = [:]
    var channelSwitches = 0
    var assignees: [Int64: AssigneeCounts] = [:]
    var backlogOpen = 0
    var backlogBuckets = [0, 0, 0, 0]
    var oldestOpenAge: Double?
    var csatRated = 0
    var csatSum = 0
    var csatDistribution = [0, 0, 0, 0, 0]
    var csatOutOfScale = 0
    var tatByPriority: [String: [Int]] = [:]
    var tatUnparsed = 0
    /// The oldest open breached tickets, oldest first, at most `attentionLimit`.
    var oldestBreachedOpen: [AttentionCandidate] = []

    static let attentionLimit = 10

    init(dayCount: Int) {
        self.dayCount = dayCount
        self.days = Array(repeating: DayCounts(), count: dayCount)
    }

    static let noPriority = "(none)"
    static let noQueue = "(none)"
    static let noSource = "(unknown)"

    mutating func add(_ t: Ticket, dayIndex: Int, isResolved: Bool, asOf: Double) {
        let hasSLA = t.hasSLA
        let isBreached = t.isBreached
        let priority = t.priority ?? Self.noPriority
        let queue = t.queueName ?? t.queueKey ?? Self.noQueue
        let source = t.primarySource ?? Self.noSource
        let created = t.createdAt.timeIntervalSince1970

        tickets += 1
        if isResolved { resolved += 1 } else { open += 1 }
        sla.add(hasSLA: hasSLA, breached: isBreached)
        if hasSLA {
            switch (isResolved, isBreached) {
            case (true, false): metResolved += 1
            case (true, true): breachedResolved += 1
            case (false, true): breachedOpen += 1
            case (false, false): openWithinSLA += 1
            }
        }
        byPriority[priority, default: SLACounts()].add(hasSLA: hasSLA, breached: isBreached)
        byQueue[queue, default: SLACounts()].add(hasSLA: hasSLA, breached: isBreached)
        bySource[source, default: SLACounts()].add(hasSLA: hasSLA, breached: isBreached)

        days[dayIndex].tickets += 1
        if hasSLA { days[dayIndex].withSLA += 1 }
        if isBreached { days[dayIndex].breached += 1 }
        if isResolved { days[dayIndex].resolved += 1 }

        let firstTime = isResolved && t.ftr == true
        if isResolved {
            ftr.eligible += 1
            ftrBySource[source, default: FTRCounts()].eligible += 1
            ftrByPriority[priority, default: FTRCounts()].eligible += 1
            if firstTime {
                ftr.firstTime += 1
                ftrBySource[source, default: FTRCounts()].firstTime += 1
                ftrByPriority[priority, default: FTRCounts()].firstTime += 1
            }
        }

        if let last = t.lastSource, last != t.primarySource { channelSwitches += 1 }

        var a = assignees[t.assignedId, default: AssigneeCounts()]
        a.offerName(t.assignedToName, at: created)
        a.tickets += 1
        if isResolved { a.resolved += 1 } else { a.open += 1 }
        if hasSLA { a.withSLA += 1 }
        if isBreached { a.breached += 1 }
        if firstTime { a.firstTime += 1 }
        if let c = t.totalConversations {
            a.conversationTickets += 1
            a.conversations += c
        }
        assignees[t.assignedId] = a

        if !isResolved && created <= asOf {
            let age = asOf - created
            backlogOpen += 1
            let bucket = age < 86_400 ? 0 : age < 3 * 86_400 ? 1 : age < 7 * 86_400 ? 2 : 3
            backlogBuckets[bucket] += 1
            oldestOpenAge = max(oldestOpenAge ?? 0, age)
        }

        if let r = t.customerRating, r > 0 {
            if r <= 5 {
                csatRated += 1
                csatSum += r
                csatDistribution[r - 1] += 1
            } else {
                csatOutOfScale += 1
            }
        }

        if !isResolved && isBreached && created <= asOf {
            offerAttention(
                AttentionCandidate(
                    created: created, ticketId: t.ticketId, title: t.title, url: t.url, assigneeId: t.assignedId,
                    assigneeName: t.assignedToName, priority: priority, queue: queue))
        }

        if let tat = t.tat {
            if let s = tat.seconds {
                tatByPriority[priority, default: []].append(s)
            } else {
                tatUnparsed += 1
            }
        }
    }

    mutating func merge(_ o: PeriodAccumulator) {
        precondition(dayCount == o.dayCount)
        tickets += o.tickets
        open += o.open
        resolved += o.resolved
        sla.merge(o.sla)
        metResolved += o.metResolved
        breachedResolved += o.breachedResolved
        breachedOpen += o.breachedOpen
        openWithinSLA += o.openWithinSLA
        byPriority.merge(o.byPriority) {
            var a = $0; a.merge($1); return a
        }
        byQueue.merge(o.byQueue) {
            var a = $0; a.merge($1); return a
        }
        bySource.merge(o.bySource) {
            var a = $0; a.merge($1); return a
        }
        for i in 0..<dayCount { days[i].merge(o.days[i]) }
        ftr.merge(o.ftr)
        ftrBySource.merge(o.ftrBySource) {
            var a = $0; a.merge($1); return a
        }
        ftrByPriority.merge(o.ftrByPriority) {
            var a = $0; a.merge($1); return a
        }
        channelSwitches += o.channelSwitches
        assignees.merge(o.assignees) {
            var a = $0; a.merge($1); return a
        }
        backlogOpen += o.backlogOpen
        for i in 0..<4 { backlogBuckets[i] += o.backlogBuckets[i] }
        if let age = o.oldestOpenAge { oldestOpenAge = max(oldestOpenAge ?? 0, age) }
        csatRated += o.csatRated
        csatSum += o.csatSum
        for i in 0..<5 { csatDistribution[i] += o.csatDistribution[i] }
        csatOutOfScale += o.csatOutOfScale
        tatByPriority.merge(o.tatByPriority) { $0 + $1 }
        tatUnparsed += o.tatUnparsed
        for c in o.oldestBreachedOpen { offerAttention(c) }
    }

    mutating func offerAttention(_ c: AttentionCandidate) {
        if oldestBreachedOpen.count == Self.attentionLimit, let last = oldestBreachedOpen.last, !(c < last) { return }
        let i = oldestBreachedOpen.firstIndex { c < $0 } ?? oldestBreachedOpen.count
        oldestBreachedOpen.insert(c, at: i)
        if oldestBreachedOpen.count > Self.attentionLimit { oldestBreachedOpen.removeLast() }
    }
}

/// A ticket that may be listed among the oldest open breached ones.
struct AttentionCandidate: Sendable, Comparable {
    var created: Double
    var ticketId: String
    var title: String?
    var url: String?
    var assigneeId: Int64
    var assigneeName: String?
    var priority: String
    var queue: String

    /// Oldest first; ties by ticketId, so the order does not depend on input order.
    static func < (a: AttentionCandidate, b: AttentionCandidate) -> Bool {
        (a.created, a.ticketId) < (b.created, b.ticketId)
    }

    static func == (a: AttentionCandidate, b: AttentionCandidate) -> Bool {
        a.created == b.created && a.ticketId == b.ticketId
    }
}
