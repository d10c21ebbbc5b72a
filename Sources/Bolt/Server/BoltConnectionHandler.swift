// One Bolt connection on its event loop: the handshake is answered here; each batch of messages that
// arrived together goes to a worker thread, where the session answers them in order and writes the
// answers in one write; the next batch goes only when the previous is done. Two thread hops per batch
// (event loop → worker → event loop), none through Swift's cooperative pool.
import Kennis
import Logging
import NIOCore

final class BoltConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = BoltFrame

    private let database: Database
    private let configuration: BoltConfiguration
    private let logger: Logger
    private let connectionID: String
    private var session: BoltSession?
    private var waiting: [[[UInt8]]] = []
    private var busy = false
    private var closing = false

    init(database: Database, configuration: BoltConfiguration, logger: Logger, connectionID: String) {
        self.database = database
        self.configuration = configuration
        self.logger = logger
        self.connectionID = connectionID
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .handshake(let bytes): handshake(bytes, context: context)
        case .messages(let messages):
            guard session != nil, !closing else { return }
            waiting.append(messages)
            if !busy { dispatch(context: context) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A framing error (an oversized message): nothing more can be read from this connection.
        logger.debug("bolt connection closed: \(error)", metadata: ["connection": .string(connectionID)])
        closing = true
        context.close(promise: nil)
    }

    private func handshake(_ bytes: [UInt8], context: ChannelHandlerContext) {
        guard let version = BoltHandshake.negotiate(bytes) else {
            closing = true
            context.writeAndFlush(NIOAny(ByteBuffer(bytes: BoltHandshake.noVersion))).whenComplete { _ in context.close(promise: nil) }
            return
        }
        let address = Self.advertisedAddress(context.channel, configuration)
        session = BoltSession(
            database: database, configuration: configuration, version: version, connectionID: connectionID, address: address)
        context.writeAndFlush(NIOAny(ByteBuffer(bytes: version.bytes)), promise: nil)
    }

    /// Hands the oldest waiting batch to a worker thread; when it is answered, the next.
    private func dispatch(context: ChannelHandlerContext) {
        guard let session, !waiting.isEmpty, !closing else { return }
        busy = true
        let batch = waiting.removeFirst()
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        let answerer = BoltAnswerer(session: session, configuration: configuration, logger: logger)
        WorkerThreads.shared.submit {
            let (buffer, close) = answerer.answer(batch)
            // One task back on the event loop writes the answers and takes the next batch.
            loop.execute {
                let (handler, context) = bound.value
                if buffer.readableBytes > 0 { context.writeAndFlush(NIOAny(buffer), promise: nil) }
                handler.busy = false
                if close {
                    handler.closing = true
                    context.close(promise: nil)
                } else {
                    handler.dispatch(context: context)
                }
            }
        }
    }

    /// host:port as clients reach this server: the configured host, or the address the connection
    /// came in on when the server listens on every address.
    private static func advertisedAddress(_ channel: any Channel, _ configuration: BoltConfiguration) -> String {
        let port = channel.localAddress?.port ?? configuration.port
        let host =
            ["0.0.0.0", "::", ""].contains(configuration.host) ? (channel.localAddress?.ipAddress ?? "127.0.0.1") : configuration.host
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// Answers a batch of messages on a worker thread: each message read, answered by the session, logged
/// and counted; the answers chunked into one buffer.
struct BoltAnswerer: Sendable {
    let session: BoltSession
    let configuration: BoltConfiguration
    let logger: Logger

    /// The answers' bytes, and whether the connection ends after them.
    func answer(_ batch: [[UInt8]]) -> (ByteBuffer, Bool) {
        var buffer = ByteBuffer()
        for bytes in batch {
            let (responses, close) = answer(bytes)
            for response in responses { BoltChunks.write(response.bytes, into: &buffer) }
            if close { return (buffer, true) }
        }
        return (buffer, false)
    }

    /// A message's answers; a message that is not one closes the connection after a FAILURE.
    private func answer(_ bytes: [UInt8]) -> ([BoltResponse], Bool) {
        let request: BoltRequest
        do {
            request = try BoltRequest(message: bytes)
        } catch {
            return ([.failure(code: "Neo.ClientError.Request.InvalidFormat", message: error.description)], true)
        }
        let clock = ContinuousClock(), started = clock.now
        let (responses, close) = session.handle(request)
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
}
