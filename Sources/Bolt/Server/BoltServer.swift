// `kennis serve`'s Bolt door (default 127.0.0.1:7687) on SwiftNIO: each connection's bytes become
// frames (BoltFrameDecoder) and a BoltConnectionHandler answers them: the handshake picks a version,
// and a BoltSession answers the messages in order on the worker threads (a driver pipelines RUN and
// PULL; their answers go back together, in the same order). A connection that breaks the protocol
// gets a FAILURE where one can be sent, and is closed; the server and the log are untouched.
public import Kennis
public import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The Bolt server of one database.
public final class BoltServer: Sendable {
    private let database: Database
    private let configuration: BoltConfiguration
    private let logger: Logger
    private let connectionCount = Atomic<Int>(0)
    /// The connections open now, closed when the server stops.
    private let open = Mutex<[ObjectIdentifier: any Channel]>([:])

    public init(database: Database, configuration: BoltConfiguration, logger: Logger) {
        self.database = database
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until the task is cancelled; `onListening` hears the address once the socket is bound.
    public func run(onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }) async throws {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in self.accept(channel) }
            .bind(host: configuration.host, port: configuration.port).get()
        await onListening(configuration.host, listener.localAddress?.port ?? configuration.port)
        try await withTaskCancellationHandler {
            try await listener.closeFuture.get()
        } onCancel: {
            listener.close(promise: nil)
            for channel in self.open.withLock({ Array($0.values) }) { channel.close(promise: nil) }
        }
    }

    /// A new connection's pipeline, or its refusal past the connection limit.
    private func accept(_ channel: any Channel) -> EventLoopFuture<Void> {
        let key = ObjectIdentifier(channel)
        let admitted = open.withLock { connections -> Bool in
            guard connections.count < configuration.maximumConnections else { return false }
            connections[key] = channel
            return true
        }
        guard admitted else { return channel.close() }
        configuration.observer?.connections(door: "bolt", change: 1)
        channel.closeFuture.whenComplete { _ in
            self.open.withLock { _ = $0.removeValue(forKey: key) }
            self.configuration.observer?.connections(door: "bolt", change: -1)
        }
        let id = "bolt-\(connectionCount.add(1, ordering: .relaxed).newValue)"
        let pipeline = BoltPipeline(database: database, configuration: configuration, logger: logger, connectionID: id)
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
                BoltPortSniffer(maximumFrameBytes: min(configuration.maximumMessageBytes, 1 << 24), bolt: pipeline))
        }
    }
}

/// The handlers that speak Bolt over a connection's bytes (directly, or inside WebSocket frames).
struct BoltPipeline: Sendable {
    let database: Database
    let configuration: BoltConfiguration
    let logger: Logger
    let connectionID: String

    func handlers() -> [any ChannelHandler] {
        [
            ByteToMessageHandler(BoltFrameDecoder(maximumMessageBytes: configuration.maximumMessageBytes)),
            BoltConnectionHandler(database: database, configuration: configuration, logger: logger, connectionID: connectionID),
        ]
    }
}
