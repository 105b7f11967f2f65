import Foundation
public import SLAAnalytics
public import TicketModel
public import TicketStore

/// Turns store rows into `TicketFacts` straight from their bytes: the same facts as
/// `TicketFacts.of` on the stored `Ticket`, with repeated texts interned by their bytes.
public struct StoreFactsReader {
    var groups: GroupCaches
    /// The bytes of the block and of the counts last read, their storage kept for the next.
    var blockBytes: [UInt8] = []
    var countsBytes: [UInt8] = []

    public init(lifecycle: LifecyclePolicy) {
        groups = GroupCaches(lifecycle: lifecycle)
    }

    /// The label table the facts' ids refer to.
    public var labels: LabelTable { groups.labels }

    /// The facts of one row, with label ids in `labels`, and its texts when it keeps them.
    public mutating func facts(_ row: RawTicketRow) -> (facts: TicketFacts, text: AttentionText?) {
        Self.facts(
            key: row.text(.ticketId).map { TicketKey.make(utf8: $0) } ?? 0, created: row.int64(.createdAt),
            groups: groups.groups(RowFieldTexts(row: row)), ftr: row.int64(.ftr), assignedId: row.int64(.assignedId),
            rating: row.int64(.customerRating), conversations: row.int64(.totalConversations),
            hasTATText: row.text(.tatText) != nil, tatSeconds: row.int64(.tatSeconds)
        ) {
            AttentionText(ticketId: row.string(.ticketId) ?? "", title: row.string(.title), url: row.string(.url))
        }
    }

    /// A ticket's facts from its stored values and its groups (the one place a store's
    /// tickets, rows or blocks, become `TicketFacts`), and its texts from `attention`, asked
    /// only when it keeps them (a reader that wants none gives `nil`).
    @inline(__always) static func facts(
        key: UInt64, created: Int64?, groups g: TicketGroups, ftr: Int64?, assignedId: Int64?, rating: Int64?,
        conversations: Int64?, hasTATText: Bool, tatSeconds: Int64?, attention: () -> AttentionText?
    ) -> (facts: TicketFacts, text: AttentionText?) {
        let tat: Int32 =
            !hasTATText
            ? TicketFacts.noTAT : tatSeconds.map { Int32(clamping: Int(clamping: $0)) } ?? TicketFacts.unreadableTAT
        let f = TicketFacts(
            key: key, created: Double(created ?? 0), resolved: g.resolved, hasSLA: g.hasSLA, breached: g.breached,
            ftrYes: ftr == 1, channelSwitch: g.channelSwitch, priority: g.priority, queue: g.queue, source: g.source,
            assigneeId: assignedId ?? 0, assigneeName: g.assigneeName,
            rating: rating.map { Int32(clamping: Int(clamping: $0)) } ?? 0,
            conversations: conversations.map { Int32(clamping: Int(clamping: $0)) } ?? TicketFacts.noConversations,
            tat: tat, disposition: g.disposition, dispositionDetail: g.dispositionDetail)
        return (
            f,
            TicketFacts.keepsText(resolved: g.resolved, breached: g.breached, openText: false) ? attention() : nil
        )
    }

    /// Calls `body` with the facts of the tickets of `block` created in `[from, to)`, in
    /// creation order, and the label table their ids refer to: the same facts as `facts(_:)`
    /// of each row, with each field's rule applied once per entry of the block's
    /// dictionaries, not once per ticket.
    public mutating func forEachFacts(
        in block: FactBlock, createdFrom from: Int64, before to: Int64, countsOnlyBefore: Int64 = .min,
        _ body: (TicketFacts, AttentionText?, borrowing LabelTable) throws -> Void
    ) rethrows {
        try block.withValues { v in
            let created = v.column(.createdAt)
            let rows = v.rows(createdFrom: from, before: to, created: created)
            guard !rows.isEmpty else { return }
            var tables = BlockTables(v, &groups)
            let ids = v.column(.ticketId)
            let (assigned, ftr, rating) = (v.column(.assignedId), v.column(.ftr), v.column(.customerRating))
            let (conversations, tatText, tatSeconds) =
                (v.column(.totalConversations), v.column(.tatText), v.column(.tatSeconds))
            // The table handed to `body`, taken again whenever a ticket added a label (a queue
            // pair met for the first time: rare, and at most once a label for this reader).
            // Handed as `groups.labels` itself, it was copied for every ticket.
            var labels = groups.labels
            for row in rows {
                let at = created.integer(row)
                if let at, at < countsOnlyBefore {
                    // Only the history's counts read this ticket: no key, groups or texts.
                    let (facts, _) = Self.facts(
                        key: 0, created: at, groups: tables.counted(row, &groups), ftr: ftr.integer(row),
                        assignedId: nil, rating: rating.integer(row), conversations: nil,
                        hasTATText: tatText.code(row) >= 0, tatSeconds: tatSeconds.integer(row)
                    ) { nil }
                    try body(facts, nil, labels)
                    continue
                }
                let key: UInt64
                if ids.isDecimal {
                    key = UInt64(bitPattern: ids.integer(row) ?? 0)
                } else {
                    let code = ids.code(row)
                    key = code < 0 ? 0 : TicketKey.make(utf8: ids.entry(code))
                }
                let (facts, text) = Self.facts(
                    key: key, created: at, groups: tables.groups(row, &groups),
                    ftr: ftr.integer(row), assignedId: assigned.integer(row), rating: rating.integer(row),
                    conversations: conversations.integer(row), hasTATText: tatText.code(row) >= 0,
                    tatSeconds: tatSeconds.integer(row)
                ) {
                    // A block keeps no title or URL: they are read after counting, for the
                    // few listed (`ReportBuilder.ticketsWithoutText`).
                    return AttentionText(ticketId: v.row(row).string(.ticketId) ?? "", title: nil, url: nil)
                }
                if groups.labels.count != labels.count { labels = groups.labels }
                try body(facts, text, labels)
            }
        }
    }
}

/// A block's group fields, each dictionary entry through its rule (`GroupCaches`) once;
/// index 0 of each table is NULL, entry `k` at `k + 1`.
struct BlockTables {
    let status, substatus, priority, queueName, queueKey, primary, last, name, sla, disposition: FactBlock.ColumnValues
    let byStatus: [Bool]
    let bySubstatus: [Bool]
    let priorityLabels: [Int32]
    let queueNameIds: [Int32]
    let queueKeyIds: [Int32]
    let primarySources: [(canonical: Int32, label: Int32)]
    let lastSources: [(canonical: Int32, label: Int32)]
    let names: [Int32]
    let slaStates: [(has: Bool, breached: Bool)]
    let dispositions: [(reason: Int32, detail: Int32)]
    /// Queue labels by (name, key) table indices, filled as met (-1: not yet); empty when
    /// the pairs are too many to hold.
    var queues: [Int32]

    init(_ v: FactBlock.Values, _ groups: inout GroupCaches) {
        func table<T>(
            _ c: FactBlock.ColumnValues, _ rule: (inout GroupCaches, RawText, () -> String?) -> T
        ) -> [T] {
            var out = [rule(&groups, RawText(base: nil, count: 0, tag: 0xFF)) { nil }]
            out.reserveCapacity(c.entryCount + 1)
            for k in 0..<c.entryCount {
                let e = c.entry(k)
                out.append(
                    rule(&groups, RawText(base: e.baseAddress, count: e.count, tag: 0)) {
                        String(decoding: e, as: UTF8.self)
                    })
            }
            return out
        }
        (status, substatus, priority) = (v.column(.status), v.column(.substatusKey), v.column(.priority))
        (queueName, queueKey) = (v.column(.queueName), v.column(.queueKey))
        (primary, last, name) = (v.column(.primarySource), v.column(.lastSource), v.column(.assignedToName))
        (sla, disposition) = (v.column(.slaStatus), v.column(.disposition))
        byStatus = table(status) { $0.resolvedByStatus($1, $2) }
        bySubstatus = table(substatus) { $0.resolvedBySubstatus($1, $2) }
        priorityLabels = table(priority) { $0.priorityLabel($1, $2) }
        queueNameIds = table(queueName) { $0.queueNameId($1, $2) }
        queueKeyIds = table(queueKey) { $0.queueKeyId($1, $2) }
        primarySources = table(primary) { $0.source($1, $2) }
        lastSources = table(last) { $0.source($1, $2) }
        names = table(name) { $0.assigneeNameLabel($1, $2) }
        slaStates = table(sla) { $0.slaState($1, $2) }
        dispositions = table(disposition) { $0.dispositionLabels($1, $2) }
        // A memo only when small (a day of hostile data may name thousands of each).
        let pairs = queueNameIds.count * queueKeyIds.count
        queues = pairs <= 1 << 16 ? Array(repeating: -1, count: pairs) : []
    }

    /// Whether the ticket is resolved. (The sub-status is looked up before the rule asks for
    /// it: a closure reading `self`'s tables copied them, a retain and a release of each
    /// per ticket.)
    @inline(__always) func resolved(_ row: Int, _ groups: inout GroupCaches) -> Bool {
        let bySubstatus = bySubstatus[substatus.code(row) + 1]
        return groups.resolved(byStatus: byStatus[status.code(row) + 1]) { bySubstatus }
    }

    /// What the history's counts read of a ticket's groups (whether it is resolved, has an
    /// SLA, breached it); the rest left empty.
    @inline(__always) func counted(_ row: Int, _ groups: inout GroupCaches) -> TicketGroups {
        let resolved = self.resolved(row, &groups)
        let s = slaStates[sla.code(row) + 1]
        return TicketGroups(
            resolved: resolved, priority: 0, queue: 0, source: 0, channelSwitch: false, assigneeName: -1,
            hasSLA: s.has, breached: s.breached, disposition: 0, dispositionDetail: 0)
    }

    @inline(__always) mutating func groups(_ row: Int, _ groups: inout GroupCaches) -> TicketGroups {
        let resolved = self.resolved(row, &groups)
        let (n, k) = (queueName.code(row) + 1, queueKey.code(row) + 1)
        let queue: Int32
        if queues.isEmpty {
            queue = groups.queueLabel(nameId: queueNameIds[n], keyId: queueKeyIds[k])
        } else if queues[n * queueKeyIds.count + k] >= 0 {
            queue = queues[n * queueKeyIds.count + k]
        } else {
            queue = groups.queueLabel(nameId: queueNameIds[n], keyId: queueKeyIds[k])
            queues[n * queueKeyIds.count + k] = queue
        }
        let (p, l) = (primarySources[primary.code(row) + 1], lastSources[last.code(row) + 1])
        let s = slaStates[sla.code(row) + 1]
        let d = dispositions[disposition.code(row) + 1]
        return TicketGroups(
            resolved: resolved, priority: priorityLabels[priority.code(row) + 1], queue: queue, source: p.label,
            channelSwitch: GroupCaches.channelSwitch(primary: p.canonical, last: l.canonical),
            assigneeName: names[name.code(row) + 1], hasSLA: s.has, breached: s.breached, disposition: d.reason,
            dispositionDetail: d.detail)
    }
}

/// A store row's columns, for `GroupCaches`.
struct RowFieldTexts: FieldTexts {
    let row: RawTicketRow

    /// Each field's column (`TicketColumn.field`), by the field's slot.
    static let columns: [RawTicketRow.Column?] = Field.allCases.map { field in
        TicketField(rawValue: String(describing: field)).flatMap(TicketColumn.of)
    }

    @inline(__always) static func column(_ field: Field) -> RawTicketRow.Column? { columns[field.rawValue] }

    @inline(__always) func raw(_ field: Field) -> RawText {
        guard let column = Self.column(field), let bytes = row.text(column) else {
            return RawText(base: nil, count: 0, tag: 0xFF)
        }
        return RawText(base: bytes.baseAddress, count: bytes.count, tag: 0)
    }

    func text(_ field: Field) -> String? { Self.column(field).flatMap { row.string($0) } }
}
