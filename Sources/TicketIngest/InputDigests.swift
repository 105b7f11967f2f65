import Crypto
public import Foundation
public import SLAAnalytics
public import TicketModel
public import TicketStore

/// The SHA-256 digests `provenance.inputs` records (docs/METRICS.md, "Provenance").
public enum InputDigests {
    /// Lowercase hexadecimal.
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 of a file's bytes, read in 1 MiB chunks; `nil` when it cannot be read.
    public static func file(_ path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256()
        do {
            // `nil` at the end of the file.
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        } catch {
            return nil
        }
        return Array(hash.finalize())
    }

    /// Files: the SHA-256 of the files' digests, 32 bytes each, in reading order (the same
    /// as `sha256sum FILES | cut -c1-64 | xxd -r -p | sha256sum`).
    public static func files(_ digests: [[UInt8]]) -> InputDigest {
        var hash = SHA256()
        for d in digests { hash.update(data: d) }
        return InputDigest(source: "files", sha256: hex(hash.finalize()), count: digests.count)
    }

    /// A store: every ticket created in `days` (in `zone`) as SHA-256(ticketId, NUL, raw JSON
    /// as received), the digests sorted and hashed together, so the figure does not depend
    /// on the store's kind, its compression or the order of its rows.
    public static func store(_ store: any TicketStoring, days: ReportPeriod, zone: TimeZone) throws -> InputDigest {
        let range = ZoneClock(zone).instants(from: days.from, through: days.to)
        var digests: [SHA256.Digest] = []
        try store.forEachRawJSON(createdFrom: range.lowerBound, before: range.upperBound) { id, json in
            var hash = SHA256()
            var id = id
            id.withUTF8 { hash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            hash.update(data: [0])
            var json = json
            json.withUTF8 { hash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            digests.append(hash.finalize())
        }
        digests.sort { a, b in a.lexicographicallyPrecedes(b) }
        var all = SHA256()
        for d in digests { d.withUnsafeBytes { all.update(bufferPointer: $0) } }
        return InputDigest(
            source: "store", sha256: hex(all.finalize()), count: digests.count, from: days.from.description,
            to: days.to.description)
    }
}
