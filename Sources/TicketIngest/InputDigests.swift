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
    var sum = DigestSum()
    public private(set) var count = 0

    public init() {}

    /// The digest of `count` rows whose digests add up to `sum`.
    public init(sum: DigestSum, count: Int) {
        self.sum = sum
        self.count = count
    }

    @inline(__always) public mutating func add(_ row: RawTicketRow) {
        sum.add(digest: row.text(.rawSha256))
        count += 1
    }

    /// Adds another digest's rows.
    public mutating func merge(_ other: RowDigest) {
        sum.add(other.sum)
        count += other.count
    }

    /// SHA-256 of the 32-byte sum, big-endian, in lowercase hexadecimal.
    public var hex: String { Hex.lowercase(SHA256.hash(data: sumBytes)) }

    /// The 32-byte sum, big-endian.
    var sumBytes: [UInt8] { sum.bytes }

    /// The digest of `count` rows whose digests add up to `sumBytes` (32 bytes, big-endian).
    init?(sumBytes b: [UInt8], count: Int) {
        guard b.count == 32, count >= 0 else { return nil }
        func word(_ i: Int) -> UInt64 { b[i..<i + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        sum = DigestSum(word(0), word(8), word(16), word(24))
        self.count = count
    }
}
