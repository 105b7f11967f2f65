/// A validating JSON scanner over raw bytes that finds values without building them.
///
/// It is the fast path of decoding: strings are skipped eight bytes at a time (SWAR) and
/// only the byte ranges of interesting values are recorded. It accepts exactly what
/// `JSONParser` accepts: any syntax error (or invalid UTF-8) makes it fail, and the caller
/// then falls back to `JSONParser` for the precise error.
public struct ByteScanner {
    public let base: UnsafePointer<UInt8>
    public let count: Int

    public init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// The kind of a scanned value.
    public enum Kind: UInt8, Sendable {
        case string, number, trueLiteral, falseLiteral, null, object, array
    }

    /// A scanned value: its kind and its bytes (for strings, between the quotes).
    public struct Value {
        public var kind: Kind
        public var start: Int
        public var end: Int
        /// For strings: whether it contains a backslash escape.
        public var escaped: Bool
    }

    /// Thrown (as a plain signal) when the input is not JSON the fast path accepts.
    public struct Failure: Error {
        public init() {}
    }

    @inline(__always) public func skipWhitespace(_ i: Int) -> Int {
        var i = i
        while i < count {
            let b = base[i]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { break }
        }
        return i
    }

    /// Scans the string whose opening quote is at `i - 1`; returns the index of the closing quote.
    @inline(__always) public func scanString(from i: Int, escaped: inout Bool) throws(Failure) -> Int {
        var i = i
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawPointer(base)
        while true {
            // Eight bytes at a time while none is a quote, a backslash, a control or non-ASCII.
            while i + 8 <= count {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let q = w ^ (ones &* 0x22)
                let s = w ^ (ones &* 0x5C)
                let special =
                    (((q &- ones) & ~q) | ((s &- ones) & ~s) | ((w &- ones &* 0x20) & ~w) | w) & highs
                if special != 0 {
                    // The lowest flag of each test is exact, so this is the first special byte.
                    i += special.trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
            guard i < count else { throw Failure() }
            let b = base[i]
            if b == 0x22 { return i }
            if b == 0x5C {
                escaped = true
                guard i + 1 < count else { throw Failure() }
                switch base[i + 1] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: i += 2
                case 0x75:
                    guard i + 6 <= count else { throw Failure() }
                    for k in 2..<6 {
                        let h = base[i + k]
                        guard (h >= 0x30 && h <= 0x39) || (h | 0x20 >= 0x61 && h | 0x20 <= 0x66) else {
                            throw Failure()
                        }
                    }
                    i += 6
                default: throw Failure()
                }
            } else if b < 0x20 {
                throw Failure()
            } else if b < 0x80 {
                i += 1
            } else {
                i = try validateUTF8Sequence(at: i)
            }
        }
    }

    /// Validates one multi-byte UTF-8 sequence starting at `i`; returns the index after it.
    @inline(__always) func validateUTF8Sequence(at i: Int) throws(Failure) -> Int {
        let b0 = base[i]
        @inline(__always) func cont(_ k: Int) throws(Failure) -> UInt8 {
            guard i + k < count else { throw Failure() }
            let c = base[i + k]
            guard c & 0xC0 == 0x80 else { throw Failure() }
            return c
        }
        if b0 >= 0xC2 && b0 <= 0xDF {
            _ = try cont(1)
            return i + 2
        } else if b0 >= 0xE0 && b0 <= 0xEF {
            let c1 = try cont(1)
            if b0 == 0xE0 && c1 < 0xA0 { throw Failure() }
            if b0 == 0xED && c1 > 0x9F { throw Failure() }
            _ = try cont(2)
            return i + 3
        } else if b0 >= 0xF0 && b0 <= 0xF4 {
            let c1 = try cont(1)
            if b0 == 0xF0 && c1 < 0x90 { throw Failure() }
            if b0 == 0xF4 && c1 > 0x8F { throw Failure() }
            _ = try cont(2)
            _ = try cont(3)
            return i + 4
        }
        throw Failure()
    }

    /// Scans a number starting at `i`; returns the index after it.
    @inline(__always) func scanNumber(_ i: Int) throws(Failure) -> Int {
        var i = i
        if base[i] == 0x2D { i += 1 }
        guard i < count else { throw Failure() }
        if base[i] == 0x30 {
            i += 1
        } else if base[i] >= 0x31 && base[i] <= 0x39 {
            i += 1
            while i < count, base[i] &- 0x30 < 10 { i += 1 }
        } else {
            throw Failure()
        }
        if i < count, base[i] == 0x2E {
            i += 1
            let s = i
            while i < count, base[i] &- 0x30 < 10 { i += 1 }
            guard i > s else { throw Failure() }
        }
        if i < count, base[i] | 0x20 == 0x65 {
            i += 1
            if i < count, base[i] == 0x2B || base[i] == 0x2D { i += 1 }
            let s = i
            while i < count, base[i] &- 0x30 < 10 { i += 1 }
            guard i > s else { throw Failure() }
        }
        return i
    }

    @inline(__always) func literal(_ i: Int, _ word: UInt32, _ length: Int) throws(Failure) -> Int {
        guard i + length <= count else { throw Failure() }
        if length == 4 {
            guard UnsafeRawPointer(base).loadUnaligned(fromByteOffset: i, as: UInt32.self) == word else {
                throw Failure()
            }
        } else {
            // "false": "fals" + "e"
            guard UnsafeRawPointer(base).loadUnaligned(fromByteOffset: i, as: UInt32.self) == word, base[i + 4] == 0x65
            else { throw Failure() }
        }
        return i + length
    }

    /// Scans the value at `i` (no leading white space); returns it and the index after it.
    @inline(__always) public func scanValue(_ i: Int, depth: Int = 0) throws(Failure) -> (Value, Int) {
        guard i < count, depth < 256 else { throw Failure() }
        switch base[i] {
        case 0x22:
            var escaped = false
            let end = try scanString(from: i + 1, escaped: &escaped)
            return (Value(kind: .string, start: i + 1, end: end, escaped: escaped), end + 1)
        case 0x7B:
            let end = try skipContainer(i, close: 0x7D, depth: depth)
            return (Value(kind: .object, start: i, end: end, escaped: false), end)
        case 0x5B:
            let end = try skipContainer(i, close: 0x5D, depth: depth)
            return (Value(kind: .array, start: i, end: end, escaped: false), end)
        case 0x74:
            let end = try literal(i, 0x6575_7274, 4)  // "true"
            return (Value(kind: .trueLiteral, start: i, end: end, escaped: false), end)
        case 0x66:
            let end = try literal(i, 0x736C_6166, 5)  // "fals"
            return (Value(kind: .falseLiteral, start: i, end: end, escaped: false), end)
        case 0x6E:
            let end = try literal(i, 0x6C6C_756E, 4)  // "null"
            return (Value(kind: .null, start: i, end: end, escaped: false), end)
        case 0x2D, 0x30...0x39:
            let end = try scanNumber(i)
            return (Value(kind: .number, start: i, end: end, escaped: false), end)
        default:
            throw Failure()
        }
    }

    /// Validates and skips an object or array starting at `i`; returns the index after it.
    func skipContainer(_ i: Int, close: UInt8, depth: Int) throws(Failure) -> Int {
        var i = skipWhitespace(i + 1)
        guard i < count else { throw Failure() }
        if base[i] == close { return i + 1 }
        while true {
            if close == 0x7D {
                guard base[i] == 0x22 else { throw Failure() }
                var escaped = false
                i = try scanString(from: i + 1, escaped: &escaped) + 1
                i = skipWhitespace(i)
                guard i < count, base[i] == 0x3A else { throw Failure() }
                i = skipWhitespace(i + 1)
            }
            i = try scanValue(i, depth: depth + 1).1
            i = skipWhitespace(i)
            guard i < count else { throw Failure() }
            if base[i] == 0x2C {
                i = skipWhitespace(i + 1)
                guard i < count else { throw Failure() }
            } else if base[i] == close {
                return i + 1
            } else {
                throw Failure()
            }
        }
    }
}
