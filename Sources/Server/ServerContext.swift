// What every route needs: the database, the configuration, the tokens, the metrics, the head watcher
// and the projections. One value, made at start and shared by all requests.
import Kennis
import Logging
import Synchronization

/// The state the routes of one server share.
struct ServerContext: Sendable {
    let database: Database
    let configuration: ServerConfiguration
    let access: Access
    let metrics: ServerMetrics
    let watcher: HeadWatcher
    let projections: Projections
    let logger: Logger
    /// Requests (not streams) and streams being handled now.
    let load: Load

    /// Counts of work in progress, for the concurrency limits.
    final class Load: Sendable {
        private let counts = Mutex<(requests: Int, streams: Int)>((0, 0))

        /// Takes a request slot if fewer than `limit` are taken.
        func enterRequest(limit: Int) -> Bool {
            counts.withLock { counts in
                guard counts.requests < limit else { return false }
                counts.requests += 1
                return true
            }
        }
        func leaveRequest() { counts.withLock { $0.requests -= 1 } }

        /// Takes a stream slot if fewer than `limit` are taken.
        func enterStream(limit: Int) -> Bool {
            counts.withLock { counts in
                guard counts.streams < limit else { return false }
                counts.streams += 1
                return true
            }
        }
        func leaveStream() { counts.withLock { $0.streams -= 1 } }
    }
}
