/// Bytes as lowercase hexadecimal, two digits a byte: the one spelling of a digest (the
/// inputs' and the configuration's in `provenance`, ETags, feed-token hashes). Written out
/// by hand: `String(format: "%02x")` a byte was a seventh of a cached summary's request.
public enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    public static func lowercase<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
