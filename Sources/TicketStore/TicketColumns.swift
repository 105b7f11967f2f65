public import TicketModel

/// The `tickets` table's columns, declared once, in the table's order. The upsert, its
/// parameter numbers, the binds of a `TicketBatch`, the readers' SELECT lists and their
/// column indices are all derived from it; the migrations (`SQLiteTicketStore.migrator`)
/// create exactly these columns, which `storeSchemaMatchesTheColumnDeclaration` checks.
///
/// Adding a column for a `.text` or `.integer` ticket field (`TicketField.kind`): a case here,
/// last, named as the field; its batch slot, SQL type, field, filling from the raw JSON and
/// the decoders' reading all follow from that.
public enum TicketColumn: Int32, CaseIterable, Sendable {
    case ticketId, createdAt, status, substatusKey, priority, queueKey, queueName, primarySource, lastSource,
        assignedId, assignedToName, slaStatus, tatText, tatSeconds, ftr, customerRating, totalConversations, title,
        url, storedAt, raw, rawDictionaryId, rawSha256, disposition

    /// Where the value comes from when a batch is written.
    public enum Source: Sendable {
        /// A text slot of the batch (`TicketBatch.setText`).
        case text
        /// An integer slot of the batch (`TicketBatch.setInteger`).
        case integer
        /// When the batch was stored.
        case storedAt
        /// The batch's dictionary id (NULL for plain text).
        case dictionaryID
    }

    public var source: Source { Self.sources[Int(rawValue)] }

    static let sources: [Source] = allCases.map { column in
        switch column {
        case .createdAt, .assignedId, .tatSeconds, .ftr: .integer
        case .storedAt: .storedAt
        case .rawDictionaryId: .dictionaryID
        default: column.field?.kind == .integer ? .integer : .text
        }
    }

    /// The ticket field whose value the column holds as read (`tatSeconds` is derived from
    /// `tat`, and the bookkeeping from no field): how a decoder that reads fields finds a
    /// row's column. A column named as a field holds it.
    public var field: TicketField? { Self.fields[Int(rawValue)] }

    static let fields: [TicketField?] = allCases.map { column in
        switch column {
        case .createdAt: .date
        case .tatText: .tat
        case .title: .taskTitle
        case .tatSeconds, .storedAt, .raw, .rawDictionaryId, .rawSha256: nil
        default: TicketField(rawValue: String(describing: column))
        }
    }

    /// The column's slot in a batch row: its place among the text columns, or among the
    /// integer ones (-1 for the others).
    @inline(__always) var slot: Int { Self.slots[Int(rawValue)] }

    static let slots: [Int] = {
        var texts = 0
        var integers = 0
        return allCases.map { column in
            switch column.source {
            case .text: defer { texts += 1 }; return texts
            case .integer: defer { integers += 1 }; return integers
            case .storedAt, .dictionaryID: return -1
            }
        }
    }()

    /// The columns a batch holds text for, and integers for, in slot order.
    public static let textColumns = allCases.filter { $0.source == .text }
    public static let integerColumns = allCases.filter { $0.source == .integer }

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
    public var isText: Bool { source == .text }

    /// The SQL name: the case name in snake case (`ticketId` → `ticket_id`).
    public var name: String { Self.names[Int(rawValue)] }

    /// Each column's name, by `rawValue`: made once (a case's name comes from reflection,
    /// and a block's reader matched its columns by name, 20 columns a block).
    static let names: [String] = allCases.map { column in
        var out = ""
        for c in String(describing: column).unicodeScalars {
            if c.properties.isUppercase {
                out += "_" + String(c).lowercased()
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The columns a period read returns (`read`), by name.
    static let readByName: [String: TicketColumn] = Dictionary(
        read.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

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
