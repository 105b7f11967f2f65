public import Foundation
public import SLAAnalytics
import TicketModel

/// What a user asked for as the period, before it is resolved: `from`/`to`, or a named
/// preset, an as-of time and a zone, as text from flags or a query string. The one parser of
/// periods: `report`, `pull` and `serve` all resolve theirs here.
public struct PeriodSelection: Sendable {
    public var from: String?
    public var to: String?
    public var preset: String?
    public var asOf: String?
    public var timezone: String?
    /// Weeks in the trend, as text (`--trend-weeks`, `trendWeeks`); default 8.
    public var trendWeeks: String?

    /// How the front end spells each parameter, for messages (`--from` or `from`).
    public struct ParameterNames: Sendable {
        public var from, to, period, asOf, timezone, trendWeeks: String

        public init(from: String, to: String, period: String, asOf: String, timezone: String, trendWeeks: String) {
            self.from = from
            self.to = to
            self.period = period
            self.asOf = asOf
            self.timezone = timezone
            self.trendWeeks = trendWeeks
        }

        public static let commandLine = ParameterNames(
            from: "--from", to: "--to", period: "--period", asOf: "--as-of", timezone: "--timezone",
            trendWeeks: "--trend-weeks")
    }

    public init(
        from: String? = nil, to: String? = nil, preset: String? = nil, asOf: String? = nil, timezone: String? = nil,
        trendWeeks: String? = nil
    ) {
        self.from = from
        self.to = to
        self.preset = preset
        self.asOf = asOf
        self.timezone = timezone
        self.trendWeeks = trendWeeks
    }

    /// The longest period accepted, in days.
    public static let maximumDays = 3700

    /// Resolves the selection with the configuration's zones and lifecycle: the zone is
    /// `timezone`, else the configuration's report zone, else its account zone; the as-of
    /// instant is `asOf`, else `now`; the anomaly check is the configuration's.
    public func resolve(
        configuration: Configuration, now: Date = Date(), names: ParameterNames = .commandLine
    ) throws(PipelineError) -> ReportOptions {
        try resolve(settings: configuration.reportSettings, now: now, names: names)
    }

    /// `resolve(configuration:)` with the configuration's settings worked out beforehand.
    public func resolve(
        settings: Configuration.ReportSettings, now: Date = Date(), names: ParameterNames = .commandLine
    ) throws(PipelineError) -> ReportOptions {
        let zoneName = timezone ?? settings.defaultZone
        guard let zone = ZoneClock.zone(named: zoneName) else {
            throw .usage(
                "\(names.timezone): '\(Self.shown(zoneName))' is not an IANA time zone name such as Asia/Kolkata")
        }
        let range = "\(ReportPeriod.earliestDay) … \(ReportPeriod.latestDay)"
        var asOfDate = now
        if let asOf {
            guard let d = parseRFC3339(asOf) else {
                throw .usage(
                    "\(names.asOf): '\(Self.shown(asOf))' is not an RFC 3339 time such as 2024-04-22T09:00:00+05:30")
            }
            asOfDate = d
        }
        let today = ZoneClock(zone).localDate(of: asOfDate)
        guard ReportPeriod.allows(today) else {
            throw .usage("\(names.asOf): \(asOf ?? "now") falls on \(today) in \(zone.identifier), outside \(range)")
        }
        let period: ReportPeriod
        switch (from, to, preset) {
        case (nil, nil, let name?):
            guard let preset = PeriodPreset(rawValue: name) else {
                throw .usage(
                    "\(names.period): '\(Self.shown(name))' is not one of \(PeriodPreset.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            period = preset.period(today: today)
            guard ReportPeriod.allows(period.from) else {
                throw .usage("\(names.period) \(name) as of \(today) starts on \(period.from), outside \(range)")
            }
        case (let f?, let t?, nil):
            guard let fromDate = LocalDate(f) else {
                throw .usage("\(names.from): '\(Self.shown(f))' is not a YYYY-MM-DD date")
            }
            guard let toDate = LocalDate(t) else {
                throw .usage("\(names.to): '\(Self.shown(t))' is not a YYYY-MM-DD date")
            }
            for (name, day) in [(names.from, fromDate), (names.to, toDate)] where !ReportPeriod.allows(day) {
                throw .usage("\(name): \(day) is outside \(range)")
            }
            guard let p = ReportPeriod(from: fromDate, to: toDate) else {
                throw .usage("\(names.to) (\(t)) is before \(names.from) (\(f))")
            }
            guard p.dayCount <= Self.maximumDays else {
                throw .usage("\(names.from)/\(names.to) span more than ten years")
            }
            period = p
        case (nil, nil, nil):
            throw .usage(
                "give the period: \(names.from) and \(names.to), or \(names.period) (e.g. \(names.period) last-week)")
        case (_, _, .some):
            throw .usage("\(names.period) cannot be combined with \(names.from)/\(names.to)")
        default:
            throw .usage("\(names.from) and \(names.to) go together")
        }
        var weeks = ReportOptions.defaultTrendWeeks
        if let trendWeeks {
            guard let n = Int(trendWeeks), (1...ReportOptions.maximumWeeks).contains(n) else {
                throw .usage(
                    "\(names.trendWeeks): '\(Self.shown(trendWeeks))' is not a number of weeks 1…\(ReportOptions.maximumWeeks)"
                )
            }
            weeks = n
        }
        var options = ReportOptions(
            period: period, timeZone: zone, asOf: asOfDate, lifecycle: settings.lifecycle, trendWeeks: weeks,
            anomalies: settings.anomalies, inputTimeZone: settings.inputTimeZone, configurationSHA256: settings.sha256)
        options.targets = settings.targets
        return options
    }

    /// A user's text as a message shows it: control characters escaped as Swift writes them
    /// (`\0`, `\n`, `\u{1B}`), at most 80 characters (a message is one line, whatever a flag
    /// or query held).
    public static func shown(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(80) {
            out += isControl(scalar) ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return text.unicodeScalars.count > 80 ? out + "…" : out
    }

    /// Whether `text` holds a C0 or C1 control character or DEL (a NUL, a newline, an escape):
    /// what no parameter may hold.
    public static func holdsControlCharacter(_ text: String) -> Bool {
        holdsControlCharacter(Substring(text))
    }

    /// `holdsControlCharacter` of a part of a text (a query's names and values are).
    public static func holdsControlCharacter(_ text: Substring) -> Bool { ControlCharacters.held(in: text) }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool { ControlCharacters.isControl(scalar) }
}
