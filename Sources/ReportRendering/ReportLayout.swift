/// How much the email shows: long tables are cut to the top N with an "and K more" row so
/// that the message stays small; the XHTML document shows every row.
public struct ReportLayout: Sendable {
    public var maxAssignees: Int
    public var maxQueues: Int
    public var maxSources: Int

    public init(maxAssignees: Int, maxQueues: Int, maxSources: Int) {
        self.maxAssignees = maxAssignees
        self.maxQueues = maxQueues
        self.maxSources = maxSources
    }

    /// The email: top 25 assignees, top 15 queues, top 10 channels.
    public static let email = ReportLayout(maxAssignees: 25, maxQueues: 15, maxSources: 10)
    /// The archival document: everything.
    public static let complete = ReportLayout(maxAssignees: .max, maxQueues: .max, maxSources: .max)
}
