import Foundation
import Testing
import TicketModel
import TicketStore

@testable import TicketIngest

/// The fast decoders' fields and the store's columns name their fields in `TicketField`, the
/// one declaration of the keys a ticket's fields arrive under: a name that matched nothing
/// would leave a field unread without a word.
@Suite struct FieldTableTests {
    @Test func everyFastFieldIsATicketFieldWithAStoredColumn() {
        for field in Field.allCases {
            let ticketField = TicketField(rawValue: String(describing: field))
            #expect(ticketField != nil, "\(field)")
            #expect(RowFieldTexts.column(field) != nil, "\(field) has no column")
            for key in ticketField?.keys ?? [] { #expect(Field.byKey[Array(key.utf8)] == field.rawValue) }
        }
    }

    @Test func everyDecodedColumnButTheDerivedOneHoldsAFieldOnce() {
        let fields = TicketColumn.decoded.compactMap(\.field)
        #expect(Set(fields).count == fields.count)
        #expect(TicketColumn.decoded.filter { $0.field == nil } == [.tatSeconds])
        // A batch row keeps its integers' NULL bits in 16 bits (`TicketBatch.newRowNulls`).
        #expect(TicketColumn.integerColumns.count <= 16)
        #expect(TicketField.lastConversationTime.keys == ["lastconversationtime", "lastconvesationtime"])
    }

    /// The columns the stores add to a store that lacks them each hold a field a report reads
    /// (their values come from the raw JSON through the decoder).
    @Test func everyColumnAddedLaterHoldsAField() {
        #expect(TicketColumn.addedLater.first == .disposition)
        for column in TicketColumn.addedLater {
            #expect(column.field != nil && TicketColumn.decoded.contains(column), "\(column)")
        }
    }

    /// The row decoder `import` and `pull` use reads every field a column holds, by its
    /// kind's rule, as the tolerant decoder does: a response whose tickets give every `.text`
    /// and `.integer` field values of their own (escaped, entity-encoded, padded, repeated
    /// and not, integers as numbers and as strings) gives the same rows both ways.
    @Test func theRowDecoderReadsEveryFieldAColumnHolds() throws {
        let fields = Set(TicketColumn.decoded.compactMap(\.field))
        for field in fields { #expect(Field.slots[field] != nil, "\(field) has no value slot") }
        let tickets = (0..<40).map { n in
            var members = [#""date":"0\#(1 + n % 3)-04-2024 1\#(n % 10):00""#]
            for (i, field) in TicketField.textFields.enumerated() {
                let value =
                    n % 4 == 0 ? #" \#(field.rawValue) &amp; \#(i % 3) "# : n % 4 == 1 ? #"\u00e9\#(n)"# : "v\(n % 5)"
                members.append(#""\#(field.keys[0])":"\#(field == .ticketId ? "T\(n)" : value)""#)
            }
            for (i, field) in TicketField.integerFields.enumerated() {
                members.append(n % 2 == 0 ? #""\#(field.keys[0])":"\#(i * 100 + n)""# : #""\#(field.keys[0])":\#(n)"#)
            }
            return "{" + members.joined(separator: ",") + "}"
        }
        let bytes =
            Array(#"{"status":"success","message":["#.utf8) + Array(tickets.joined(separator: ",").utf8) + [0x5D, 0x7D]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fields-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let zone = TimeZone(identifier: "Asia/Kolkata")!
        for chunkSize in [64, 1 << 20] {
            let disagreement = DecoderDifferential.rowDisagreement(bytes, path, zone, nil, chunkSize)
            #expect(disagreement == nil, "\(disagreement ?? "")")
        }
    }
}
