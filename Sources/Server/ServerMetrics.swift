// What `/metrics` reports, in Prometheus's text format: requests by route and status, their latency,
// query time, the log's head, events appended, and open event streams.
import Kennis
import Prometheus
import Synchronization

/// The server's counters, gauges and histograms, in one registry.
final class ServerMetrics: DoorObserver {
    let registry = PrometheusCollectorRegistry()
    private let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
    ]
    let headSeq: Gauge
    let eventsAppended: Counter
    let streams: Gauge
    let queryTime: DurationHistogram
    /// The per-route collectors, made once: the registry's lookup by name and labels costs more than
    /// a request to a cached projection.
    private let perRoute = Mutex<[String: (requests: Counter, latency: DurationHistogram)]>([:])
    /// The other doors' collectors (Bolt's), by door and outcome.
    private let perDoor = Mutex<[String: Counter]>([:])
    private let doorConnections = Mutex<[String: Gauge]>([:])

    init() {
        headSeq = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "kennis", metricName: "log_head", unitName: "seq", helpText: "The seq of the newest event in the log."))
        eventsAppended = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "kennis", metricName: "events_appended", unitName: "total", helpText: "Events appended through this server."))
        streams = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "kennis", metricName: "event_streams", unitName: "open", helpText: "Event streams (SSE) open now."))
        queryTime = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "kennis", metricName: "query_duration", unitName: "seconds", helpText: "Time spent running queries."),
            buckets: latencyBuckets)
    }

    /// Counts a finished request of `route` with `status`, taking `duration`.
    func request(route: String, method: String, status: Int, duration: Duration) {
        let key = "\(method) \(route) \(status)"
        let collectors = perRoute.withLock { cache in
            if let found = cache[key] { return found }
            let made = (
                requests: registry.makeCounter(
                    descriptor: MetricNameDescriptor(
                        namespace: "kennis", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered."),
                    labels: [("route", route), ("method", method), ("status", String(status))]),
                latency: registry.makeDurationHistogram(
                    descriptor: MetricNameDescriptor(
                        namespace: "kennis", metricName: "http_request_duration", unitName: "seconds",
                        helpText: "HTTP request latency, until the response head."),
                    labels: [("route", route), ("method", method)], buckets: latencyBuckets)
            )
            cache[key] = made
            return made
        }
        collectors.requests.increment()
        collectors.latency.record(duration)
    }

    func connections(door: String, change: Int) {
        let gauge = doorConnections.withLock { cache in
            if let found = cache[door] { return found }
            let made = registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "kennis", metricName: "\(door)_connections", unitName: "open", helpText: "Connections open now."))
            cache[door] = made
            return made
        }
        if change > 0 { gauge.increment(by: Double(change)) } else { gauge.decrement(by: Double(-change)) }
    }

    func queryFinished(door: String, outcome: String, duration: Duration, eventsAppended: Int) {
        let counter = perDoor.withLock { cache in
            let key = "\(door) \(outcome)"
            if let found = cache[key] { return found }
            let made = registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "kennis", metricName: "\(door)_queries", unitName: "total", helpText: "Queries run."),
                labels: [("outcome", outcome)])
            cache[key] = made
            return made
        }
        counter.increment()
        queryTime.record(duration)
        if eventsAppended > 0 { self.eventsAppended.increment(by: Int64(eventsAppended)) }
    }

    /// The metrics in Prometheus's text format.
    func text() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
