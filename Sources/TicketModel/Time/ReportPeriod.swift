import Foundation

/// An inclusive run of calendar days in the report time zone: `2024-04-15 … 2024-04-21`.
///
/// A ticket belongs to the period when its creation instant falls between local midnight
/// starting `from` and local midnight ending `to`.
public struct ReportPeriod: Sendable, Hashable, CustomStringConvertible {
    public let from: LocalDate
    public let to: LocalDate

    /// Creates a period; `nil` when `to` is before `from`.
    public init?(from: LocalDate, to: LocalDate) {
        guard from <= to else { return nil }
        self.from = from
        self.to = to
    }

    /// A period over two days in either order (never `nil`: the earlier day starts it).
    public init(between a: LocalDate, and b: LocalDate) {
        from = min(a, b)
        to = max(a, b)
    }

    /// The first day any period may name: every date a user gives, and every day a preset or
    /// an as-of time yields, lies in `earliestDay … latestDay` (docs/USAGE.md, "Periods").
    /// The bounds keep every derived day (the previous period, the trend's weeks, the day
    /// after the period) a valid four-digit-year date.
    public static let earliestDay = LocalDate(daysSinceEpoch: 0)
    /// The last day any period may name (9998-12-31).
    public static let latestDay = LocalDate(daysSinceEpoch: 2_932_531)

    /// Whether `day` lies in `earliestDay … latestDay`.
    public static func allows(_ day: LocalDate) -> Bool { day >= earliestDay && day <= latestDay }

    /// Number of calendar days, both ends included.
    public var dayCount: Int { to.daysSinceEpoch - from.daysSinceEpoch + 1 }

    /// Every day of the period, in order.
    public var days: [LocalDate] { (0..<dayCount).map { from.adding(days: $0) } }

    /// The period of equal length that ends the day before this one starts.
    public var previous: ReportPeriod {
        ReportPeriod(between: from.adding(days: -dayCount), and: from.adding(days: -1))
    }

    public func contains(_ day: LocalDate) -> Bool { day >= from && day <= to }

    /// Index of `day` in the period (0 for `from`), or `nil` outside it.
    public func dayIndex(_ day: LocalDate) -> Int? {
        let i = day.daysSinceEpoch - from.daysSinceEpoch
        return i >= 0 && i < dayCount ? i : nil
    }

    public var description: String { "\(from) … \(to)" }
}

/// The named periods a user can ask for instead of `--from/--to`, relative to an as-of time.
public enum PeriodPreset: String, Sendable, CaseIterable {
    /// The last full Monday–Sunday week before the as-of day.
    case lastWeek = "last-week"
    /// The seven full days before the as-of day.
    case last7Days = "last-7-days"
    /// The fourteen full days before the as-of day (a week and the week before it).
    case last14Days = "last-14-days"
    /// The day before the as-of day.
    case yesterday
    /// From the first of the as-of day's month through the as-of day itself.
    case monthToDate = "month-to-date"
    /// The previous calendar month.
    case lastMonth = "last-month"

    /// The period this preset names when "today" is `today` (in the report time zone).
    public func period(today: LocalDate) -> ReportPeriod {
        // Day arithmetic only: no calendar look-up that could fail at the ends of the range.
        let firstOfMonth = today.adding(days: 1 - today.day)
        switch self {
        case .lastWeek:
            let monday = today.adding(days: -today.weekdayFromMonday)
            return ReportPeriod(between: monday.adding(days: -7), and: monday.adding(days: -1))
        case .last7Days:
            return ReportPeriod(between: today.adding(days: -7), and: today.adding(days: -1))
        case .last14Days:
            return ReportPeriod(between: today.adding(days: -14), and: today.adding(days: -1))
        case .yesterday:
            let y = today.adding(days: -1)
            return ReportPeriod(between: y, and: y)
        case .monthToDate:
            return ReportPeriod(between: firstOfMonth, and: today)
        case .lastMonth:
            let last = firstOfMonth.adding(days: -1)
            return ReportPeriod(between: last.adding(days: 1 - last.day), and: last)
        }
    }
}
