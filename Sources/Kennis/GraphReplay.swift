// Rebuilding the graph from the log: every event, in seq order, applied with the same rules that
// checked it on append. A log written by this version replays without a problem; an event that breaks
// a rule (a log written before the rules were enforced) is skipped and reported.
import EventLog
public import Graph

/// An event of the log the graph could not apply on replay.
public struct ReplayProblem: Sendable, CustomStringConvertible {
    public let seq: UInt64
    public let violation: RuleViolation
    public var description: String { "seq \(seq): \(violation)" }
}

enum GraphReplay {
    /// The graph of the whole log.
    static func state(of log: EventLog) throws -> (GraphState, [ReplayProblem]) {
        var state = GraphState()
        let problems = try apply(log, after: 0, to: &state)
        return (state, problems)
    }

    /// Applies the events after `seq` to `state`; returns the events it had to skip.
    static func apply(_ log: EventLog, after seq: UInt64, to state: inout GraphState) throws -> [ReplayProblem] {
        var problems: [ReplayProblem] = []
        try log.reading { reader in
            state.reserveCapacity(events: Int(try reader.head.seq - seq))
            try reader.forEach(after: seq) { recorded in
                do throws(RuleViolation) {
                    try state.apply(recorded.event, at: recorded.seq)
                } catch {
                    problems.append(ReplayProblem(seq: recorded.seq, violation: error))
                    state.skip(to: recorded.seq)
                }
                return true
            }
        }
        return problems
    }
}
