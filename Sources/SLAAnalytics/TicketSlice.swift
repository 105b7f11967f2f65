import Foundation
import TicketModel

/// A slice of the tickets: a filter on ticket fields, AND across fields and OR within one
/// (`queue = Billing or Returns`, and `priority = high`). A sliced report is the whole report
/// over the tickets the filter keeps (`ReportBuilder` applies it to each ticket's facts, the
/// one rule for every figure and for `tickets.csv`).
///
/// Values are the labels the report shows, exactly (the spaces at either end aside), so
/// that a slice of a group holds that group's tickets and no other: `queue` the queue's name
/// (else its key), `priority` (in any case: priorities are grouped lower-cased), `source`
/// the primary source, `assignee` an `assignedId` (digits) or the assignee's name as the
/// report shows it (`Unassigned` for id 0), `disposition` the reason (`Orders`) or the
/// reason and its detail (`Orders|Delivery`). `(none)` and `(unknown)` select the tickets
/// without the field.
public struct TicketSlice: Sendable, Hashable, Codable {
    /// The fields a slice may filter on, in the order they are written.
    public enum Field: String, CaseIterable, Sendable, Codable, CodingKey {
        case queue, priority, source, assignee, disposition
    }

    /// The name it is known by (`[[slice]] name`; `nil` for a filter given inline).
    public var name: String?
    /// The words headings and the email subject use (`[[slice]] title`, else the name, else
    /// the filter).
    public var title: String?
    /// The values of each filtered field, as given (trimmed), in the order given.
    public private(set) var filter: [Field: [String]]

    /// The most values one field may list.
    public static let maximumValues = 100
    /// The longest value accepted, in characters.
    public static let maximumValueLength = 200

    /// A slice of `filter`, each value trimmed and listed once; a `SliceError` naming the field
    /// when a value is empty, too long or holds a control character, or a field lists no value
    /// or more than `maximumValues`.
    public init(name: String? = nil, title: String? = nil, filter: [Field: [String]]) throws(SliceError) {
        var clean: [Field: [String]] = [:]
        for (field, values) in filter {
            guard !values.isEmpty else { throw SliceError(field: field, reason: "lists no value") }
            guard values.count <= Self.maximumValues else {
                throw SliceError(field: field, reason: "lists more than \(Self.maximumValues) values")
            }
            var kept: [String] = []
            for value in values {
                let v = value.trimmingASCIIWhitespace()
                guard !v.isEmpty else { throw SliceError(field: field, reason: "has an empty value") }
                guard v.count <= Self.maximumValueLength else {
                    throw SliceError(field: field, reason: "has a value over \(Self.maximumValueLength) characters")
                }
                guard !ControlCharacters.held(in: Substring(v)) else {
                    throw SliceError(field: field, reason: "has a value with a control character")
                }
                if !kept.contains(v) { kept.append(v) }
            }
            clean[field] = kept
        }
        guard !clean.isEmpty else { throw SliceError(field: nil, reason: "filters on no field") }
        self.name = name
        self.title = title
        self.filter = clean
    }

    /// The filter as text, one field after another in `Field` order: `queue=Billing,Returns
    /// priority=high` (values with a comma or a quote are quoted). The cache key of a sliced
    /// summary and the heading of a slice without a title.
    public var filterText: String {
        Field.allCases.compactMap { field in
            filter[field].map { values in
                field.rawValue + "=" + values.map(Self.quotedIfNeeded).joined(separator: ",")
            }
        }.joined(separator: " ")
    }

    /// What headings and the subject call the slice.
    public var displayTitle: String { title ?? name ?? filterText }

    static func quotedIfNeeded(_ v: String) -> String {
        v.contains(",") || v.contains("\"") ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
    }

    /// The values of one `--where` clause's right-hand side: comma-separated, a value in
    /// double quotes may hold commas (`"A, B",C`; `""` inside quotes is one quote).
    public static func values(of text: Substring) -> [String] {
        var values: [String] = []
        var current = ""
        var quoted = false
        var chars = text.makeIterator()
        var pending = chars.next()
        while let c = pending {
            pending = chars.next()
            if quoted {
                if c == "\"" {
                    if pending == "\"" {
                        current.append("\"")
                        pending = chars.next()
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                values.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        values.append(current)
        return values
    }

    /// The slice of `--where` clauses (`FIELD=V1,V2`, repeatable; a field given twice adds
    /// its values).
    public static func parse(clauses: [String], name: String? = nil, title: String? = nil) throws(SliceError)
        -> TicketSlice
    {
        var filter: [Field: [String]] = [:]
        for clause in clauses {
            guard let eq = clause.firstIndex(of: "=") else {
                throw SliceError(field: nil, reason: "'\(clause.prefix(80))' is not FIELD=VALUE[,VALUE…]")
            }
            let name = clause[..<eq].trimmingASCIIWhitespace().lowercased()
            guard let field = Field(rawValue: name) else { throw SliceError.unknownField(name) }
            filter[field, default: []] += values(of: clause[clause.index(after: eq)...])
        }
        return try TicketSlice(name: name, title: title, filter: filter)
    }

    public enum CodingKeys: String, CodingKey { case name, title, filter = "where" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let f = try c.nestedContainer(keyedBy: Field.self, forKey: .filter)
        var filter: [Field: [String]] = [:]
        for field in Field.allCases { filter[field] = try f.decodeIfPresent([String].self, forKey: field) }
        try self.init(
            name: try c.decodeIfPresent(String.self, forKey: .name),
            title: try c.decodeIfPresent(String.self, forKey: .title), filter: filter)
    }

    /// `name` and `title` (`null` when absent), and `where`: each filtered field's values in
    /// the order given.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(title, forKey: .title)
        var f = c.nestedContainer(keyedBy: Field.self, forKey: .filter)
        for field in Field.allCases { try f.encodeIfPresent(filter[field], forKey: field) }
    }

}

/// A filter that cannot be used, in one sentence naming the field.
public struct SliceError: Error, Sendable, CustomStringConvertible {
    public var field: TicketSlice.Field?
    public var reason: String

    public init(field: TicketSlice.Field?, reason: String) {
        self.field = field
        self.reason = reason
    }

    static func unknownField(_ name: String) -> SliceError {
        SliceError(
            field: nil,
            reason:
                "'\(name.prefix(80))' is not a field a slice filters on; the fields are \(TicketSlice.Field.allCases.map(\.rawValue).joined(separator: ", "))"
        )
    }

    public var description: String { field.map { "\($0.rawValue) \(reason)" } ?? reason }
}

/// Whether a ticket is in a slice: the one rule, used by `ReportBuilder` for every figure
/// and by `tickets.csv`. Each label's answer is worked out once (labels are few, tickets
/// many), so a matcher is kept for a whole read and used with one label table.
public struct SliceMatcher: Sendable {
    public let slice: TicketSlice
    private let queues: Set<String>?
    private let priorities: Set<String>?
    private let sources: Set<String>?
    private let assigneeIds: Set<Int64>
    private let assigneeNames: Set<String>?
    /// Disposition terms: a reason, and a detail when the term names one.
    private let dispositions: [(reason: String, detail: String?)]?
    /// Per label id: 0 not yet known, 1 in, 2 out (one array per field).
    private var queueAnswers: [UInt8] = []
    private var priorityAnswers: [UInt8] = []
    private var sourceAnswers: [UInt8] = []
    private var nameAnswers: [UInt8] = []
    private var dispositionAnswers: [Int64: Bool] = [:]

    public init(_ slice: TicketSlice) {
        self.slice = slice
        func values(_ f: TicketSlice.Field) -> Set<String>? { slice.filter[f].map { Set($0) } }
        queues = values(.queue)
        // The priority's own rule, as the report groups priorities.
        priorities = slice.filter[.priority].map { Set($0.map { TicketFacts.priorityLabel(TicketRules.priority($0)) }) }
        sources = values(.source)
        let assignees = slice.filter[.assignee]
        assigneeIds = Set(assignees?.compactMap { $0.allSatisfy(\.isASCIIDigit) ? Int64($0) : nil } ?? [])
        assigneeNames = values(.assignee)
        dispositions = slice.filter[.disposition]?.map { term in
            let (reason, detail) = TicketFacts.dispositionLabels(term)
            return (reason, term.contains("|") ? detail : nil)
        }
    }

    /// Whether the ticket of `f` (label ids in `labels`, the same table on every call) is
    /// in the slice.
    public mutating func matches(_ f: TicketFacts, labels: borrowing LabelTable) -> Bool {
        if let queues, !Self.answer(&queueAnswers, f.queue, labels, queues) { return false }
        if let priorities, !Self.answer(&priorityAnswers, f.priority, labels, priorities) { return false }
        if let sources, !Self.answer(&sourceAnswers, f.source, labels, sources) { return false }
        if let assigneeNames, !assigneeIds.contains(f.assigneeId) {
            if f.assigneeId != 0 && f.assigneeName >= 0 {
                if !Self.answer(&nameAnswers, f.assigneeName, labels, assigneeNames) { return false }
            } else if !assigneeNames.contains(TicketFacts.assigneeLabel(id: f.assigneeId, name: nil)) {
                return false
            }
        }
        if let dispositions {
            let key = Int64(f.disposition) << 32 | Int64(UInt32(bitPattern: f.dispositionDetail))
            if let known = dispositionAnswers[key] { return known }
            let reason = labels[f.disposition]
            let detail = labels[f.dispositionDetail]
            let answer = dispositions.contains { $0.reason == reason && ($0.detail == nil || $0.detail == detail) }
            dispositionAnswers[key] = answer
            return answer
        }
        return true
    }

    private static func answer(_ answers: inout [UInt8], _ id: Int32, _ labels: LabelTable, _ set: Set<String>) -> Bool
    {
        let i = Int(id)
        if i >= answers.count { answers += repeatElement(0, count: max(i + 1 - answers.count, 16)) }
        if answers[i] == 0 { answers[i] = set.contains(labels[id]) ? 1 : 2 }
        return answers[i] == 1
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
