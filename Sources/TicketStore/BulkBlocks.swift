import TicketModel

/// The blocks of a bulk load (a new store's import, either store), built from the batches
/// as they are written rather than read back: a day's builder is kept while batches bring
/// it tickets and handed out to be written once more than four days are open and a batch
/// brings it none. A later copy of a ticket replaces the earlier one in its day's builder,
/// or removes it from another open day's (the store names each ticket a write replaced,
/// with its old and new day). A day whose block was written and which a later batch
/// changes is built from its rows when the load finishes. The store does the writing;
/// this keeps the accounts.
struct BulkBlocks: Sendable {
    var open: [Int64: FactBlockBuilder] = [:]
    var written: Set<Int64> = []
    var redo: Set<Int64> = []

    /// A ticket a write replaced: its id, and the UTC days of the old and the new copy.
    struct Replaced {
        var ticketId: String
        var oldDay: Int64
        var newDay: Int64
    }

    /// Adds the rows `rows` of a batch just written (in the order written), and the tickets
    /// the write replaced (in order); returns the blocks to write now.
    mutating func add(_ batch: TicketBatch, rows: some Sequence<Int>, replaced: [Replaced]) -> [FactBlockBuilder] {
        var touched = Set<Int64>()
        batch.withColumns { columns in
            for row in rows {
                let day = WrittenDays.utcDay(ofInstant: columns.integer(row, .createdAt) ?? 0)
                touched.insert(day)
                if written.contains(day) { redo.insert(day) }
                guard !redo.contains(day) else { continue }
                open[day, default: FactBlockBuilder(utcDay: day)].add(TicketBatch.Row(columns: columns, row: row))
            }
        }
        // Tickets the batch moved to another day: their earlier copies leave their old days.
        var finalDay: [String: Int64] = [:]
        var oldDays: [String: Set<Int64>] = [:]
        for r in replaced {
            finalDay[r.ticketId] = r.newDay
            if r.oldDay != r.newDay { oldDays[r.ticketId, default: []].insert(r.oldDay) }
        }
        for (id, days) in oldDays {
            for day in days where day != finalDay[id] {
                if open[day] != nil {
                    var id = id
                    id.withUTF8 { open[day]?.remove(ticketId: $0) }
                } else {
                    redo.insert(day)
                }
            }
        }
        for day in redo { open.removeValue(forKey: day) }
        guard open.count > 4 else { return [] }
        return open.keys.sorted().filter { !touched.contains($0) }.compactMap { take($0) }
    }

    /// At the end of the load: the blocks still open, and the days to build from their rows.
    mutating func finish() -> (write: [FactBlockBuilder], redo: [Int64]) {
        defer { redo = [] }
        return (open.keys.sorted().compactMap { take($0) }, redo.sorted())
    }

    mutating func take(_ day: Int64) -> FactBlockBuilder? {
        guard let b = open.removeValue(forKey: day) else { return nil }
        written.insert(day)
        return b
    }
}
