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

    /// A route's request counter (by status) and duration timer.
    struct RequestMetrics: Sendable {
        let count: Metrics.Counter
        let duration: Metrics.Timer
    }

    /// The handles made so far, by route and status (both from small fixed sets: the routes'
    /// patterns or `unmatched`, and the statuses the server answers): made once each, since
    /// making one looks it up in the registry.
    let requestMetrics = Mutex<[String: RequestMetrics]>([:])

    func request(route: String, status: Int, seconds: Double) {
        let key = "\(route) \(status)"
        let handles = requestMetrics.withLock { made in
            if let handles = made[key] { return handles }
            let handles = RequestMetrics(
                count: Metrics.Counter(
                    label: "slareport_http_requests_total", dimensions: [("route", route), ("status", String(status))],
                    factory: factory),
                duration: Metrics.Timer(
                    label: "slareport_http_request_duration_seconds", dimensions: [("route", route)], factory: factory))
            made[key] = handles
            return handles
        }
        handles.count.increment()
        handles.duration.recordNanoseconds(Int64(seconds * 1e9))
    }

    func summaryComputed(seconds: Double) {
        Metrics.Counter(label: "slareport_summary_computations_total", factory: factory).increment()
        Metrics.Timer(label: "slareport_summary_computation_duration_seconds", factory: factory)
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    func cache(hit: Bool) {
        counter(hit ? "slareport_summary_cache_hits_total" : "slareport_summary_cache_misses_total").increment()
    }

    /// The counters without dimensions made so far, by label.
    let counters = Mutex<[String: Metrics.Counter]>([:])

    func counter(_ label: String) -> Metrics.Counter {
        counters.withLock { made in
            if let counter = made[label] { return counter }
            let counter = Metrics.Counter(label: label, factory: factory)
            made[label] = counter
            return counter
        }
    }

    func pullRun(outcome: String) {
        Metrics.Counter(label: "slareport_pull_runs_total", dimensions: [("outcome", outcome)], factory: factory)
            .increment()
    }

    func lastSuccessfulPull(_ date: Date) {
        Gauge(label: "slareport_last_successful_pull_timestamp_seconds", factory: factory)
            .record(date.timeIntervalSince1970)
    }

    func ticketsStored(_ n: Int) {
        Gauge(label: "slareport_tickets_stored", factory: factory).record(Double(n))
    }

    func emailSent(schedule: String, ok: Bool) {
        Metrics.Counter(
            label: "slareport_emails_sent_total", dimensions: [("result", ok ? "sent" : "failed")], factory: factory
        )
        .increment()
    }

    /// Every metric, in the Prometheus text format.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}
