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
        // Every group's median and p90 selected at once across the lists of the (priority,
        // queue) pairs, each list read twice in all, never copied whole
        // (`nearestRanks(across:groups:_:)`).
        let pairs = c.tat.labeledLists
        let lists = pairs.map(\.list)
        func byLabel(_ label: (Int) -> Int32) -> [(label: Int32, lists: [Int])] {
            Dictionary(grouping: lists.indices, by: label).map { ($0.key, $0.value) }
        }
        let (priorities, queues) = (byLabel { pairs[$0].priority }, byLabel { pairs[$0].queue })
        let groups = [Array(lists.indices)] + priorities.map(\.lists) + queues.map(\.lists)
        let ranks = Statistics.nearestRanks(across: lists, groups: groups, [0.5, 0.9])
        func group(_ key: String, _ g: Int) -> TATGroup {
            TATGroup(
                key: key, count: groups[g].reduce(0) { $0 + lists[$1].count }, medianSeconds: ranks[g][0],
                p90Seconds: ranks[g][1])
        }
        func sorted(_ labeled: [(label: Int32, lists: [Int])], from first: Int) -> [TATGroup] {
            labeled.indices.map { group(labels[labeled[$0].label], first + $0) }
                .sorted { ($1.count, $0.key) < ($0.count, $1.key) }
        }
        return TATFigures(
            overall: group("all", 0), byPriority: sorted(priorities, from: 1),
            byQueue: sorted(queues, from: 1 + priorities.count), unparsed: c.tatUnparsed)
    }
}
