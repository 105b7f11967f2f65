public import Foundation

/// Who the report email is from and to.
public struct EmailEnvelope: Sendable {
    public var from: String
    public var to: [String]
    /// The subject; the report's own when `nil`.
    public var subject: String?
    /// The domain for the Message-ID.
    public var messageIDDomain: String

    public init(
        from: String = "SLAReport <slareport@localhost>", to: [String] = [], subject: String? = nil,
        messageIDDomain: String = "slareport.local"
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.messageIDDomain = messageIDDomain
    }
}

/// A ready-to-send MIME message: `multipart/alternative` with text/plain first and
/// text/html second, UTF-8, quoted-printable bodies with lines of at most 76 characters,
/// RFC 2047 encoded-words for a non-ASCII subject, CR and LF stripped from every header
/// value, CRLF line ends. Deterministic: the Date is the report's as-of time and the
/// Message-ID and boundary derive from the content.
public enum EmailMessage {
    public static func build(
        envelope: EmailEnvelope, subject: String, date: Date, timeZone: TimeZone, text: String, html: String
    ) -> String {
        let digest = fnv1a(text + "\u{0}" + html + "\u{0}" + subject + "\u{0}" + envelope.to.joined(separator: ","))
        let boundary = "=_slareport_\(digest)"
        var headers: [(String, String)] = [
            ("From", headerValue(envelope.from))
        ]
        if !envelope.to.isEmpty { headers.append(("To", envelope.to.map(headerValue).joined(separator: ", "))) }
        headers.append(("Subject", encodedWords(headerValue(envelope.subject ?? subject))))
        headers.append(("Date", rfc5322Date(date, timeZone: timeZone)))
        headers.append(
            (
                "Message-ID",
                "<slareport.\(digest)@\(headerValue(envelope.messageIDDomain).filter { !$0.isWhitespace && $0 != ">" && $0 != "<" })>"
            ))
        headers.append(("MIME-Version", "1.0"))
        headers.append(("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""))
        var out = ""
        for (name, value) in headers { out += fold(name + ": " + value) + "\r\n" }
        out += "\r\nThis is a multi-part message in MIME format.\r\n"
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            out += "\r\n--\(boundary)\r\n"
            out += "Content-Type: \(type); charset=UTF-8\r\n"
            out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            out += quotedPrintable(body)
            out += "\r\n"
        }
        out += "\r\n--\(boundary)--\r\n"
        return out
    }

    /// A header value with CR, LF and other controls removed (no header can be injected).
    static func headerValue(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.filter {
                    $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) && $0.value != 0x2028
                        && $0.value != 0x2029
                })
        )
        .trimmingCharacters(in: .whitespaces)
    }

    /// The value as is when printable ASCII, else RFC 2047 `=?UTF-8?B?…?=` words of at most
    /// 75 characters each, split on character boundaries and separated by folding white space.
    static func encodedWords(_ s: String) -> String {
        if s.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !s.contains("=?") { return s }
        var words: [String] = []
        var chunk = ""
        // 39 bytes → 52 base64 characters → 64-character words; with "Subject: " a line stays under 76.
        for ch in s {
            let candidate = chunk + String(ch)
            if candidate.utf8.count > 39 {
                words.append(chunk)
                chunk = String(ch)
            } else {
                chunk = candidate
            }
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// Folds a header line at spaces so that lines stay within 78 characters where possible.
    static func fold(_ line: String) -> String {
        if line.contains("\r\n") { return line }  // already folded encoded-words
        guard line.count > 78 else { return line }
        var out = ""
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > 78 {
                out += current + "\r\n"
                current = " " + word
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        return out + current
    }

    static func rfc5322Date(_ date: Date, timeZone: TimeZone) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }

    /// Quoted-printable (RFC 2045): lines of at most 76 characters with soft breaks, CRLF
    /// line ends, `=`, non-ASCII and controls as `=XX`, trailing white space encoded, and a
    /// line-leading `.` or `From ` encoded so that no transport mangles it.
    static func quotedPrintable(_ text: String) -> String {
        var out = ""
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        for (li, line) in lines.enumerated() {
            var encoded: [String] = []
            let bytes = Array(line.utf8)
            for (i, b) in bytes.enumerated() {
                let isLast = i == bytes.count - 1
                let token: String
                if (b == 0x20 || b == 0x09) && isLast {
                    token = hex(b)
                } else if i == 0 && b == UInt8(ascii: ".") {
                    token = hex(b)
                } else if i == 0 && b == UInt8(ascii: "F") && bytes.starts(with: Array("From ".utf8)) {
                    token = hex(b)
                } else if b == UInt8(ascii: "=") || b < 0x20 && b != 0x09 || b >= 0x7F {
                    token = hex(b)
                } else {
                    token = String(UnicodeScalar(b))
                }
                encoded.append(token)
            }
            var current = ""
            for token in encoded {
                if current.count + token.count > 75 {
                    out += current + "=\r\n"
                    current = ""
                }
                current += token
            }
            out += current
            if li < lines.count - 1 { out += "\r\n" }
        }
        return out
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 0x0F)])
    }

    static func fnv1a(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
