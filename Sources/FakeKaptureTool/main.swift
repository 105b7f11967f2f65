// The fake Kapture server of the tests as a process, for benchmarks and soaks:
//
//     swift run -c release fake-kapture --token T --per-day 400 --fault-rate 0.2
//
// prints its base URL (`http://127.0.0.1:PORT`) on the first line and serves until killed.
import Foundation
import KaptureTestSupport
import SampleData

var token = "fake-token"
var perDay = 200
var faultRate = 0.0
var seed: UInt64 = 7
var latency = 0
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("fake-kapture: \(flag) needs a value\n".utf8))
        exit(64)
    }
    switch flag {
    case "--token": token = value
    case "--per-day": perDay = Int(value) ?? perDay
    case "--fault-rate": faultRate = Double(value) ?? faultRate
    case "--seed": seed = UInt64(value) ?? seed
    case "--latency-ms": latency = Int(value) ?? latency
    default:
        FileHandle.standardError.write(Data("fake-kapture: unknown flag \(flag)\n".utf8))
        exit(64)
    }
}
let server = try await FakeKaptureServer.start(
    FakeKaptureConfiguration(
        token: token, generator: SampleGenerator(seed: seed, perDay: perDay), latency: .milliseconds(latency),
        faults: FaultPlan(rate: faultRate, seed: seed, maxPerCall: 2, slowDelay: .seconds(2))))
FileHandle.standardOutput.write(Data("\(server.baseURL)\n".utf8))
while true { try await Task.sleep(for: .seconds(3600)) }
