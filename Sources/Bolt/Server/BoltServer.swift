// `kennis serve`'s Bolt door (default 127.0.0.1:7687) on SwiftNIO: each connection's bytes become
// frames (BoltFrameDecoder), the handshake picks a version, and a BoltSession answers its messages one
// at a time, in order (a driver pipelines RUN and PULL; their answers go back in the same order).
// A connection that breaks the protocol gets a FAILURE where one can be sent, and is closed; the
// server and the log are untouched.
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
    private let connections = Atomic<Int>(0)
    private let connectionCount = Atomic<Int>(0)

    public init(database: Database, configuration: BoltConfiguration, logger: Logger) {
        self.database = database
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until the task is cancelled; `onListening` hears the address once the socket is bound.
    public func run(onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }) async throws {
        let maximumMessageBytes = configuration.maximumMessageBytes
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(BoltFrameDecoder(maximumMessageBytes: maximumMessageBytes)))
                    return try NIOAsyncChannel<BoltFrame, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        await onListening(configuration.host, listener.channel.localAddress?.port ?? configuration.port)
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { inbound in
                for try await connection in inbound {
                    guard connections.add(1, ordering: .relaxed).newValue <= configuration.maximumConnections else {
                        connections.subtract(1, ordering: .relaxed)
                        try? await connection.channel.close()
                        continue
                    }
                    group.addTask {
                        self.configuration.observer?.connections(door: "bolt", change: 1)
                        defer {
                            self.connections.subtract(1, ordering: .relaxed)
                            self.configuration.observer?.connections(door: "bolt", change: -1)
                        }
                        await self.serve(connection)
                    }
                }
            }
        }
    }

    private func serve(_ connection: NIOAsyncChannel<BoltFrame, ByteBuffer>) async {
        let id = "bolt-\(connectionCount.add(1, ordering: .relaxed).newValue)"
        let address = advertisedAddress(connection.channel)
        do {
            try await connection.executeThenClose { inbound, outbound in
                var frames = inbound.makeAsyncIterator()
                guard case .handshake(let handshake)? = try await frames.next() else { return }
                guard let version = BoltHandshake.negotiate(handshake) else {
                    try await outbound.write(ByteBuffer(bytes: BoltHandshake.noVersion))
                    return
                }
                try await outbound.write(ByteBuffer(bytes: version.bytes))
                let session = BoltSession(
                    database: database, configuration: configuration, version: version, connectionID: id, address: address)
                while case .messages(let messages)? = try await frames.next() {
                    // The answers to messages that arrived together leave together: one write.
                    var buffer = ByteBuffer()
                    var close = false
                    for bytes in messages where !close {
                        let (responses, ends) = await answer(bytes, session)
                        for response in responses { BoltChunks.write(response.bytes, into: &buffer) }
                        close = ends
                    }
                    if buffer.readableBytes > 0 { try await outbound.write(buffer) }
                    if close { return }
                }
            }
        } catch {
            logger.debug("bolt connection closed: \(error)", metadata: ["connection": .string(id)])
        }
    }

    /// A message's answers; a message that is not one closes the connection after a FAILURE.
    private func answer(_ bytes: [UInt8], _ session: BoltSession) async -> ([BoltResponse], Bool) {
        let request: BoltRequest
        do {
            request = try BoltRequest(message: bytes)
        } catch {
            return ([.failure(code: "Neo.ClientError.Request.InvalidFormat", message: error.description)], true)
        }
        let clock = ContinuousClock(), started = clock.now
        let (responses, close) = await session.handle(request)
        switch request {
        case .run, .commit:
            // One line per query (and commit): its outcome and time; never its text, parameters or the token.
            let outcome = responses.first.map { if case .failure(let code, _) = $0 { code } else { "ok" } } ?? "ok"
            let duration = clock.now - started
            logger.info("bolt \(request.name) \(outcome) \(duration)", metadata: ["connection": .string(session.connectionID)])
            configuration.observer?.queryFinished(
                door: "bolt", outcome: outcome, duration: duration, eventsAppended: session.appendedByLast)
        default: break
        }
        return (responses, close)
    }

    /// host:port as clients reach this server: the configured host, or the address the connection
    /// came in on when the server listens on every address.
    private func advertisedAddress(_ channel: any Channel) -> String {
        let port = channel.localAddress?.port ?? configuration.port
        let host =
            ["0.0.0.0", "::", ""].contains(configuration.host) ? (channel.localAddress?.ipAddress ?? "127.0.0.1") : configuration.host
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
