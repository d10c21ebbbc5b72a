// A document made on a worker thread (an export writes synchronously, piece by piece) and written to an
// HTTP response by an async writer, at the pace the client reads: the maker blocks while `capacity`
// pieces wait unwritten, so a slow client holds at most that many pieces in memory, never the document;
// and a client that goes away stops the maker at its next piece.
import Dispatch
import Synchronization

/// Pieces handed from a blocking producer to an async consumer, at most `capacity` ahead.
final class PieceChannel: Sendable {
    /// Thrown to the producer when the consumer has gone.
    struct Abandoned: Error {}

    let pieces: AsyncThrowingStream<[UInt8], any Error>
    private let continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation
    private let room: DispatchSemaphore
    private let abandoned = Atomic<Bool>(false)

    init(capacity: Int) {
        (pieces, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self, throwing: (any Error).self)
        // Made empty and given its room after: libdispatch refuses to free a semaphore whose count is
        // below the one it was made with, which a channel freed with pieces in flight would be.
        room = DispatchSemaphore(value: 0)
        for _ in 0..<capacity { room.signal() }
    }

    /// Producer: hands over a piece, waiting while the channel is full; throws `Abandoned` once the
    /// consumer has gone.
    func send(_ piece: [UInt8]) throws {
        room.wait()
        guard !abandoned.load(ordering: .acquiring) else { throw Abandoned() }
        continuation.yield(piece)
    }

    /// Producer: the document is complete, or failed with `error`.
    func finish(throwing error: (any Error)? = nil) {
        continuation.finish(throwing: error)
    }

    /// Consumer: a piece has been written, so there is room for another.
    func written() { room.signal() }

    /// Consumer: it will take no more pieces; a producer waiting for room wakes and stops.
    func abandon() {
        abandoned.store(true, ordering: .releasing)
        room.signal()
    }
}
