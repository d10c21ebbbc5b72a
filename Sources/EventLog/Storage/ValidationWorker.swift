// Runs the caller's BatchValidator over the parts of a large append on another core while the writer
// thread encodes, chains and stores them. Nothing is committed before the verdict: the writer asks
// after each part whether the validator has failed (and stops early if so) and waits for the last
// part's verdict before the transaction commits. Small batches are validated inline, as they arrive.
import Dispatch
import Synchronization

/// The validation of one append's parts, in order, on the writer's thread or a worker's.
final class ValidationWorker: @unchecked Sendable {
    // `validator` is used by one thread at a time: the worker between init and the end of `finish()`'s
    // wait, or the writer's thread when not concurrent. `failure` is behind a Mutex.
    private let validator: any BatchValidator
    private let queue: BlockingQueue<(EventBatch, Int)?>?
    private let done = DispatchSemaphore(value: 0)
    private let failure = Mutex<EventInputError?>(nil)
    private var finished = false

    init(_ validator: any BatchValidator, concurrent: Bool) {
        self.validator = validator
        queue = concurrent ? BlockingQueue() : nil
        guard let queue else { return }
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            while let (part, offset) = queue.pop() {
                guard failure.withLock({ $0 == nil }) else { continue }  // drain after the first failure
                do throws(EventInputError) {
                    try validate(part, offset: offset)
                } catch {
                    failure.withLock { $0 = error }
                }
            }
            done.signal()
        }
    }

    /// Validates the next part (inline), or hands it to the worker; throws as soon as a failure is known.
    func submit(_ part: EventBatch, offset: Int) throws(EventInputError) {
        guard let queue else {
            try validate(part, offset: offset)
            return
        }
        if let error = failure.withLock({ $0 }) { throw error }
        queue.push((part, offset))
    }

    /// Waits for the verdict on every part; throws the first failure. Must be called once, also when
    /// the append fails, so the worker thread ends.
    func finish() throws(EventInputError) {
        if let queue, !finished {
            finished = true
            queue.push(nil)
            done.wait()
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Runs the validator on a part, placing its error in the whole batch (index and location).
    private func validate(_ part: EventBatch, offset: Int) throws(EventInputError) {
        do throws(EventInputError) {
            try validator.validate(part, offset: offset)
        } catch {
            var placed = error
            if let index = error.index {
                if placed.location == nil { placed.location = part.location(of: index) }
                placed.index = offset + index
            }
            throw placed
        }
    }
}
