public import TicketModel

extension ReportBuilder {
    /// The days before the period that may be added as `HistoryRollup`s instead of ticket
    /// by ticket (the same figures either way): the trend's and the anomaly check's days
    /// before the previous period, and the previous period; `nil` when a trend week ends in
    /// the middle of one of them (an as-of instant before the period).
    public var rollupDays: ClosedRange<LocalDate>? {
        let last = options.period.from.adding(days: -1)
        // Rollups count every ticket of a day, not against targets: a slice, and a report
        // with targets, read their tickets one by one.
        guard options.slice == nil, options.targets.isEmpty, history.from <= last,
            history.noWeekEndsInside(daysBefore: options.period.from, clock)
        else {
            return nil
        }
        return history.from...last
    }

    /// Adds one day of `rollupDays` from its rollup, as if each of its tickets were added
    /// (the store keeps one copy per ticketId: nothing to de-duplicate).
    public mutating func add(_ rollup: HistoryRollup, day: LocalDate) {
        guard let days = rollupDays, days.contains(day), let h = history.index(day) else {
            preconditionFailure("\(day) is not one of the report's rollup days")
        }
        ticketsRead += rollup.tickets
        if let i = previousPeriod.dayIndex(day) {
            previous.add(rollup.period, dayIndex: i, labels: &labels)
        } else {
            outside += rollup.tickets
        }
        var sorted = rollup
        if !rollup.isSorted { sorted.sort() }
        history.add(sorted, day: day, dayIndex: h, clock: clock)
    }
}
