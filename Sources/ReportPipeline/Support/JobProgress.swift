import Foundation
public import TicketStore

/// How far a long job (`import`, `store copy`) has come, for a front end to show: the units
/// done of all (files, days), the tickets so far, and the share of the work done (by bytes
/// for files), from which the rate and the time left follow.
public struct JobProgress: Sendable, Equatable {
    public var done: Int
    public var total: Int
    /// What `done` and `total` count: `files`, `days`.
    public var unit: String
    public var tickets: Int
    /// Seconds since the job began.
    public var elapsed: Double
    /// The share of the work done, 0…1.
    public var fraction: Double

    public init(done: Int, total: Int, unit: String, tickets: Int, elapsed: Double, fraction: Double) {
        self.done = done
        self.total = total
        self.unit = unit
        self.tickets = tickets
        self.elapsed = elapsed
        self.fraction = fraction
    }

    /// Tickets a second so far (`nil` before any time has passed).
    public var ticketsPerSecond: Double? { elapsed > 0 ? Double(tickets) / elapsed : nil }

    /// Seconds left at the rate so far (`nil` until some work is done).
    public var secondsLeft: Double? {
        guard fraction > 0, fraction <= 1, elapsed > 0 else { return nil }
        return elapsed / fraction - elapsed
    }
}

/// Called with a job's progress after each unit of work.
public typealias ProgressHandler = @Sendable (JobProgress) -> Void

extension JobProgress {
    /// A handler for a store's fact blocks built on open (a store of another layout or of
    /// an older schema), shown as a job of its own: `[12/91 days of fact blocks] …`.
    public static func buildingBlocks(_ progress: ProgressHandler?) -> FactBlockProgressHandler? {
        guard let progress else { return nil }
        let began = Date()
        return { built in
            progress(
                JobProgress(
                    done: built.days, total: built.total, unit: "days of fact blocks", tickets: built.tickets,
                    elapsed: Date().timeIntervalSince(began), fraction: Double(built.days) / Double(max(1, built.total))
                ))
        }
    }
}
