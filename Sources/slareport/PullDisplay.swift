import Foundation
import KapturePull
import ReportPipeline
import TicketModel
import TicketStore

/// Progress on a terminal (one rewritten line), or one line per day otherwise.
final class PullDisplay: @unchecked Sendable {
    let line: ProgressLine
    var interactive: Bool { line.interactive }
    let verbose: Bool
    private let lock = NSLock()
    private var total = 0
    private var done = 0
    private var tickets = 0
    private var retries = 0
    private var failed = 0

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
        lock.withLock {
            switch event {
            case .planned(let total, let complete):
                self.total = total
                self.done = complete
                if !interactive && complete > 0 { printError("\(complete) of \(total) days already complete; skipped") }
            case .dayDone(let day, let state, let n, let pages, let r):
                done += 1
                tickets += n
                if !interactive {
                    printError("\(day) \(state.rawValue): \(n) tickets, \(pages) pages, \(r) retries")
                }
            case .dayFailed(let day, let error, _):
                done += 1
                failed += 1
                line.clear()
                printError("\(day) failed: \(error)")
            case .retry(let day, let error):
                retries += 1
                if verbose && !interactive { printError("\(day) retrying after: \(error)") }
            }
            line.show("[\(done)/\(total) days] \(tickets) tickets, \(retries) retries, \(failed) failed")
        }
    }

    /// Ends the progress line (once).
    func finish() { line.finish() }
}
