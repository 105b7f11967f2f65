import Foundation
import TicketModel

/// The columns of ticket fields added after the stores' first schemas, which a store that
/// lacks them gets on open, with every stored ticket's value read from its raw JSON: a new
/// field's column is a case at the end of `TicketColumn` and nothing more in the stores
/// (`SQLiteTicketStore.addFieldColumns`; in PostgreSQL `fieldColumnsMigration`, run by
/// `migrate` whenever the table lacks one, and an empty migration per column that raises
/// the schema version).
extension TicketColumn {
    /// Every column from `disposition` on (each holds a field: `FieldTableTests`).
    public static let addedLater: [TicketColumn] = allCases.filter { $0.rawValue >= TicketColumn.disposition.rawValue }

    /// A column's value as a write stores it.
    public enum StoredValue: Sendable, Equatable {
        case null
        case text(String)
        case integer(Int64)

        public var text: String? {
            if case .text(let s) = self { return s }
            return nil
        }

        public var integer: Int64? {
            if case .integer(let i) = self { return i }
            return nil
        }
    }

    /// The column's value for the ticket whose raw JSON (as received) is `json`: the ticket
    /// decoded as a write decodes it and put in a batch as a write puts it, so that a column
    /// filled for stored tickets holds what writing them again would store (`.null` when the
    /// JSON is not an object, or not a ticket a write would store and the column needs the
    /// whole ticket).
    public func storedValue(inRawJSON json: [UInt8]) -> StoredValue {
        guard let value = try? JSONParser.parse(json) else { return .null }
        // A text field's column holds the field as read: its member alone is read (a stored
        // ticket always has the id and date a write needs).
        if let field, field.kind == .text, source == .text {
            guard value.objectMembers != nil else { return .null }
            return TicketDecoder.text(of: field, in: value).map { .text($0) } ?? .null
        }
        return storedValue(decoding: value)
    }

    /// `storedValue` through the whole ticket, decoded and batched as a write does.
    func storedValue(decoding value: JSONValue) -> StoredValue {
        // The zone moves instants only, which no column added later is.
        guard case .success(let ticket) = TicketDecoder(accountTimeZone: .gmt).decode(value) else { return .null }
        var batch = TicketBatch(dictionary: nil)
        batch.append(ticket, rawJSON: "", compressor: nil)
        switch source {
        case .text: return batch.text(0, self).map { .text(String(decoding: $0, as: UTF8.self)) } ?? .null
        case .integer: return batch.integer(0, self).map { .integer($0) } ?? .null
        case .storedAt, .dictionaryID: return .null
        }
    }

    /// The column's SQL type in SQLite (`TEXT` or `INTEGER`).
    var sqliteType: String { isText ? "TEXT" : "INTEGER" }
}
