import Foundation
import TicketModel
import TicketStore

/// The scanned values of a ticket's fields read as the tolerant decoder reads them
/// (`TicketDecoder.text`, `.integer`, `.date`), in place when the bytes allow it.
extension FactsDecoder {
    /// The JSON value of a scanned value, built the slow way (rare paths only).
    func jsonValue(_ s: ByteScanner, _ v: ByteScanner.Value) -> JSONValue { Self.jsonValue(s, v) }

    static func jsonValue(_ s: ByteScanner, _ v: ByteScanner.Value) -> JSONValue {
        let start = v.kind == .string ? v.start - 1 : v.start
        let end = v.kind == .string ? v.end + 1 : v.end
        return (try? JSONParser.parse(Array(UnsafeBufferPointer(start: s.base + start, count: end - start)))) ?? .null
    }

    /// `TicketDecoder.text` of a value.
    func text(_ s: ByteScanner, _ v: ByteScanner.Value?) -> String? { Self.text(s, v) }

    static func text(_ s: ByteScanner, _ v: ByteScanner.Value?) -> String? {
        guard let v else { return nil }
        let bytes = UnsafeBufferPointer(start: s.base + v.start, count: v.end - v.start)
        switch v.kind {
        case .null, .object, .array: return nil
        case .string where !v.escaped: return TicketDecoder.text(.string(String(decoding: bytes, as: UTF8.self)))
        case .number: return TicketDecoder.text(.number(String(decoding: bytes, as: UTF8.self)))
        case .trueLiteral: return "true"
        case .falseLiteral: return "false"
        default: return TicketDecoder.text(jsonValue(s, v))
        }
    }

    /// Interns a value's raw bytes in `cache`; `isNew` when first seen.
    @inline(__always) static func intern<P>(
        _ cache: inout FieldCache<P>, _ s: ByteScanner, _ v: ByteScanner.Value?, isNew: inout Bool
    )
        -> Int32
    {
        guard let v else {
            return cache.interner.intern(s.base, 0, tag: 0xFF, isNew: &isNew)
        }
        switch v.kind {
        case .null, .object, .array:
            return cache.interner.intern(s.base, 0, tag: 0xFE, isNew: &isNew)
        default:
            return cache.interner.intern(s.base + v.start, v.end - v.start, tag: v.kind.rawValue, isNew: &isNew)
        }
    }

    /// `TicketDecoder.integer` of a value, arithmetically for plain integers (also inside a
    /// string, as Kapture sends `customer_rating`, white space around them trimmed).
    func integer(_ s: ByteScanner, _ v: ByteScanner.Value?) -> Int64? {
        guard let v else { return nil }
        if v.kind == .number || (v.kind == .string && !v.escaped) {
            var i = v.start
            var end = v.end
            while i < end, isSpace(s.base[i]) { i += 1 }
            while end > i, isSpace(s.base[end - 1]) { end -= 1 }
            var negative = false
            if i < end && s.base[i] == 0x2D {
                negative = true
                i += 1
            }
            let digits = end - i
            if digits >= 1 && digits <= 18 {
                var n: Int64 = 0
                var plain = true
                for k in i..<end {
                    let d = s.base[k] &- 0x30
                    if d > 9 {
                        plain = false
                        break
                    }
                    n = n * 10 + Int64(d)
                }
                if plain { return negative ? -n : n }
            }
        }
        switch v.kind {
        case .number, .string: return TicketDecoder.integer(jsonValue(s, v))
        default: return nil
        }
    }

    /// A string value read as a Kapture timestamp (wall time), like `TicketDecoder.date`.
    func localSeconds(_ s: ByteScanner, _ v: ByteScanner.Value) -> Int64? {
        guard v.kind == .string else { return nil }
        if v.escaped {
            guard case .string(let text) = jsonValue(s, v) else { return nil }
            return KaptureTimestamp.localSeconds(text)
        }
        return KaptureTimestamp.localSeconds(utf8: UnsafeBufferPointer(start: s.base + v.start, count: v.end - v.start))
    }

    /// Whether a string's bytes are its text as is: no entity, no surrounding white space.
    @inline(__always) func plainText(_ s: ByteScanner, _ v: ByteScanner.Value) -> Bool {
        guard v.end > v.start else { return true }
        let first = s.base[v.start]
        let last = s.base[v.end - 1]
        if first <= 0x20 || last <= 0x20 { return false }
        return memchr(s.base + v.start, 0x26, v.end - v.start) == nil
    }

    @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}
