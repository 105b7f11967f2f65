import Foundation
import SLAAnalytics
import TicketIngest
import TicketModel
import TicketStore

// A differential fuzz target: every input is decoded by the tolerant decoder and by the fast
// paths (byte scanner, chunked reader with a small, input-dependent chunk size): the one
// `report` takes (facts) and the one `import` takes (store rows). None may crash or hang,
// and they must agree: the same summary and the same rows, or the same error.

let zone = TimeZone(identifier: "Asia/Kolkata")!
let options = ReportOptions(
    period: ReportPeriod(from: LocalDate("2024-04-01")!, to: LocalDate("2024-04-30")!)!, timeZone: zone,
    asOf: Date(timeIntervalSince1970: 1_714_500_000))
let path = "/dev/shm/slareport-fuzz-\(getpid()).json"

/// A store's raw-JSON dictionary, built once from the documented sample ticket, so the row
/// path compresses as `import` does (and decompression is fuzzed on arbitrary bytes too).
let dictionary: RawJSONDictionary = {
    let store = try! SQLiteTicketStore(path: "/dev/shm/slareport-fuzz-\(getpid()).sqlite")
    let sample = Array(
        #"{"ticketId":"7240415100000","date":"15-04-2024 11:07","status":"Complete","priority":"low","queueKey":"VIP","queueName":"VIP Desk","primarySource":"Email","lastSource":"Email","assignedId":209828,"assignedToName":"Amit Sharma","slaStatus":"within sla","tat":"38:2:37","ftr":"yes","customer_rating":"4","total_conversations":7,"taskTitle":"Delivery delayed","url":"https://acme.kapturecrm.com/t/1"}"#
            .utf8)
    return try! store.trainRawDictionary(samples: Array(repeating: sample, count: RawJSONDictionary.minimumSamples))!
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return 0 }
    let slow: Result<ReportSummary, InputError> = Result {
        let file = try TicketInputReader(decoder: TicketDecoder(accountTimeZone: zone)).decode(bytes: bytes, path: path)
        var builder = ReportBuilder(options: options)
        builder.ingest(file)
        return builder.summary()
    }.mapError { $0 as! InputError }
    let fast: Result<ReportSummary, InputError> = Result {
        try ParallelIngest.summarize(
            paths: [path], options: options, accountTimeZone: zone, threads: 1, chunkSize: 16 + size % 61)
    }.mapError { $0 as! InputError }
    switch (slow, fast) {
    case (.success(let a), .success(let b)):
        if a != b { fatalError("the fast path and the tolerant decoder disagree") }
    case (.failure(let a), .failure(let b)):
        if a.description != b.description { fatalError("different errors: \(a) / \(b)") }
    default:
        fatalError("one path failed and the other did not")
    }
    compareRows(bytes, chunkSize: 16 + size % 47)
    // Damaged stored values must be refused, never read out of bounds.
    _ = bytes.withUnsafeBytes { dictionary.decompress($0) }
    return 0
}

/// The store rows `import` builds from bytes against those built from the tolerant decoder.
func compareRows(_ bytes: [UInt8], chunkSize: Int) {
    let slow: Result<TicketBatch, InputError> = Result {
        let file = try TicketInputReader(decoder: TicketDecoder(accountTimeZone: zone)).decode(
            bytes: bytes, path: path, keepRawJSON: true)
        var batch = TicketBatch(dictionary: nil)
        for (t, raw) in zip(file.tickets, file.rawJSON ?? []) { batch.append(t, rawJSON: raw, compressor: nil) }
        return batch
    }.mapError { $0 as! InputError }
    var rows: TicketBatch?
    let fast: Result<TicketBatch, InputError> = Result {
        try TicketRows.decode(
            paths: [path], accountTimeZone: zone, dictionary: dictionary, threads: 1, chunkSize: chunkSize
        ) { rows = $0.batch }
        return rows!
    }.mapError { $0 as! InputError }
    switch (slow, fast) {
    case (.success(let a), .success(let b)):
        guard a.count == b.count else { fatalError("row counts differ: \(a.count) / \(b.count)") }
        for row in 0..<a.count {
            for c in TicketBatch.Text.allCases where c != .raw {
                if a.text(row, c) != b.text(row, c) { fatalError("\(c) differs in row \(row)") }
            }
            for c in TicketBatch.Integer.allCases where a.integer(row, c) != b.integer(row, c) {
                fatalError("\(c) differs in row \(row)")
            }
            // The fast path's raw JSON is compressed: it must come back whole.
            guard let stored = b.text(row, .raw), let raw = stored.withUnsafeBytes({ dictionary.decompress($0) })
            else { fatalError("row \(row)'s raw JSON does not decompress") }
            let parsed = [a.text(row, .raw), raw].map { $0.flatMap { try? JSONParser.parse($0) } }
            if parsed[0] == nil || parsed[0] != parsed[1] { fatalError("raw JSON differs in row \(row)") }
        }
    case (.failure(let a), .failure(let b)):
        if a.description != b.description { fatalError("different row errors: \(a) / \(b)") }
    default:
        fatalError("one row path failed and the other did not")
    }
}

// SwiftPM links an executable's entry point as `FuzzDecoder_main`; hand control to libFuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzDecoder_main")
public func fuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzDecoder(data, size) }
}
