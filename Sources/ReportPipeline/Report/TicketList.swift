import Crypto
public import Foundation
public import ReportRendering
public import SLAAnalytics
import TicketIngest
public import TicketModel
public import TicketStore

/// What a list of tickets asks for beyond the period and the slice (`/v1/tickets`): the
/// figure's conditions, the order, the page size and where the page starts. Each condition
/// is the rule of the figure it opens (`SLAState`, `TicketFacts`), so the rows of a figure's
/// conditions are as many as the figure says.
public struct TicketListQuery: Sendable {
    public enum SortKey: String, CaseIterable, Sendable { case created, age, tat }

    /// `state`: one of the SLA split's states (`SLAState.parameter`).
    public var state: SLAState?
    /// `breached=true`: tickets with an SLA that breached it (`sla.breached`); `false`: the others.
    public var breached: Bool?
    /// `lifecycle=resolved` (`true`) or `open` (`false`).
    public var resolved: Bool?
    /// `ftr=yes`: resolved the first time (`ftr.firstTime`); `no`: resolved, not the first time.
    public var ftr: Bool?
    /// `day`: created on this day of the report zone.
    public var day: LocalDate?
    /// `switched=true`: the last source differs from the first (`sources.channelSwitches`).
    public var switched: Bool?
    /// `sort`: `created` (default), `age` (open tickets' age at asOf) or `tat`; `-` first: descending.
    public var sort = SortKey.created
    public var descending = false
    public var limit = TicketListQuery.defaultLimit
    /// `cursor`: where the page starts, from the previous page's `next`.
    public var cursor: String?

    public static let defaultLimit = 100
    public static let maximumLimit = 1000
    /// The parameters this query reads, by name.
    public static let parameters = [
        "state", "breached", "lifecycle", "ftr", "day", "switched", "sort", "limit", "cursor",
    ]

    public init() {}

    /// The query of `values` (parameter name → value), each checked in one sentence naming it.
    public init(_ values: [String: String], period: ReportPeriod) throws(PipelineError) {
        func flag(_ name: String, _ yes: String, _ no: String) throws(PipelineError) -> Bool? {
            guard let v = values[name] else { return nil }
            guard v == yes || v == no else {
                throw .usage("\(name): '\(PeriodSelection.shown(v))' is not \(yes) or \(no)")
            }
            return v == yes
        }
        if let v = values["state"] {
            guard let s = SLAState(parameter: v) else {
                throw .usage(
                    "state: '\(PeriodSelection.shown(v))' is not one of \(SLAState.allCases.map(\.parameter).joined(separator: ", "))"
                )
            }
            state = s
        }
        breached = try flag("breached", "true", "false")
        resolved = try flag("lifecycle", "resolved", "open")
        ftr = try flag("ftr", "yes", "no")
        switched = try flag("switched", "true", "false")
        if let v = values["day"] {
            guard let d = LocalDate(v) else {
                throw .usage("day: '\(PeriodSelection.shown(v))' is not a YYYY-MM-DD date")
            }
            guard period.contains(d) else {
                throw .usage("day: \(d) is outside the period \(period.from) … \(period.to)")
            }
            day = d
        }
        if let v = values["sort"] {
            let name = v.hasPrefix("-") ? String(v.dropFirst()) : v
            guard let key = SortKey(rawValue: name) else {
                throw .usage(
                    "sort: '\(PeriodSelection.shown(v))' is not one of \(SortKey.allCases.map(\.rawValue).joined(separator: ", ")) (descending with '-')"
                )
            }
            (sort, descending) = (key, v.hasPrefix("-"))
        }
        if let v = values["limit"] {
            guard let n = Int(v), (1...Self.maximumLimit).contains(n) else {
                throw .usage("limit: '\(PeriodSelection.shown(v))' is not a number 1…\(Self.maximumLimit)")
            }
            limit = n
        }
        cursor = values["cursor"]
    }

    /// Whether the ticket of `f` meets the conditions (`day` is the range read).
    func matches(_ f: TicketFacts) -> Bool {
        if let state, SLAState(f) != state { return false }
        if let breached, (f.hasSLA && f.breached) != breached { return false }
        if let resolved, f.resolved != resolved { return false }
        if let ftr, !f.resolved || f.ftrYes != ftr { return false }
        if let switched, f.channelSwitch != switched { return false }
        return true
    }

    /// Everything but the cursor and the limit, one text: what a cursor belongs to.
    var canonical: String {
        func text(_ b: Bool?) -> String { b.map { $0 ? "1" : "0" } ?? "" }
        let parts: [String] = [
            state?.parameter ?? "", text(breached), text(resolved), text(ftr), day?.description ?? "",
            text(switched), (descending ? "-" : "") + sort.rawValue,
        ]
        return parts.joined(separator: "|")
    }
}

/// One page of a ticket list: its rows (`TicketsCSV.listColumns`) and the cursor of the
/// next page (`nil` on the last).
public struct TicketPage: Sendable {
    public var table: RowTable
    public var next: String?

    /// `{"rows":[…],"next":…}`.
    public var json: Data {
        var data = table.json()
        // `table.json()` ends with "]}\n": the cursor goes before the closing brace.
        data.removeLast(2)
        var tail = ",\"next\":"
        if let next { JSONValue.writeString(next, to: &tail) } else { tail += "null" }
        data.append(contentsOf: Array((tail + "}\n").utf8))
        return data
    }
}

/// The tickets behind a figure, a page at a time (`/v1/tickets`): the period's tickets of the
/// slice that meet the query's conditions, in the query's order (then by ticket), from a
/// cursor on. The tickets are chosen on their facts, read as a report reads them (the
/// store's day blocks: no ticket is decoded whole); only the page's tickets are read whole,
/// for their rows (`tickets.csv`'s).
public enum TicketList {
    /// A position in an order: tickets without the sort value come last either way; ties by
    /// the ticket's key (`TicketKey`: the number of a numeric ticketId).
    struct Key: Comparable {
        var missing: Bool
        var value: Int64
        var ticket: UInt64

        static func < (a: Key, b: Key) -> Bool {
            (a.missing ? 1 : 0, a.value, a.ticket) < (b.missing ? 1 : 0, b.value, b.ticket)
        }
    }

    /// The page of `query` over `store`'s tickets of `options` (period, zone, as-of, slice).
    /// `asOfGiven` is the as-of the request named (`nil`: now), part of what a cursor belongs to.
    public static func page(
        store: any TicketStoring, options: ReportOptions, query: TicketListQuery, asOfGiven: String?
    ) throws(PipelineError) -> TicketPage {
        let clock = ZoneClock(options.timeZone)
        let asOf = options.asOf.timeIntervalSince1970
        let digest = Self.digest(options: options, query: query, asOfGiven: asOfGiven)
        let after = try query.cursor.map { c throws(PipelineError) in try Self.key(cursor: c, digest: digest) }
        let days = query.day.map { ($0, $0) } ?? (options.period.from, options.period.to)
        let instants = clock.instants(from: days.0, through: days.1)
        // The tickets' creation seconds, `[low, high)`; in creation order, a cursor says where
        // the next page starts.
        let whole = Int64(instants.lowerBound.timeIntervalSince1970)..<Int64(instants.upperBound.timeIntervalSince1970)
        var (low, high) = (whole.lowerBound, whole.upperBound)
        // Orders that follow creation: `created`, and `age` (older first for `-age`), whose
        // tickets without an age (resolved, or created after asOf) come last anyway.
        let backwards = query.sort == .created ? query.descending : !query.descending
        if let after, query.sort != .tat, !after.missing {
            // The creation second the cursor's row had (an age is whole seconds to asOf,
            // hence the margin; the cursor itself is compared exactly).
            let asOfSecond = Int64(asOf.rounded(.down))
            switch (query.sort, query.descending) {
            case (.created, false): low = max(low, after.value)
            case (.created, true): high = min(high, -after.value + 1)
            case (.age, true): low = max(low, asOfSecond + after.value - 2)
            default: high = min(high, asOfSecond - after.value + 2)
            }
        }
        var best = PageHeap(capacity: query.limit + 1)
        var slice = options.slice.map(SliceMatcher.init)
        // One label table for every read of the page: the slice's answers are kept per label.
        var facts = StoreFactsScan(lifecycle: options.lifecycle)
        // The seconds of the read under way (a read's blocks may hold a few more).
        var reading = low..<high
        func take(_ f: TicketFacts, _ labels: borrowing LabelTable) {
            let created = Int64(f.created.rounded(.down))
            guard reading.contains(created) else { return }
            if slice != nil, slice?.matches(f, labels: labels) == false { return }
            guard query.matches(f) else { return }
            let key = Self.key(f, query: query, asOf: asOf)
            if let after, !(after < key) { return }
            best.insert((key, created))
        }
        func scan(_ from: Int64, _ to: Int64) throws {
            reading = from..<to
            // On the blocks' 15-minute marks (`take` keeps the seconds asked for).
            let slot = FactBlock.slotSeconds
            let start = Date(timeIntervalSince1970: Double(Self.floor(from, slot)))
            let end = Date(timeIntervalSince1970: Double(Self.floor(to + slot - 1, slot)))
            try facts.forEach(store: store, createdFrom: start, before: end, take)
        }
        do {
            if query.sort != .tat {
                // In creation order, windows of time from the page's start: once a window
                // fills the page with rows that have the value, no later ticket sorts before
                // them (those without one sort by ticket, not by time: a page of those reads
                // on). A window is an hour at first and twice the last after each.
                var window: Int64 = 3600
                var (from, to) = (low, high)
                while !(best.isFull && best.top?.key.missing == false) && from < to {
                    if backwards {
                        try scan(max(from, to - window), to)
                        to = max(from, to - window)
                    } else {
                        try scan(from, min(to, from + window))
                        from = min(to, from + window)
                    }
                    window *= 2
                }
                // Tickets without an age may be anywhere in the period: when the page needs
                // them, the rest of the period is read too.
                if query.sort == .age && !(best.isFull && best.top?.key.missing == false) {
                    if whole.lowerBound < low { try scan(whole.lowerBound, low) }
                    if high < whole.upperBound { try scan(high, whole.upperBound) }
                }
            } else {
                try scan(low, high)
            }
            var entries = best.sorted()
            var next: String?
            if entries.count > query.limit {
                entries.removeLast(entries.count - query.limit)
                next = entries.last.map { Self.cursor($0.key, digest: digest) }
            }
            let rows = try Self.rows(of: entries, store: store, options: options, clock: clock, asOf: asOf)
            return TicketPage(table: RowTable(columns: TicketsCSV.listColumns, rows: rows), next: next)
        } catch let e as PipelineError {
            throw e
        } catch let e as TicketStoreError {
            throw .store(e)
        } catch {
            throw .unexpected(error)
        }
    }

    /// The rows of the page's tickets, in its order: each ticket read whole (those created in
    /// one second at a time), its row `TicketsCSV.listValues`.
    static func rows(
        of entries: [PageHeap.Entry], store: any TicketStoring, options: ReportOptions, clock: ZoneClock, asOf: Double
    ) throws -> [[RowTable.Value]] {
        var tickets: [UInt64: Ticket] = [:]
        for second in Set(entries.map(\.created)) {
            let start = Date(timeIntervalSince1970: Double(second))
            try store.forEachTicket(createdFrom: start, before: start.addingTimeInterval(1)) { t in
                tickets[TicketKey.make(t.ticketId)] = t
            }
        }
        var labels = LabelTable()
        // A ticket written again since it was chosen (or deleted) is left out of the page.
        return entries.compactMap { e in
            tickets[e.key.ticket].map { t in
                let f = TicketFacts.of(t, lifecycle: options.lifecycle, labels: &labels)
                return TicketsCSV.listValues(t, facts: f, labels: labels, clock: clock, asOf: asOf)
            }
        }
    }

    static func floor(_ x: Int64, _ step: Int64) -> Int64 {
        x >= 0 ? x / step * step : -((-x + step - 1) / step * step)
    }

    static func key(_ f: TicketFacts, query: TicketListQuery, asOf: Double) -> Key {
        let value: Int64?
        switch query.sort {
        case .created: value = Int64(f.created.rounded(.down))
        case .age: value = TicketsCSV.age(f, asOf: asOf)
        case .tat: value = f.tat >= 0 ? Int64(f.tat) : nil
        }
        return Key(missing: value == nil, value: query.descending ? -(value ?? 0) : (value ?? 0), ticket: f.key)
    }

    /// What a cursor belongs to: the period, zone, as-of, slice and query (not the limit).
    static func digest(options: ReportOptions, query: TicketListQuery, asOfGiven: String?) -> String {
        let text = [
            options.period.from.description, options.period.to.description, options.timeZone.identifier,
            asOfGiven ?? "now", options.slice?.filterText ?? "", query.canonical,
        ].joined(separator: "\n")
        return String(Hex.lowercase(SHA256.hash(data: Data(text.utf8))).prefix(16))
    }

    static func cursor(_ key: Key, digest: String) -> String {
        let text = "\(digest):\(key.missing ? 1 : 0):\(key.value):\(key.ticket)"
        return Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func key(cursor: String, digest: String) throws(PipelineError) -> Key {
        var b64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        b64 += String(repeating: "=", count: (4 - b64.count % 4) % 4)
        guard cursor.count <= 1024, let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8)
        else { throw .usage("cursor: not a cursor this server gave (take it from a page's next)") }
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[1] == "0" || parts[1] == "1", let value = Int64(parts[2]),
            let ticket = UInt64(parts[3])
        else {
            throw .usage("cursor: not a cursor this server gave (take it from a page's next)")
        }
        guard parts[0] == digest else {
            throw .usage("cursor: the cursor belongs to another query; keep the parameters of the page it came from")
        }
        return Key(missing: parts[1] == "1", value: value, ticket: ticket)
    }
}

/// The smallest `capacity` entries seen, by key: a binary max-heap (the largest kept on top,
/// the one to drop), so a page of a long list costs O(n log page) and a page's memory.
struct PageHeap {
    typealias Entry = (key: TicketList.Key, created: Int64)
    private var entries: [Entry] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        entries.reserveCapacity(capacity)
    }

    var isFull: Bool { entries.count >= capacity }
    var top: Entry? { entries.first }

    /// Adds `e`, dropping the largest when over capacity.
    mutating func insert(_ e: Entry) {
        if isFull {
            guard let top, e.key < top.key else { return }
            entries[0] = e
            siftDown(0)
        } else {
            entries.append(e)
            var i = entries.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard entries[parent].key < entries[i].key else { break }
                entries.swapAt(parent, i)
                i = parent
            }
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let (l, r) = (2 * i + 1, 2 * i + 2)
            var largest = i
            if l < entries.count && entries[largest].key < entries[l].key { largest = l }
            if r < entries.count && entries[largest].key < entries[r].key { largest = r }
            if largest == i { return }
            entries.swapAt(i, largest)
            i = largest
        }
    }

    func sorted() -> [Entry] { entries.sorted { $0.key < $1.key } }
}
