#if canImport(Glibc)
    public import Glibc
#endif

/// Interns byte strings as small integer ids: an open-addressing table over an arena of
/// bytes, so a repeated value (a queue name, a status) is hashed and compared, never copied
/// or decoded twice.
/// (Public and inlinable: the byte scanner, the store readers and the fact blocks' builder
/// intern in their innermost loops.)
public struct RawInterner: Sendable {
    @usableFromInline var arena: [UInt8] = []
    @usableFromInline var offsets: [Int32] = []
    @usableFromInline var lengths: [Int32] = []
    @usableFromInline var hashes: [UInt64] = []
    @usableFromInline var table: [Int32]
    @usableFromInline var mask: Int

    public init() {
        table = Array(repeating: -1, count: 64)
        mask = 63
    }

    @inlinable public var count: Int { offsets.count }

    /// The bytes of the value `id`.
    public func bytes(_ id: Int) -> ArraySlice<UInt8> {
        let off = Int(offsets[id])
        return arena[off..<(off + Int(lengths[id]))]
    }

    @inlinable @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ n: Int, tag: UInt8) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* (UInt64(n) &+ UInt64(tag) << 32 &+ 1)
        var i = 0
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(p[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        return h
    }

    /// The id of the bytes `p[0..<n]` with `tag` (the JSON kind); `isNew` when just added.
    @inlinable @inline(__always) public mutating func intern(
        _ p: UnsafePointer<UInt8>, _ n: Int, tag: UInt8, isNew: inout Bool
    ) -> Int32 {
        let h = Self.hash(p, n, tag: tag)
        var slot = Int(truncatingIfNeeded: h >> 7) & mask
        while true {
            let id = table[slot]
            if id < 0 { break }
            let k = Int(id)
            if hashes[k] == h && Int(lengths[k]) == n {
                let off = Int(offsets[k])
                let same = n == 0 || arena.withUnsafeBufferPointer { a in memcmp(a.baseAddress! + off, p, n) == 0 }
                if same {
                    isNew = false
                    return id
                }
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(offsets.count)
        offsets.append(Int32(arena.count))
        lengths.append(Int32(n))
        hashes.append(h)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        table[slot] = id
        isNew = true
        if offsets.count * 2 > table.count { grow() }
        return id
    }

    @usableFromInline mutating func grow() {
        let size = table.count * 2
        table = Array(repeating: -1, count: size)
        mask = size - 1
        for (k, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h >> 7) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(k)
        }
    }
}
