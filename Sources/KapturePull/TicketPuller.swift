import Foundation
public import KaptureAPI
import Synchronization
public import TicketModel
public import TicketStore

/// What a pull should do.
public struct PullPlan: Sendable {
    /// The account-zone days asked for, in order.
    public var days: [LocalDate]
    /// Today in the account zone; complete days within `refreshDays` of it are pulled again.
    public var today: LocalDate
    public var refreshDays: Int
    /// Days pulled at once.
    public var concurrency: Int
    /// Where to write every response as received (one file per day and page), if anywhere.
    public var saveRawDirectory: String?

    public init(
        days: [LocalDate], today: LocalDate, refreshDays: Int, concurrency: Int, saveRawDirectory: String? = nil
    ) {
        self.days = days
        self.today = today
        self.refreshDays = refreshDays
        self.concurrency = max(1, concurrency)
        self.saveRawDirectory = saveRawDirectory
    }
}

/// Something that happened during a pull, for progress display and logs.
public enum PullEvent: Sendable {
    case planned(total: Int, alreadyComplete: Int)
    case dayDone(LocalDate, state: LedgerState, tickets: Int, pages: Int, retries: Int)
    case dayFailed(LocalDate, error: String, retries: Int)
    case retry(LocalDate, error: String)
}

/// The result of a pull.
public struct PullOutcome: Sendable {
    /// Whether every day asked for is complete in the store (pulled now or before).
    public var isComplete: Bool { partial.isEmpty && failed.isEmpty }

    public var pulled: [LocalDate] = []
    public var alreadyComplete: [LocalDate] = []
    /// Days stored with fewer tickets than their `totalCount` declares, and how many.
    public var partial: [(day: LocalDate, reason: String)] = []
    /// Days nothing could be stored for, and why.
    public var failed: [(day: LocalDate, error: String)] = []
    public var tickets = 0
    public var retries = 0
}

/// Pulls days from Kapture into a store: bounded concurrency, one transaction per day,
/// resumable through the ledger.
public struct TicketPuller: Sendable {
    public let client: KaptureClient
    public let store: any TicketStoring
    public let decoder: TicketDecoder

    public init(client: KaptureClient, store: any TicketStoring, decoder: TicketDecoder) {
        self.client = client
        self.store = store
        self.decoder = decoder
    }

    /// Which of `plan.days` need pulling: all but the complete days older than the refresh window.
    public func daysToPull(_ plan: PullPlan) throws -> (pull: [LocalDate], complete: [LocalDate]) {
        Self.daysToPull(plan, ledger: try ledger(of: plan))
    }

    /// The store's calls, and a day's decoding and writing, run on the pool for blocking work
    /// (`Blocking`), never on the cooperative pool the pull's tasks run on.
    func blocking<T: Sendable>(_ body: @escaping @Sendable (TicketPuller) throws -> T) async throws -> T {
        try await Blocking.run { [self] in try body(self) }
    }

    /// The store's ledger rows of `plan`'s days.
    func ledger(of plan: PullPlan) throws -> [LedgerEntry] {
        guard let first = plan.days.first, let last = plan.days.last else { return [] }
        return try store.ledger(from: first, to: last)
    }

    /// Which of `plan.days` need pulling, given the store's ledger of those days.
    public static func daysToPull(_ plan: PullPlan, ledger: [LedgerEntry]) -> (pull: [LocalDate], complete: [LocalDate])
    {
        let completeDays = Set(ledger.filter { $0.state == .complete }.map(\.day))
        let refreshFrom = plan.today.adding(days: -plan.refreshDays)
        var pull: [LocalDate] = []
        var complete: [LocalDate] = []
        for day in plan.days {
            if completeDays.contains(day) && day < refreshFrom { complete.append(day) } else { pull.append(day) }
        }
        return (pull, complete)
    }

    /// Runs the pull. Throws a `KaptureError` of kind `.authentication` at the first refusal
    /// (every other day is cancelled); other failures mark their day failed and go on.
    public func run(_ plan: PullPlan, events: @escaping @Sendable (PullEvent) -> Void = { _ in }) async throws
        -> PullOutcome
    {
        let before = try await blocking { try $0.ledger(of: plan) }
        let (pull, complete) = Self.daysToPull(plan, ledger: before)
        let planned = Dictionary(before.map { ($0.day, $0) }, uniquingKeysWith: { _, b in b })
        var outcome = PullOutcome()
        outcome.alreadyComplete = complete
        events(.planned(total: plan.days.count, alreadyComplete: complete.count))
        if let dir = plan.saveRawDirectory {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }

        try await withThrowingTaskGroup(of: DayResult.self) { group in
            var next = 0
            func launch() {
                guard next < pull.count else { return }
                let day = pull[next]
                next += 1
                group.addTask { try await self.pullDay(day, plan: plan, planned: planned[day], events: events) }
            }
            for _ in 0..<min(plan.concurrency, pull.count) { launch() }
            while let result = try await group.next() {
                outcome.retries += result.retries
                switch result.state {
                case .complete, .partial, .imported:
                    outcome.pulled.append(result.day)
                    outcome.tickets += result.tickets
                    if result.state == .partial { outcome.partial.append((result.day, result.error ?? "partial")) }
                case .failed:
                    outcome.failed.append((result.day, result.error ?? "failed"))
                }
                launch()
            }
        }
        outcome.pulled.sort()
        outcome.partial.sort { $0.day < $1.day }
        outcome.failed.sort { $0.day < $1.day }
        return outcome
    }

    struct DayResult: Sendable {
        var day: LocalDate
        var state: LedgerState
        var tickets: Int
        var retries: Int
        var error: String?
    }

    final class RetryCounter: Sendable {
        private let n = Mutex(0)
        func increment() { n.withLock { $0 += 1 } }
        var value: Int { n.withLock { $0 } }
    }

    /// Pulls `day` while holding the store's lock on it: a second puller on the same
    /// database (another process, an overlapping range) waits, and then finds the day
    /// pulled since it planned (its ledger row changed to complete) instead of pulling it
    /// again. `planned` is the day's ledger row when the run planned.
    func pullDay(
        _ day: LocalDate, plan: PullPlan, planned: LedgerEntry?, events: @escaping @Sendable (PullEvent) -> Void
    ) async throws -> DayResult {
        let lock = try await store.lock("day:\(day)")
        do {
            let result: DayResult
            if let entry = try await blocking({ try $0.store.ledger(from: day, to: day).first }),
                entry.state == .complete, entry != planned
            {
                result = DayResult(day: day, state: .complete, tickets: 0, retries: 0, error: nil)
            } else {
                result = try await pullLockedDay(day, plan: plan, events: events)
            }
            await lock.unlock()
            return result
        } catch {
            await lock.unlock()
            throw error
        }
    }

    func pullLockedDay(_ day: LocalDate, plan: PullPlan, events: @escaping @Sendable (PullEvent) -> Void) async throws
        -> DayResult
    {
        let counter = RetryCounter()
        let fetched: KaptureDay
        do {
            fetched = try await client.fetchDay(day) { error in
                counter.increment()
                events(.retry(day, error: error.message))
            }
        } catch {
            if error.kind == .authentication { throw error }
            // Another day's authentication failure cancelled this one: leave its ledger alone.
            if Task.isCancelled { throw CancellationError() }
            let retries = counter.value
            let reason =
                retries == 0
                ? error.message : "\(error.message) (after \(retries) \(retries == 1 ? "retry" : "retries"))"
            try await blocking { try $0.store.markFailed(day: day, error: reason, at: Date()) }
            events(.dayFailed(day, error: reason, retries: retries))
            return DayResult(day: day, state: .failed, tickets: 0, retries: retries, error: reason)
        }

        let entry = try await blocking { try $0.store(fetched, of: day, saveRawDirectory: plan.saveRawDirectory) }
        events(
            .dayDone(
                day, state: entry.ledger.state, tickets: entry.tickets, pages: fetched.pages.count,
                retries: counter.value))
        return DayResult(
            day: day, state: entry.ledger.state, tickets: entry.tickets, retries: counter.value,
            error: entry.ledger.error)
    }

    /// Decodes a fetched day (within the day the later copy of a ticketId wins), saves its
    /// pages when asked, and writes its tickets and ledger row in one transaction; blocks.
    func store(_ fetched: KaptureDay, of day: LocalDate, saveRawDirectory: String?) throws -> (
        ledger: LedgerEntry, tickets: Int
    ) {
        var skipped: [SkipReason: Int] = [:]
        var byId: [String: Int] = [:]
        var tickets: [StoredTicket] = []
        let values = fetched.ticketValues
        tickets.reserveCapacity(values.count)
        for value in values {
            switch decoder.decode(value) {
            case .success(let t):
                let stored = StoredTicket(ticket: t, rawJSON: value.jsonText)
                if let i = byId[t.ticketId] {
                    tickets[i] = stored
                } else {
                    byId[t.ticketId] = tickets.count
                    tickets.append(stored)
                }
            case .failure(let reason): skipped[reason, default: 0] += 1
            }
        }
        let declared = fetched.declaredTotal
        let state: LedgerState = fetched.reachedDeclaredTotal ? .complete : .partial
        let attempts = fetched.dayRepeats + 1
        let shortfall =
            "received \(fetched.distinctTickets) of \(declared ?? 0) tickets its totalCount declares, "
            + "in \(attempts) attempt\(attempts == 1 ? "" : "s")"
        if let dir = saveRawDirectory {
            for (i, page) in fetched.pages.enumerated() {
                let name = "kapture-\(day)-p\(String(format: "%04d", i + 1)).json"
                let path = (dir as NSString).appendingPathComponent(name)
                let tmp = (dir as NSString).appendingPathComponent(".\(name).tmp-\(getpid())")
                guard FileManager.default.createFile(atPath: tmp, contents: Data(page.body)), rename(tmp, path) == 0
                else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
                }
            }
        }
        let entry = LedgerEntry(
            day: day, state: state, ticketsSeen: fetched.distinctTickets, pages: fetched.pages.count,
            declaredTotal: declared, skipped: skipped, pulledAt: Date(), error: state == .partial ? shortfall : nil)
        try store.saveDay(entry, tickets: tickets)
        return (entry, tickets.count)
    }
}
