// What `kennis serve` is told at start: where to listen, who may read and write, and the limits that
// protect the server from any one request.
public import Kennis

/// How a server runs.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (the server says which once it listens).
    public var port = 7474
    /// Tokens that may write (and read).
    public var writeTokens: [AccessToken] = []
    /// Tokens that may read; when there are none, reads are open.
    public var readTokens: [AccessToken] = []
    /// Operators' tokens: what a write token may, and the operations (`POST /backup`).
    public var adminTokens: [AccessToken] = []
    /// Stewards' tokens: what a write token may, and erasures (`POST /erasures`).
    public var stewardTokens: [AccessToken] = []
    /// Where `POST /backup` writes backups, each a new directory named for its time; nil: no backups
    /// over HTTP.
    public var backupDirectory: String?
    /// The largest request body accepted (413 above it).
    public var maximumBodyBytes = 16 << 20
    /// Time, row and depth limits of every query (504 past the time).
    public var queryLimits = QueryLimits(maximumRows: 100_000, timeout: .seconds(30))
    /// Requests handled at once before new ones get 503 (event streams are not counted); Bolt's
    /// queries share the count (`KennisServer.admission`).
    public var maximumConcurrentRequests = 64
    /// Event streams open at once before new ones get 503.
    public var maximumStreams = 256
    /// How far (in events) a stream's client may fall behind the log before it is dropped.
    public var streamMaximumLag: UInt64 = 100_000
    /// A comment line sent on an idle stream this often, so proxies and clients see it is alive.
    public var streamKeepAlive: Duration = .seconds(15)
    /// Where the named projections are (`*.cypher` with a `// description:` line), if anywhere.
    public var projectionsDirectory: String? = nil
    /// Where the example queries the workbench offers are (`*.cypher`), if anywhere.
    public var examplesDirectory: String? = nil
    /// The most events one `GET /events` page holds.
    public var maximumPage = 10_000
    /// Event streams one client address may hold open at once (503 past it).
    public var maximumStreamsPerClient = 32
    /// Connections open at once; past it the server stops accepting until one closes (the kernel's
    /// backlog holds the next few, then refuses).
    public var maximumConnections = 1_024
    /// How long a request's head may take to arrive, from the connection opening or the previous
    /// answer ending; past it the connection is closed (slow or idle clients hold no connection).
    public var requestHeadTimeout: Duration = .seconds(10)
    /// How long a request's body may take to arrive after its head (408 past it).
    public var requestBodyTimeout: Duration = .seconds(60)
    /// The largest request line plus headers accepted (431 above it).
    public var maximumHeadBytes = 64 << 10

    public init() {}
}
