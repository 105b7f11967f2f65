import Crypto
import Foundation
public import SLAAnalytics
public import TicketModel
public import TicketStore

/// The SHA-256 digests `provenance.inputs` records (docs/METRICS.md, "Provenance").
public enum InputDigests {
    /// Files: the SHA-256 of the files' digests, 32 bytes each, in reading order (the same
    /// as `sha256sum FILES | cut -c1-64 | xxd -r -p | sha256sum`).
    public static func files(_ digests: [[UInt8]]) -> InputDigest {
        var hash = SHA256()
        for d in digests { hash.update(data: d) }
        return InputDigest(source: "files", sha256: Hex.lowercase(hash.finalize()), count: digests.count)
    }

    /// A store: per ticket, the SHA-256 of its raw JSON as received (`raw_sha256`, kept by
    /// every write), the digests added up as 256-bit numbers (so neither the row order nor
    /// the threads matter), and the SHA-256 of that sum.
    public static func store(_ digest: RowDigest, days: ReportPeriod) -> InputDigest {
        InputDigest(
            source: "store", sha256: digest.hex, count: digest.count, from: days.from.description,
            to: days.to.description)
    }
}

/// The order-independent digest of store rows: each row's stored SHA-256 of its raw JSON
/// (`TicketColumn.rawSha256`; a row without one counts as the SHA-256 of no bytes), the
/// digests added modulo 2²⁵⁶.
public struct RowDigest: Sendable, Equatable {
    /// The sum, most significant word first.
    var sum: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    public static func == (a: RowDigest, b: RowDigest) -> Bool { a.count == b.count && a.sum == b.sum }
    public private(set) var count = 0

    public init() {}

    /// The SHA-256 of no bytes, for a row without a stored digest.
    static let ofNothing: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    @inline(__always) public mutating func add(_ row: RawTicketRow) {
        if let d = row.text(.rawSha256), d.count == 32 {
            add(UnsafeRawBufferPointer(d))
        } else {
            Self.ofNothing.withUnsafeBytes { add($0) }
        }
        count += 1
    }

    @inline(__always) private mutating func add(_ p: UnsafeRawBufferPointer) {
        add(
            (
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            ))
    }

    /// Adds another digest's rows.
    public mutating func merge(_ other: RowDigest) {
        add(other.sum)
        count += other.count
    }

    private mutating func add(_ w: (UInt64, UInt64, UInt64, UInt64)) {
        let (d, c3) = sum.3.addingReportingOverflow(w.3)
        let (c1, o2a) = sum.2.addingReportingOverflow(w.2)
        let (c, o2b) = c1.addingReportingOverflow(c3 ? 1 : 0)
        let (b1, o1a) = sum.1.addingReportingOverflow(w.1)
        let (b, o1b) = b1.addingReportingOverflow((o2a || o2b) ? 1 : 0)
        let a = sum.0 &+ w.0 &+ ((o1a || o1b) ? 1 : 0)
        sum = (a, b, c, d)
    }

    /// SHA-256 of the 32-byte sum, big-endian, in lowercase hexadecimal.
    public var hex: String { Hex.lowercase(SHA256.hash(data: sumBytes)) }

    /// The 32-byte sum, big-endian.
    var sumBytes: [UInt8] {
        var bytes: [UInt8] = []
        for word in [sum.0, sum.1, sum.2, sum.3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// The digest of `count` rows whose digests add up to `sumBytes` (32 bytes, big-endian).
    init?(sumBytes b: [UInt8], count: Int) {
        guard b.count == 32, count >= 0 else { return nil }
        func word(_ i: Int) -> UInt64 { b[i..<i + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        sum = (word(0), word(8), word(16), word(24))
        self.count = count
    }
}
