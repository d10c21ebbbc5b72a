import Hummingbird
import HummingbirdCore
// `kennis serve`: the HTTP API of docs/http.md on Hummingbird 2, over one open database. Requests run
// concurrently: queries and reads on views at their own seq, appends one batch at a time through the
// database; blocking work runs on the worker threads. A poller shows readers what other processes
// append, and wakes the event streams. Shutdown (SIGINT, SIGTERM, or `stop()`) stops accepting, ends
// the streams, finishes the requests in flight, then returns, so the caller can snapshot and close.
public import Kennis
public import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The HTTP server of one database.
public final class KennisServer: Sendable {
    private let context: ServerContext
    private let group = Mutex<ServiceGroup?>(nil)

    /// A server for `database`; throws when the projections or examples directory cannot be read.
    public init(database: Database, configuration: ServerConfiguration, logger: Logger) throws {
        context = ServerContext(
            database: database, configuration: configuration,
            access: Access(
                writeTokens: configuration.writeTokens, readTokens: configuration.readTokens, adminTokens: configuration.adminTokens,
                stewardTokens: configuration.stewardTokens),
            metrics: ServerMetrics(), watcher: HeadWatcher(head: database.head),
            projections: try Projections.load(from: configuration.projectionsDirectory),
            examples: try QueryExamples.load(from: configuration.examplesDirectory), logger: logger,
            admission: Admission(maximum: configuration.maximumConcurrentRequests), load: ServerContext.Load())
    }

    /// The slots of work running at once (`maximumConcurrentRequests` of them), for the server's other
    /// doors to share: Bolt's queries count against the same maximum as HTTP's requests.
    public var admission: Admission { context.admission }

    /// What the server's `/metrics` hears from other doors (Bolt's connections and queries).
    public var metrics: any DoorObserver { context.metrics }

    /// Serves until shut down; `onListening` hears the address once the socket is bound (with the
    /// port chosen when the configuration asked for 0).
    public func run(
        handlingSignals: Bool = true, onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws {
        let router = Router(context: KennisRequestContext.self)
        router.add(middleware: RequestMiddleware(server: context))
        // Every route that reads or writes the database is in this group, whose middleware resolves the
        // token once and checks the read token (when the server has read tokens): a new route cannot
        // skip it. A write asks the context for the write token's name, the events' actor. Open to
        // all: /health, /openapi.json, the workbench's files.
        let readers = router.group().add(middleware: TokenAccess(access: context.access))
        context.addQueryRoutes(to: readers)
        context.addEventRoutes(to: readers)
        context.addErasureRoutes(to: readers)
        context.addStreamRoute(to: readers)
        context.addEntityRoutes(to: readers)
        context.addProjectionRoutes(to: readers)
        context.addTimeRoutes(to: readers)
        context.addExportRoute(to: readers)
        context.addOperationsRoutes(open: router, readers: readers)
        context.addWorkbenchRoutes(open: router, readers: readers)
        let configuration = context.configuration
        let app = Application(
            router: router,
            server: .http1(configuration: Self.http1(configuration)),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "Kennis",
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maximumConnections)),
            onServerRunning: { channel in
                await onListening(configuration.host, channel.localAddress?.port ?? configuration.port)
            },
            logger: context.logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    // Started in this order, shut down in the reverse: the poller first, which ends the
                    // event streams, so the server's wait for requests in flight can finish.
                    ServiceGroupConfiguration.ServiceConfiguration(service: app),
                    ServiceGroupConfiguration.ServiceConfiguration(service: HeadPoller(context: context)),
                ],
                gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [],
                logger: context.logger))
        self.group.withLock { $0 = group }
        try await group.run()
    }

    /// HTTP/1.1 with the limits of `configuration`, each connection behind a `ConnectionGuard`.
    private static func http1(_ configuration: ServerConfiguration) -> HTTP1Channel.Configuration {
        let head = TimeAmount(configuration.requestHeadTimeout), body = TimeAmount(configuration.requestBodyTimeout)
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGuard(headTimeout: head, bodyTimeout: body)],
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: configuration.maximumHeadBytes, maxHeaderListSize: configuration.maximumHeadBytes,
                maxHeaderFieldCount: 256))
    }

    /// Shuts the server down as a signal would.
    public func stop() async {
        guard let group = group.withLock({ $0 }) else { return }
        await group.triggerGracefulShutdown()
    }
}

/// Every quarter second: catch up with what other processes appended, and wake the streams. On
/// shutdown it closes the watcher, which ends every stream.
private struct HeadPoller: Service {
    let context: ServerContext

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // On a worker thread: it waits for the writer lock, which a large append holds a while.
                let database = context.database
                if let head = try? await offload({ try database.refresh() }) {
                    context.watcher.update(head: head)
                    context.metrics.headSeq.set(to: Double(head))
                }
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
        context.watcher.close()
    }
}
