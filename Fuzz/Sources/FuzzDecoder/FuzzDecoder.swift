import Foundation
import SLAAnalytics
import TicketIngest
import TicketModel

// A differential fuzz target: every input is decoded by the tolerant decoder and by the fast
// path (byte scanner, chunked reader with a small, input-dependent chunk size). Neither may
// crash or hang, and they must agree: the same summary, or the same error.

let zone = TimeZone(identifier: "Asia/Kolkata")!
let options = ReportOptions(
    period: ReportPeriod(from: LocalDate("2024-04-01")!, to: LocalDate("2024-04-30")!)!, timeZone: zone,
    asOf: Date(timeIntervalSince1970: 1_714_500_000))
let path = "/dev/shm/slareport-fuzz-\(getpid()).json"

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
