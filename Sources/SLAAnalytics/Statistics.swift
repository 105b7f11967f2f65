import Foundation

/// The small statistics the report needs, written out so every figure is reproducible.
public enum Statistics {
    /// z for a two-sided 95 % interval.
    public static let z95 = 1.959963984540054

    /// numerator / denominator, or `nil` when the denominator is zero.
    public static func rate(_ numerator: Int, _ denominator: Int) -> Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }

    /// The Wilson score interval of `successes` out of `trials` at 95 %; `nil` for no trials.
    public static func wilsonInterval(successes: Int, trials: Int) -> Interval? {
        guard trials > 0 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z95 * z95
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z95 * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return Interval(lower: max(0, center - half), upper: min(1, center + half))
    }

    /// Two-sided p-value of the pooled two-proportion z-test; `nil` when either side is
    /// empty or the pooled proportion is 0 or 1 (no variance to test against).
    public static func twoProportionPValue(x1: Int, n1: Int, x2: Int, n2: Int) -> Double? {
        guard n1 > 0, n2 > 0 else { return nil }
        let p1 = Double(x1) / Double(n1)
        let p2 = Double(x2) / Double(n2)
        let pooled = Double(x1 + x2) / Double(n1 + n2)
        let se = (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
        guard se > 0 else { return nil }
        let z = (p1 - p2) / se
        return erfc(abs(z) / 2.0.squareRoot())
    }

    /// Nearest-rank percentile (`p` in 0…1) of unsorted values, by selection (no full sort):
    /// the value at rank ⌈p·n⌉. `values` is reordered.
    public static func nearestRank(selecting values: inout [Int32], _ p: Double) -> Int? {
        nearestRanks(selecting: &values, [p])[0]
    }

    /// The nearest-rank percentiles `ps` (each in 0…1) of unsorted values, by selection: each
    /// rank selected within the part of the array the one below it left above itself (a
    /// selection leaves no greater value before the rank, no smaller after). `values` is
    /// reordered.
    public static func nearestRanks(selecting values: inout [Int32], _ ps: [Double]) -> [Int?] {
        guard !values.isEmpty else { return ps.map { _ in nil } }
        let n = values.count
        let ranks = ps.map { min(max(1, Int(($0 * Double(n)).rounded(.up))), n) - 1 }
        var result = [Int?](repeating: nil, count: ps.count)
        var from = 0
        for i in ranks.indices.sorted(by: { ranks[$0] < ranks[$1] }) {
            result[i] = Int(kthSmallest(&values, ranks[i], from: from))
            from = ranks[i]
        }
        return result
    }

    /// `nearestRanks(selecting:_:)` of the values of all `lists` together (each value ≥ 0),
    /// without copying them all: past 65,536 values, a count of the values by their high bits
    /// (2 MB of counters) finds each rank's range of 4,096, and only that range's values are
    /// copied and selected in. The same values as concatenating the lists and selecting.
    public static func nearestRanks(across lists: [[Int32]], _ ps: [Double]) -> [Int?] {
        let n = lists.reduce(0) { $0 + $1.count }
        guard n > 65_536 else {
            var all = lists.count == 1 ? lists[0] : lists.flatMap { $0 }
            return nearestRanks(selecting: &all, ps)
        }
        let shift: Int32 = 12
        var counts = [Int32](repeating: 0, count: Int(Int32.max >> shift) + 1)
        counts.withUnsafeMutableBufferPointer { c in
            for list in lists { for v in list { c[Int(max(0, v) >> shift)] &+= 1 } }
        }
        return ps.map { p in
            var rank = min(max(1, Int((p * Double(n)).rounded(.up))), n) - 1
            var bucket = 0
            while rank >= Int(counts[bucket]) {
                rank -= Int(counts[bucket])
                bucket += 1
            }
            var inBucket: [Int32] = []
            inBucket.reserveCapacity(Int(counts[bucket]))
            for list in lists { for v in list where Int(max(0, v) >> shift) == bucket { inBucket.append(v) } }
            return Int(kthSmallest(&inBucket, rank))
        }
    }

    /// The k-th smallest value (0-based) by iterative quickselect with a median-of-three
    /// pivot, looking only at `from…` (every value before `from` is no greater than those
    /// after it, and `k >= from`).
    static func kthSmallest(_ values: inout [Int32], _ k: Int, from: Int = 0) -> Int32 {
        values.withUnsafeMutableBufferPointer { a in
            var lo = from
            var hi = a.count - 1
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                if a[mid] < a[lo] { a.swapAt(mid, lo) }
                if a[hi] < a[lo] { a.swapAt(hi, lo) }
                if a[hi] < a[mid] { a.swapAt(hi, mid) }
                let pivot = a[mid]
                var i = lo
                var j = hi
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while a[j] > pivot { j -= 1 }
                    if i <= j {
                        a.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if k <= j {
                    hi = j
                } else if k >= i {
                    lo = i
                } else {
                    return a[k]
                }
            }
            return a[k]
        }
    }

    /// Nearest-rank percentile (`p` in 0…1) of sorted values: the value at rank ⌈p·n⌉.
    public static func nearestRank(_ sorted: [Int], _ p: Double) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let rank = max(1, Int((p * Double(sorted.count)).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }
}

extension Statistics {
    /// The median of `values` (the mean of the two middle ones for an even count); `nil`
    /// for none.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The robust range median ± k × s of `values`, where s is the median absolute deviation
    /// scaled by 1.4826 (so that it estimates the standard deviation of normal data), or,
    /// when that is 0 (more than half the values equal), the mean absolute deviation from
    /// the median scaled by 1.2533 (Iglewicz and Hoaglin's fallback); at least
    /// `minimumSpread(median)`.
    public static func robustRange(
        _ values: [Double], k: Double, minimumSpread: (Double) -> Double = { _ in 0 }
    ) -> (median: Double, low: Double, high: Double)? {
        guard let m = median(values) else { return nil }
        let deviations = values.map { abs($0 - m) }
        var spread = 1.4826 * (median(deviations) ?? 0)
        if spread == 0 { spread = 1.2533 * deviations.reduce(0, +) / Double(deviations.count) }
        spread = max(spread, minimumSpread(m))
        return (m, m - k * spread, m + k * spread)
    }
}
