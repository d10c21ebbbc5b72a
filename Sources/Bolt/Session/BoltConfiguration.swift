// What the Bolt door is told at start: where to listen, the tokens (the same as HTTP's), and the same
// limits as HTTP's.
public import Kennis

public struct BoltConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 7687, Bolt's registered port; 0 picks a free one.
    public var port = 7687
    public var authority = TokenAuthority(writeTokens: [], readTokens: [])
    public var queryLimits = QueryLimits(maximumRows: 100_000, timeout: .seconds(30))
    /// The largest message a client may send (a RUN with its parameters).
    public var maximumMessageBytes = 16 << 20
    /// Connections served at once; more wait in the kernel's backlog.
    public var maximumConnections = 1_024
    /// The slots of queries running at once, shared with the HTTP door (`KennisServer.admission`):
    /// past its maximum a RUN or PULL fails with `Neo.TransientError.Request.NoThreadsAvailable`.
    public var admission = Admission(maximum: 64)
    /// How long a transaction that presents a bookmark waits for the log to reach it.
    public var bookmarkWait: Duration = .seconds(30)
    /// Who hears of connections and queries (the HTTP server's `/metrics`).
    public var observer: (any DoorObserver)? = nil

    public init() {}
}
