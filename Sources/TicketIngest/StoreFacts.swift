import Foundation
public import SLAAnalytics
public import TicketModel
public import TicketStore

/// Turns store rows into `TicketFacts` straight from their bytes: the same facts as
/// `TicketFacts.of` on the stored `Ticket`, with repeated texts interned by their bytes.
public struct StoreFactsReader {
    let lifecycle: LifecyclePolicy
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

    public init(lifecycle: LifecyclePolicy) {
        self.lifecycle = lifecycle
    }

    /// Interns a nullable text column; `isNew` when first seen.
    static func intern<P>(_ cache: inout FieldCache<P>, _ bytes: UnsafeBufferPointer<UInt8>?, isNew: inout Bool)
        -> Int32
    {
        guard let bytes, let base = bytes.baseAddress else {
            var dummy: UInt8 = 0
            return withUnsafePointer(to: &dummy) {
                cache.interner.intern($0, 0, tag: bytes == nil ? 0xFF : 0, isNew: &isNew)
            }
        }
        return cache.interner.intern(base, bytes.count, tag: 0, isNew: &isNew)
    }

    static func string(_ b: UnsafeBufferPointer<UInt8>?) -> String? { b.map { String(decoding: $0, as: UTF8.self) } }

    mutating func canonical(_ text: String?) -> Int32 {
        guard let text else { return -1 }
        if let id = canonicalTexts[text] { return id }
        let id = Int32(canonicalTexts.count)
        canonicalTexts[text] = id
        return id
    }

    /// The facts of one row, with label ids in `labels`.
    public mutating func facts(_ row: RawTicketRow, labels: inout LabelTable) -> TicketFacts {
        var isNew = false
        var id = Self.intern(&status, row.text(.status), isNew: &isNew)
        if isNew {
            status.payloads.append(
                Self.string(row.text(.status)).map { lifecycle.resolvedStatuses.contains($0.lowercased()) } ?? false)
        }
        var resolved = status.payloads[Int(id)]
        if !resolved && !lifecycle.resolvedSubstatusKeys.isEmpty {
            id = Self.intern(&substatusKey, row.text(.substatusKey), isNew: &isNew)
            if isNew {
                substatusKey.payloads.append(
                    Self.string(row.text(.substatusKey)).map {
                        lifecycle.resolvedSubstatusKeys.contains($0.uppercased())
                    } ?? false)
            }
            resolved = substatusKey.payloads[Int(id)]
        }
        id = Self.intern(&priority, row.text(.priority), isNew: &isNew)
        if isNew { priority.payloads.append(labels.id(TicketFacts.priorityLabel(Self.string(row.text(.priority))))) }
        let priorityLabel = priority.payloads[Int(id)]

        let qn = Self.intern(&queueName, row.text(.queueName), isNew: &isNew)
        if isNew { queueName.payloads.append(Self.string(row.text(.queueName))) }
        let qk = Self.intern(&queueKey, row.text(.queueKey), isNew: &isNew)
        if isNew { queueKey.payloads.append(Self.string(row.text(.queueKey))) }
        let pair = Int64(qn) << 32 | Int64(qk)
        let queueLabel: Int32
        if let q = queueLabels[pair] {
            queueLabel = q
        } else {
            queueLabel = labels.id(
                TicketFacts.queueLabel(name: queueName.payloads[Int(qn)], key: queueKey.payloads[Int(qk)]))
            queueLabels[pair] = queueLabel
        }

        id = Self.intern(&sources, row.text(.primarySource), isNew: &isNew)
        if isNew {
            let t = Self.string(row.text(.primarySource))
            sources.payloads.append((canonical(t), labels.id(TicketFacts.sourceLabel(t))))
        }
        let primary = sources.payloads[Int(id)]
        id = Self.intern(&sources, row.text(.lastSource), isNew: &isNew)
        if isNew {
            let t = Self.string(row.text(.lastSource))
            sources.payloads.append((canonical(t), labels.id(TicketFacts.sourceLabel(t))))
        }
        let last = sources.payloads[Int(id)]

        id = Self.intern(&names, row.text(.assignedToName), isNew: &isNew)
        if isNew { names.payloads.append(Self.string(row.text(.assignedToName)).map { labels.id($0) } ?? -1) }
        let nameLabel = names.payloads[Int(id)]

        id = Self.intern(&sla, row.text(.slaStatus), isNew: &isNew)
        if isNew {
            let t = Self.string(row.text(.slaStatus))
            sla.payloads.append((t != nil, t?.lowercased() == "out of sla"))
        }
        let slaState = sla.payloads[Int(id)]

        let tat: Int32 =
            row.text(.tatText) == nil
            ? TicketFacts.noTAT
            : row.int64(.tatSeconds).map { Int32(clamping: Int(clamping: $0)) } ?? TicketFacts.unreadableTAT
        let key = row.text(.ticketId).map { TicketKey.make(utf8: $0) } ?? 0
        var f = TicketFacts(
            key: key, created: Double(row.int64(.createdAt) ?? 0), resolved: resolved, hasSLA: slaState.has,
            breached: slaState.breached, ftrYes: row.int64(.ftr) == 1,
            channelSwitch: last.canonical >= 0 && last.canonical != primary.canonical, priority: priorityLabel,
            queue: queueLabel, source: primary.label, assigneeId: row.int64(.assignedId) ?? 0, assigneeName: nameLabel,
            rating: row.int64(.customerRating).map { Int32(clamping: Int(clamping: $0)) } ?? 0,
            conversations: row.int64(.totalConversations).map { Int32(clamping: Int(clamping: $0)) }
                ?? TicketFacts.noConversations,
            tat: tat)
        if !resolved && slaState.breached {
            f.attention = AttentionText(
                ticketId: row.string(.ticketId) ?? "", title: row.string(.title), url: row.string(.url))
        }
        return f
    }
}
