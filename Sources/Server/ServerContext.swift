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
    let examples: [QueryExample]
    let logger: Logger
    /// Requests (not streams) and streams being handled now.
    let load: Load

    /// Counts of work in progress, for the concurrency limits.
    final class Load: Sendable {
        private struct Counts {
            var requests = 0
            var streams = 0
            var streamsByClient: [String: Int] = [:]
        }
        private let counts = Mutex(Counts())

        /// Takes a request slot if fewer than `limit` are taken.
        func enterRequest(limit: Int) -> Bool {
            counts.withLock { counts in
                guard counts.requests < limit else { return false }
                counts.requests += 1
                return true
            }
        }
        func leaveRequest() { counts.withLock { $0.requests -= 1 } }

        /// Why a stream for `client` cannot open now, or nil after taking a slot for it.
        func enterStream(client: String, limit: Int, perClient: Int) -> String? {
            counts.withLock { counts in
                guard counts.streams < limit else { return "too many event streams are open" }
                guard counts.streamsByClient[client, default: 0] < perClient else {
                    return "this client has \(perClient) event streams open already"
                }
                counts.streams += 1
                counts.streamsByClient[client, default: 0] += 1
                return nil
            }
        }
        func leaveStream(client: String) {
            counts.withLock { counts in
                counts.streams -= 1
                counts.streamsByClient[client, default: 1] -= 1
                if counts.streamsByClient[client] == 0 { counts.streamsByClient[client] = nil }
            }
        }
    }
}
