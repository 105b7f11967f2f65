import CProcessTuning
import Foundation

/// Settings for a process that reads a million tickets (the command line sets them first).
public enum ProcessTuning {
    /// glibc raises its mmap threshold every time a large block is freed, after which the
    /// per-file buffers of a big report (a few MB each, allocated and freed once per file)
    /// come from the heap and stay resident. A fixed threshold keeps them mapped and returns
    /// them on free: peak RSS at 1 M tickets drops from 72 to about 62 MB, with no loss of
    /// speed (docs/PERFORMANCE.md).
    ///
    /// SQLite is configured before its first use: connections without their own mutex (GRDB
    /// serialises each connection itself) and no global allocation statistics, which take a
    /// mutex on every allocation; together about 10 % of a bulk import's writer.
    public static func forLargeRuns() {
        #if canImport(Glibc)
            _ = mallopt(M_MMAP_THRESHOLD, 128 * 1024)
        #endif
        _ = slareport_configure_sqlite()
    }
}
