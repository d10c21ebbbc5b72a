// One Bolt connection on its event loop: the handshake is answered here; the messages it reads go to
// the connection's inbox, and a worker thread (one at a time) answers them in order, writing the
// answers in one write when it has nothing more to answer. Two thread hops per batch (event loop →
// worker → event loop), none through Swift's cooperative pool.
import Kennis
import Logging
import NIOCore

final class BoltConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = BoltFrame

    private let database: Database
    private let configuration: BoltConfiguration
    private let logger: Logger
    private let connectionID: String
    private let inbox = BoltInbox()
    private var conversation: BoltConversation?

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
            guard let conversation else { return }
            if inbox.push(messages) { WorkerThreads.shared.submit { conversation.serve() } }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A worker streaming an answer to this connection stops waiting for its next message.
        inbox.close()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A framing error (an oversized message): nothing more can be read from this connection.
        logger.debug("bolt connection closed: \(error)", metadata: ["connection": .string(connectionID)])
        inbox.close()
        context.close(promise: nil)
    }

    private func handshake(_ bytes: [UInt8], context: ChannelHandlerContext) {
        guard let version = BoltHandshake.negotiate(bytes) else {
            inbox.close()
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(NIOAny(ByteBuffer(bytes: BoltHandshake.noVersion))).whenComplete { _ in bound.value.close(promise: nil) }
            return
        }
        let link = BoltChannelLink(inbox: inbox, context: context)
        let session = BoltSession(
            database: database, configuration: configuration, version: version, connectionID: connectionID,
            address: Self.advertisedAddress(context.channel, configuration), link: link)
        conversation = BoltConversation(session: session, inbox: inbox, link: link, configuration: configuration, logger: logger)
        context.writeAndFlush(NIOAny(ByteBuffer(bytes: version.bytes)), promise: nil)
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

/// A connection's messages answered on a worker thread: each message read, answered by the session,
/// logged and counted, its answers handed to the link, until none waits.
struct BoltConversation: Sendable {
    let session: BoltSession
    let inbox: BoltInbox
    let link: BoltChannelLink
    let configuration: BoltConfiguration
    let logger: Logger

    /// Answers the waiting messages in order (a message that stopped a streamed answer first), then
    /// writes the answers and lets the connection go, unless another message came meanwhile.
    func serve() {
        while true {
            while let bytes = session.takePushedBack() ?? inbox.take() {
                let (responses, close) = answer(bytes)
                link.append(responses)
                if close {
                    inbox.close()
                    link.close()
                    return
                }
            }
            link.flush()
            if inbox.release() { return }
        }
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
        // One line per query (and commit) when it finishes — at RUN for an answer held whole, at the PULL
        // that ends a streamed one (its time the stream's, the client's pace included): its outcome and
        // time; never its text, parameters or the token.
        if let outcome = session.finishedByLast {
            let duration = clock.now - started
            logger.info("bolt \(request.name) \(outcome) \(duration)", metadata: ["connection": .string(session.connectionID)])
            configuration.observer?.queryFinished(
                door: "bolt", outcome: outcome, duration: duration, eventsAppended: session.appendedByLast)
        }
        return (responses, close)
    }
}
