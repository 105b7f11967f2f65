import Foundation
public import SampleData
public import TicketModel

/// Writes generated Kapture data: one response file per day (`tickets-YYYY-MM-DD.json`), or
/// one `tickets.jsonl` of bare ticket objects streamed a day at a time. The same generator
/// and days always give the same bytes; each file appears whole or not at all.
public enum SampleDataJob {
    /// Writes `days` days from `first` into `folder`; returns how many files (day responses)
    /// or tickets (JSON Lines) were written. Tickets age (open, then resolved) relative to
    /// `asOfDay`, by default the last day written.
    public static func write(
        _ generator: SampleGenerator, from first: LocalDate, days: Int, jsonLines: Bool, into folder: String,
        asOfDay: LocalDate? = nil
    ) throws(PipelineError) -> Int {
        let last = asOfDay ?? first.adding(days: days - 1)
        try OutputFiles.createDirectory(folder)
        guard jsonLines else {
            for i in 0..<days {
                let day = first.adding(days: i)
                let text = generator.dayResponse(day: day, lastDay: last, previousDayIncluded: i > 0)
                try OutputFiles.writeAll([("tickets-\(day).json", Data(text.utf8))], into: folder)
            }
            return days
        }
        let path = (folder as NSString).appendingPathComponent("tickets.jsonl")
        let tmp = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let handle = FileHandle(forWritingAtPath: tmp)
        else { throw .failure("cannot write \(path)") }
        var written = 0
        for i in 0..<days {
            var chunk = ""
            for ticket in generator.tickets(for: first.adding(days: i), lastDay: last) {
                chunk += ticket.jsonText
                chunk += "\n"
                written += 1
            }
            handle.write(Data(chunk.utf8))
        }
        do { try handle.close() } catch { throw .failure("cannot write \(path)") }
        guard rename(tmp, path) == 0 else { throw .failure("cannot replace \(path)") }
        return written
    }
}
