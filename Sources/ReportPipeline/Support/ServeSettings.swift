public import Foundation
import ReportRendering
internal import TOMLKit
import TicketModel

/// The `[serve]` section: where `slareport serve` listens, who may read it, how often it
/// pulls and what it emails on schedule.
public struct ServeSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// A file of SHA-256 hashes of feed tokens, one per line (`slareport token new`).
    public var tokensFile: String?
    /// The longest period a request may ask for, in days.
    public var maxDays = 400
    /// How often the server pulls from Kapture (`nil`: it does not pull).
    public var pullEvery: Duration?
    /// How late a scheduled email may still go out after the server was down.
    public var catchUp: Duration = .seconds(6 * 3600)
    /// Scheduled emails (`[[serve.schedule]]`).
    public var schedule: [ScheduledReport] = []
    /// How long a connection may sit without finishing its request head, or idle between
    /// requests, before the server closes it (`idle_timeout`).
    public var idleTimeout: Duration = .seconds(5)

    public init() {}

    /// How long a summary answered for "now" is reused and what `Cache-Control: max-age`
    /// says: the pull interval, else a minute.
    public var cacheSeconds: Int {
        pullEvery.map { max(1, Int($0.components.seconds)) } ?? 60
    }

    static let knownKeys: Set<String> = [
        "host", "port", "tokens_file", "max_days", "pull_every", "catch_up", "schedule", "idle_timeout",
    ]

    static func parse(_ t: TOMLTable, path: String, warnings: inout [String]) throws(PipelineError) -> ServeSettings {
        func fail(_ key: String, _ expected: String) -> PipelineError {
            PipelineError.usage("\(path): serve.\(key) must be \(expected)")
        }
        var s = ServeSettings()
        for key in t.keys where !knownKeys.contains(key) {
            warnings.append("\(path): unknown key 'serve.\(key)' ignored")
        }
        if let x = t["host"] {
            guard let v = x.string, !v.isEmpty else { throw fail("host", "a host name or address") }
            s.host = v
        }
        if let x = t["port"] {
            guard let v = x.int, (0...65535).contains(v) else { throw fail("port", "a port number 0…65535") }
            s.port = v
        }
        if let x = t["tokens_file"] {
            guard let v = x.string, !v.isEmpty else { throw fail("tokens_file", "a path") }
            s.tokensFile = v
        }
        if let x = t["max_days"] {
            guard let v = x.int, v > 0, v <= PeriodSelection.maximumDays else {
                throw fail("max_days", "an integer 1…\(PeriodSelection.maximumDays)")
            }
            s.maxDays = v
        }
        if let x = t["pull_every"] {
            guard let v = x.string.flatMap(Self.duration), v >= .seconds(10) else {
                throw fail("pull_every", "a duration of at least 10 s such as \"15m\" or \"1h\"")
            }
            s.pullEvery = v
        }
        if let x = t["catch_up"] {
            guard let v = x.string.flatMap(Self.duration) else { throw fail("catch_up", "a duration such as \"6h\"") }
            s.catchUp = v
        }
        if let x = t["idle_timeout"] {
            guard let v = x.string.flatMap(Self.duration), v >= .seconds(1), v <= .seconds(3600) else {
                throw fail("idle_timeout", "a duration from 1 s to 1 h such as \"5s\"")
            }
            s.idleTimeout = v
        }
        if let x = t["schedule"] {
            guard let list = x.array?.compactMap({ $0.table }), list.count == x.array?.count else {
                throw fail("schedule", "an array of tables ([[serve.schedule]])")
            }
            for (i, entry) in list.enumerated() {
                s.schedule.append(try ScheduledReport.parse(entry, name: "\(path): serve.schedule[\(i + 1)]"))
            }
        }
        return s
    }

    /// `90s`, `15m`, `1h30m`, `2d`: a positive duration; `nil` if the text is not one.
    public static func duration(_ text: String) -> Duration? {
        var total: Int64 = 0
        var number: Int64?
        for c in text.trimmingCharacters(in: .whitespaces) {
            if let d = c.wholeNumberValue, c.isASCII {
                let next = (number ?? 0) &* 10 &+ Int64(d)
                guard next < 1_000_000 else { return nil }
                number = next
                continue
            }
            guard let n = number else { return nil }
            switch c {
            case "s": total += n
            case "m": total += n * 60
            case "h": total += n * 3600
            case "d": total += n * 86400
            default: return nil
            }
            number = nil
            guard total < 1_000_000_000_000 else { return nil }
        }
        guard number == nil, total > 0 else { return nil }
        return .seconds(total)
    }
}

/// One `[[serve.schedule]]` table: a report emailed at a weekday and time (or daily) in the
/// report zone.
public struct ScheduledReport: Sendable, Hashable {
    /// 1 = Monday … 7 = Sunday; `nil`: every day.
    public var weekday: Int?
    public var hour: Int
    public var minute: Int
    /// A period preset name (`last-week`).
    public var period: String
    public var to: [String]
    public var subject: String?
    /// Formats rendered with the email (`eml` is always added).
    public var formats: String
    /// The `[[slice]]` the report covers (`nil`: every ticket).
    public var slice: String?
    /// What the schedule is known by in the store's send records (a sliced schedule's key
    /// ends with its slice, so each lead's email is recorded on its own).
    public var key: String {
        "\(weekday.map { Self.weekdays[$0 - 1] + " " } ?? "")\(String(format: "%02d:%02d", hour, minute)) \(period) "
            + to.joined(separator: ",") + (slice.map { " slice=\($0)" } ?? "")
    }

    public init(weekday: Int?, hour: Int, minute: Int, period: String, to: [String], subject: String? = nil) {
        self.weekday = weekday
        self.hour = hour
        self.minute = minute
        self.period = period
        self.to = to
        self.subject = subject
        self.formats = "eml"
    }

    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// `mon 07:00` or `07:00`.
    public static func parseAt(_ text: String) -> (weekday: Int?, hour: Int, minute: Int)? {
        let parts = text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        var weekday: Int?
        if parts.count == 2 {
            // `mon` or `monday`.
            guard let i = weekdays.firstIndex(of: String(parts[0].prefix(3))),
                parts[0].count == 3 || Self.weekdayNames[i] == parts[0]
            else { return nil }
            weekday = i + 1
        }
        guard let last = parts.last else { return nil }
        let hm = last.split(separator: ":")
        guard hm.count == 2, hm[0].count <= 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]),
            (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return (weekday, h, m)
    }

    static func parse(_ t: TOMLTable, name: String) throws(PipelineError) -> ScheduledReport {
        func fail(_ key: String, _ expected: String) -> PipelineError {
            PipelineError.usage("\(name).\(key) must be \(expected)")
        }
        for key in t.keys where !["at", "period", "to", "subject", "formats", "slice"].contains(key) {
            throw PipelineError.usage("\(name): unknown key '\(key)'")
        }
        guard let atText = t["at"]?.string, let at = parseAt(atText) else {
            throw fail("at", "a weekday and time such as \"mon 07:00\", or a time such as \"07:00\"")
        }
        guard let period = t["period"]?.string, PeriodPreset(rawValue: period) != nil else {
            throw fail("period", "one of \(PeriodPreset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let list = t["to"]?.array?.compactMap({ $0.string }), list.count == t["to"]?.array?.count,
            !list.isEmpty, list.allSatisfy(EmailAddress.isPlausible)
        else { throw fail("to", "an array of email addresses such as [\"ops@example.com\"]") }
        var r = ScheduledReport(weekday: at.weekday, hour: at.hour, minute: at.minute, period: period, to: list)
        if let x = t["subject"] {
            guard let s = x.string else { throw fail("subject", "a string") }
            r.subject = s
        }
        if let x = t["slice"] {
            guard let s = x.string, SliceSelection.isName(s) else { throw fail("slice", "the name of a [[slice]]") }
            r.slice = s
        }
        if let x = t["formats"] {
            guard let list = x.array?.compactMap({ $0.string }), list.count == x.array?.count else {
                throw fail("formats", "an array of format names such as [\"html\", \"csv\"]")
            }
            _ = try ReportFormat.parseList(list.joined(separator: ","), parameter: "\(name).formats")
            r.formats = (list + ["eml"]).joined(separator: ",")
        }
        return r
    }

    /// The last time this schedule was due at or before `now`, in `zone`.
    public func lastDue(atOrBefore now: Date, in zone: TimeZone) -> Date {
        dueTimes(around: now, in: zone, step: -1).first { $0 <= now } ?? .distantPast
    }

    /// The next time this schedule is due after `now`, in `zone`.
    public func nextDue(after now: Date, in zone: TimeZone) -> Date {
        dueTimes(around: now, in: zone, step: 1).first { $0 > now } ?? .distantFuture
    }

    /// The due times of the 15 days from `now`'s day on, backwards (`step` -1) or forwards:
    /// the schedule's time on each day its weekday matches (a time in a DST gap moves on by
    /// the gap, as `ZoneClock` does).
    func dueTimes(around now: Date, in zone: TimeZone, step: Int) -> [Date] {
        let clock = ZoneClock(zone)
        let today = clock.localDate(of: now)
        return (0..<15).map { today.adding(days: $0 * step) }
            .filter { weekday == nil || $0.weekdayFromMonday + 1 == weekday }
            .map { day in
                Date(
                    timeIntervalSince1970: TimeInterval(
                        clock.instant(
                            fromLocalSeconds: Int64(day.daysSinceEpoch) * 86400 + Int64(hour * 3600 + minute * 60))))
            }
    }
}
