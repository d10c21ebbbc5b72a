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
    /// The slots of requests running now (not streams), shared with the server's other doors.
    let admission: Admission
    /// The event streams open now.
    let load: Load

    /// Counts of event streams open, for their limits.
    final class Load: Sendable {
        private struct Counts {
            var streams = 0
            var streamsByClient: [String: Int] = [:]
        }
        private let counts = Mutex(Counts())

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
