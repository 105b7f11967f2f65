import Foundation
import KapturePull
import ReportPipeline
import Synchronization
import TicketModel
import TicketStore

/// Progress on a terminal (one rewritten line), or one line per day otherwise.
final class PullDisplay: Sendable {
    let line: ProgressLine
    var interactive: Bool { line.interactive }
    let verbose: Bool

    private struct Counts {
        var total = 0
        var done = 0
        var tickets = 0
        var retries = 0
        var failed = 0
    }

    /// The days' events arrive from the pull's tasks at once.
    private let counts = Mutex(Counts())

    init(line: ProgressLine, verbose: Bool) {
        self.line = line
        self.verbose = verbose
    }

    /// What `--dry-run` prints: where the calls would go and which days they would ask for.
    static func printPreview(_ job: PullJob) throws {
        let (pull, complete) = try job.preview()
        print("Would pull \(plural(pull.count, "day")) from POST \(job.endpoint)")
        print("  page size: \(job.pageSize == 0 ? "none (no limit/offset)" : String(job.pageSize))")
        print(
            "  store: \(TicketStores.displayed(job.storePath)) (\(complete.count) of \(plural(job.plan.days.count, "day")) already complete)"
        )
        if let first = pull.first, let last = pull.last {
            let gaps = pull.count < last.daysSinceEpoch - first.daysSinceEpoch + 1
            print("  days: \(first) … \(last)" + (gaps ? " (\(pull.map(\.description).joined(separator: ", ")))" : ""))
        }
    }

    func handle(_ event: PullEvent) {
        counts.withLock { c in
            switch event {
            case .planned(let total, let complete):
                c.total = total
                c.done = complete
                if !interactive && complete > 0 { printError("\(complete) of \(total) days already complete; skipped") }
            case .dayDone(let day, let state, let n, let pages, let r):
                c.done += 1
                c.tickets += n
                if !interactive {
                    printError("\(day) \(state.rawValue): \(n) tickets, \(pages) pages, \(r) retries")
                }
            case .dayFailed(let day, let error, _):
                c.done += 1
                c.failed += 1
                line.clear()
                printError("\(day) failed: \(error)")
            case .retry(let day, let error):
                c.retries += 1
                if verbose && !interactive { printError("\(day) retrying after: \(error)") }
            }
            line.show("[\(c.done)/\(c.total) days] \(c.tickets) tickets, \(c.retries) retries, \(c.failed) failed")
        }
    }

    /// Ends the progress line (once).
    func finish() { line.finish() }
}
