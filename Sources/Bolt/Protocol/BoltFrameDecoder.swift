// Bytes on a Bolt connection into frames: first the 20-byte handshake, then messages, each sent as
// chunks of up to 65,535 bytes (a two-byte big-endian size, then the bytes) ended by an empty chunk.
// An empty chunk between messages is a keep-alive (NOOP). A message larger than the limit is refused
// as soon as its size passes it, before it is buffered whole. The messages that arrived together come
// out together, so that their answers go back together (a driver sends RUN and PULL in one write and
// should get their answers in one).
public import NIOCore

/// What a Bolt connection's bytes hold.
public enum BoltFrame: Sendable, Equatable {
    case handshake([UInt8])
    /// One or more messages, in the order they were sent.
    case messages([[UInt8]])
}

/// A connection that breaks the framing: it is closed.
public struct BoltFramingError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

public struct BoltFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = BoltFrame

    private let maximumMessageBytes: Int
    private var handshakeDone = false
    private var message: [UInt8] = []

    public init(maximumMessageBytes: Int) { self.maximumMessageBytes = maximumMessageBytes }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if !handshakeDone {
            guard let bytes = buffer.readBytes(length: BoltHandshake.length) else { return .needMoreData }
            handshakeDone = true
            context.fireChannelRead(wrapInboundOut(.handshake(bytes)))
            return .continue
        }
        var complete: [[UInt8]] = []
        while let size = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self), buffer.readableBytes >= 2 + Int(size) {
            buffer.moveReaderIndex(forwardBy: 2)
            if size == 0 {
                // The end of a message, or a keep-alive between messages.
                if !message.isEmpty {
                    complete.append(message)
                    message = []
                }
                continue
            }
            guard message.count + Int(size) <= maximumMessageBytes else {
                throw BoltFramingError(description: "a message is larger than the server's limit of \(maximumMessageBytes) bytes")
            }
            message += buffer.readBytes(length: Int(size))!
        }
        if !complete.isEmpty { context.fireChannelRead(wrapInboundOut(.messages(complete))) }
        return .needMoreData
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A connection that ends inside a message has sent nothing more that can be answered.
        _ = try decode(context: context, buffer: &buffer)
        return .needMoreData
    }
}

public enum BoltChunks {
    /// `message` as chunks ending with the empty chunk.
    public static func write(_ message: [UInt8], into buffer: inout ByteBuffer) {
        var offset = 0
        while offset < message.count {
            let size = min(0xFFFF, message.count - offset)
            buffer.writeInteger(UInt16(size))
            buffer.writeBytes(message[offset..<offset + size])
            offset += size
        }
        buffer.writeInteger(UInt16(0))
    }
}
