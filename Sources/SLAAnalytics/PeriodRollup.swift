import Foundation

/// The counts of one day's tickets that a report reads when the day lies in the previous
/// period: what `comparison`, `movers` and `completeness.ticketsInPreviousPeriod` draw on
/// (and each assignee's counts whole).
/// Keyed by the texts themselves (queues, sources, assignee names), not by label ids, so
/// rollups made with different label tables merge and can be stored.
///
/// Made from a `PeriodAccumulator` (`init(_:labels:)`), the one place tickets are counted,
/// and added back into one (`PeriodAccumulator.add(_:dayIndex:labels:)`): a day added as
/// its rollup gives the previous period's accumulator the counts its tickets would have.
/// What only the period itself shows (priorities, TAT, backlog, CSAT by group, the oldest
/// breached tickets) is not kept.
public struct PeriodRollup: Sendable, Equatable {
    var tickets = 0
    var open = 0
    var resolved = 0
    var sla = SLACounts()
    var ftr = FTRCounts()
    var csatRated = 0
    var csatSum = 0
    var byQueue: [String: SLACounts] = [:]
    var bySource: [String: SLACounts] = [:]
    var ftrByQueue: [String: FTRCounts] = [:]
    var ftrBySource: [String: FTRCounts] = [:]
    var assignees: [Int64: AssigneeRollup] = [:]

    public init() {}

    /// An assignee's counts, and the names on their latest tickets (more than one only when
    /// several were seen at that same instant; the summary takes the smallest).
    struct AssigneeRollup: Sendable, Equatable {
        /// The counts (`AssigneeCounts.addCounts`); its label-id name fields stay unset.
        var counts = AssigneeCounts()
        /// In order, without repeats.
        var names: [String] = []
        var nameAt = -Double.infinity

        mutating func merge(_ o: AssigneeRollup) {
            counts.addCounts(of: o.counts)
            if o.nameAt > nameAt {
                (names, nameAt) = (o.names, o.nameAt)
            } else if o.nameAt == nameAt {
                names = Array(Set(names).union(o.names)).sorted()
            }
        }

        /// The counts as `encoded` writes them, in order.
        var fields: [Int] {
            [
                counts.tickets, counts.open, counts.resolved, counts.withSLA, counts.breached, counts.firstTime,
                counts.conversationTickets, counts.conversations, counts.csat.rated, counts.csat.sum,
            ] + counts.csat.distribution
        }
        static let fieldCount = 15

        init(counts: AssigneeCounts = AssigneeCounts(), names: [String] = [], nameAt: Double = -.infinity) {
            self.counts = counts
            self.names = names
            self.nameAt = nameAt
        }

        init(fields v: [Int], nameAt: Double) {
            counts = AssigneeCounts(
                tickets: v[0], open: v[1], resolved: v[2], withSLA: v[3], breached: v[4], firstTime: v[5],
                conversationTickets: v[6], conversations: v[7],
                csat: CSATCounts(rated: v[8], sum: v[9], distribution: Array(v[10..<15])))
            self.nameAt = nameAt
        }
    }

    /// The rollup of what `a` counted, its label ids read in `labels`.
    init(_ a: PeriodAccumulator, labels: [String]) {
        tickets = a.tickets
        open = a.open
        resolved = a.resolved
        sla = a.sla
        ftr = a.ftr
        csatRated = a.csat.rated
        csatSum = a.csat.sum
        func keyed<T>(_ counts: [T], _ counted: (T) -> Bool) -> [String: T] {
            Dictionary(
                uniqueKeysWithValues: counts.enumerated().filter { counted($0.element) }.map {
                    (labels[$0.offset], $0.element)
                })
        }
        byQueue = keyed(a.byQueue) { $0.tickets > 0 }
        bySource = keyed(a.bySource) { $0.tickets > 0 }
        ftrByQueue = keyed(a.ftrByQueue) { $0.eligible > 0 }
        ftrBySource = keyed(a.ftrBySource) { $0.eligible > 0 }
        assignees = a.assignees.mapValues { c in
            var counts = AssigneeCounts()
            counts.addCounts(of: c)
            return AssigneeRollup(
                counts: counts, names: Set(([c.name] + c.tieNames).filter { $0 >= 0 }.map { labels[Int($0)] }).sorted(),
                nameAt: c.name >= 0 ? c.nameAt : -.infinity)
        }
    }

    /// Adds another rollup of the same day (another part of its tickets).
    public mutating func merge(_ o: PeriodRollup) {
        tickets += o.tickets
        open += o.open
        resolved += o.resolved
        sla.add(o.sla)
        ftr.add(o.ftr)
        csatRated += o.csatRated
        csatSum += o.csatSum
        byQueue.merge(o.byQueue) { a, b in a.adding(b) }
        bySource.merge(o.bySource) { a, b in a.adding(b) }
        ftrByQueue.merge(o.ftrByQueue) { a, b in a.adding(b) }
        ftrBySource.merge(o.ftrBySource) { a, b in a.adding(b) }
        assignees.merge(o.assignees) { a, b in
            var m = a
            m.merge(b)
            return m
        }
    }

    /// The rollup as bytes (`RollupBytes`): the counts as varints, then each keyed group
    /// (its size, then key and counts in key order), then the assignees in id order (id,
    /// counts, the instant of their name as the 64 bits of the `Double`, the names).
    var encoded: [UInt8] {
        var w = RollupBytes.Writer()
        for v in [tickets, open, resolved, sla.tickets, sla.withSLA, sla.breached, ftr.eligible, ftr.firstTime] {
            w.int(v)
        }
        w.int(csatRated)
        w.int(csatSum)
        for group in [byQueue, bySource] {
            w.int(group.count)
            for (key, c) in group.sorted(by: { $0.key < $1.key }) {
                w.string(key)
                for v in [c.tickets, c.withSLA, c.breached] { w.int(v) }
            }
        }
        for group in [ftrByQueue, ftrBySource] {
            w.int(group.count)
            for (key, c) in group.sorted(by: { $0.key < $1.key }) {
                w.string(key)
                for v in [c.eligible, c.firstTime] { w.int(v) }
            }
        }
        w.int(assignees.count)
        for (id, a) in assignees.sorted(by: { $0.key < $1.key }) {
            w.signed(id)
            for v in a.fields { w.int(v) }
            w.fixed(a.nameAt.bitPattern)
            w.int(a.names.count)
            for name in a.names { w.string(name) }
        }
        return w.bytes
    }

    /// Reads `encoded` from `r`; `nil` for bytes that are not one.
    init?(reading r: inout RollupBytes.Reader) {
        func ints(_ n: Int) -> [Int]? {
            var out: [Int] = []
            for _ in 0..<n {
                guard let v = r.int() else { return nil }
                out.append(v)
            }
            return out
        }
        guard let c = ints(10) else { return nil }
        (tickets, open, resolved) = (c[0], c[1], c[2])
        sla = SLACounts(tickets: c[3], withSLA: c[4], breached: c[5])
        ftr = FTRCounts(eligible: c[6], firstTime: c[7])
        (csatRated, csatSum) = (c[8], c[9])
        func group<T>(_ fields: Int, _ make: ([Int]) -> T) -> [String: T]? {
            guard let n = r.int() else { return nil }
            var out: [String: T] = [:]
            for _ in 0..<n {
                guard let key = r.string(), let v = ints(fields), out[key] == nil else { return nil }
                out[key] = make(v)
            }
            return out
        }
        guard let bq = group(3, { SLACounts(tickets: $0[0], withSLA: $0[1], breached: $0[2]) }),
            let bs = group(3, { SLACounts(tickets: $0[0], withSLA: $0[1], breached: $0[2]) }),
            let fq = group(2, { FTRCounts(eligible: $0[0], firstTime: $0[1]) }),
            let fs = group(2, { FTRCounts(eligible: $0[0], firstTime: $0[1]) }),
            let n = r.int()
        else { return nil }
        (byQueue, bySource, ftrByQueue, ftrBySource) = (bq, bs, fq, fs)
        for _ in 0..<n {
            guard let id = r.signed(), assignees[id] == nil, let v = ints(AssigneeRollup.fieldCount),
                let at = r.fixed(), let names = r.int()
            else { return nil }
            var a = AssigneeRollup(fields: v, nameAt: Double(bitPattern: at))
            for _ in 0..<names {
                guard let name = r.string() else { return nil }
                a.names.append(name)
            }
            guard a.names == Set(a.names).sorted() else { return nil }
            assignees[id] = a
        }
    }
}

extension SLACounts {
    func adding(_ o: SLACounts) -> SLACounts {
        var s = self
        s.add(o)
        return s
    }
}

extension FTRCounts {
    func adding(_ o: FTRCounts) -> FTRCounts {
        var s = self
        s.add(o)
        return s
    }
}

extension PeriodAccumulator {
    /// Adds one day's rollup (day `dayIndex` of this period) as if each of its tickets were
    /// added: the counts `PeriodRollup` keeps, its texts interned in `labels`.
    mutating func add(_ r: PeriodRollup, dayIndex: Int, labels: inout LabelTable) {
        tickets += r.tickets
        open += r.open
        resolved += r.resolved
        sla.add(r.sla)
        ftr.add(r.ftr)
        csat.rated += r.csatRated
        csat.sum += r.csatSum
        days[dayIndex].tickets += r.tickets
        days[dayIndex].withSLA += r.sla.withSLA
        days[dayIndex].breached += r.sla.breached
        days[dayIndex].resolved += r.resolved
        func add<T>(_ group: [String: T], into counts: inout [T], empty: T, _ plus: (inout T, T) -> Void) {
            for (key, v) in group.sorted(by: { $0.key < $1.key }) {
                let id = labels.id(key)
                ensure(&counts, id, empty)
                plus(&counts[Int(id)], v)
            }
        }
        add(r.byQueue, into: &byQueue, empty: SLACounts()) { $0.add($1) }
        add(r.bySource, into: &bySource, empty: SLACounts()) { $0.add($1) }
        add(r.ftrByQueue, into: &ftrByQueue, empty: FTRCounts()) { $0.add($1) }
        add(r.ftrBySource, into: &ftrBySource, empty: FTRCounts()) { $0.add($1) }
        for (id, a) in r.assignees.sorted(by: { $0.key < $1.key }) {
            var c = assignees[id, default: AssigneeCounts()]
            c.addCounts(of: a.counts)
            for name in a.names { c.pendingTie(labels.id(name), at: a.nameAt) }
            assignees[id] = c
        }
    }
}

/// Counts one day's tickets into its `HistoryRollup`: the history counts, and (through a
/// `PeriodAccumulator`, where tickets are counted) the day's `PeriodRollup`.
public struct HistoryRollupCounter: Sendable {
    var history = HistoryRollup()
    var period = PeriodAccumulator(dayCount: 1)

    public init() {}

    public var tickets: Int { history.tickets }

    /// Adds one ticket of the day.
    public mutating func add(_ f: TicketFacts) {
        history.add(f)
        // No as-of instant: the backlog and the oldest breached tickets are the period's own.
        period.add(f, dayIndex: 0, asOf: -.infinity)
    }

    /// The day's rollup, the facts' label ids read in `labels` (the table they refer to).
    public func rollup(labels: [String]) -> HistoryRollup {
        var r = history
        r.period = PeriodRollup(period, labels: labels)
        return r
    }
}

/// The bytes of a stored rollup: LEB128 varints (zig-zag for signed values), fixed 64-bit
/// little-endian values, and texts as their UTF-8 length and bytes.
enum RollupBytes {
    struct Writer {
        var bytes: [UInt8] = []

        mutating func varint(_ value: UInt64) {
            var v = value
            while v >= 0x80 {
                bytes.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            bytes.append(UInt8(v))
        }

        mutating func int(_ v: Int) { varint(UInt64(max(0, v))) }
        mutating func signed(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
        mutating func fixed(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

        mutating func string(_ s: String) {
            int(s.utf8.count)
            bytes.append(contentsOf: s.utf8)
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var at: Int

        init(_ bytes: [UInt8], at: Int = 0) {
            self.bytes = bytes
            self.at = at
        }

        var atEnd: Bool { at == bytes.count }

        mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            repeat {
                guard at < bytes.count, shift < 64 else { return nil }
                value |= UInt64(bytes[at] & 0x7F) << shift
                shift += 7
                at += 1
            } while bytes[at - 1] & 0x80 != 0
            return value
        }

        mutating func int() -> Int? { varint().flatMap { $0 <= UInt64(Int.max) ? Int($0) : nil } }

        mutating func signed() -> Int64? {
            varint().map { Int64(bitPattern: $0 >> 1) ^ -Int64(bitPattern: $0 & 1) }
        }

        mutating func fixed() -> UInt64? {
            guard bytes.count - at >= 8 else { return nil }
            defer { at += 8 }
            return bytes[at..<at + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }

        mutating func string() -> String? {
            guard let n = int(), bytes.count - at >= n else { return nil }
            defer { at += n }
            return String(validating: bytes[at..<at + n], as: UTF8.self)
        }
    }
}
