import SampleData
import Testing

@testable import SLAAnalytics

/// `IntMap` against `Dictionary` (the second implementation): the same entries after the
/// same updates, whatever the keys (0, negative, the extremes, keys that share a start slot).
@Suite struct IntMapTests {
    @Test func holdsWhatADictionaryHolds() {
        var rng = SplitMix64(seed: 24)
        var map = IntMap<Int>()
        var reference: [Int64: Int] = [:]
        let special: [Int64] = [0, -1, 1, .min, .max, 1 << 32, 2 << 32, 3 << 32]
        for step in 0..<50_000 {
            let key: Int64 =
                step % 7 == 0
                ? special[step % special.count]
                : Int64.random(in: -3000...3000, using: &rng) << (step % 3 == 0 ? 32 : 0)
            map[key, default: 0] += step
            reference[key, default: 0] += step
        }
        #expect(map.count == reference.count)
        #expect(Dictionary(uniqueKeysWithValues: map.map { ($0.key, $0.value) }) == reference)
        for key in reference.keys { #expect(map[key] == reference[key]) }
        #expect(map[12_345_678_901] == nil && map[12_345_678_901, default: -7] == -7)
        #expect(map.count == reference.count)  // a read with a default adds nothing
    }
}
