public import Foundation
import ReportRendering
public import SLAAnalytics
import TicketModel
import TicketStore

/// `tickets.csv`: every ticket of the period, one row each (`TicketsCSV`), streamed to the
/// file a megabyte at a time, never held whole: from a store in creation order; from files
/// one file at a time, the last first (a later file's copy of a ticket wins, as in the
/// figures), so ordered by file. Written beside the other report files through a temporary
/// file renamed into place: whole or not at all.
public enum TicketsExport {
    public static let fileName = "tickets.csv"

    /// Writes `tickets.csv` into `folder`; returns the number of rows.
    @discardableResult
    public static func write(
        _ source: ReportSource, options: ReportOptions, accountTimeZone: TimeZone, into folder: String
    ) throws(PipelineError) -> Int {
        try OutputFiles.createDirectory(folder)
        let final = (folder as NSString).appendingPathComponent(fileName)
        let tmp = (folder as NSString).appendingPathComponent(".\(fileName).tmp-\(getpid())")
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let handle = FileHandle(forWritingAtPath: tmp)
        else { throw .failure("cannot write \(final)") }
        var rows = 0
        do {
            var out = Writer(handle: handle)
            try out.append(TicketsCSV.header)
            let clock = ZoneClock(options.timeZone)
            let period = clock.instants(from: options.period.from, through: options.period.to)
            let asOf = options.asOf.timeIntervalSince1970
            var labels = LabelTable()
            var slice = options.slice.map(SliceMatcher.init)
            func emit(_ t: Ticket) throws {
                guard period.contains(t.createdAt) else { return }
                let f = TicketFacts.of(t, lifecycle: options.lifecycle, labels: &labels)
                if slice != nil, slice?.matches(f, labels: labels) == false { return }
                try out.append(TicketsCSV.line(t, facts: f, labels: labels, clock: clock, asOf: asOf))
                rows += 1
            }
            switch source {
            case .store(let path):
                let store = try TicketStores.open(path, readOnly: true)
                try store.forEachTicket(createdFrom: period.lowerBound, before: period.upperBound, emit)
            case .files(let paths):
                let reader = TicketInputReader(decoder: TicketDecoder(accountTimeZone: accountTimeZone))
                var seen: Set<String> = []
                for path in try TicketInputReader.expand(paths: paths).reversed() {
                    for t in try reader.read(path: path).tickets where seen.insert(t.ticketId).inserted { try emit(t) }
                }
            }
            try out.flush()
            try handle.close()
            guard rename(tmp, final) == 0 else { throw PipelineError.failure("cannot replace \(final)") }
            return rows
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: tmp)
            switch error {
            case let e as PipelineError: throw e
            case let e as TicketStoreError: throw .store(e)
            case let e as InputError: throw .badInput(e.description)
            default: throw .failure("cannot write \(final): \(error)")
            }
        }
    }

    /// Lines gathered and written a megabyte at a time.
    struct Writer {
        let handle: FileHandle
        var buffer: [UInt8] = []

        mutating func append(_ line: String) throws {
            buffer.append(contentsOf: line.utf8)
            if buffer.count >= 1 << 20 { try flush() }
        }

        mutating func flush() throws {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
