import TicketModel

/// The summary's groups that need more than counting: CSAT by group, turnaround percentiles,
/// assignee names.
extension ReportBuilder {
    func csatFigures(_ c: PeriodAccumulator) -> CSATFigures {
        func group(_ key: String, name: String? = nil, _ v: CSATCounts) -> CSATGroup {
            CSATGroup(
                key: key, name: name, rated: v.rated, mean: Statistics.rate(v.sum, v.rated),
                distribution: (1...5).map { RatingCount(rating: $0, count: v.distribution[$0 - 1]) })
        }
        func groups(_ counts: [CSATCounts]) -> [CSATGroup] {
            counts.enumerated().filter { $0.element.rated > 0 }.map { group(labels[Int32($0.offset)], $0.element) }
                .sorted { ($1.rated, $0.key) < ($0.rated, $1.key) }
        }
        let overall = group("all", c.csat)
        return CSATFigures(
            rated: overall.rated, mean: overall.mean, responseRate: Statistics.rate(c.csat.rated, c.tickets),
            distribution: overall.distribution, outOfScale: c.csatOutOfScale,
            byAssignee: Self.ordered(c.assignees).map { id, a in
                group(String(id), name: assigneeName(a, id: id), a.csat)
            },
            byQueue: groups(c.csatByQueue), bySource: groups(c.csatBySource))
    }

    /// The assignees by tickets, most first (ties by id).
    static func ordered(_ assignees: IntMap<AssigneeCounts>) -> [(key: Int64, value: AssigneeCounts)] {
        assignees.sorted { ($1.value.tickets, $0.key) < ($0.value.tickets, $1.key) }
    }

    /// The name on the assignee's latest ticket; names seen at the same instant: the
    /// smallest; id 0 is "Unassigned".
    func assigneeName(_ a: AssigneeCounts, id: Int64) -> String {
        TicketFacts.assigneeLabel(id: id, name: a.name >= 0 ? ([a.name] + a.tieNames).map { labels[$0] }.min() : nil)
    }

    func tatFigures(_ c: PeriodAccumulator) -> TATFigures {
        // Selected in place across the lists of the (priority, queue) pairs, never in a copy of
        // a whole group (`nearestRanks(across:)`).
        func group(_ key: String, _ lists: [[Int32]]) -> TATGroup {
            let ranks = Statistics.nearestRanks(across: lists, [0.5, 0.9])
            return TATGroup(
                key: key, count: lists.reduce(0) { $0 + $1.count }, medianSeconds: ranks[0], p90Seconds: ranks[1])
        }
        func groups(byQueue: Bool) -> [TATGroup] {
            c.tat.grouped(byQueue: byQueue).map { group(labels[$0.label], $0.lists) }
                .sorted { ($1.count, $0.key) < ($0.count, $1.key) }
        }
        return TATFigures(
            overall: group("all", c.tat.lists), byPriority: groups(byQueue: false), byQueue: groups(byQueue: true),
            unparsed: c.tatUnparsed)
    }
}
