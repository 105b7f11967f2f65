import Foundation
import ReportPipeline
import Synchronization

/// One line of progress on a terminal, rewritten in place on standard error (`pull`,
/// `import`, `store copy`); nothing when standard error is not a terminal or with `--quiet`,
/// so logs and cron mail stay clean.
final class ProgressLine: Sendable {
    let interactive: Bool
    /// Whether a line is showing (and so needs its newline at the end).
    private let showing = Mutex(false)
    /// When a job's progress was last shown: at most ten lines a second.
    private let lastShown = Mutex<ContinuousClock.Instant?>(nil)

    init(quiet: Bool) {
        interactive = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Replaces the line with `text`.
    func show(_ text: String) {
        guard interactive else { return }
        showing.withLock { shown in
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            shown = true
        }
    }

    /// Clears the line, so that a message can take its place.
    func clear() {
        guard interactive else { return }
        showing.withLock { shown in
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }

    /// Ends the line (once).
    func finish() {
        showing.withLock { shown in
            if shown { FileHandle.standardError.write(Data("\n".utf8)) }
            shown = false
        }
    }

    /// `[3/14 files] 12,040 tickets, 98,000 tickets/s, 2 s left`.
    static func text(_ p: JobProgress) -> String {
        var line = "[\(p.done)/\(p.total) \(p.unit)] \(p.tickets) tickets"
        if let rate = p.ticketsPerSecond { line += ", \(Int(rate.rounded())) tickets/s" }
        if p.done < p.total, let left = p.secondsLeft { line += ", \(Int(left.rounded(.up))) s left" }
        return line
    }

    /// A handler showing a job's progress on this line (the last unit always, the others at
    /// most ten times a second).
    func handler() -> ProgressHandler {
        { [self] progress in
            guard interactive else { return }
            let now = ContinuousClock.now
            let due = lastShown.withLock { last in
                guard progress.done >= progress.total || last.map({ now - $0 >= .milliseconds(100) }) ?? true
                else { return false }
                last = now
                return true
            }
            if due { self.show(Self.text(progress)) }
        }
    }
}
