// The way from a connection's serving worker to its socket: answers are gathered into one buffer and
// written in one write when the worker has nothing more to answer (or the buffer is large), always in
// the order they were given; a worker streaming an answer waits while too much is unwritten, so a
// client that reads slowly slows the query instead of filling the server's memory.
import Kennis
import NIOCore
import Synchronization

/// Unchecked Sendable: `output` is only touched by the connection's serving worker (one at a time,
/// BoltInbox); the context only on its event loop; the byte count is atomic.
final class BoltChannelLink: BoltLink, @unchecked Sendable {
    /// Bytes written to the channel but not yet to the socket past which a streaming worker waits.
    static let maximumUnwritten = 1 << 20
    /// Answers gathered past this size are written at once.
    static let flushSize = 256 << 10

    private let inbox: BoltInbox
    private let loop: any EventLoop
    private let context: NIOLoopBound<ChannelHandlerContext>
    private var output = ByteBuffer()
    private let unwritten = Atomic<Int>(0)

    /// A link for the connection of `context` (made on its event loop).
    init(inbox: BoltInbox, context: ChannelHandlerContext) {
        self.inbox = inbox
        loop = context.eventLoop
        self.context = NIOLoopBound(context, eventLoop: context.eventLoop)
    }

    /// Adds answers to the next write.
    func append(_ responses: [BoltResponse]) {
        for response in responses { BoltChunks.write(response.bytes, into: &output) }
        if output.readableBytes >= Self.flushSize { flush() }
    }

    /// Writes what was gathered; waits first while more than `maximumUnwritten` bytes are not yet on the socket.
    func flush() {
        guard output.readableBytes > 0 else { return }
        let buffer = output
        output = ByteBuffer()
        let size = buffer.readableBytes
        let promise = loop.makePromise(of: Void.self)
        unwritten.add(size, ordering: .relaxed)
        let context = self.context
        loop.execute {
            context.value.writeAndFlush(NIOAny(buffer), promise: promise)
            // Registered here, on the event loop: from the worker it would cost a hop of its own.
            promise.futureResult.whenComplete { _ in self.unwritten.subtract(size, ordering: .relaxed) }
        }
        // The wait is the client's pace: only a writer far ahead of it waits (a closed channel fails the write, ending the wait).
        if unwritten.load(ordering: .relaxed) > Self.maximumUnwritten { try? promise.futureResult.wait() }
    }

    func send(_ responses: [BoltResponse]) {
        append(responses)
        flush()
    }

    func nextMessage(before deadline: ContinuousClock.Instant?) -> [UInt8]? {
        flush()
        // Waiting for a client may take long: the worker pool may start another thread meanwhile.
        return WorkerThreads.shared.blocking { inbox.wait(before: deadline) }
    }

    /// Writes what was gathered, then closes the connection.
    func close() {
        flush()
        let context = self.context
        loop.execute { context.value.close(promise: nil) }
    }
}
