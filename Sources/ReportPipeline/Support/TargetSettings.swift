import Foundation
import SLAAnalytics
internal import TOMLKit
public import TicketModel

extension Configuration {
    /// The calendar a target names: a `[[calendar]]`, or the built-in `24x7`.
    public func calendar(named name: String) -> BusinessCalendar? {
        name == BusinessCalendar.allHours.name ? .allHours : calendars.first { $0.name == name }
    }

    /// `[[calendar]]` tables: `name`, `timezone`, `hours` (a table of weekdays, each
    /// `"09:00-18:00"`, two spans `"09:00-13:00,14:00-18:00"`, or one past midnight
    /// `"22:00-06:00"`), and `holidays` (dates) or `holidays_file` (an iCalendar file of all-day
    /// events, or one date a line; relative to the configuration file).
    static func parseCalendars(_ value: any TOMLValueConvertible, path: String) throws(PipelineError)
        -> [BusinessCalendar]
    {
        guard let entries = value.array else {
            throw .usage("\(path): calendar must be an array of tables ([[calendar]])")
        }
        var calendars: [BusinessCalendar] = []
        for (i, entry) in entries.enumerated() {
            let at = "\(path): calendar[\(i + 1)]"
            guard let t = entry.table else { throw .usage("\(at) must be a table ([[calendar]])") }
            for key in t.keys where !["name", "timezone", "hours", "holidays", "holidays_file"].contains(key) {
                throw .usage(
                    "\(at): unknown key '\(key)'; a calendar has name, timezone, hours, holidays, holidays_file")
            }
            guard let name = t["name"]?.string, SliceSelection.isName(name), name != BusinessCalendar.allHours.name
            else {
                throw .usage("\(at).name must be a name of letters, digits, '-' and '_' (at most 64; not 24x7)")
            }
            guard !calendars.contains(where: { $0.name == name }) else {
                throw .usage("\(at).name: the calendar '\(name)' is named twice")
            }
            guard let zoneName = t["timezone"]?.string, let zone = ZoneClock.zone(named: zoneName) else {
                throw .usage("\(at).timezone must be an IANA time zone name such as Asia/Kolkata")
            }
            guard let hours = t["hours"]?.table else {
                throw .usage("\(at).hours must be a table of weekdays, such as hours = { mon = \"09:00-18:00\" }")
            }
            var week = Array(repeating: [BusinessCalendar.Span](), count: 7)
            for key in hours.keys {
                guard let day = BusinessCalendar.weekdays.firstIndex(of: key) else {
                    throw .usage(
                        "\(at).hours: '\(PeriodSelection.shown(key))' is not a weekday (\(BusinessCalendar.weekdays.joined(separator: ", ")))"
                    )
                }
                guard let text = hours[key]?.string else { throw .usage("\(at).hours.\(key) must be a string") }
                let (spans, problem) = BusinessCalendar.spans(text)
                if let problem { throw .usage("\(at).hours.\(key): \(problem)") }
                week[day] = spans
            }
            guard week.contains(where: { !$0.isEmpty }) else { throw .usage("\(at).hours opens on no day") }
            if let problem = BusinessCalendar.overlapAcrossMidnight(week) { throw .usage("\(at).hours: \(problem)") }
            var holidays: Set<LocalDate> = []
            if let x = t["holidays"] {
                guard let list = x.array?.compactMap({ $0.string }), list.count == x.array?.count else {
                    throw .usage("\(at).holidays must be an array of dates such as [\"2024-01-26\"]")
                }
                for text in list {
                    guard let d = LocalDate(text) else {
                        throw .usage("\(at).holidays: '\(PeriodSelection.shown(text))' is not a YYYY-MM-DD date")
                    }
                    holidays.insert(d)
                }
            }
            if let x = t["holidays_file"] {
                guard let file = x.string, !file.isEmpty else { throw .usage("\(at).holidays_file must be a path") }
                let resolved =
                    file.hasPrefix("/")
                    ? file : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(file)
                guard let data = FileManager.default.contents(atPath: resolved),
                    let text = String(data: data, encoding: .utf8)
                else { throw .usage("\(at).holidays_file: \(resolved) cannot be read as UTF-8 text") }
                let (days, problem) = BusinessCalendar.holidays(fromFile: text)
                if let problem { throw .usage("\(at).holidays_file: \(resolved): \(problem)") }
                holidays.formUnion(days)
            }
            calendars.append(BusinessCalendar(name: name, timeZone: zone, week: week, holidays: holidays))
        }
        return calendars
    }

    /// `[[target]]` tables: `priority` and `queue` (a value or an array; absent: any),
    /// `resolve_within` and `at_risk` (business time: `4h`, `30m`, `1h30m`), `calendar` (a
    /// `[[calendar]]` name or `24x7`, the default).
    static func parseTargets(
        _ value: any TOMLValueConvertible, path: String, calendars: [BusinessCalendar]
    ) throws(PipelineError) -> [ServiceTarget] {
        guard let entries = value.array else { throw .usage("\(path): target must be an array of tables ([[target]])") }
        var targets: [ServiceTarget] = []
        for (i, entry) in entries.enumerated() {
            let at = "\(path): target[\(i + 1)]"
            guard let t = entry.table else { throw .usage("\(at) must be a table ([[target]])") }
            for key in t.keys where !["priority", "queue", "resolve_within", "at_risk", "calendar"].contains(key) {
                throw .usage(
                    "\(at): unknown key '\(key)'; a target has priority, queue, resolve_within, at_risk, calendar")
            }
            func list(_ key: String) throws(PipelineError) -> [String] {
                guard let x = t[key] else { return [] }
                guard let l = strings(x), !l.isEmpty, l.allSatisfy({ !$0.isEmpty }) else {
                    throw .usage("\(at).\(key) must be a string or an array of strings")
                }
                return l
            }
            func duration(_ key: String) throws(PipelineError) -> Int64? {
                guard let x = t[key] else { return nil }
                guard let text = x.string, let seconds = Self.businessDuration(text) else {
                    throw .usage("\(at).\(key) must be business time in hours and minutes, such as \"4h\" or \"1h30m\"")
                }
                return seconds
            }
            guard let within = try duration("resolve_within") else {
                throw .usage(
                    "\(at).resolve_within must be business time in hours and minutes, such as \"4h\" or \"1h30m\"")
            }
            let calendarName = t["calendar"]?.string ?? BusinessCalendar.allHours.name
            let calendar =
                calendarName == BusinessCalendar.allHours.name
                ? BusinessCalendar.allHours : calendars.first { $0.name == calendarName }
            guard let calendar else {
                let known = [BusinessCalendar.allHours.name] + calendars.map(\.name)
                throw .usage(
                    "\(at).calendar: '\(PeriodSelection.shown(calendarName))' is not a [[calendar]]; the calendars are \(known.joined(separator: ", "))"
                )
            }
            targets.append(
                ServiceTarget(
                    priorities: try list("priority"), queues: try list("queue"), resolveWithin: within,
                    calendar: calendar, atRisk: try duration("at_risk") ?? ServiceTarget.defaultAtRisk))
        }
        return targets
    }

    /// `4h`, `30m`, `1h30m`: a positive business duration of at most 10,000 hours, in seconds.
    static func businessDuration(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "h" || $0 == "m") }),
            let d = ServeSettings.duration(t), t.last == "h" || t.last == "m", !t.contains("hh"), !t.contains("mm")
        else { return nil }
        let seconds = d.components.seconds
        return seconds > 0 && seconds <= 10_000 * 3600 ? seconds : nil
    }
}
