/// Decodes the HTML character references Kapture puts into text fields, once.
///
/// `Kapture Dev API&apos;s` becomes `Kapture Dev API's`; `&amp;lt;` becomes `&lt;` (decoded
/// once, not twice). Numeric references (`&#39;`, `&#x27;`) are decoded; `&#0;`, surrogates
/// and out-of-range numbers become U+FFFD. Unknown names (`&bogus;`) are left as they are.
public enum HTMLEntities {
    static let named: [Substring: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "ndash": "–", "mdash": "—",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "deg": "°", "middot": "·",
        "bull": "•", "times": "×", "divide": "÷", "para": "¶", "sect": "§",
    ]

    /// `text` with every recognised character reference replaced by its character.
    public static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let afterAmp = rest.index(after: amp)
            // A reference is at most 32 characters up to its ';'.
            if let semi = rest[afterAmp...].prefix(33).firstIndex(of: ";"),
                let replacement = resolve(rest[afterAmp..<semi])
            {
                out += replacement
                rest = rest[rest.index(after: semi)...]
            } else {
                out += "&"
                rest = rest[afterAmp...]
            }
        }
        out += rest
        return out
    }

    static func resolve(_ name: Substring) -> String? {
        if name.first == "#" {
            let digits = name.dropFirst()
            let value: UInt32?
            if let x = digits.first, x == "x" || x == "X" {
                value = digits.count > 1 && digits.count <= 7 ? UInt32(digits.dropFirst(), radix: 16) : nil
            } else {
                value = !digits.isEmpty && digits.count <= 8 ? UInt32(digits, radix: 10) : nil
            }
            guard let value else { return nil }
            guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
            return String(scalar)
        }
        return named[name]
    }
}
