public import TicketModel

/// The `tickets` table's columns, declared once, in the table's order. The upsert, its
/// parameter numbers, the binds of a `TicketBatch`, the readers' SELECT lists and their
/// column indices are all derived from it; the migrations (`SQLiteTicketStore.migrator`)
/// create exactly these columns, which `storeSchemaMatchesTheColumnDeclaration` checks.
///
/// Adding a column: a case here (with its batch slot, a case of `TicketBatch.Text` or
/// `TicketBatch.Integer`, when decoders fill it) and a migration that adds it.
public enum TicketColumn: Int32, CaseIterable, Sendable {
    case ticketId, createdAt, status, substatusKey, priority, queueKey, queueName, primarySource, lastSource,
        assignedId, assignedToName, slaStatus, tatText, tatSeconds, ftr, customerRating, totalConversations, title,
        url, storedAt, raw, rawDictionaryId, rawSha256, disposition

    /// Where the value comes from when a batch is written.
    enum Source {
        case text(TicketBatch.Text)
        case integer(TicketBatch.Integer)
        /// When the batch was stored.
        case storedAt
        /// The batch's dictionary id (NULL for plain text).
        case dictionaryID
    }

    var source: Source {
        switch self {
        case .ticketId: .text(.ticketId)
        case .createdAt: .integer(.createdAt)
        case .status: .text(.status)
        case .substatusKey: .text(.substatusKey)
        case .priority: .text(.priority)
        case .queueKey: .text(.queueKey)
        case .queueName: .text(.queueName)
        case .primarySource: .text(.primarySource)
        case .lastSource: .text(.lastSource)
        case .assignedId: .integer(.assignedId)
        case .assignedToName: .text(.assignedToName)
        case .slaStatus: .text(.slaStatus)
        case .tatText: .text(.tatText)
        case .tatSeconds: .integer(.tatSeconds)
        case .ftr: .integer(.ftr)
        case .customerRating: .integer(.customerRating)
        case .totalConversations: .integer(.totalConversations)
        case .title: .text(.title)
        case .url: .text(.url)
        case .disposition: .text(.disposition)
        case .storedAt: .storedAt
        case .raw: .text(.raw)
        case .rawDictionaryId: .dictionaryID
        case .rawSha256: .text(.rawSHA256)
        }
    }

    /// The ticket field whose value the column holds as read (`tatSeconds` is derived from
    /// `tat`, and the bookkeeping from no field): how a decoder that reads fields finds a
    /// row's column.
    public var field: TicketField? {
        switch self {
        case .ticketId: .ticketId
        case .createdAt: .date
        case .status: .status
        case .substatusKey: .substatusKey
        case .priority: .priority
        case .queueKey: .queueKey
        case .queueName: .queueName
        case .primarySource: .primarySource
        case .lastSource: .lastSource
        case .assignedId: .assignedId
        case .assignedToName: .assignedToName
        case .slaStatus: .slaStatus
        case .tatText: .tat
        case .ftr: .ftr
        case .customerRating: .customerRating
        case .totalConversations: .totalConversations
        case .title: .taskTitle
        case .url: .url
        case .disposition: .disposition
        case .tatSeconds, .storedAt, .raw, .rawDictionaryId, .rawSha256: nil
        }
    }

    /// The column holding a field as read, if the store keeps one.
    public static func of(_ field: TicketField) -> TicketColumn? { byField[field] }

    static let byField: [TicketField: TicketColumn] = Dictionary(
        allCases.compactMap { c in c.field.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })

    /// Whether the column holds bytes rather than text: the raw JSON (compressed, or text
    /// when the store has no dictionary yet) and its SHA-256.
    public var isBinary: Bool { self == .raw || self == .rawSha256 }

    /// Whether the column holds text (else an integer, or bookkeeping). A reader asks a text
    /// column for `text`, an integer column for `int64` (SQLite would also give an integer
    /// as text).
    public var isText: Bool {
        if case .text = source { return true }
        return false
    }

    /// The SQL name: the case name in snake case (`ticketId` → `ticket_id`).
    public var name: String {
        var out = ""
        for c in String(describing: self).unicodeScalars {
            if c.properties.isUppercase {
                out += "_" + String(c).lowercased()
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Bookkeeping: when the row was written, and the raw JSON (read on its own).
    static let bookkeeping: Set<TicketColumn> = [.storedAt, .raw, .rawDictionaryId, .rawSha256]

    /// The decoded columns reports read, in table order: everything but the bookkeeping
    /// and the raw JSON.
    public static let decoded: [TicketColumn] = allCases.filter { !bookkeeping.contains($0) }

    /// The columns a period read returns, in order: the decoded ones, then the SHA-256 of the
    /// ticket's raw JSON (`provenance.inputs`, docs/METRICS.md).
    public static let read: [TicketColumn] = decoded + [.rawSha256]

    /// Each column's index in `read` (-1: not read), by `rawValue`.
    static let readIndices: [Int32] = allCases.map { c in read.firstIndex(of: c).map { Int32($0) } ?? -1 }

    /// The column's index in `read` (a reader's column index).
    @inline(__always) public var readIndex: Int32 { Self.readIndices[Int(rawValue)] }

    /// The upsert's parameter number of the column (1-based, in table order).
    var parameter: Int32 { rawValue + 1 }

    /// `INSERT … ON CONFLICT(ticket_id) DO UPDATE SET …` over every column.
    static let upsertSQL: String = {
        let names = allCases.map(\.name)
        let updates = allCases.dropFirst().map { "\($0.name) = excluded.\($0.name)" }
        return "INSERT INTO tickets (\(names.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: names.count).joined(separator: ", ")
            + ") ON CONFLICT(ticket_id) DO UPDATE SET " + updates.joined(separator: ", ")
    }()

    /// `SELECT` of the `read` columns (indices = `readIndex`) for tickets created in a range.
    static let readSelect: String = readSelectAll + " WHERE created_at >= ? AND created_at < ?"

    /// `SELECT` of the `read` columns of every ticket.
    static let readSelectAll: String = "SELECT \(read.map(\.name).joined(separator: ", ")) FROM tickets"
}
