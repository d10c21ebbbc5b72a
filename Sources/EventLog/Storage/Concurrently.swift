// Runs one piece of work on another thread while the caller goes on, and hands its result back.
// Used inside a write transaction, whose thread must stay the one that touches LMDB: the helper gets
// only plain values in and out.
import Dispatch

/// A computation started on another thread (or run inline when not worth a thread).
final class Concurrently<Value: Sendable>: @unchecked Sendable {
    // `value` is written once by the worker before `done` is signalled and read only after waiting
    // on `done`: the semaphore orders the two accesses.
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on a global queue if `parallel`, else runs it right away.
    init(when parallel: Bool, _ work: @escaping @Sendable () -> Value) {
        guard parallel else {
            value = work()
            done.signal()
            return
        }
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            value = work()
            done.signal()
        }
    }

    /// Waits for the result.
    func result() -> Value {
        done.wait()
        defer { done.signal() }  // a second call returns at once
        return value!
    }
}
