/// The parsed TAT seconds of a period's tickets, each kept once, in the list of its
/// (priority, queue) pair of label ids: a priority's figures are selected across the lists
/// of its pairs, a queue's across those of its, the overall figures across all of them
/// (`Statistics.nearestRanks(across:)`). (Kept by priority and again by queue, every value was
/// held twice: 28 MB for the 3.47 M tickets of a busy quarter.)
struct TATLists: Sendable {
    /// Each pair's index in `values`, by priority label id, then queue label id; -1 for none.
    private var index: [[Int32]] = []
    private(set) var priorities: [Int32] = []
    private(set) var queues: [Int32] = []
    /// Each pair's values added here.
    private var values: [[Int32]] = []
    /// Each pair's values merged from other readers' lists, a list each, copied to their
    /// size: appended to one growing list instead, a quarter's values took up to twice
    /// their 14 MB while it grew.
    private var merged: [[[Int32]]] = []

    /// Every pair's non-empty lists, each with the label ids of its pair's priority and queue.
    var labeledLists: [(priority: Int32, queue: Int32, list: [Int32])] {
        values.indices.flatMap { k in lists(ofPair: k).map { (priorities[k], queues[k], $0) } }
    }

    /// Pair `k`'s non-empty lists: its own values, then those merged.
    private func lists(ofPair k: Int) -> [[Int32]] { ([values[k]] + merged[k]).filter { !$0.isEmpty } }

    @inline(__always) mutating func add(_ tat: Int32, priority: Int32, queue: Int32) {
        values[pair(priority, queue)].append(tat)
    }

    /// The index of the pair's list, made the first time the pair is met.
    @inline(__always) mutating func pair(_ priority: Int32, _ queue: Int32) -> Int {
        let (p, q) = (Int(priority), Int(queue))
        if p < index.count, q < index[p].count, index[p][q] >= 0 { return Int(index[p][q]) }
        if p >= index.count { index.append(contentsOf: repeatElement([], count: p - index.count + 1)) }
        if q >= index[p].count { index[p].append(contentsOf: repeatElement(-1, count: q - index[p].count + 1)) }
        index[p][q] = Int32(values.count)
        priorities.append(priority)
        queues.append(queue)
        values.append([])
        merged.append([])
        return values.count - 1
    }

    /// Adds another reader's lists, whose label ids `remap` translates into this one's.
    mutating func merge(_ o: TATLists, remap: [Int32]) {
        for k in o.values.indices {
            let i = pair(remap[Int(o.priorities[k])], remap[Int(o.queues[k])])
            for list in o.lists(ofPair: k) {
                merged[i].append(
                    Array(unsafeUninitializedCapacity: list.count) { buffer, n in
                        n = buffer.initialize(fromContentsOf: list)
                    })
            }
        }
    }
}
