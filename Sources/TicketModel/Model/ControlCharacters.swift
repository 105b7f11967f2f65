/// C0 and C1 control characters and DEL (a NUL, a newline, an escape): what no parameter,
/// filter value or one-line setting may hold. The one rule, for the front ends' parameters
/// and the slices' values alike.
public enum ControlCharacters {
    /// Whether `text` holds one.
    public static func held(in text: Substring) -> Bool {
        // Printable ASCII, what nearly every parameter is, needs no look at Unicode's tables.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return false }
        return text.unicodeScalars.contains(where: isControl)
    }

    public static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.generalCategory == .control }
}
