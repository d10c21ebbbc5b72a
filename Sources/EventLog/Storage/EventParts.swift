// A batch can arrive in parts: a decoder on another thread hands over the events of a large file
// chunk by chunk while the writer already encodes, chains and stores the earlier ones. The parts of
// one append are still one batch: one write transaction, all or nothing.

/// The events of one batch, in order, in one or more parts.
public protocol EventParts {
    /// The next part, or nil after the last. May block while a producer is still decoding; throws the
    /// producer's error (which aborts the append).
    mutating func next() throws -> EventBatch?
}

/// A batch that is already whole: one part.
public struct WholeBatch: EventParts {
    private var batch: EventBatch?
    public init(_ batch: EventBatch) { self.batch = batch }

    public mutating func next() throws -> EventBatch? {
        defer { batch = nil }
        return batch
    }
}

/// Parts handed over by a producer thread; `next()` blocks until a part, the end, or an error arrives.
/// Unbounded: an append keeps every part until it commits anyway.
public final class EventPartQueue: EventParts, Sendable {
    private enum Item: Sendable {
        case part(EventBatch)
        case end
        case failure(any Error)
    }

    private let queue = BlockingQueue<Item>()

    public init() {}

    /// Producer: hands over the next part.
    public func push(_ part: EventBatch) { queue.push(.part(part)) }

    /// Producer: there are no more parts.
    public func finish() { queue.push(.end) }

    /// Producer: the input is bad or unreadable; the consumer's `next()` throws `error`.
    public func fail(_ error: any Error) { queue.push(.failure(error)) }

    /// Consumer: the next part, nil at the end; throws the producer's error.
    public func next() throws -> EventBatch? {
        let item = queue.pop()
        switch item {
        case .part(let part):
            return part
        case .end:
            queue.pushFront(item)
            return nil
        case .failure(let error):
            queue.pushFront(item)
            throw error
        }
    }
}
