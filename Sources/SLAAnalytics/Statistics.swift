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
    /// without copying them all (`nearestRanks(across:groups:_:)` with one group).
    public static func nearestRanks(across lists: [[Int32]], _ ps: [Double]) -> [Int?] {
        nearestRanks(across: lists, groups: [Array(lists.indices)], ps)[0]
    }

    /// For each group (the indices in `lists` of its lists; a list may be in several groups),
    /// `nearestRanks(selecting:_:)` of the values of its lists together (each value ≥ 0): the
    /// same values as concatenating a group's lists and selecting in them.
    ///
    /// Up to 65,536 values in all, each group's values are copied and selected in. Past that,
    /// every list is read twice whatever the number of groups it is in (a quarter's TATs are
    /// in three: all, their priority's, their queue's): once to count its values by ranges of
    /// equal width (at most 16,384 ranges up to the largest value, fewer when the groups are
    /// many), then to copy, for each group, only the values of the ranges its ranks fall in,
    /// which are selected in (one copy for two ranks in one range; when those copies would
    /// hold more than 4 M values together, they are made a few at a time, one more read each).
    public static func nearestRanks(across lists: [[Int32]], groups: [[Int]], _ ps: [Double]) -> [[Int?]] {
        let total = lists.reduce(0) { $0 + $1.count }
        guard total > 65_536 else {
            return groups.map { indices in
                var all = indices.count == 1 ? lists[indices[0]] : indices.flatMap { lists[$0] }
                return nearestRanks(selecting: &all, ps)
            }
        }
        var largest: Int32 = 0
        for list in lists { for v in list { largest = max(largest, v) } }
        let most = max(16, min(1 << 14, (1 << 20) / max(1, groups.count)))
        var shift: Int32 = 0
        while Int(largest >> shift) >= most { shift += 1 }
        let width = Int(largest >> shift) + 1
        var member = [[Int]](repeating: [], count: lists.count)
        for (g, indices) in groups.enumerated() { for i in indices { member[i].append(g) } }

        // The counts of each group's values by range, `width` counters a group.
        var counts = [Int32](repeating: 0, count: groups.count * width)
        var scratch = [Int32](repeating: 0, count: width)
        counts.withUnsafeMutableBufferPointer { c in
            scratch.withUnsafeMutableBufferPointer { one in
                for (i, list) in lists.enumerated() where !member[i].isEmpty && !list.isEmpty {
                    if member[i].count == 1 || list.count < width {
                        for g in member[i] {
                            let base = g * width
                            for v in list { c[base + Int(max(0, v) >> shift)] &+= 1 }
                        }
                    } else {
                        // A long list in several groups: counted once, the counts added to each.
                        one.update(repeating: 0)
                        for v in list { one[Int(max(0, v) >> shift)] &+= 1 }
                        for g in member[i] {
                            let base = g * width
                            for r in 0..<width { c[base + r] &+= one[r] }
                        }
                    }
                }
            }
        }

        // Each group's ranks: the range each falls in (-1: the group is empty), and its rank
        // within the range; and each distinct (group, range) a rank falls in, with its count.
        var targets = [[(range: Int, rank: Int)]](repeating: [], count: groups.count)
        var pairs: [(group: Int, range: Int, count: Int)] = []
        for g in groups.indices {
            let n = groups[g].reduce(0) { $0 + lists[$1].count }
            let ranks = ps.map { p -> (range: Int, rank: Int) in
                guard n > 0 else { return (-1, 0) }
                var rank = min(max(1, Int((p * Double(n)).rounded(.up))), n) - 1
                var range = 0
                while rank >= Int(counts[g * width + range]) {
                    rank -= Int(counts[g * width + range])
                    range += 1
                }
                return (range, rank)
            }
            targets[g] = ranks
            for (j, t) in ranks.enumerated() where t.range >= 0 && !ranks[..<j].contains(where: { $0.range == t.range })
            {
                pairs.append((g, t.range, Int(counts[g * width + t.range])))
            }
        }
        // The values of those ranges copied and selected in, as many pairs at a time as hold
        // at most 4 M values between them (a pair above that alone): values bunched in one
        // range (every TAT the same) are copied for one pair at a time, as a single group's are.
        var result = [[Int?]](repeating: ps.map { _ in nil }, count: groups.count)
        var first = 0
        while first < pairs.count {
            var end = first + 1
            var size = pairs[first].count
            while end < pairs.count && size + pairs[end].count <= 1 << 22 {
                size += pairs[end].count
                end += 1
            }
            // For each group, the ranges of this part's pairs and where their values go.
            var ranges = [[(range: Int, pair: Int)]](repeating: [], count: groups.count)
            var wanted = [Bool](repeating: false, count: width)
            var values = [[Int32]](repeating: [], count: end - first)
            for k in first..<end {
                ranges[pairs[k].group].append((pairs[k].range, k - first))
                wanted[pairs[k].range] = true
                values[k - first].reserveCapacity(pairs[k].count)
            }
            for (i, list) in lists.enumerated() where !member[i].isEmpty {
                for v in list {
                    let range = Int(max(0, v) >> shift)
                    guard wanted[range] else { continue }
                    for g in member[i] {
                        for r in ranges[g] where r.range == range { values[r.pair].append(v) }
                    }
                }
            }
            for k in first..<end {
                let g = pairs[k].group
                for j in ps.indices where targets[g][j].range == pairs[k].range {
                    result[g][j] = Int(kthSmallest(&values[k - first], targets[g][j].rank))
                }
            }
            first = end
        }
        return result
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
