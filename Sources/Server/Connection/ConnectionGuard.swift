// Guards one HTTP connection against clients that are slow, silent or malformed, below the router:
// - a request's head must arrive within `headTimeout` of the connection opening or of the previous
//   answer ending (slowloris trickling, idle keep-alive): past it the connection is closed;
// - its body must arrive within `bodyTimeout` of its head: past it the client gets 408 and is closed;
// - bytes that are not HTTP/1.1 (a bad method, raw bytes in the path, a bad chunk size between
//   requests, an oversized head) get the API's JSON error instead of the empty 400 of the framework
//   below, then the connection is closed, since the stream can no longer be framed.
// A parse error inside a body goes on to the route, which answers it (400) if it reads the body; if it
// answered without reading it, the framework's second, empty answer to the same request is dropped.
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// The timeouts and framing errors of one HTTP/1.1 connection; one instance per connection.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let headTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// Requests whose head has come and whose answer has not ended (more than one when pipelined).
    private var unanswered = 0
    /// Whether the newest request's body is still coming in.
    private var readingBody = false
    /// Whether the answer to the oldest unanswered request has started.
    private var answering = false
    /// A framing error that came while a request was being answered: answered after it.
    private var pendingError: HTTPParserError?
    /// Whether an answer to no request is being dropped.
    private var dropping = false

    init(headTimeout: TimeAmount, bodyTimeout: TimeAmount) {
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { awaitHead(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        awaitHead(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            readingBody = true
            schedule(context, after: bodyTimeout) { guardian, context in guardian.bodyTimedOut(context) }
        case .body: break
        case .end:
            readingBody = false
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        if case .head(let head) = part, head.status.kind != .informational, unanswered == 0 {
            // An answer when every request has had one: the framework's empty 400 for a framing error
            // it met draining a body no route read. The request was answered; the stream is lost.
            dropping = true
        }
        if dropping {
            promise?.succeed(())
            if case .end = part {
                dropping = false
                context.close(promise: nil)
            }
            return
        }
        switch part {
        case .head(let head) where head.status.kind != .informational: answering = true
        case .end:
            unanswered = max(0, unanswered - 1)
            answering = false
            context.write(data, promise: promise)
            if unanswered == 0 {
                if let pendingError {
                    refuse(context, pendingError)
                } else if !readingBody {
                    awaitHead(context)
                }
            }
            return
        default: break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        if readingBody && unanswered > 0 {
            // Inside the body a route is reading (or will read): the route answers it.
            context.fireErrorCaught(error)
        } else if unanswered > 0 {
            // Pipelined garbage behind a request still being answered: answer that request first.
            pendingError = error
        } else if readingBody {
            // The answer went out before the body was read; nothing is waiting for another.
            context.close(promise: nil)
        } else {
            refuse(context, error)
        }
    }

    /// Answers a framing error with the API's JSON error and closes the connection.
    private func refuse(_ context: ChannelHandlerContext, _ error: HTTPParserError) {
        deadline?.cancel()
        deadline = nil
        send(APIError(framing: error), context)
    }

    private func bodyTimedOut(_ context: ChannelHandlerContext) {
        guard !answering else { return context.close(promise: nil) }
        send(
            APIError(.requestTimeout, "RequestTimeout", "the request body did not arrive within \(Self.seconds(bodyTimeout)) s"),
            context)
    }

    /// Writes `error` as a whole answer, then closes the connection.
    private func send(_ error: APIError, _ context: ChannelHandlerContext) {
        var response = HTTPResponse(status: error.status)
        let body = error.bodyBytes
        response.headerFields[.contentType] = "application/json; charset=utf-8"
        response.headerFields[.contentLength] = String(body.count)
        response.headerFields[.connection] = "close"
        response.headerFields[RequestID.field] = RequestID.next()
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    /// Closes the connection unless a request head arrives in time.
    private func awaitHead(_ context: ChannelHandlerContext) {
        schedule(context, after: headTimeout) { _, context in context.close(promise: nil) }
    }

    private func schedule(
        _ context: ChannelHandlerContext, after delay: TimeAmount, _ fire: @escaping (ConnectionGuard, ChannelHandlerContext) -> Void
    ) {
        deadline?.cancel()
        // The task runs on the connection's event loop, where the handler and its context live.
        let loopBound = NIOLoopBound((self, context, fire), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: delay) {
            let (guardian, context, fire) = loopBound.value
            guardian.deadline = nil
            fire(guardian, context)
        }
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let seconds = Double(amount.nanoseconds) / 1e9
        return seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
