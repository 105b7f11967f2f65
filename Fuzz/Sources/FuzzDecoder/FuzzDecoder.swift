import Foundation
import SLAAnalytics
import TicketIngest
import TicketModel
import TicketStore

// A differential fuzz target: every input is decoded by the tolerant decoder and by the fast
// paths (byte scanner, chunked reader with a small, input-dependent chunk size): the one
// `report` takes (facts) and the one `import` takes (store rows). None may crash or hang,
// and they must agree (`DecoderDifferential`: the same summary and rows, or the same error).

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
    // The comparison the test suite also runs over Fuzz/corpus (FuzzCorpusTests).
    if let disagreement = DecoderDifferential.disagreement(
        path: path, options: options, accountTimeZone: zone, dictionary: dictionary, chunkSize: 16 + size % 61)
    {
        fatalError(disagreement)
    }
    // Damaged stored values must be refused, never read out of bounds.
    _ = bytes.withUnsafeBytes { dictionary.decompress($0) }
    return 0
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
