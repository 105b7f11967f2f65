import Crypto
import NIOCore
import PostgresNIO

/// The migrations' fills: columns whose values for the stored tickets come from their raw
/// JSON, decompressed and read by this client (the server cannot).
extension PostgresTicketStore {
    /// Sets `raw_sha256` of every ticket whose raw JSON is compressed, a page at a time in
    /// the primary key's order (its index, in the database's collation).
    func fillRawDigests(_ c: PostgresConnection) throws {
        try fill(c, column: "raw_sha256", type: "bytea", of: "raw_dictionary_id IS NOT NULL") { json in
            ByteBuffer(bytes: SHA256.hash(data: json))
        }
    }

    /// Adds the field columns added later that the table lacks (empty).
    func addFieldColumns(_ c: PostgresConnection) throws {
        for column in TicketColumn.addedLater {
            let type = Self.textColumns.contains(column) ? "text" : "bigint"
            _ = try run(c, "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS \(column.name) \(type)")
        }
    }

    /// The field columns added later (`TicketColumn.addedLater`) the `tickets` table lacks.
    func missingFieldColumns(_ c: PostgresConnection) throws -> [TicketColumn] {
        let rows = try run(
            c,
            """
            SELECT column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'tickets'
            """)
        let present = Set(try rows.rows.map { try $0.decode(String.self) })
        return TicketColumn.addedLater.filter { !present.contains($0.name) }
    }

    /// Sets `columns` (field columns added later, just added) from each ticket's raw JSON.
    func fillFieldColumns(_ c: PostgresConnection, _ columns: [TicketColumn]) throws {
        for column in columns {
            if Self.textColumns.contains(column) {
                try fill(c, column: column.name, type: "text", of: "raw IS NOT NULL") {
                    column.storedValue(inRawJSON: $0).text
                }
            } else {
                try fill(c, column: column.name, type: "bigint", of: "raw IS NOT NULL") {
                    column.storedValue(inRawJSON: $0).integer
                }
            }
        }
    }

    /// Sets `column` (of SQL type `type`) of every ticket matching `condition` whose column is
    /// NULL to `value` of its raw JSON (left NULL when `nil`), a page at a time in the
    /// primary key's order (its index, in the database's collation), decompressed here.
    func fill<Value: PostgresArrayEncodable & Sendable>(
        _ c: PostgresConnection, column: String, type: String, of condition: String,
        value: @escaping @Sendable ([UInt8]) -> Value?
    ) throws {
        var dictionaries: [Int64: RawJSONDictionary] = [:]
        for row in try run(c, "SELECT id, lz4_dictionary FROM raw_dictionaries").rows {
            let (id, bytes) = try row.decode((Int64, ByteBuffer).self)
            dictionaries[id] = RawJSONDictionary(id: id, bytes: Array(bytes.readableBytesView))
        }
        var after = ""
        while true {
            var b = PostgresBindings()
            b.append(after)
            let rows = try run(
                c,
                """
                SELECT ticket_id, raw, raw_dictionary_id FROM tickets WHERE \(column) IS NULL \
                AND \(condition) AND ticket_id > $1 ORDER BY ticket_id LIMIT 16384
                """, b
            ).rows
            var stored: [StoredRawJSON] = []
            for row in rows {
                let (id, raw, dictionaryID) = try row.decode((String, ByteBuffer, Int64?).self)
                stored.append(
                    StoredRawJSON(
                        ticketId: id, bytes: Array(raw.readableBytesView), compressed: dictionaryID != nil,
                        dictionary: dictionaryID.flatMap { dictionaries[$0] }))
            }
            guard let last = stored.last?.ticketId else { return }
            var ids: [String] = []
            var values: [Value] = []
            for (s, v) in zip(stored, try RawJSONDictionary.values(of: stored, store: location, value)) {
                guard let v = v ?? nil else { continue }
                ids.append(s.ticketId)
                values.append(v)
            }
            var u = PostgresBindings()
            u.append(ids)
            try u.append(values)
            _ = try run(
                c,
                """
                UPDATE tickets t SET \(column) = u.v \
                FROM unnest($1::text[], $2::\(type)[]) AS u(id, v) WHERE t.ticket_id = u.id
                """, u)
            after = last
        }
    }
}
