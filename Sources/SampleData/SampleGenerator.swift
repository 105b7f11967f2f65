public import TicketModel

/// A small, fast, seedable random number generator (SplitMix64): the same seed gives the
/// same sequence on every machine, which keeps generated data byte-identical.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in 0..<1.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// One generated ticket and the facts it was made from.
public struct GeneratedTicket: Sendable {
    /// The ticket object as Kapture sends it.
    public var json: JSONValue
    /// The ticketId it carries; `nil` for the tickets made without one (sent as `""`).
    public var ticketId: String?
    /// Its creation wall time as sent (`dd-MM-yyyy HH:mm` or `yyyy-MM-dd HH:mm:ss`); `nil`
    /// for the tickets made with an empty or impossible date.
    public var createdWallTime: String?
    public var resolved: Bool
    public var breached: Bool

    /// Whether a decoder must keep it: it has a ticketId and a real creation time.
    public var isUsable: Bool { ticketId != nil && createdWallTime != nil }
}

/// Generates realistic Kapture "Pull Ticket by date range" data: several hundred tickets a
/// day, skewed assignee load, and every quirk seen in the wild (ids as strings and numbers,
/// ints as strings, HTML entities in names, two timestamp formats, free-text TAT/SLA,
/// capitalised envelope keys, unusable tickets, tickets re-sent the next day).
///
/// Deterministic: the same seed and parameters give byte-identical output.
public struct SampleGenerator: Sendable {
    public let seed: UInt64
    public let perDay: Int
    public let assigneeCount: Int

    public init(seed: UInt64, perDay: Int, assigneeCount: Int = 40) {
        self.seed = seed
        self.perDay = max(0, perDay)
        self.assigneeCount = max(1, assigneeCount)
    }

    static let sources = [
        ("Email", 30.0), ("Phone", 22.0), ("Chat", 18.0), ("Mobile App", 12.0), ("WhatsApp", 10.0),
        ("Web Form", 6.0), ("Twitter", 2.0),
    ]
    static let priorities = [("low", 35.0), ("medium", 38.0), ("high", 20.0), ("critical", 7.0)]
    static let queues = [
        ("BILL", "Billing &amp; Payments"), ("DLV", "Delivery"), ("RET", "Returns &amp; Refunds"),
        ("TECH", "Technical Support"), ("ACC", "Account"), ("ORD", "Orders"), ("VIP", "VIP Desk"),
        ("", ""),
    ]
    static let firstNames = [
        "Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya", "Rahul", "Meera", "Sanjay",
        "Divya", "Karan", "Pooja", "Amit", "Neha", "Suresh", "Lakshmi", "Nikhil", "Isha",
    ]
    static let lastNames = [
        "Sharma", "Iyer", "Patel", "Reddy", "Nair", "Gupta", "D&apos;Souza", "Menon", "Singh", "Rao", "O&apos;Brien",
        "Kapoor",
    ]
    /// Subjects, and the wrap-up reason (`disposition`) an agent gives a resolved ticket
    /// of that subject: `|`-separated levels, with the spacing and entities Kapture sends.
    static let subjects: [(subject: String, disposition: String)] = [
        ("Refund not received for order", "Payments|Refund|Delayed"),
        ("Unable to log in to the app", "Account | Login"), ("Delivery delayed", "Orders|Delivery|Late"),
        ("Wrong item delivered", "Orders|Wrong item"), ("Payment debited twice", "Payments|Double charge"),
        ("Change delivery address", "Orders|Address change"), ("Cancel my subscription", "Account|Cancellation"),
        ("Invoice copy needed", "Payments|Invoice"), ("App crashes on checkout", "Technical|App crash"),
        ("Coupon &quot;SAVE10&quot; not applied", "Payments|Coupons &amp; offers"),
        ("Damaged package", " Orders | Delivery | Damaged"), ("Update phone number", "Account|Profile"),
        ("Where is my order?", "Orders|Delivery|Where is my order"), ("Request a callback", ""),
        ("Complaint about agent &amp; service", "Complaints"),
    ]
    static let openStatuses = [
        ("Pending", "PS"), ("Open", "OP"), ("In Progress", "IN"), ("Awaiting Customer", "AC"), ("Reopened", "RO"),
    ]
    static let resolvedStatuses = [("Complete", "CL"), ("Closed", "CL"), ("Resolved", "RS"), ("Completed", "CRS")]

    /// Assignee `i` (1-based): a stable id and a name with the entities Kapture sends.
    public func assignee(_ i: Int) -> (id: Int, name: String) {
        var rng = SplitMix64(seed: seed &* 31 &+ UInt64(i) &* 1_000_003)
        let name = rng.pick(Self.firstNames) + " " + rng.pick(Self.lastNames)
        return (209_800 + i * 7, name)
    }

    /// Picks an assignee 1…n with Zipf-like skew (a few carry most of the load).
    func skewedAssignee(_ rng: inout SplitMix64) -> Int {
        let u = rng.unit()
        let x = Int(pow1p(u) * Double(assigneeCount))
        return min(assigneeCount, max(1, x + 1))
    }

    private func pow1p(_ u: Double) -> Double { u * u * u * 0.6 + u * u * 0.25 + u * 0.15 }

    /// How many tickets day `day` gets: `perDay` on average over a week (weekdays busier than
    /// weekends, ±15 % from day to day), so that `--days 28 --per-day 35715` makes about a million.
    public func count(for day: LocalDate) -> Int {
        var rng = SplitMix64(seed: seed ^ UInt64(day.daysSinceEpoch) &* 0x2545_F491_4F6C_DD1D)
        let weekend = day.weekdayFromMonday >= 5
        let base = Double(perDay) * (weekend ? 0.7 : 1.12)
        return max(0, Int((base * (0.85 + 0.3 * rng.unit())).rounded()))
    }

    /// The tickets created on `day` (wall time in the account zone), as Kapture sends them.
    /// Pure: the same day always gives the same tickets.
    public func tickets(for day: LocalDate, recentDays: Int = 3, lastDay: LocalDate? = nil) -> [JSONValue] {
        generatedTickets(for: day, lastDay: lastDay).map(\.json)
    }

    /// The tickets of `day` with what the generator put into each, so that a test can say
    /// what a decoder must make of them without running one.
    public func generatedTickets(for day: LocalDate, lastDay: LocalDate? = nil) -> [GeneratedTicket] {
        let n = count(for: day)
        var rng = SplitMix64(seed: seed &+ UInt64(day.daysSinceEpoch) &* 0x9E37_79B9)
        let ageFromEnd = lastDay.map { $0.daysSinceEpoch - day.daysSinceEpoch } ?? 30
        var result: [GeneratedTicket] = []
        result.reserveCapacity(n)
        for k in 0..<n {
            result.append(ticket(day: day, index: k, ageFromEnd: ageFromEnd, rng: &rng))
        }
        return result
    }

    func weighted(_ items: [(String, Double)], _ rng: inout SplitMix64) -> String {
        let total = items.reduce(0) { $0 + $1.1 }
        var x = rng.unit() * total
        for (name, w) in items {
            if x < w { return name }
            x -= w
        }
        return items[items.count - 1].0
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    static func timestamp(_ day: LocalDate, _ secondOfDay: Int, iso: Bool) -> String {
        let h = secondOfDay / 3600
        let m = secondOfDay / 60 % 60
        let s = secondOfDay % 60
        if iso { return "\(day.description) \(two(h)):\(two(m)):\(two(s))" }
        return "\(two(day.day))-\(two(day.month))-\(day.year) \(two(h)):\(two(m))"
    }

    static func durationText(_ seconds: Int, _ rng: inout SplitMix64) -> String {
        let d = seconds / 86400
        let h = seconds / 3600 % 24
        let m = seconds / 60 % 60
        let s = seconds % 60
        switch rng.below(4) {
        case 0: return "\(seconds / 3600):\(m):\(s)"
        case 1: return d > 0 ? "\(d) Day\(d == 1 ? "" : "s") \(h) Hrs" : "\(h) Hrs \(m) Min"
        case 2: return (d > 0 ? "\(d) Day " : "") + "\(h) Hr \(m) Min"
        default: return "\(seconds / 3600):\(two(m)):\(two(s))"
        }
    }

    func ticket(day: LocalDate, index: Int, ageFromEnd: Int, rng: inout SplitMix64) -> GeneratedTicket {
        // Business-hours-heavy arrival time.
        let second: Int
        if rng.chance(0.8) {
            second = 9 * 3600 + rng.below(10 * 3600)
        } else {
            second = rng.below(86_400)
        }
        let iso = rng.chance(0.1)
        let created = Self.timestamp(day, second, iso: iso)
        let taskId = 530_000_000 + day.daysSinceEpoch * 50_000 + index
        let idText = "7\(day.year % 100)\(Self.two(day.month))\(Self.two(day.day))\(String(100_000 + index))"
        let source = weighted(Self.sources, &rng)
        let lastSource = rng.chance(0.15) ? rng.pick(Self.sources).0 : source
        var priority = weighted(Self.priorities, &rng)
        if rng.chance(0.05) { priority = priority.prefix(1).uppercased() + priority.dropFirst() }
        let queue = rng.pick(Self.queues)
        let unassigned = rng.chance(0.05)
        let a = unassigned ? (id: 0, name: "") : assignee(skewedAssignee(&rng))
        let resolvedChance = ageFromEnd <= 1 ? 0.45 : ageFromEnd <= 3 ? 0.65 : 0.85
        let resolved = rng.chance(resolvedChance)
        let status = resolved ? rng.pick(Self.resolvedStatuses) : rng.pick(Self.openStatuses)
        let hasSLA = rng.chance(0.9)
        let breachChance: Double =
            switch priority.lowercased() {
            case "critical": 0.32
            case "high": 0.21
            case "medium": 0.12
            default: 0.07
            }
        let breached = hasSLA && rng.chance(breachChance * (queue.0 == "TECH" ? 1.6 : 1.0))
        let slaStatus =
            !hasSLA ? "" : breached ? (rng.chance(0.1) ? " Out Of SLA " : "out of sla") : "within sla"
        let ftr = resolved ? (rng.chance(0.72) ? "yes" : "no") : (rng.chance(0.5) ? "no" : "")
        let tatSeconds = 600 + Int(rng.unit() * rng.unit() * 5 * 86_400)
        let tat = resolved ? (rng.chance(0.03) ? "NA" : Self.durationText(tatSeconds, &rng)) : ""
        let sla = hasSLA ? Self.durationText([4, 8, 24, 48][rng.below(4)] * 3600, &rng) : ""
        let rating = resolved && rng.chance(0.35) ? 5 - Int(rng.unit() * rng.unit() * 5.0) : 0
        let conversations = 1 + rng.below(8)
        let topic = rng.pick(Self.subjects)
        var subject = topic.subject
        if subject.hasSuffix("order") { subject += " #\(100_000 + rng.below(900_000))" }

        var ticketIdValue: JSONValue = .string(idText)
        if rng.chance(0.1) { ticketIdValue = .number(idText) }
        let withoutId = rng.chance(0.002)
        if withoutId { ticketIdValue = .string("") }
        let withoutDate = rng.chance(0.002)
        let dateValue: JSONValue =
            withoutDate ? .string(rng.chance(0.5) ? "" : "31-02-2024 10:00") : .string(created)
        let taskIdValue: JSONValue = rng.chance(0.1) ? .string(String(taskId)) : .number(String(taskId))
        let ratingValue: JSONValue = rng.chance(0.1) ? .string(String(rating)) : .number(String(rating))
        let lastFollow = Self.timestamp(day, min(86_399, second + rng.below(7200)), iso: iso)
        var info: [(key: String, value: JSONValue)] = []
        if rng.chance(0.3) {
            info = [
                ("city", .string(rng.pick(["Pune", "Chennai", "Bengaluru", "Delhi", "Mumbai"]))),
                ("orderValue", .string(String(200 + rng.below(20_000)))),
            ]
        }
        let detail = rng.chance(0.2) ? "Customer wrote: &lt;b&gt;urgent&lt;/b&gt; please help" : ""
        let members: [(key: String, value: JSONValue)] = [
            ("tat", .string(tat)),
            ("sla", .string(sla)),
            ("date", dateValue),
            ("status", .string(status.0)),
            ("nextFollowUp", .string(created)),
            ("lastFollowUp", .string(lastFollow)),
            ("taskId", taskIdValue),
            ("lastSource", .string(lastSource)),
            ("orderId", .string(rng.chance(0.4) ? "OD\(100_000 + rng.below(900_000))" : "")),
            ("lastConvesationTime", .string(lastFollow)),
            ("ticketId", ticketIdValue),
            ("folderId", .number("0")),
            ("primarySource", .string(source)),
            ("detail", .string(detail)),
            ("mergedTicketId", .string("")),
            ("contactId", .number(String(rng.below(1_000_000)))),
            ("productId", .number("0")),
            ("creatorId", .number(String(a.id == 0 ? 209_803 : a.id))),
            ("substatusKey", .string(status.1)),
            ("customerId", .number(String(rng.below(5_000_000)))),
            ("assignedId", rng.chance(0.05) ? .string(String(a.id)) : .number(String(a.id))),
            ("referenceId", .number("0")),
            ("creatorName", .string(a.id == 0 ? "Kapture Dev API&apos;s" : a.name)),
            ("priority", .string(priority)),
            ("pendingTaskId", .number("0")),
            ("assignedToName", .string(a.name)),
            ("callBack", .string("")),
            ("customer_rating", ratingValue),
            ("queueKey", .string(queue.0)),
            ("lastConversationId", .number(String(rng.below(90_000_000)))),
            ("slaStatus", .string(slaStatus)),
            ("queueName", .string(queue.1)),
            ("total_conversations", .number(String(conversations))),
            ("disposition", .string(resolved ? topic.disposition : "Inbox")),
            ("taskTitle", .string(subject)),
            ("taskEnddate", .string(resolved ? lastFollow : "")),
            ("url", .string("https://acme.kapturecrm.com/employee/view-task-detail.html?detail=5/\(taskId)/\(idText)")),
            ("substatus", .string(status.0)),
            ("assigneeCode", .string("")),
            ("ftr", .string(ftr)),
            ("email", .string(rng.chance(0.5) ? "customer\(rng.below(100_000))@example.com" : "")),
            ("phone", .string(rng.chance(0.5) ? "+91 98\(10_000_000 + rng.below(89_999_999))" : "")),
            ("attachments", .array([])),
            ("additional_info", .object(info)),
        ]
        return GeneratedTicket(
            json: .object(members), ticketId: withoutId ? nil : idText, createdWallTime: withoutDate ? nil : created,
            resolved: resolved, breached: breached)
    }

    /// One saved day response as the puller writes it: the day's tickets, plus a few of the
    /// previous day's tickets sent again with a later status when `previousDayIncluded`.
    public func dayResponse(day: LocalDate, lastDay: LocalDate, previousDayIncluded: Bool) -> String {
        var items = tickets(for: day, lastDay: lastDay)
        var rng = SplitMix64(seed: seed ^ 0xD1B5_4A32_D192_ED03 &+ UInt64(day.daysSinceEpoch))
        if previousDayIncluded {
            let yesterday = day.adding(days: -1)
            let earlier = tickets(for: yesterday, lastDay: lastDay)
            for value in earlier where rng.chance(0.01) {
                guard let members = value.objectMembers else { continue }
                // Re-sent later: resolved now.
                items.append(
                    .object(
                        members.map { m in
                            switch m.key {
                            case "status", "substatus": return (m.key, .string("Closed"))
                            case "substatusKey": return (m.key, .string("CL"))
                            default: return m
                            }
                        }))
            }
        }
        let capitalised = rng.chance(0.15)
        let total: JSONValue = rng.chance(0.3) ? .number(String(items.count)) : .null
        let envelope: JSONValue
        if items.isEmpty {
            envelope = .object([("message", .string("No Data Found")), ("status", .string("success"))])
        } else {
            envelope = .object([
                (capitalised ? "TotalCount" : "totalCount", total),
                (capitalised ? "Message" : "message", .array(items)),
                (capitalised ? "Status" : "status", .string("success")),
            ])
        }
        return envelope.jsonText + "\n"
    }
}
