import Foundation
import Testing

@testable import SLAAnalytics

/// `DurationCounts` gives the nearest-rank percentiles of every value added, as a sort of all
/// of them does (the definition, worked out here independently): below and past the point
/// where it starts counting minutes, for whole minutes, other seconds and values past 31
/// days, added one by one or merged from parts of any size.
@Suite struct DurationCountsTests {
    static let ps = [0.0, 0.001, 0.25, 0.5, 0.9, 0.999, 1.0]

    static func expected(_ values: [Int32]) -> [Int?] {
        let sorted = values.sorted()
        return ps.map { p in
            sorted.isEmpty ? nil : Int(sorted[min(max(1, Int((p * Double(sorted.count)).rounded(.up))), sorted.count) - 1])
        }
    }

    @Test(arguments: [0, 1, 7, 44_640, 44_641, 120_000])
    func percentilesAreThoseOfTheSortedValues(count: Int) {
        var random = SeededRandom(seed: UInt64(count) + 11)
        let values: [Int32] = (0..<count).map { _ in
            switch random.next() % 10 {
            case 0: Int32(random.next() % 100_000)  // any second
            case 1: Int32(60 * (44_640 + random.next() % 1_000))  // minutes past 31 days
            case 2: 0
            default: Int32(60 * (random.next() % 3_000))  // whole minutes
            }
        }
        var one = DurationCounts()
        for v in values { one.add(v) }
        #expect(one.count == count)
        #expect(one.nearestRanks(Self.ps) == Self.expected(values))
        // In parts of random sizes (some counting minutes, some not), merged in order.
        var merged = DurationCounts()
        var rest = values[...]
        while !rest.isEmpty {
            let n = min(rest.count, 1 + Int(random.next() % 60_000))
            var part = DurationCounts()
            for v in rest.prefix(n) { part.add(v) }
            merged.add(part)
            rest = rest.dropFirst(n)
        }
        #expect(merged.count == count)
        #expect(merged.nearestRanks(Self.ps) == Self.expected(values))
    }
}

/// A small reproducible generator (SplitMix64).
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
