import ArgumentParser
import CProcessTuning

@main
struct SLAReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slareport",
        abstract: "SLA and analytics reports for Kapture CRM helpdesks.",
        discussion: """
            Exit codes: 0 success, 64 usage error, 3 authentication refused, 65 bad input data, 1 anything else.
            """,
        version: "0.1.0",
        subcommands: [
            ReportCommand.self, PullCommand.self, ImportCommand.self, RawCommand.self, RenderCommand.self,
            ValidateCommand.self,
            DemoCommand.self, SampleDataCommand.self,
        ]
    )

    static func main() async {
        tuneProcess()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// glibc raises its mmap threshold every time a large block is freed, after which the
    /// per-file buffers of a big report (a few MB each, allocated and freed once per file)
    /// come from the heap and stay resident. A fixed threshold keeps them mapped and returns
    /// them on free: peak RSS at 1 M tickets drops from 72 to about 62 MB, with no loss of
    /// speed (docs/PERFORMANCE.md).
    ///
    /// SQLite is configured before its first use: connections without their own mutex (GRDB
    /// serialises each connection itself) and no global allocation statistics, which take a
    /// mutex on every allocation; together about 10 % of a bulk import's writer.
    static func tuneProcess() {
        #if canImport(Glibc)
            _ = mallopt(M_MMAP_THRESHOLD, 128 * 1024)
        #endif
        _ = slareport_configure_sqlite()
    }
}
