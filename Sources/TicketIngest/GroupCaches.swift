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

    // Each field's rule, per distinct raw value: `raw` is what the cache is keyed by,
    // `text` the value as `TicketDecoder.text` gives it (asked for only on a miss).

    mutating func resolvedByStatus(_ raw: RawText, _ text: () -> String?) -> Bool {
        var isNew = false
        let id = Self.intern(&status, raw, isNew: &isNew)
        if isNew { status.payloads.append(lifecycle.isResolvedStatus(text())) }
        return status.payloads[Int(id)]
    }

    mutating func resolvedBySubstatus(_ raw: RawText, _ text: () -> String?) -> Bool {
        var isNew = false
        let id = Self.intern(&substatusKey, raw, isNew: &isNew)
        if isNew { substatusKey.payloads.append(lifecycle.isResolvedSubstatusKey(text())) }
        return substatusKey.payloads[Int(id)]
    }

    /// Whether a ticket is resolved: by its status, else (when the policy names any) by its
    /// sub-status key.
    @inline(__always) func resolved(byStatus: Bool, bySubstatus: () -> Bool) -> Bool {
        byStatus || (!lifecycle.resolvedSubstatusKeys.isEmpty && bySubstatus())
    }

    mutating func priorityLabel(_ raw: RawText, _ text: () -> String?) -> Int32 {
        var isNew = false
        let id = Self.intern(&priority, raw, isNew: &isNew)
        if isNew { priority.payloads.append(labels.id(TicketFacts.priorityLabel(TicketRules.priority(text())))) }
        return priority.payloads[Int(id)]
    }

    /// The cache ids of a queue name and of a queue key, for `queueLabel`.
    mutating func queueNameId(_ raw: RawText, _ text: () -> String?) -> Int32 {
        var isNew = false
        let id = Self.intern(&queueName, raw, isNew: &isNew)
        if isNew { queueName.payloads.append(text()) }
        return id
    }

    mutating func queueKeyId(_ raw: RawText, _ text: () -> String?) -> Int32 {
        var isNew = false
        let id = Self.intern(&queueKey, raw, isNew: &isNew)
        if isNew { queueKey.payloads.append(text()) }
        return id
    }

    mutating func queueLabel(nameId qn: Int32, keyId qk: Int32) -> Int32 {
        let pair = Int64(qn) << 32 | Int64(qk)
        if let q = queueLabels[pair] { return q }
        let q = labels.id(TicketFacts.queueLabel(name: queueName.payloads[Int(qn)], key: queueKey.payloads[Int(qk)]))
        queueLabels[pair] = q
        return q
    }

    mutating func source(_ raw: RawText, _ text: () -> String?) -> (canonical: Int32, label: Int32) {
        var isNew = false
        let id = Self.intern(&sources, raw, isNew: &isNew)
        if isNew {
            let text = text()
            sources.payloads.append((canonical(text), labels.id(TicketFacts.sourceLabel(text))))
        }
        return sources.payloads[Int(id)]
    }

    /// Whether a ticket switched channels: its last source is set and is not its first.
    @inline(__always) static func channelSwitch(primary: Int32, last: Int32) -> Bool { last >= 0 && last != primary }

    mutating func assigneeNameLabel(_ raw: RawText, _ text: () -> String?) -> Int32 {
        var isNew = false
        let id = Self.intern(&names, raw, isNew: &isNew)
        if isNew { names.payloads.append(text().map { labels.id($0) } ?? -1) }
        return names.payloads[Int(id)]
    }

    mutating func slaState(_ raw: RawText, _ text: () -> String?) -> (has: Bool, breached: Bool) {
        var isNew = false
        let id = Self.intern(&sla, raw, isNew: &isNew)
        if isNew {
            let text = text()
            sla.payloads.append((TicketRules.hasSLA(slaStatus: text), TicketRules.isBreached(slaStatus: text)))
        }
        return sla.payloads[Int(id)]
    }

    mutating func dispositionLabels(_ raw: RawText, _ text: () -> String?) -> (reason: Int32, detail: Int32) {
        var isNew = false
        let id = Self.intern(&dispositions, raw, isNew: &isNew)
        if isNew { dispositions.payloads.append(TicketFacts.dispositionIds(text(), labels: &labels)) }
        return dispositions.payloads[Int(id)]
    }

    mutating func groups(_ t: some FieldTexts) -> TicketGroups {
        let byStatus = resolvedByStatus(t.raw(.status)) { t.text(.status) }
        let resolved = resolved(byStatus: byStatus) {
            resolvedBySubstatus(t.raw(.substatusKey)) { t.text(.substatusKey) }
        }
        let priorityLabel = priorityLabel(t.raw(.priority)) { t.text(.priority) }
        let qn = queueNameId(t.raw(.queueName)) { t.text(.queueName) }
        let qk = queueKeyId(t.raw(.queueKey)) { t.text(.queueKey) }
        let queueLabel = queueLabel(nameId: qn, keyId: qk)
        let primary = source(t.raw(.primarySource)) { t.text(.primarySource) }
        let last = source(t.raw(.lastSource)) { t.text(.lastSource) }
        let nameLabel = assigneeNameLabel(t.raw(.assignedToName)) { t.text(.assignedToName) }
        let slaState = slaState(t.raw(.slaStatus)) { t.text(.slaStatus) }
        let disposition = dispositionLabels(t.raw(.disposition)) { t.text(.disposition) }
        return TicketGroups(
            resolved: resolved, priority: priorityLabel, queue: queueLabel, source: primary.label,
            channelSwitch: Self.channelSwitch(primary: primary.canonical, last: last.canonical),
            assigneeName: nameLabel, hasSLA: slaState.has, breached: slaState.breached,
            disposition: disposition.reason, dispositionDetail: disposition.detail)
    }
}
