// A first-in first-out queue between threads: `pop` waits until an element is there.
import Dispatch
import Synchronization

/// An unbounded FIFO queue whose `pop` blocks until an element arrives.
final class BlockingQueue<Element: Sendable>: Sendable {
    private let elements = Mutex<[Element]>([])
    private let available = DispatchSemaphore(value: 0)

    func push(_ element: Element) {
        elements.withLock { $0.append(element) }
        available.signal()
    }

    func pop() -> Element {
        available.wait()
        return elements.withLock { $0.removeFirst() }
    }

    /// Puts `element` back at the front (for a terminal element that later pops must see again).
    func pushFront(_ element: Element) {
        elements.withLock { $0.insert(element, at: 0) }
        available.signal()
    }
}
