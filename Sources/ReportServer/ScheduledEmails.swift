public import Foundation
import Logging
public import ReportPipeline
import ReportRendering
import SLAAnalytics
public import ServiceLifecycle
import TicketModel
import TicketStore

/// `[[serve.schedule]]`: reports emailed at a weekday and time in the report zone. Each send
/// is recorded in the store before it goes out, so a restart (or a second server on the same
/// store) never sends one twice; a send missed while the server was down goes out at start
/// when it is less than `[serve] catch_up` late.
public struct ScheduledEmails: Service {
    public struct Send: Sendable, Equatable {
        public var schedule: String
        public var dueAt: Date
        /// `nil`: sent; else why not.
        public var error: String?
    }

    let schedules: [ScheduledReport]
    let configuration: Configuration
    let server: FeedServer

    public init(configuration: Configuration, server: FeedServer) {
        self.schedules = configuration.serve.schedule
        self.configuration = configuration
        self.server = server
    }

    var zone: TimeZone {
        TimeZone(identifier: configuration.reportTimezone ?? configuration.timezone) ?? .gmt
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // Only the server leading the store sends (the send records keep it once anyway).
            let leadership = server.leadership
            if (try? await Blocking.run { leadership.isLeader() }) == true { _ = await sendDue(now: server.now()) }
            // Wake at the next due time, and at least every minute (the clock may jump).
            let now = server.now()
            let next = schedules.map { $0.nextDue(after: now, in: zone) }.min() ?? now.addingTimeInterval(60)
            let wait = min(60, max(1, next.timeIntervalSince(now)))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(min(wait, 10))) }
        }
        server.leadership.resign()
    }

    /// Sends every schedule whose last due time is at or before `now`, not yet recorded, and
    /// less than `catch_up` late; returns what it did.
    public func sendDue(now: Date) async -> [Send] {
        var done: [Send] = []
        let catchUp = Double(configuration.serve.catchUp.components.seconds)
        for schedule in schedules {
            let due = schedule.lastDue(atOrBefore: now, in: zone)
            guard due != .distantPast, now.timeIntervalSince(due) <= catchUp else { continue }
            do {
                let store = server.store
                let key = schedule.key
                let claimed = try await Blocking.run {
                    try store.sentAt(schedule: key, dueAt: due) == nil
                        && store.recordSend(schedule: key, dueAt: due, sentAt: now)
                }
                guard claimed else { continue }
            } catch {
                done.append(Send(schedule: schedule.key, dueAt: due, error: FeedServer.reason(error)))
                continue
            }
            do {
                try await send(schedule, asOf: due)
                server.metrics.emailSent(schedule: schedule.key, ok: true)
                server.logger.info("scheduled email sent", metadata: ["schedule": "\(schedule.key)"])
                done.append(Send(schedule: schedule.key, dueAt: due, error: nil))
            } catch {
                server.metrics.emailSent(schedule: schedule.key, ok: false)
                server.logger.error(
                    "scheduled email failed", metadata: ["schedule": "\(schedule.key)", "error": "\(error.message)"])
                done.append(Send(schedule: schedule.key, dueAt: due, error: error.message))
            }
        }
        return done
    }

    /// The report of `schedule`'s period as of its due time, mailed.
    func send(_ schedule: ScheduledReport, asOf due: Date) async throws(PipelineError) {
        let options = try PeriodSelection(preset: schedule.period).resolve(configuration: configuration, now: due)
            .sliced(
                try SliceSelection(name: schedule.slice).resolve(
                    configuration: configuration, nameParameter: "serve.schedule.slice"))
        let mailing = try ReportMailing(
            configuration: configuration, mailTo: schedule.to, subject: schedule.subject,
            parameter: "serve.schedule.to")
        let formats = mailing.formats(try ReportFormat.parseList(schedule.formats))
        let (store, templates, envelope) = (server.store, server.templatesFolder, mailing.envelope)
        // The summary reads the store and the documents are validated: both off the
        // cooperative pool.
        let documents: [(name: String, data: Data)]
        do {
            documents = try await Blocking.run {
                let summary = try ReportJob.summarize(store: store, options: options)
                return try ReportJob.render(summary, formats: formats, templatesFolder: templates, envelope: envelope)
            }
        } catch let e as PipelineError {
            throw e
        } catch {
            throw .unexpected(error)
        }
        _ = try await ReportPublisher(outputFolder: "", sendmailCommand: configuration.email.sendmailCommand).send(
            documents, if: true)
    }
}
