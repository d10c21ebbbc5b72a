// The Bolt port takes two kinds of connection, as Neo4j's does: Bolt itself (it opens with the magic
// preamble 0x6060B017) and Bolt over WebSocket (it opens with an HTTP GET asking to upgrade), which
// browser-based tools use. The first four bytes decide which pipeline the connection gets; anything
// else is closed.
import NIOCore
import NIOHTTP1
import NIOWebSocket

final class BoltPortSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The handlers that speak Bolt over a byte stream.
    private let bolt: BoltPipeline
    private let maximumFrameBytes: Int
    private var received = ByteBuffer()

    init(maximumFrameBytes: Int, bolt: BoltPipeline) {
        self.maximumFrameBytes = maximumFrameBytes
        self.bolt = bolt
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        guard let start = received.getBytes(at: received.readerIndex, length: 4) else { return }
        do {
            if start == BoltHandshake.preamble {
                try context.pipeline.syncOperations.addHandlers(bolt.handlers(), position: .after(self))
            } else if start == Array("GET ".utf8) {
                try upgradeToWebSocket(context)
            } else {
                context.close(promise: nil)
                return
            }
        } catch {
            context.close(promise: nil)
            return
        }
        // The bytes read so far go on to the pipeline chosen; this handler steps out of the way.
        let buffered = received
        received = ByteBuffer()
        context.fireChannelRead(wrapInboundOut(buffered))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    private func upgradeToWebSocket(_ context: ChannelHandlerContext) throws {
        let bolt = self.bolt
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: maximumFrameBytes,
            shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    channel.pipeline.syncOperations.removeHandler(name: UpgradeRequired.name).whenComplete { _ in }
                    try channel.pipeline.syncOperations.addHandler(WebSocketBoltAdapter())
                    try channel.pipeline.syncOperations.addHandlers(bolt.handlers())
                }
            })
        try context.pipeline.syncOperations.configureHTTPServerPipeline(
            position: .after(self), withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
        // A request that does not ask for the upgrade is answered 426 and closed, not left open.
        try context.pipeline.syncOperations.addHandler(UpgradeRequired(), name: UpgradeRequired.name)
    }
}

/// Bolt's bytes in WebSocket binary frames: frames in become bytes for the Bolt decoder, bytes out
/// become frames; pings are answered, a close is returned and ends the connection.
final class WebSocketBoltAdapter: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = WebSocketFrame

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .binary, .continuation, .text: context.fireChannelRead(wrapInboundOut(frame.unmaskedData))
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .connectionClose:
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: ByteBuffer())))
                .whenComplete { _ in channel.close(promise: nil) }
        default: break
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .binary, data: unwrapOutboundIn(data))), promise: promise)
    }
}

/// The answer to an HTTP request on the Bolt port that is not a WebSocket upgrade.
final class UpgradeRequired: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    static let name = "bolt-upgrade-required"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let body = ByteBuffer(string: "This is the Bolt port: connect with a Neo4j driver (bolt://, neo4j://) or a WebSocket.\n")
        var headers = HTTPHeaders([("Content-Type", "text/plain; charset=utf-8"), ("Upgrade", "websocket"), ("Connection", "close")])
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .upgradeRequired, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
