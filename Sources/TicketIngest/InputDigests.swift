import Crypto
import Foundation
public import SLAAnalytics
public import TicketModel
public import TicketStore

/// The SHA-256 digests `provenance.inputs` records (docs/METRICS.md, "Provenance").
public enum InputDigests {
    /// Lowercase hexadecimal.
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Files: the SHA-256 of the files' digests, 32 bytes each, in reading order (the same
    /// as `sha256sum FILES | cut -c1-64 | xxd -r -p | sha256sum`).
    public static func files(_ digests: [[UInt8]]) -> InputDigest {
        var hash = SHA256()
        for d in digests { hash.update(data: d) }
        return InputDigest(source: "files", sha256: hex(hash.finalize()), count: digests.count)
    }

    /// A store: per ticket, SHA-256 of its decoded columns (`RowDigest`), the digests added
    /// up as 256-bit numbers (so neither the row order nor the threads matter), and the
    /// SHA-256 of that sum.
    public static func store(_ digest: RowDigest, days: ReportPeriod) -> InputDigest {
        InputDigest(
            source: "store", sha256: digest.hex, count: digest.count, from: days.from.description,
            to: days.to.description)
    }
}

/// The order-independent digest of store rows: each row's decoded columns
/// (`TicketColumn.decoded`, in order: per column a tag byte, 0 NULL, 1 an integer then its
/// eight bytes big-endian, 2 a text then its UTF-8 length as eight bytes big-endian and the
/// bytes) hashed with SHA-256, the digests added modulo 2²⁵⁶.
public struct RowDigest: Sendable {
    /// The sum, most significant word first.
    var sum: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    public private(set) var count = 0
    private var buffer: [UInt8] = []

    public init() {}

    public mutating func add(_ row: RawTicketRow) {
        buffer.removeAll(keepingCapacity: true)
        func append(_ v: UInt64) {
            withUnsafeBytes(of: v.bigEndian) { buffer.append(contentsOf: $0) }
        }
        for column in TicketColumn.decoded {
            if column.isText, let text = row.text(column) {
                buffer.append(2)
                append(UInt64(text.count))
                buffer.append(contentsOf: text)
            } else if !column.isText, let n = row.int64(column) {
                buffer.append(1)
                append(UInt64(bitPattern: n))
            } else {
                buffer.append(0)
            }
        }
        var hash = SHA256()
        buffer.withUnsafeBytes { hash.update(bufferPointer: $0) }
        let words = hash.finalize().withUnsafeBytes { p in
            (
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            )
        }
        add(words)
        count += 1
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
    public var hex: String {
        var bytes: [UInt8] = []
        for word in [sum.0, sum.1, sum.2, sum.3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return InputDigests.hex(SHA256.hash(data: bytes))
    }
}
