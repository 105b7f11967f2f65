import Foundation
import KapturePull
import Logging
public import ReportPipeline
public import ServiceLifecycle
import TicketModel
import TicketStore

/// `[serve] pull_every`: the puller run in the server, one pull at a time, the recent days
/// (`kapture.refresh_days`, at least today) pulled again each time. A failing Kapture shows
/// in `/readyz`, `/metrics` and the dashboard and never stops the server.
public struct ScheduledPulls: Service {
    public let interval: Duration
    let configuration: Configuration
    let storePath: String
    let server: FeedServer

    public init(interval: Duration, configuration: Configuration, storePath: String, server: FeedServer) {
        self.interval = interval
        self.configuration = configuration
        self.storePath = storePath
        self.server = server
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // Only the server leading the store pulls; the others check again every 10 s,
            // so the lead passes on soon after its holder dies.
            let leadership = server.leadership
            guard (try? await Blocking.run { leadership.isLeader() }) == true else {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: min(interval, .seconds(10))) }
                continue
            }
            // A shutdown cancels the pull: a day already in its transaction commits, the
            // others are asked for again by the next pull.
            await cancelWhenGracefulShutdown { await pullOnce() }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        server.leadership.resign()
    }

    /// One pull of the recent days; its outcome goes to the server's state and metrics.
    public func pullOnce() async {
        let state = server.state
        await state.pullStarted()
        let status: ServerState.PullStatus
        var reason: String?
        do {
            let zone = try configuration.accountTimeZone()
            let now = server.now()
            let today = ZoneClock(zone).localDate(of: now)
            let first = today.adding(days: -max(0, configuration.kapture.refreshDays - 1))
            let job = try PullJob(
                PullRequest(
                    period: PeriodSelection(
                        from: first.description, to: today.description, asOf: ZoneClock(zone).rfc3339(now)),
                    storePath: storePath,
                    refreshDays: configuration.kapture.refreshDays + 1),
                configuration: configuration)
            let outcome = try await job.run()
            let verdict = job.verdict(outcome)
            status = outcome.isComplete ? .complete : .incomplete
            reason = verdict.lines.first.map {
                verdict.lines.count > 1 ? "\($0) (and \(verdict.lines.count - 1) more)" : $0
            }
        } catch {
            status = .failed
            reason = error.message
        }
        await state.pullFinished(status: status, reason: reason, at: server.now())
        server.metrics.pullRun(outcome: status.rawValue)
        if status == .complete { server.metrics.lastSuccessfulPull(server.now()) }
        let store = server.store
        if let count = try? await Blocking.run({ try store.ticketCount() }) {
            server.metrics.ticketsStored(count)
        }
        if status == .complete {
            server.logger.info("pull complete")
        } else {
            server.logger.warning("pull \(status.rawValue)", metadata: ["reason": "\(reason ?? "")"])
        }
    }
}
