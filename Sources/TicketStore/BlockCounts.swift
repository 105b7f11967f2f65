import TicketModel

/// A day block's tickets counted per 15-minute slot of creation by the few values the
/// history's counts read (`ReportBuilder.countsOnlyBefore`: the trend's and the anomaly
/// check's days before the previous period): what a report reads of such a day instead of
/// the block, about 7 bytes a ticket (the list of resolutions most of it) against the
/// block's 47.
///
/// Written with the block, from its bytes, in the same transaction (SQLite `fact_block_counts`,
/// PostgreSQL `fact_blocks.counts`).
/// Like the block it depends on no configuration: the counts are kept by the dictionary
/// codes of `status`, `substatus_key` and `sla_status` (the lifecycle policy and the SLA
/// rule apply to the dictionaries when read) and by slot (the report zone applies to the
/// slots, whose bounds every local midnight of a zone on 15-minute offsets falls on).
/// For the trend's tickets open at the end of each week, the resolution instant of every
/// ticket whose TAT is known is listed, latest first: a week end reads only the tickets
/// resolved after it.
public struct BlockCounts: Sendable {
    /// The UTC day of the block.
    public let utcDay: Int64
    /// The `status`, `substatus_key` and `sla_status` dictionaries.
    public let statuses: [[UInt8]]
    public let substatuses: [[UInt8]]
    public let slaStatuses: [[UInt8]]
    /// Per slot with tickets (in slot order): its tickets, those rated 1…5, their ratings'
    /// sum, and its raw JSON digests (as the block's `slots`).
    public let slots: [Slot]
    /// The (status, sub-status) pairs met, as dictionary index + 1 (0: NULL).
    public let pairs: [(status: Int, substatus: Int)]
    /// Tickets by (slot, pair, FTR yes, TAT known), in slot order.
    public let states: [State]
    /// Tickets by (slot, `sla_status` index + 1), in slot order.
    public let slaStates: [SLAState]
    /// Per ticket with a known TAT, latest first: its resolution instant (creation plus
    /// TAT, seconds) and its pair and slot (8 bytes each: the bulk of the counts), read
    /// from `bytes` (`forEachResolution`).
    let bytes: [UInt8]
    let resolutionsStart: Int
    public let resolutionCount: Int

    public struct Slot: Sendable, Equatable {
        public var slot: Int
        public var tickets: Int
        public var rated: Int
        public var ratingSum: Int
        public var digest: DigestSum
    }

    public struct State: Sendable, Equatable {
        public var slot: Int
        public var pair: Int
        public var ftrYes: Bool
        public var tatKnown: Bool
        public var tickets: Int
    }

    public struct SLAState: Sendable, Equatable {
        public var slot: Int
        public var slaStatus: Int
        public var tickets: Int
    }

    public struct Resolution: Sendable, Equatable {
        public var at: Int64
        public var pair: Int
        public var slot: Int
    }

    static let magic: UInt64 = 0xFC01

    /// The instant (seconds) a slot begins at.
    public func start(ofSlot slot: Int) -> Int64 { utcDay * 86_400 + Int64(slot) * FactBlock.slotSeconds }

    /// The counts of `block`, encoded.
    public static func encoded(_ block: FactBlock) -> [UInt8] {
        block.withValues { v in
            let day = block.utcDay * 86_400
            let created = v.column(.createdAt)
            let (status, substatus, sla) = (v.column(.status), v.column(.substatusKey), v.column(.slaStatus))
            let (ftr, rating) = (v.column(.ftr), v.column(.customerRating))
            let (tatText, tatSeconds) = (v.column(.tatText), v.column(.tatSeconds))
            var slots: [Int: Slot] = [:]
            var pairIndex: [Int: Int] = [:]
            var pairs: [(Int, Int)] = []
            var states: [Int: Int] = [:]  // (slot, pair, flags) -> tickets
            var slaStates: [Int: Int] = [:]  // (slot, sla) -> tickets
            var resolutions: [(at: Int64, packed: UInt32)] = []
            let pairCodes = (status.entryCount + 1) * (substatus.entryCount + 1)
            for row in 0..<v.count {
                let at = created.integer(row) ?? 0
                let slot = Int(min(95, max(0, (at - day) / FactBlock.slotSeconds)))
                let p = (status.code(row) + 1, substatus.code(row) + 1)
                let pairCode = p.0 * (substatus.entryCount + 1) + p.1
                let pair: Int
                if let known = pairIndex[pairCode] {
                    pair = known
                } else {
                    pair = pairs.count
                    pairs.append(p)
                    pairIndex[pairCode] = pair
                }
                // As `StoreFactsReader.facts` reads them: the TAT is known when its text is
                // there and its seconds are, at least 0 once clamped to 32 bits.
                let tat = tatText.code(row) >= 0 ? tatSeconds.integer(row).map { Int32(clamping: $0) } : nil
                let tatKnown = (tat ?? -1) >= 0
                let r = rating.integer(row).map { Int32(clamping: $0) } ?? 0
                slots[slot, default: Slot(slot: slot, tickets: 0, rated: 0, ratingSum: 0, digest: DigestSum())]
                    .tickets += 1
                if TicketRules.isRated(r) {
                    slots[slot]?.rated += 1
                    slots[slot]?.ratingSum += Int(r)
                }
                let flags = (ftr.integer(row) == 1 ? 1 : 0) | (tatKnown ? 2 : 0)
                states[(slot * max(1, pairCodes) + pair) * 4 + flags, default: 0] += 1
                slaStates[slot * (sla.entryCount + 1) + sla.code(row) + 1, default: 0] += 1
                if let tat, tatKnown {
                    resolutions.append((at + Int64(tat), UInt32(truncatingIfNeeded: pair * 96 + slot)))
                }
            }
            for s in block.slots { slots[s.slot]?.digest = s.digest }
            var w = BlockWriter()
            w.fixed(magic, 2)
            w.fixed(UInt64(v.count), 4)
            for column in [status, substatus, sla] {
                w.fixed(UInt64(column.entryCount), 4)
                for k in 0..<column.entryCount {
                    let e = column.entry(k)
                    w.fixed(UInt64(e.count), 4)
                    w.bytes.append(contentsOf: e)
                }
            }
            w.fixed(UInt64(slots.count), 2)
            for s in slots.values.sorted(by: { $0.slot < $1.slot }) {
                w.fixed(UInt64(s.slot), 1)
                w.fixed(UInt64(s.tickets), 4)
                w.fixed(UInt64(s.rated), 4)
                w.fixed(UInt64(s.ratingSum), 8)
                for word in [s.digest.w0, s.digest.w1, s.digest.w2, s.digest.w3] { w.fixed(word, 8) }
            }
            w.fixed(UInt64(pairs.count), 4)
            for (s, ss) in pairs {
                w.fixed(UInt64(s), 4)
                w.fixed(UInt64(ss), 4)
            }
            w.fixed(UInt64(states.count), 4)
            for (key, n) in states.sorted(by: { $0.key < $1.key }) {
                let (slotPair, flags) = key.quotientAndRemainder(dividingBy: 4)
                let (slot, pair) = slotPair.quotientAndRemainder(dividingBy: max(1, pairCodes))
                w.fixed(UInt64(slot), 1)
                w.fixed(UInt64(pair), 4)
                w.fixed(UInt64(flags), 1)
                w.fixed(UInt64(n), 4)
            }
            w.fixed(UInt64(slaStates.count), 4)
            for (key, n) in slaStates.sorted(by: { $0.key < $1.key }) {
                let (slot, code) = key.quotientAndRemainder(dividingBy: sla.entryCount + 1)
                w.fixed(UInt64(slot), 1)
                w.fixed(UInt64(code), 4)
                w.fixed(UInt64(n), 4)
            }
            // Latest first; ties in a fixed order, so the bytes are a function of the block.
            resolutions.sort { ($0.at, $0.packed) > ($1.at, $1.packed) }
            w.fixed(UInt64(resolutions.count), 4)
            for r in resolutions {
                // Within 2³² seconds of the day's start: created on the day, a TAT under 2³¹.
                w.fixed(UInt64(UInt32(clamping: r.at - day)), 4)
                w.fixed(UInt64(r.packed), 4)
            }
            return w.bytes
        }
    }

    /// Reads encoded counts; throws (naming the day) when the bytes are not those of this build.
    public init(utcDay: Int64, bytes: [UInt8]) throws(FactBlockError) {
        self.utcDay = utcDay
        var r = BlockReader(bytes: bytes, day: utcDay)
        guard try r.u16() == Self.magic else { throw r.error("has counts not of this build") }
        _ = try r.u32()
        func dictionary(_ r: inout BlockReader) throws(FactBlockError) -> [[UInt8]] {
            var out: [[UInt8]] = []
            for _ in 0..<Int(try r.u32()) {
                let n = Int(try r.u32())
                try r.skip(n)
                out.append(Array(r.bytes[(r.offset - n)..<r.offset]))
            }
            return out
        }
        statuses = try dictionary(&r)
        substatuses = try dictionary(&r)
        slaStatuses = try dictionary(&r)
        var slots: [Slot] = []
        for _ in 0..<Int(try r.u16()) {
            let slot = Int(try r.u8())
            let (tickets, rated, sum) = (Int(try r.u32()), Int(try r.u32()), Int(truncatingIfNeeded: try r.u64()))
            let (w0, w1, w2, w3) = (try r.u64(), try r.u64(), try r.u64(), try r.u64())
            guard slot < 96 else { throw r.error("has a slot past the day's end") }
            slots.append(
                Slot(slot: slot, tickets: tickets, rated: rated, ratingSum: sum, digest: DigestSum(w0, w1, w2, w3)))
        }
        var pairs: [(Int, Int)] = []
        for _ in 0..<Int(try r.u32()) {
            let (s, ss) = (Int(try r.u32()), Int(try r.u32()))
            guard s <= statuses.count, ss <= substatuses.count else { throw r.error("has a code past its dictionary") }
            pairs.append((s, ss))
        }
        var states: [State] = []
        for _ in 0..<Int(try r.u32()) {
            let (slot, pair, flags, n) = (Int(try r.u8()), Int(try r.u32()), try r.u8(), Int(try r.u32()))
            guard slot < 96, pair < pairs.count else { throw r.error("has a code past its dictionary") }
            states.append(State(slot: slot, pair: pair, ftrYes: flags & 1 != 0, tatKnown: flags & 2 != 0, tickets: n))
        }
        var slaStates: [SLAState] = []
        for _ in 0..<Int(try r.u32()) {
            let (slot, code, n) = (Int(try r.u8()), Int(try r.u32()), Int(try r.u32()))
            guard slot < 96, code <= slaStatuses.count else { throw r.error("has a code past its dictionary") }
            slaStates.append(SLAState(slot: slot, slaStatus: code, tickets: n))
        }
        let count = Int(try r.u32())
        let start = r.offset
        let (length, overflow) = count.multipliedReportingOverflow(by: 8)
        guard !overflow else { throw r.error("is cut short") }
        try r.skip(length)
        // The longest list stays in the bytes, checked here in one pass (a reader reads only
        // its head: `forEachResolution`).
        let limit = UInt32(clamping: pairs.count * 96)
        let fits = bytes.withUnsafeBytes { b in
            (0..<count).allSatisfy {
                UInt32(littleEndian: b.loadUnaligned(fromByteOffset: start + 8 * $0 + 4, as: UInt32.self)) < limit
            }
        }
        guard fits else { throw r.error("has a code past its dictionary") }
        guard r.offset == bytes.count else { throw r.error("has bytes after its end") }
        self.slots = slots
        self.pairs = pairs
        self.states = states
        self.slaStates = slaStates
        self.bytes = bytes
        resolutionsStart = start
        resolutionCount = count
    }

    /// Calls `body` with each resolution, latest first, until it returns false.
    public func forEachResolution(_ body: (Resolution) -> Bool) {
        let day = utcDay * 86_400
        bytes.withUnsafeBytes { b in
            for i in 0..<resolutionCount {
                let offset = resolutionsStart + 8 * i
                let at = Int64(UInt32(littleEndian: b.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                let packed = Int(UInt32(littleEndian: b.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
                let (pair, slot) = packed.quotientAndRemainder(dividingBy: 96)
                guard body(Resolution(at: day + at, pair: pair, slot: slot)) else { return }
            }
        }
    }
}

extension FactBlockBuilder {
    /// The block's bytes and its counts' (`BlockCounts`), as a store keeps them.
    public func encodedWithCounts() throws(FactBlockError) -> (data: [UInt8], counts: [UInt8]) {
        let data = encoded()
        return (data, BlockCounts.encoded(try FactBlock(utcDay: utcDay, bytes: data)))
    }
}
