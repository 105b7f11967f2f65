import Foundation
import Metrics
import Prometheus
import Synchronization

/// The server's metrics, in its own Prometheus registry (so that several servers in one
/// process, as in tests, keep theirs apart), written through swift-metrics.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    init() {
        var f = PrometheusMetricsFactory(registry: registry)
        f.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .seconds(2.5), .seconds(5), .seconds(10),
        ]
        factory = f
    }

    /// The counters and timers made so far, by label and dimensions (from small fixed sets:
    /// the routes' patterns or `unmatched`, the statuses the server answers, a few outcomes):
    /// each is made once, since making one looks it up in the registry, and requests count on
    /// every call.
    let counters = Mutex<[String: Metrics.Counter]>([:])
    let timers = Mutex<[String: Metrics.Timer]>([:])

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: " ")
    }

    func counter(_ label: String, _ dimensions: [(String, String)] = []) -> Metrics.Counter {
        Self.made(in: counters, label, dimensions) { Metrics.Counter(label: $0, dimensions: $1, factory: factory) }
    }

    func timer(_ label: String, _ dimensions: [(String, String)] = []) -> Metrics.Timer {
        Self.made(in: timers, label, dimensions) { Metrics.Timer(label: $0, dimensions: $1, factory: factory) }
    }

    /// The handle `label` and `dimensions` name in `memo`, made by `make` the first time.
    static func made<Handle>(
        in memo: borrowing Mutex<[String: Handle]>, _ label: String, _ dimensions: [(String, String)],
        _ make: (String, [(String, String)]) -> Handle
    ) -> Handle {
        memo.withLock { made in
            let key = key(label, dimensions)
            if let handle = made[key] { return handle }
            let handle = make(label, dimensions)
            made[key] = handle
            return handle
        }
    }

    func request(route: String, status: Int, seconds: Double) {
        counter("slareport_http_requests_total", [("route", route), ("status", String(status))]).increment()
        timer("slareport_http_request_duration_seconds", [("route", route)]).recordNanoseconds(Int64(seconds * 1e9))
    }

    func summaryComputed(seconds: Double) {
        counter("slareport_summary_computations_total").increment()
        timer("slareport_summary_computation_duration_seconds").recordNanoseconds(Int64(seconds * 1e9))
    }

    func cache(hit: Bool) {
        counter(hit ? "slareport_summary_cache_hits_total" : "slareport_summary_cache_misses_total").increment()
    }

    func pullRun(outcome: String) {
        counter("slareport_pull_runs_total", [("outcome", outcome)]).increment()
    }

    func lastSuccessfulPull(_ date: Date) {
        Gauge(label: "slareport_last_successful_pull_timestamp_seconds", factory: factory)
            .record(date.timeIntervalSince1970)
    }

    func ticketsStored(_ n: Int) {
        Gauge(label: "slareport_tickets_stored", factory: factory).record(Double(n))
    }

    func emailSent(schedule: String, ok: Bool) {
        counter("slareport_emails_sent_total", [("result", ok ? "sent" : "failed")]).increment()
    }

    /// Every metric, in the Prometheus text format.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}
