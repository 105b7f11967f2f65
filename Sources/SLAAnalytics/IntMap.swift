/// A dictionary from `Int64` keys to counts, for what a report looks up once a ticket (the
/// assignee's counts, the disposition pair's): open addressing with a multiplicative hash,
/// where `Dictionary` hashes each key with SipHash (8–9 % of a quarter's report). Entries
/// stay in the order they were added; every figure made from one is sorted by a total order,
/// so that order never shows.
struct IntMap<Value>: Sequence {
    private(set) var keys: [Int64] = []
    private(set) var values: [Value] = []
    /// Each slot's entry index; -1 for an empty slot. A power of two long, at most half full.
    private var slots = [Int32](repeating: -1, count: 16)

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    @inline(__always) private func start(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & (slots.count - 1)
    }

    /// The entry index of `key`, if it has one.
    @inline(__always) func index(of key: Int64) -> Int? {
        var s = start(key)
        while true {
            let i = slots[s]
            if i < 0 { return nil }
            if keys[Int(i)] == key { return Int(i) }
            s = (s + 1) & (slots.count - 1)
        }
    }

    /// The entry index of `key`, made with `value()` when it has none.
    @inline(__always) mutating func index(inserting key: Int64, _ value: () -> Value) -> Int {
        var s = start(key)
        while true {
            let i = slots[s]
            if i < 0 { break }
            if keys[Int(i)] == key { return Int(i) }
            s = (s + 1) & (slots.count - 1)
        }
        slots[s] = Int32(keys.count)
        keys.append(key)
        values.append(value())
        if keys.count * 2 > slots.count { grow() }
        return keys.count - 1
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (i, key) in keys.enumerated() {
            var s = start(key)
            while slots[s] >= 0 { s = (s + 1) & (slots.count - 1) }
            slots[s] = Int32(i)
        }
    }

    subscript(key: Int64) -> Value? { index(of: key).map { values[$0] } }

    subscript(key: Int64, default value: @autoclosure () -> Value) -> Value {
        get { index(of: key).map { values[$0] } ?? value() }
        _modify {
            let i = index(inserting: key, value)
            yield &values[i]
        }
    }

    func makeIterator() -> some IteratorProtocol<(key: Int64, value: Value)> {
        zip(keys, values).lazy.map { (key: $0, value: $1) }.makeIterator()
    }
}

extension IntMap: Sendable where Value: Sendable {}
