// The messages of one connection waiting to be answered, between its event loop (which adds what it
// reads) and the worker thread answering them (which takes them in order, and while it streams an
// answer, waits here for the client's next message). At most one worker serves a connection at once.
import NIOConcurrencyHelpers

/// Unchecked Sendable: every stored property is only touched with `lock` held.
final class BoltInbox: @unchecked Sendable {
    /// 1 while a message waits or the inbox is closed (what a waiting server wakes for), else 0.
    private let lock = ConditionLock(value: 0)
    private var messages: [[UInt8]] = []
    private var head = 0
    private var serving = false
    private var closed = false

    /// Adds what the connection read; true when no worker is serving it (the caller starts one).
    func push(_ batch: [[UInt8]]) -> Bool {
        lock.lock()
        guard !closed else {
            lock.unlock()
            return false
        }
        messages += batch
        let starts = !serving
        serving = true
        lock.unlock(withValue: 1)
        return starts
    }

    /// The next message for the serving worker, or nil when none waits (or the inbox is closed).
    func take() -> [UInt8]? {
        lock.lock()
        let message = closed ? nil : popLocked()
        lock.unlock(withValue: signal)
        return message
    }

    /// The serving worker is done: true when nothing waits (a later message starts a new worker),
    /// false when a message came meanwhile (the worker goes on).
    func release() -> Bool {
        lock.lock()
        defer { lock.unlock(withValue: signal) }
        guard closed || head == messages.count else { return false }
        serving = false
        return true
    }

    /// Waits until `deadline` (or for ever) for the next message; nil when none came in time or the
    /// inbox closed.
    func wait(before deadline: ContinuousClock.Instant?) -> [UInt8]? {
        if let deadline {
            let remaining = (deadline - .now).components
            let seconds = Double(remaining.seconds) + Double(remaining.attoseconds) / 1e18
            guard seconds > 0, lock.lock(whenValue: 1, timeoutSeconds: seconds) else { return nil }
        } else {
            lock.lock(whenValue: 1)
        }
        let message = closed ? nil : popLocked()
        lock.unlock(withValue: signal)
        return message
    }

    /// No more messages will come (the connection closed): a waiting worker wakes with none.
    func close() {
        lock.lock()
        closed = true
        messages = []
        head = 0
        lock.unlock(withValue: 1)
    }

    private var signal: Int { closed || head < messages.count ? 1 : 0 }

    private func popLocked() -> [UInt8]? {
        guard head < messages.count else { return nil }
        let message = messages[head]
        head += 1
        if head == messages.count {
            messages.removeAll(keepingCapacity: true)
            head = 0
        }
        return message
    }
}
