// Builds a batch's history index keys on a second core while the writer thread encodes, chains and
// stores the events: the index needs only the events, never the transaction. Small batches are not
// worth a thread and are indexed on the writer's thread at the end.
import Dispatch

/// The history index keys of an append, built from its parts as they arrive.
final class HistoryWorker: @unchecked Sendable {
    // `indexer` is used by the worker thread until it signals `done`, and by `finish()` only after
    // waiting for that (or, without a thread, only by the caller's thread): never by two at once.
    private var indexer = HistoryIndexer()
    private let queue: BlockingQueue<(EventBatch, UInt64)?>?
    private let done = DispatchSemaphore(value: 0)
    private var pending: [(EventBatch, UInt64)] = []

    /// A worker; with `concurrent`, a thread that indexes parts as they are submitted.
    init(concurrent: Bool) {
        queue = concurrent ? BlockingQueue() : nil
        guard let queue else { return }
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            while let (part, firstSeq) = queue.pop() { indexer.add(part, firstSeq: firstSeq) }
            done.signal()
        }
    }

    /// Hands over the next part, whose first event gets `firstSeq`.
    func submit(_ part: EventBatch, firstSeq: UInt64) {
        if let queue { queue.push((part, firstSeq)) } else { pending.append((part, firstSeq)) }
    }

    /// Waits for the worker and returns the sorted keys and the relation events it could not resolve.
    /// Must be called once, also when the append fails, so the thread ends.
    func finish() -> HistoryIndexer.Keys {
        if let queue {
            queue.push(nil)
            done.wait()
        } else {
            for (part, firstSeq) in pending { indexer.add(part, firstSeq: firstSeq) }
        }
        return indexer.keys()
    }
}
