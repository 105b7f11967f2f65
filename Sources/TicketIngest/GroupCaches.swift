import SLAAnalytics
import TicketModel
import TicketStore

/// A field's raw bytes and a tag for its kind: what the caches are keyed by.
struct RawText {
    var base: UnsafePointer<UInt8>?
    var count: Int
    var tag: UInt8
}

/// Where a decoder finds a ticket's fields: their raw bytes (for the caches) and, on a
/// cache miss, their text as `TicketDecoder.text` gives it.
protocol FieldTexts {
    func raw(_ field: Field) -> RawText
    func text(_ field: Field) -> String?
}

/// What the metrics group a ticket by, resolved from its texts.
struct TicketGroups {
    var resolved: Bool
    var priority: Int32
    var queue: Int32
    var source: Int32
    var channelSwitch: Bool
    var assigneeName: Int32
    var hasSLA: Bool
    var breached: Bool
    var disposition: Int32
    var dispositionDetail: Int32
}

/// The caches every fast decoder shares: lifecycle, priority, queue, source, name and SLA
/// state per distinct raw value, computed once with the same rules as `TicketFacts.of`.
struct GroupCaches {
    let lifecycle: LifecyclePolicy
    var labels = LabelTable()
    var status = FieldCache<Bool>()
    var substatusKey = FieldCache<Bool>()
    var priority = FieldCache<Int32>()
    var queueName = FieldCache<String?>()
    var queueKey = FieldCache<String?>()
    var queueLabels: [Int64: Int32] = [:]
    var sources = FieldCache<(canonical: Int32, label: Int32)>()
    var canonicalTexts: [String: Int32] = [:]
    var names = FieldCache<Int32>()
    var sla = FieldCache<(has: Bool, breached: Bool)>()
    var dispositions = FieldCache<(reason: Int32, detail: Int32)>()

    init(lifecycle: LifecyclePolicy) {
        self.lifecycle = lifecycle
    }

    @inline(__always) static func intern<P>(_ cache: inout FieldCache<P>, _ r: RawText, isNew: inout Bool) -> Int32 {
        if let base = r.base { return cache.interner.intern(base, r.count, tag: r.tag, isNew: &isNew) }
        var empty: UInt8 = 0
        return withUnsafePointer(to: &empty) { cache.interner.intern($0, 0, tag: r.tag, isNew: &isNew) }
    }

    mutating func canonical(_ text: String?) -> Int32 {
        guard let text else { return -1 }
        if let id = canonicalTexts[text] { return id }
        let id = Int32(canonicalTexts.count)
        canonicalTexts[text] = id
        return id
    }

    mutating func source(_ t: some FieldTexts, _ field: Field) -> (canonical: Int32, label: Int32) {
        var isNew = false
        let id = Self.intern(&sources, t.raw(field), isNew: &isNew)
        if isNew {
            let text = t.text(field)
            sources.payloads.append((canonical(text), labels.id(TicketFacts.sourceLabel(text))))
        }
        return sources.payloads[Int(id)]
    }

    mutating func groups(_ t: some FieldTexts) -> TicketGroups {
        var isNew = false
        var id = Self.intern(&status, t.raw(.status), isNew: &isNew)
        if isNew {
            status.payloads.append(lifecycle.isResolvedStatus(t.text(.status)))
        }
        var resolved = status.payloads[Int(id)]
        if !resolved && !lifecycle.resolvedSubstatusKeys.isEmpty {
            id = Self.intern(&substatusKey, t.raw(.substatusKey), isNew: &isNew)
            if isNew {
                substatusKey.payloads.append(lifecycle.isResolvedSubstatusKey(t.text(.substatusKey)))
            }
            resolved = substatusKey.payloads[Int(id)]
        }

        id = Self.intern(&priority, t.raw(.priority), isNew: &isNew)
        if isNew {
            priority.payloads.append(labels.id(TicketFacts.priorityLabel(TicketRules.priority(t.text(.priority)))))
        }
        let priorityLabel = priority.payloads[Int(id)]

        let qn = Self.intern(&queueName, t.raw(.queueName), isNew: &isNew)
        if isNew { queueName.payloads.append(t.text(.queueName)) }
        let qk = Self.intern(&queueKey, t.raw(.queueKey), isNew: &isNew)
        if isNew { queueKey.payloads.append(t.text(.queueKey)) }
        let pair = Int64(qn) << 32 | Int64(qk)
        let queueLabel: Int32
        if let q = queueLabels[pair] {
            queueLabel = q
        } else {
            queueLabel = labels.id(
                TicketFacts.queueLabel(name: queueName.payloads[Int(qn)], key: queueKey.payloads[Int(qk)]))
            queueLabels[pair] = queueLabel
        }

        let primary = source(t, .primarySource)
        let last = source(t, .lastSource)

        id = Self.intern(&names, t.raw(.assignedToName), isNew: &isNew)
        if isNew { names.payloads.append(t.text(.assignedToName).map { labels.id($0) } ?? -1) }
        let nameLabel = names.payloads[Int(id)]

        id = Self.intern(&sla, t.raw(.slaStatus), isNew: &isNew)
        if isNew {
            let text = t.text(.slaStatus)
            sla.payloads.append((TicketRules.hasSLA(slaStatus: text), TicketRules.isBreached(slaStatus: text)))
        }
        let slaState = sla.payloads[Int(id)]

        id = Self.intern(&dispositions, t.raw(.disposition), isNew: &isNew)
        if isNew { dispositions.payloads.append(TicketFacts.dispositionIds(t.text(.disposition), labels: &labels)) }
        let disposition = dispositions.payloads[Int(id)]

        return TicketGroups(
            resolved: resolved, priority: priorityLabel, queue: queueLabel, source: primary.label,
            channelSwitch: last.canonical >= 0 && last.canonical != primary.canonical, assigneeName: nameLabel,
            hasSLA: slaState.has, breached: slaState.breached, disposition: disposition.reason,
            dispositionDetail: disposition.detail)
    }
}
