/// Durations in seconds kept for their exact nearest-rank percentiles (the figures of
/// `Statistics.nearestRanks`) in bounded memory: a plain list while it is short; past
/// `minuteLimit` values, the whole minutes under 31 days as counts (Kapture's TATs are whole
/// minutes, so nearly all of them), any other value still listed. A group of a quarter's
/// 3 million TATs takes 179 KB instead of 12 MB, and merging two groups adds their counts.
struct DurationCounts: Sendable, Equatable {
    /// How many durations were added.
    private(set) var count = 0
    /// The durations not counted by minute (all of them while `byMinute` is empty).
    private var listed: [Int32] = []
    /// Counts of each whole minute `0..<minuteLimit`, once the list grows past that many.
    private var byMinute: [Int32] = []

    /// 31 days of minutes; a list of that many durations takes as much memory as the counts.
    static let minuteLimit = 31 * 24 * 60

    /// Whether `v` is counted by minute (once counting has begun).
    @inline(__always) static func minute(_ v: Int32) -> Int? {
        v >= 0 && v % 60 == 0 && v / 60 < minuteLimit ? Int(v / 60) : nil
    }

    mutating func add(_ v: Int32) {
        count += 1
        if !byMinute.isEmpty, let m = Self.minute(v) {
            byMinute[m] += 1
            return
        }
        listed.append(v)
        if byMinute.isEmpty && listed.count > Self.minuteLimit { countByMinute() }
    }

    /// Adds another group's durations.
    mutating func add(_ o: DurationCounts) {
        guard !o.byMinute.isEmpty else {
            for v in o.listed { add(v) }
            return
        }
        if byMinute.isEmpty { countByMinute() }
        for m in byMinute.indices { byMinute[m] += o.byMinute[m] }
        // (What the other group still lists is not a whole minute under the limit.)
        listed += o.listed
        count += o.count
    }

    private mutating func countByMinute() {
        byMinute = Array(repeating: 0, count: Self.minuteLimit)
        var rest: [Int32] = []
        for v in listed {
            if let m = Self.minute(v) { byMinute[m] += 1 } else { rest.append(v) }
        }
        listed = rest
    }

    /// The nearest-rank percentiles `ps` (each in 0…1): for each, the value at rank ⌈p·n⌉ of
    /// the durations in order, as `Statistics.nearestRanks`; `nil` for none.
    func nearestRanks(_ ps: [Double]) -> [Int?] {
        guard count > 0 else { return ps.map { _ in nil } }
        guard !byMinute.isEmpty else {
            var values = listed
            return Statistics.nearestRanks(selecting: &values, ps)
        }
        let ranks = ps.map { min(max(1, Int(($0 * Double(count)).rounded(.up))), count) }
        let others = listed.sorted()
        var result = [Int?](repeating: nil, count: ps.count)
        // Walk the values in order, the counted minutes and the listed values merged.
        var seen = 0
        var j = 0
        var m = 0
        func reach(_ value: Int, _ n: Int) {
            for (i, r) in ranks.enumerated() where result[i] == nil && seen < r && seen + n >= r { result[i] = value }
            seen += n
        }
        while m < byMinute.count || j < others.count {
            if j < others.count && (m >= byMinute.count || Int(others[j]) < m * 60) {
                reach(Int(others[j]), 1)
                j += 1
            } else {
                if byMinute[m] > 0 { reach(m * 60, Int(byMinute[m])) }
                m += 1
            }
        }
        return result
    }
}

extension DurationCounts: EmptyCounts { static var empty: DurationCounts { DurationCounts() } }
