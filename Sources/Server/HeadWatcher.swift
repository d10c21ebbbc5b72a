// Waking event streams when the log grows. Appends through this server report the new head at once;
// a poller reports appends of other processes. A stream waits for a head past the last event it
// sent, for at most its keep-alive interval; closing wakes every stream for good (shutdown).
import Synchronization

/// The log's head as the server last saw it, and the streams waiting for it to move.
final class HeadWatcher: Sendable {
    private struct State {
        var head: UInt64
        var closing = false
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state: Mutex<State>

    init(head: UInt64) { state = Mutex(State(head: head)) }

    var head: UInt64 { state.withLock { $0.head } }
    var isClosing: Bool { state.withLock { $0.closing } }

    /// Notes the head; wakes every waiter when it moved.
    func update(head: UInt64) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard head > state.head else { return [] }
            state.head = head
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Wakes every waiter, now and from now on.
    func close() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closing = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns once the head is past `seq`, the watcher closes, or `timeout` passes.
    func wait(after seq: UInt64, upTo timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id = state.withLock { state -> Int? in
                if state.head > seq || state.closing { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = continuation
                return state.nextWaiter
            }
            guard let id else { return continuation.resume() }
            Task {
                try? await Task.sleep(for: timeout)
                self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
            }
        }
    }
}
