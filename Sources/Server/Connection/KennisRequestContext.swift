// What every route and the middleware know of a request beyond the request itself: the client's
// address (for the per-client stream limit) and the request's id (in the log line, and in the
// `X-Request-Id` of the answer, so a client reporting a failure can name the line that explains it).
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// The request context of `kennis serve`.
struct KennisRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer of the connection, when the socket knows it.
    let remoteAddress: SocketAddress?
    /// Set by the middleware before any route runs.
    var requestID = ""
    /// What the request's token lets it do: set by `TokenAccess` on the routes that read or write.
    var access = RequestAccess()

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's address without its port: the unit per-client limits count by.
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}

/// Request ids: a per-process random prefix and a counter, so ids are unique across restarts of the
/// server in one log and cheap to make.
enum RequestID {
    /// The header every answer carries its id in.
    static let field = HTTPField.Name("X-Request-Id")!
    private static let prefix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    private static let counter = Atomic<UInt64>(0)

    static func next() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        return "\(prefix)-\(String(n, radix: 16))"
    }
}
