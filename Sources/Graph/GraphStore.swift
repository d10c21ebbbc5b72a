// The live graph of an open database: the newest state behind a lock, handed out as values. A reader
// copies the state (a few references) and reads with no lock held, at the seq it took; the writer
// builds the next state on its own copy and publishes it whole. Readers never block each other, and
// a long read never holds back an append.
import Synchronization

/// The newest published graph state, shared by readers and the one writer.
///
/// `Sendable`: the state is a value behind a `Mutex`; readers get copies.
public final class GraphStore: Sendable {
    private let state: Mutex<GraphState>
    /// Value indexes built on first use, served to every view of this store.
    private let valueIndexes = ValueIndexCache()

    /// A store holding `initial`.
    public init(_ initial: GraphState = GraphState()) {
        state = Mutex(initial)
    }

    /// The newest state (a copy that shares storage with the store's).
    public var latest: GraphState { state.withLock { $0 } }

    /// The seq of the newest state.
    public var head: UInt64 { state.withLock { $0.head } }

    /// Makes `newState` the newest state. It must extend the current one (the writer's copy after a
    /// committed batch).
    public func publish(_ newState: GraphState) {
        state.withLock { current in
            precondition(newState.head >= current.head, "a published state never goes back")
            // An erasure removed values the indexes may still list.
            if newState.erasures != current.erasures { valueIndexes.removeAll() }
            current = newState
        }
    }

    /// A view as of `seq` (the newest when nil or past the head).
    public func view(at seq: UInt64? = nil) -> GraphView {
        let snapshot = latest
        return GraphView(state: snapshot, seq: seq ?? snapshot.head, valueIndexes: valueIndexes)
    }
}
