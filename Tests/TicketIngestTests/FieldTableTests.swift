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
}
