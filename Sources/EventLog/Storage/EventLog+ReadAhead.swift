// Reading the log ahead of its consumer: one thread reads and decodes the events (a cursor over the
// log, each event's record checked and decoded) while the caller's thread applies the ones already
// decoded. The two meet through a few batches in flight, so memory stays bounded however far the
// reader could get ahead. The batches the consumer is done with go back to the reader to be freed:
// freeing a decoded event (its boxes, arrays and strings the graph did not keep) costs about as much
// as decoding it, and would otherwise fall on the consumer.
import Dispatch
import Synchronization

extension EventLog {
    /// Events handed over at a time, and batches decoded ahead of the consumer at most.
    private static var readAheadBatch: Int { 512 }
    private static var batchesAhead: Int { 4 }

    /// Calls `body`, on the caller's thread and in order, with every event after `seq` as of the head
    /// when called, while another thread reads and decodes the ones after it. A read or decoding
    /// error is thrown where its event would have come; an error `body` throws stops the reading.
    public func forEachReadingAhead(after seq: UInt64, _ body: (RecordedEvent) throws -> Void) throws {
        let handoff = ReadAheadHandoff(capacity: Self.batchesAhead)
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            do {
                try reading { reader in
                    var batch: [RecordedEvent] = []
                    batch.reserveCapacity(Self.readAheadBatch)
                    try reader.forEach(after: seq) { recorded in
                        batch.append(recorded)
                        guard batch.count == Self.readAheadBatch else { return true }
                        defer { batch = [] }
                        handoff.freeSpent()
                        return handoff.push(.events(batch))
                    }
                    if !batch.isEmpty { _ = handoff.push(.events(batch)) }
                }
                _ = handoff.push(.end)
            } catch {
                _ = handoff.push(.failure(error))
            }
        }
        // However this ends, the reader is told to stop and waited for: its read transaction must
        // close before the log does.
        defer { handoff.stopAndDrain() }
        while true {
            switch handoff.pop() {
            case .events(let events):
                for recorded in events { try body(recorded) }
                handoff.giveBack(events)
            case .end: return
            case .failure(let error): throw error
            }
        }
    }
}

/// What the reading thread hands over.
private enum ReadAheadItem: Sendable {
    case events([RecordedEvent])
    case end
    case failure(any Error)
}

/// A queue of at most `capacity` items between the reading thread and the consumer.
private final class ReadAheadHandoff: Sendable {
    private let items = Mutex<(queue: [ReadAheadItem], stopped: Bool, ended: Bool)>(([], false, false))
    /// Batches the consumer is done with, for the reader to free.
    private let spent = Mutex<[[RecordedEvent]]>([])
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore

    init(capacity: Int) { free = DispatchSemaphore(value: capacity) }

    /// Reader: waits for room and hands `item` over; false once the consumer has stopped.
    func push(_ item: ReadAheadItem) -> Bool {
        free.wait()
        let stopped = items.withLock { state in
            state.queue.append(item)
            if case .events = item {} else { state.ended = true }
            return state.stopped
        }
        filled.signal()
        return !stopped
    }

    /// Consumer: hands a batch it is done with back (its last reference).
    func giveBack(_ events: [RecordedEvent]) {
        spent.withLock { $0.append(events) }
    }

    /// Reader: frees the batches given back, outside the lock (they go when this returns).
    func freeSpent() {
        let batches = spent.withLock { spent in
            defer { spent = [] }
            return spent
        }
        _ = batches
    }

    /// Consumer: the next item, waiting for it.
    func pop() -> ReadAheadItem {
        filled.wait()
        let item = items.withLock { $0.queue.removeFirst() }
        free.signal()
        return item
    }

    /// Consumer: stops the reader (its next push says so) and takes what it hands over until its last item.
    func stopAndDrain() {
        let ended = items.withLock { state in
            state.stopped = true
            return state.ended && state.queue.isEmpty
        }
        guard !ended else { return }
        while true {
            switch pop() {
            case .events: continue
            case .end, .failure: return
            }
        }
    }
}
