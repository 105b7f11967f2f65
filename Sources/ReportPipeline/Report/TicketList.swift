import Crypto
public import Foundation
public import ReportRendering
public import SLAAnalytics
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

    /// Whether the ticket of `f`, created on `day`, meets the conditions.
    func matches(_ f: TicketFacts, day: LocalDate) -> Bool {
        if let state, SLAState(f) != state { return false }
        if let breached, (f.hasSLA && f.breached) != breached { return false }
        if let resolved, f.resolved != resolved { return false }
        if let ftr, !f.resolved || f.ftrYes != ftr { return false }
        if let switched, f.channelSwitch != switched { return false }
        if let d = self.day, d != day { return false }
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
/// slice that meet the query's conditions, in the query's order (then by ticketId), from a
/// cursor on. Each ticket's row is `tickets.csv`'s, and its facts are the figures' own.
public enum TicketList {
    /// A position in an order: tickets without the sort value come last either way.
    struct Key: Comparable {
        var missing: Bool
        var value: Int64
        var ticketId: String

        static func < (a: Key, b: Key) -> Bool {
            (a.missing ? 1 : 0, a.value, a.ticketId) < (b.missing ? 1 : 0, b.value, b.ticketId)
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
        var range = clock.instants(from: days.0, through: days.1)
        // In creation order, a cursor on `created` says where the next page can start.
        if let after, query.sort == .created, !after.missing {
            let at = Date(timeIntervalSince1970: Double(query.descending ? -after.value : after.value))
            range =
                query.descending
                ? range.lowerBound..<min(range.upperBound, at.addingTimeInterval(1))
                : max(range.lowerBound, at)..<range.upperBound
        }
        var best = PageHeap(capacity: query.limit + 1)
        var labels = LabelTable()
        var slice = options.slice.map(SliceMatcher.init)
        func take(_ t: Ticket) {
            guard range.contains(t.createdAt) else { return }
            let f = TicketFacts.of(t, lifecycle: options.lifecycle, labels: &labels)
            if slice != nil, slice?.matches(f, labels: labels) == false { return }
            guard query.matches(f, day: clock.localDate(of: t.createdAt)) else { return }
            let key = Self.key(t, f, query: query, asOf: asOf)
            if let after, !(after < key) { return }
            if best.isFull, let last = best.top?.key, !(key < last) { return }
            best.insert(
                (key, TicketsCSV.values(t, facts: f, labels: labels, clock: clock, asOf: asOf) + [.text(t.url ?? "")]))
        }
        do {
            if query.sort == .created {
                // In creation order, windows of time from the page's start: once a window
                // fills the page, no later ticket sorts before its rows. A window is an hour
                // at first and twice the last after each (a sparse period takes few reads).
                var window = 3600.0
                var done = false
                var (low, high) = (range.lowerBound, range.upperBound)
                while !done && low < high {
                    let part =
                        query.descending
                        ? max(low, high.addingTimeInterval(-window))..<high
                        : low..<min(high, low.addingTimeInterval(window))
                    try store.forEachTicket(createdFrom: part.lowerBound, before: part.upperBound, take)
                    if query.descending { high = part.lowerBound } else { low = part.upperBound }
                    done = best.isFull
                    window *= 2
                }
            } else {
                try store.forEachTicket(createdFrom: range.lowerBound, before: range.upperBound, take)
            }
        } catch let e as TicketStoreError {
            throw .store(e)
        } catch {
            throw .unexpected(error)
        }
        var rows = best.sorted()
        var next: String?
        if rows.count > query.limit {
            rows.removeLast(rows.count - query.limit)
            next = rows.last.map { Self.cursor($0.key, digest: digest) }
        }
        return TicketPage(table: RowTable(columns: TicketsCSV.listColumns, rows: rows.map(\.row)), next: next)
    }

    static func key(_ t: Ticket, _ f: TicketFacts, query: TicketListQuery, asOf: Double) -> Key {
        let value: Int64?
        switch query.sort {
        case .created: value = Int64(f.created.rounded(.down))
        case .age: value = TicketsCSV.age(f, asOf: asOf)
        case .tat: value = f.tat >= 0 ? Int64(f.tat) : nil
        }
        return Key(
            missing: value == nil, value: query.descending ? -(value ?? 0) : (value ?? 0), ticketId: t.ticketId)
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
        let text = "\(digest):\(key.missing ? 1 : 0):\(key.value):\(key.ticketId)"
        return Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func key(cursor: String, digest: String) throws(PipelineError) -> Key {
        var b64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        b64 += String(repeating: "=", count: (4 - b64.count % 4) % 4)
        guard cursor.count <= 1024, let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8)
        else { throw .usage("cursor: not a cursor this server gave (take it from a page's next)") }
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[1] == "0" || parts[1] == "1", let value = Int64(parts[2]) else {
            throw .usage("cursor: not a cursor this server gave (take it from a page's next)")
        }
        guard parts[0] == digest else {
            throw .usage("cursor: the cursor belongs to another query; keep the parameters of the page it came from")
        }
        return Key(missing: parts[1] == "1", value: value, ticketId: String(parts[3]))
    }
}

/// The smallest `capacity` entries seen, by key: a binary max-heap (the largest kept on top,
/// the one to drop), so a page of a long list costs O(n log page) and a page's memory.
struct PageHeap {
    typealias Entry = (key: TicketList.Key, row: [RowTable.Value])
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
