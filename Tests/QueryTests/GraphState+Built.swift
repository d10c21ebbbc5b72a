import EventLog
import Graph

extension GraphState {
    /// The graph of the events `body` hands to `apply`, at seqs 1, 2, 3, … (each must apply).
    static func built(_ body: (_ apply: (Event) -> Void) -> Void) -> GraphState {
        var state = GraphState()
        var seq: UInt64 = 0
        body { event in
            seq += 1
            try! state.apply(event, at: seq)
        }
        return state
    }
}
