import Crypto
public import Foundation
public import SLAAnalytics
internal import TOMLKit
import TicketIngest
public import TicketModel

/// Settings from `slareport.toml` (see README, "Configuration"). Every key is optional.
public struct Configuration: Sendable {
    /// IANA zone Kapture writes timestamps in (`timezone`).
    public var timezone = "Asia/Kolkata"
    /// IANA zone report days are counted in (`report_timezone`); defaults to `timezone`.
    public var reportTimezone: String?
    /// `[lifecycle] resolved_statuses`.
    public var resolvedStatuses = LifecyclePolicy.defaultResolvedStatuses
    /// `[lifecycle] resolved_substatus_keys`.
    public var resolvedSubstatusKeys: [String] = []
    /// `[anomalies] k`, `weeks`, `minimum_samples`.
    public var anomalies = AnomalySettings()
    /// `[kapture]` section.
    public var kapture = KaptureSettings()
    /// `[email]` section.
    public var email = EmailSettings()
    /// `[serve]` section.
    public var serve = ServeSettings()
    /// `[store] url`: the store commands use when `--store` is not given (a SQLite path or a
    /// `postgres://` URL).
    public var storeURL: String?
    /// `[store] password_file`: the PostgreSQL password, when the URL and `PGPASSWORD` have none.
    public var storePasswordFile: String?
    /// `[[slice]]`: named filters (`--slice NAME`, `slice=NAME`, `[[serve.schedule]] slice`).
    public var slices: [TicketSlice] = []
    /// `[[calendar]]`: business hours and holidays the targets count time on.
    public var calendars: [BusinessCalendar] = []
    /// `[[target]]`: the team's own service-level targets, first match applies.
    public var targets: [ServiceTarget] = []

    /// The store a command uses: `flag`, else `[store] url`, else `fallback`; a PostgreSQL
    /// URL carries `[store] password_file` along.
    public func storeLocation(_ flag: String?, fallback: String? = "slareport.sqlite") -> String? {
        guard let location = flag ?? storeURL ?? fallback else { return nil }
        guard let file = storePasswordFile, location.hasPrefix("postgres"), !location.contains("password_file=")
        else { return location }
        let encoded = file.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? file
        return location + (location.contains("?") ? "&" : "?") + "password_file=" + encoded
    }
    /// Where the file came from, for messages.
    public var path: String?
    /// What the file held that was ignored (unknown keys), one sentence each, for the front
    /// end to show.
    public var warnings: [String] = []

    public init() {}

    public struct KaptureSettings: Sendable {
        public var subdomain: String?
        public var baseURL: String?
        public var tokenFile: String?
        public var pageSize = 100
        public var endDate = "same-day"
        public var concurrency = 4
        public var requestsPerSecond: Double?
        public var timeoutSeconds = 30.0
        public var maxRetries = 5
        public var refreshDays = 7
        public var baseBackoffSeconds = 0.5
        public var maxBackoffSeconds = 30.0
    }

    public struct EmailSettings: Sendable {
        public var from = "SLAReport <slareport@localhost>"
        public var to: [String] = []
        public var subject: String?
        public var sendmailCommand = "/usr/sbin/sendmail -t -i"
        public var messageIDDomain = "slareport.local"
    }

    /// The account zone (`timezone`), in which Kapture writes its timestamps.
    public func accountTimeZone() throws(PipelineError) -> TimeZone {
        guard let zone = ZoneClock.zone(named: timezone) else {
            throw .usage("timezone '\(timezone)' is not an IANA time zone name")
        }
        return zone
    }

    public var lifecycle: LifecyclePolicy {
        LifecyclePolicy(resolvedStatuses: resolvedStatuses, resolvedSubstatusKeys: resolvedSubstatusKeys)
    }

    public static let knownTopLevel: Set<String> = [
        "timezone", "report_timezone", "lifecycle", "kapture", "email", "serve", "store", "anomalies", "slice",
        "calendar", "target",
    ]

    /// The settings that change a report's figures, one `key = value` line each in a fixed
    /// order (lists sorted, numbers as Swift prints them): what `provenance` hashes.
    public var reportSettingsText: String {
        [
            "timezone = \(timezone)", "report_timezone = \(reportTimezone ?? "")",
            "lifecycle.resolved_statuses = \(resolvedStatuses.sorted())",
            "lifecycle.resolved_substatus_keys = \(resolvedSubstatusKeys.sorted())",
            "anomalies.k = \(anomalies.k)", "anomalies.weeks = \(anomalies.weeks)",
            "anomalies.minimum_samples = \(anomalies.minimumSamples)",
        ].joined(separator: "\n") + "\n" + targetsText
    }

    /// The targets and their calendars, a line each, for `reportSettingsText` (nothing
    /// without targets, so a configuration without them keeps its digest).
    var targetsText: String {
        targets.enumerated().map { i, t in
            let c = t.calendar
            let week = c.week.map { $0.map { "\($0.start)-\($0.end)" }.joined(separator: ",") }.joined(separator: ";")
            return
                "target[\(i + 1)] = priority \(t.priorities) queue \(t.queues) within \(t.resolveWithin) at_risk \(t.atRisk) "
                + "calendar \(c.name) \(c.alwaysOpen ? "" : c.clock.timeZone.identifier) \(week) holidays \(c.holidays.map(\.description).sorted())\n"
        }.joined()
    }

    /// SHA-256 of `reportSettingsText`, lowercase hexadecimal.
    public var reportSettingsSHA256: String {
        Hex.lowercase(SHA256.hash(data: Data(reportSettingsText.utf8)))
    }

    /// What resolving a period reads of the configuration, worked out once (its digest
    /// hashes a text, the policy builds sets): a server resolves a period on every request.
    public struct ReportSettings: Sendable {
        /// The zone reports are in unless a period names one.
        public var defaultZone: String
        public var lifecycle: LifecyclePolicy
        public var anomalies: AnomalySettings
        /// The account's zone (`timezone`), which ticket times without an offset are in.
        public var inputTimeZone: String
        /// `reportSettingsSHA256`.
        public var sha256: String
        /// `[[target]]`s.
        public var targets: [ServiceTarget] = []
    }

    /// This configuration's `ReportSettings`.
    public var reportSettings: ReportSettings {
        ReportSettings(
            defaultZone: reportTimezone ?? timezone, lifecycle: lifecycle, anomalies: anomalies,
            inputTimeZone: timezone, sha256: reportSettingsSHA256, targets: targets)
    }

    /// Loads `explicit` if given (it must exist), else `$SLAREPORT_CONFIG`, else `./slareport.toml`
    /// when present, else the defaults.
    public static func load(explicit: String?) throws(PipelineError) -> Configuration {
        let env = ProcessInfo.processInfo.environment["SLAREPORT_CONFIG"]
        let path: String
        if let p = explicit ?? env {
            path = p
            guard FileManager.default.fileExists(atPath: p) else {
                throw PipelineError.usage("configuration file \(p) does not exist")
            }
        } else if FileManager.default.fileExists(atPath: "slareport.toml") {
            path = "slareport.toml"
        } else {
            return Configuration()
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw PipelineError.usage("configuration file \(path) cannot be read as UTF-8 text")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(PipelineError) -> Configuration {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw PipelineError.usage(
                "\(path): line \(e.source.begin.line), column \(e.source.begin.column): \(e.description)")
        } catch {
            throw PipelineError.usage("\(path): \(error)")
        }
        var c = Configuration()
        c.path = path
        func fail(_ key: String, _ expected: String) -> PipelineError {
            PipelineError.usage("\(path): \(key) must be \(expected)")
        }
        for key in table.keys where !knownTopLevel.contains(key) {
            c.warnings.append("\(path): unknown key '\(key)' ignored")
        }
        if let v = table["timezone"] {
            guard let s = v.string, ZoneClock.zone(named: s) != nil else {
                throw fail("timezone", "an IANA time zone name")
            }
            c.timezone = s
        }
        if let v = table["report_timezone"] {
            guard let s = v.string, ZoneClock.zone(named: s) != nil else {
                throw fail("report_timezone", "an IANA time zone name")
            }
            c.reportTimezone = s
        }
        if let v = table["lifecycle"] {
            guard let t = v.table else { throw fail("lifecycle", "a table") }
            if let a = t["resolved_statuses"] {
                guard let list = a.array?.compactMap({ $0.string }), list.count == a.array?.count else {
                    throw fail("lifecycle.resolved_statuses", "an array of strings")
                }
                c.resolvedStatuses = list
            }
            if let a = t["resolved_substatus_keys"] {
                guard let list = a.array?.compactMap({ $0.string }), list.count == a.array?.count else {
                    throw fail("lifecycle.resolved_substatus_keys", "an array of strings")
                }
                c.resolvedSubstatusKeys = list
            }
        }
        if let v = table["anomalies"] {
            guard let t = v.table else { throw fail("anomalies", "a table") }
            for key in t.keys where !["k", "weeks", "minimum_samples"].contains(key) {
                c.warnings.append("\(path): unknown key 'anomalies.\(key)' ignored")
            }
            if let x = t["k"] {
                guard let d = x.double ?? x.int.map(Double.init), d > 0, d <= 100 else {
                    throw fail("anomalies.k", "a positive number (default 3.5)")
                }
                c.anomalies.k = d
            }
            if let x = t["weeks"] {
                guard let n = x.int, (1...ReportOptions.maximumWeeks).contains(n) else {
                    throw fail("anomalies.weeks", "an integer 1…\(ReportOptions.maximumWeeks)")
                }
                c.anomalies.weeks = n
            }
            if let x = t["minimum_samples"] {
                guard let n = x.int, n >= 1 else { throw fail("anomalies.minimum_samples", "a positive integer") }
                c.anomalies.minimumSamples = n
            }
        }
        if let v = table["kapture"] {
            guard let t = v.table else { throw fail("kapture", "a table") }
            var k = KaptureSettings()
            if let x = t["subdomain"] {
                guard let s = x.string, !s.isEmpty else { throw fail("kapture.subdomain", "a non-empty string") }
                k.subdomain = s
            }
            if let x = t["base_url"] {
                guard let s = x.string, URL(string: s)?.scheme != nil else { throw fail("kapture.base_url", "a URL") }
                k.baseURL = s
            }
            if let x = t["token_file"] {
                guard let s = x.string else { throw fail("kapture.token_file", "a path") }
                k.tokenFile = s
            }
            if let x = t["page_size"] {
                guard let n = x.int, n > 0, n <= 10_000 else { throw fail("kapture.page_size", "an integer 1…10000") }
                k.pageSize = n
            }
            if let x = t["end_date"] {
                guard let s = x.string, s == "same-day" || s == "next-day" else {
                    throw fail("kapture.end_date", "\"same-day\" or \"next-day\"")
                }
                k.endDate = s
            }
            if let x = t["concurrency"] {
                guard let n = x.int, n > 0, n <= 64 else { throw fail("kapture.concurrency", "an integer 1…64") }
                k.concurrency = n
            }
            if let x = t["requests_per_second"] {
                guard let d = x.double ?? x.int.map(Double.init), d > 0, d <= 10_000 else {
                    throw fail("kapture.requests_per_second", "a number 0…10000")
                }
                k.requestsPerSecond = d
            }
            if let x = t["timeout_seconds"] {
                guard let d = x.double ?? x.int.map(Double.init), d > 0, d <= 3600 else {
                    throw fail("kapture.timeout_seconds", "a number of seconds 0…3600")
                }
                k.timeoutSeconds = d
            }
            if let x = t["max_retries"] {
                guard let n = x.int, n >= 0, n <= 100 else { throw fail("kapture.max_retries", "an integer 0…100") }
                k.maxRetries = n
            }
            if let x = t["refresh_days"] {
                guard let n = x.int, n >= 0, n <= PeriodSelection.maximumDays else {
                    throw fail("kapture.refresh_days", "an integer 0…\(PeriodSelection.maximumDays)")
                }
                k.refreshDays = n
            }
            if let x = t["retry_base_delay_seconds"] {
                guard let d = x.double ?? x.int.map(Double.init), d >= 0, d <= 3600 else {
                    throw fail("kapture.retry_base_delay_seconds", "a number of seconds 0…3600")
                }
                k.baseBackoffSeconds = d
            }
            if let x = t["retry_max_delay_seconds"] {
                guard let d = x.double ?? x.int.map(Double.init), d >= 0, d <= 3600 else {
                    throw fail("kapture.retry_max_delay_seconds", "a number of seconds 0…3600")
                }
                k.maxBackoffSeconds = d
            }
            c.kapture = k
        }
        if let v = table["email"] {
            guard let t = v.table else { throw fail("email", "a table") }
            if let x = t["from"] {
                guard let s = x.string, !s.isEmpty else { throw fail("email.from", "an address") }
                c.email.from = s
            }
            if let x = t["to"] {
                guard let list = x.array?.compactMap({ $0.string }), list.count == x.array?.count else {
                    throw fail("email.to", "an array of addresses")
                }
                c.email.to = list
            }
            if let x = t["subject"] {
                guard let s = x.string else { throw fail("email.subject", "a string") }
                c.email.subject = s
            }
            if let x = t["sendmail_command"] {
                guard let s = x.string, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw fail("email.sendmail_command", "a command such as \"/usr/sbin/sendmail -t -i\"")
                }
                c.email.sendmailCommand = s
            }
            if let x = t["message_id_domain"] {
                guard let s = x.string, !s.isEmpty else { throw fail("email.message_id_domain", "a domain") }
                c.email.messageIDDomain = s
            }
        }
        if let v = table["store"] {
            guard let t = v.table else { throw fail("store", "a table") }
            for key in t.keys where !["url", "password_file"].contains(key) {
                c.warnings.append("\(path): unknown key 'store.\(key)' ignored")
            }
            if let x = t["url"] {
                guard let s = x.string, !s.isEmpty else {
                    throw fail("store.url", "a SQLite file path or a postgres:// URL")
                }
                c.storeURL = s
            }
            if let x = t["password_file"] {
                guard let s = x.string, !s.isEmpty else { throw fail("store.password_file", "a path") }
                c.storePasswordFile = s
            }
        }
        if let v = table["serve"] {
            guard let t = v.table else { throw fail("serve", "a table") }
            c.serve = try ServeSettings.parse(t, path: path, warnings: &c.warnings)
        }
        if let v = table["slice"] { c.slices = try parseSlices(v, path: path) }
        if let v = table["calendar"] { c.calendars = try parseCalendars(v, path: path) }
        if let v = table["target"] { c.targets = try parseTargets(v, path: path, calendars: c.calendars) }
        for (i, schedule) in c.serve.schedule.enumerated() {
            if let name = schedule.slice, c.slice(named: name) == nil {
                throw PipelineError.usage(
                    "\(path): serve.schedule[\(i + 1)].slice: '\(PeriodSelection.shown(name))' is not a [[slice]] of the configuration"
                )
            }
        }
        return c
    }
}
