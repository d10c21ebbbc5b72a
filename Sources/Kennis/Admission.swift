// How much work a server runs at once, across its doors: HTTP's requests and Bolt's queries take a slot
// each from one count, so a burst through one door cannot starve the other, and past the maximum the
// door refuses (HTTP 503, Bolt's NoThreadsAvailable) rather than queue work it cannot start soon.
import Synchronization

/// Slots for work running at once, at most `maximum` taken.
public final class Admission: Sendable {
    public let maximum: Int
    private let running = Atomic<Int>(0)

    public init(maximum: Int) {
        self.maximum = max(1, maximum)
    }

    /// Takes a slot; false (taking none) when all `maximum` are taken.
    public func enter() -> Bool {
        var current = running.load(ordering: .relaxed)
        while current < maximum {
            let (exchanged, seen) = running.weakCompareExchange(
                expected: current, desired: current + 1, successOrdering: .acquiringAndReleasing, failureOrdering: .relaxed)
            if exchanged { return true }
            current = seen
        }
        return false
    }

    /// Takes back the slot of work admitted before, which gave it back while it waited (a stream waiting
    /// for its client): past the maximum if need be — that work was admitted; new work is what waits.
    public func reenter() {
        running.add(1, ordering: .acquiringAndReleasing)
    }

    /// Gives back a slot taken by `enter`.
    public func leave() {
        running.subtract(1, ordering: .acquiringAndReleasing)
    }

    /// The slots taken now.
    public var current: Int { running.load(ordering: .relaxed) }
}
