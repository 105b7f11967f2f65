import Foundation
import TicketModel

/// Makes untrusted text (ticket titles, names, queues, sources, URLs) safe to hand to any
/// renderer: the escaping itself is each format's job (HTML/XML by the templates, CSV by
/// its quoting, headers by encoded-words); this removes what no format should carry.
public enum DisplayText {
    /// `text` without C0 controls other than tab/LF/CR, DEL, C1 controls, bidirectional
    /// overrides and isolates, U+FFFE/U+FFFF and other noncharacters, with runs of white
    /// space folded to one space, trimmed, and cut to `maxLength` characters with an ellipsis.
    /// Empty results become `placeholder`.
    public static func clean(_ text: String?, maxLength: Int = 120, placeholder: String = "—") -> String {
        guard let text else { return placeholder }
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x09 || v == 0x0A || v == 0x0D || v == 0x20 || v == 0xA0 || v == 0x2028 || v == 0x2029 {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            if v < 0x20 || (0x7F...0x9F).contains(v) { continue }
            if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F { continue }
            if (0xFDD0...0xFDEF).contains(v) || (v & 0xFFFE) == 0xFFFE { continue }
            out.append(scalar)
            lastWasSpace = false
        }
        var s = String(out)
        while s.last == " " { s.removeLast() }
        if s.isEmpty { return placeholder }
        if s.count > maxLength { s = String(s.prefix(maxLength - 1)) + "…" }
        return s
    }

    /// The URL when it is an absolute `http` or `https` URL with a host and nothing that
    /// could be read differently by another parser (controls, white space, quotes, angle
    /// brackets, backslashes); `nil` otherwise, and the caller shows it as text.
    public static func safeLink(_ url: String?) -> String? {
        guard let url, url.utf8.count <= 2048 else { return nil }
        for scalar in url.unicodeScalars {
            let v = scalar.value
            if v <= 0x20 || v == 0x7F || v > 0x7E || scalar == "\"" || scalar == "'" || scalar == "<" || scalar == ">"
                || scalar == "\\" || scalar == "`"
            {
                return nil
            }
        }
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = url.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = url.dropFirst(7)
        } else {
            return nil
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !host.hasPrefix("@"), !host.hasPrefix(":") else { return nil }
        return url
    }
}

/// Number and date formatting shared by the renderers. Formatting only: every figure comes
/// from `ReportSummary`.
enum Format {
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }

    static func percent(_ rate: Double?, digits: Int = 1) -> String {
        guard let rate else { return "n/a" }
        return fixed(rate * 100, digits) + " %"
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        let scale = pow10(digits)
        let rounded = (value * scale).rounded() / scale
        var s = String(format: "%.\(digits)f", rounded)
        if s.hasPrefix("-") && Double(s) == 0 { s.removeFirst() }
        return s
    }

    static func pow10(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<n { v *= 10 }
        return v
    }

    /// `+1.2 pts` / `−0.4 pts` for a change of a rate.
    static func pointsDelta(_ delta: Double?) -> String? {
        guard let delta else { return nil }
        let v = fixed(delta * 100, 1)
        if v == "0.0" { return "±0.0 pts" }
        return (delta > 0 ? "+" : "−") + v.replacingOccurrences(of: "-", with: "") + " pts"
    }

    static func signed(_ n: Int) -> String { n > 0 ? "+" + count(n) : n < 0 ? "−" + count(-n) : "±0" }

    static func hours(_ h: Double?) -> String {
        guard let h else { return "n/a" }
        if h < 1 { return "\(Int((h * 60).rounded())) min" }
        if h < 48 { return fixed(h, 1) + " h" }
        return fixed(h / 24, 1) + " d"
    }

    static func duration(seconds: Int?) -> String {
        guard let s = seconds else { return "n/a" }
        let d = s / 86400
        let h = s / 3600 % 24
        let m = s / 60 % 60
        if d > 0 { return "\(d) d \(h) h" }
        if h > 0 { return "\(h) h \(m) min" }
        return "\(m) min"
    }

    /// Business time as hours and minutes (`26 h 0 min`): a business day has no fixed length.
    static func businessDuration(seconds: Int) -> String {
        "\(seconds / 3600) h \(seconds / 60 % 60) min"
    }

    /// `Mon 22 Apr 12:00` from an RFC 3339 instant's own wall-clock reading (`2024-04-22T12:00:00+05:30`).
    static func shortInstant(_ rfc3339: String?) -> String {
        guard let t = rfc3339, t.count >= 16 else { return rfc3339 ?? "n/a" }
        return shortDay(String(t.prefix(10))) + " " + String(t.dropFirst(11).prefix(5))
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// `15 Apr 2024` from `2024-04-15`.
    static func day(_ iso: String) -> String {
        guard let d = LocalDate(iso) else { return iso }
        return "\(d.day) \(months[d.month - 1]) \(d.year)"
    }

    /// `Mon 15 Apr` from `2024-04-15`.
    static func shortDay(_ iso: String) -> String {
        guard let d = LocalDate(iso) else { return iso }
        return "\(weekdays[d.weekdayFromMonday]) \(d.day) \(months[d.month - 1])"
    }

    /// Plain decimal text of a figure for CSV and machine use: shortest round-trip form.
    static func plain(_ v: Double?) -> String {
        guard let v else { return "" }
        return v.description
    }
}
