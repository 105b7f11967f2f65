import Crypto
public import Foundation
public import SLAAnalytics
import TicketModel
public import TicketStore

/// The fast paths checked against the tolerant decoder on one input file: the one `report`
/// takes (facts, through `ParallelIngest`) and the one `import` takes (store rows, through
/// `TicketRows`). They must agree on what both compute: the same summary (the input digest
/// included: both hash the file's bytes), the same decoded row columns, raw JSON that parses
/// to the same value, and each row's `rawSha256` the digest of its raw JSON as stored; or the
/// same error. The fuzz target (Fuzz/) runs it on every input, and `FuzzCorpusTests` on every
/// file of `Fuzz/corpus`, so the comparison cannot go stale unseen.
public enum DecoderDifferential {
    /// The first disagreement on the file at `path` (already holding the bytes), or `nil`.
    /// `chunkSize` is the fast readers' buffer size (small ones test chunk boundaries).
    public static func disagreement(
        path: String, options: ReportOptions, accountTimeZone: TimeZone, dictionary: RawJSONDictionary?,
        chunkSize: Int
    ) -> String? {
        guard let bytes = TicketInputReader.readAll(path) else { return "\(path) cannot be read" }
        return summaryDisagreement(bytes, path, options, accountTimeZone, chunkSize)
            ?? rowDisagreement(bytes, path, accountTimeZone, dictionary, chunkSize)
    }

    static func summaryDisagreement(
        _ bytes: [UInt8], _ path: String, _ options: ReportOptions, _ zone: TimeZone, _ chunkSize: Int
    ) -> String? {
        let slow: Result<ReportSummary, InputError> = Result { () throws(InputError) in
            let file = try TicketInputReader(decoder: TicketDecoder(accountTimeZone: zone)).decode(
                bytes: bytes, path: path)
            var builder = ReportBuilder(options: options)
            builder.ingest(file, coveredDay: file.coveredDay(path: path, accountTimeZone: zone))
            builder.setInputDigest(InputDigests.files([Array(SHA256.hash(data: bytes))]))
            return builder.summary()
        }
        let fast: Result<ReportSummary, InputError> = Result { () throws(InputError) in
            try ParallelIngest.summarize(
                paths: [path], options: options, accountTimeZone: zone, threads: 1, chunkSize: chunkSize)
        }
        switch (slow, fast) {
        case (.success(let a), .success(let b)):
            return a == b ? nil : "the fast path's summary differs from the tolerant decoder's"
        case (.failure(let a), .failure(let b)):
            return a.description == b.description ? nil : "different errors: \(a) / \(b)"
        case (.success, .failure(let e)): return "only the fast path failed: \(e)"
        case (.failure(let e), .success): return "only the tolerant decoder failed: \(e)"
        }
    }

    static func rowDisagreement(
        _ bytes: [UInt8], _ path: String, _ zone: TimeZone, _ dictionary: RawJSONDictionary?, _ chunkSize: Int
    ) -> String? {
        let slow: Result<TicketBatch, InputError> = Result { () throws(InputError) in
            let file = try TicketInputReader(decoder: TicketDecoder(accountTimeZone: zone)).decode(
                bytes: bytes, path: path, keepRawJSON: true)
            var batch = TicketBatch(dictionary: nil)
            for (t, raw) in zip(file.tickets, file.rawJSON ?? []) { batch.append(t, rawJSON: raw, compressor: nil) }
            return batch
        }
        var rows = TicketBatch(dictionary: dictionary)
        let fast: Result<TicketBatch, InputError> = Result { () throws(InputError) in
            do {
                try TicketRows.decode(
                    paths: [path], accountTimeZone: zone, dictionary: dictionary, threads: 1, chunkSize: chunkSize
                ) { rows = $0.batch }
            } catch let e as InputError {
                throw e
            } catch {
                throw InputError(path: path, reason: "\(error)")
            }
            return rows
        }
        switch (slow, fast) {
        case (.success(let a), .success(let b)):
            guard a.count == b.count else { return "row counts differ: \(a.count) / \(b.count)" }
            for row in 0..<a.count {
                // The tolerant path keeps its raw JSON re-serialised, so its bytes and their
                // digest differ by design; what must agree is below.
                for c in TicketColumn.textColumns where c != .raw && c != .rawSha256 {
                    if a.text(row, c) != b.text(row, c) { return "\(c) differs in row \(row)" }
                }
                for c in TicketColumn.integerColumns where a.integer(row, c) != b.integer(row, c) {
                    return "\(c) differs in row \(row)"
                }
                // The fast path's raw JSON comes back whole, parses to the tolerant path's
                // value, and its digest is of those bytes, as received.
                let stored = b.text(row, .raw)
                let raw =
                    dictionary == nil
                    ? stored : stored.flatMap { s in s.withUnsafeBytes { dictionary?.decompress($0) } }
                guard let raw else { return "row \(row)'s raw JSON does not decompress" }
                let parsed = [a.text(row, .raw), raw].map { $0.flatMap { try? JSONParser.parse($0) } }
                if parsed[0] == nil || parsed[0] != parsed[1] { return "raw JSON differs in row \(row)" }
                if b.text(row, .rawSha256) != Array(SHA256.hash(data: raw)) {
                    return "row \(row)'s rawSha256 is not the digest of its raw JSON"
                }
            }
            return nil
        case (.failure(let a), .failure(let b)):
            return a.description == b.description ? nil : "different row errors: \(a) / \(b)"
        case (.success, .failure(let e)): return "only the fast row path failed: \(e)"
        case (.failure(let e), .success): return "only the tolerant row path failed: \(e)"
        }
    }
}
