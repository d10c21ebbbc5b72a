// Loading the graph: from the newest snapshot that decodes, plus the events after it; or, without one,
// from the whole log. Every event is applied with the same rules that checked it on append. A log
// written by this version replays without a problem; an event that breaks a rule (a log written
// before the rules were enforced) is skipped and reported.
import EventLog
public import Graph

/// An event of the log the graph could not apply on replay.
public struct ReplayProblem: Sendable, CustomStringConvertible {
    public let seq: UInt64
    public let violation: RuleViolation
    public var description: String { "seq \(seq): \(violation)" }
}

/// How a database's graph was loaded.
public struct GraphOpening: Sendable {
    /// The seq of the snapshot it started from, nil when it replayed the whole log.
    public let snapshotSeq: UInt64?
    /// Events replayed after the snapshot (or from the start).
    public let replayed: UInt64
    /// Snapshots that were skipped, and why (damaged, or of another format).
    public let skippedSnapshots: [String]
    /// Events that could not be applied.
    public let problems: [ReplayProblem]
}

enum GraphReplay {
    /// The graph of the log, from the newest usable snapshot (when `useSnapshots`) and the events after it.
    static func open(_ log: EventLog, useSnapshots: Bool) throws -> (GraphState, GraphOpening) {
        var state = GraphState()
        var snapshotSeq: UInt64?
        var skipped: [String] = []
        let head = try log.head().seq
        if useSnapshots {
            for seq in try log.snapshotSeqs() where seq <= head {
                do {
                    if let loaded = try log.withSnapshot(at: seq, { bytes in try GraphSnapshot.decode(bytes) }) {
                        state = loaded
                        snapshotSeq = seq
                        break
                    }
                } catch {
                    skipped.append("snapshot at seq \(seq) skipped: \(error)")
                }
            }
        }
        let start = state.head
        let problems = try apply(log, after: start, to: &state)
        return (state, GraphOpening(snapshotSeq: snapshotSeq, replayed: head - start, skippedSnapshots: skipped, problems: problems))
    }

    /// Applies the events after `seq` to `state`; returns the events it had to skip. A long tail (a
    /// whole log, or many events past a snapshot) is read and decoded on another thread meanwhile.
    static func apply(_ log: EventLog, after seq: UInt64, to state: inout GraphState) throws -> [ReplayProblem] {
        var problems: [ReplayProblem] = []
        let head = try log.head().seq
        let tail = head - min(seq, head)
        state.reserveCapacity(events: Int(tail))
        func apply(_ recorded: RecordedEvent) {
            state.recordTime(recorded.recordedAt, from: recorded.seq)
            do throws(RuleViolation) {
                try state.apply(recorded.event, at: recorded.seq)
            } catch {
                problems.append(ReplayProblem(seq: recorded.seq, violation: error))
                state.skip(to: recorded.seq)
            }
        }
        if tail >= 16_384 {
            try log.forEachReadingAhead(after: seq) { apply($0) }
        } else {
            try log.reading { reader in
                try reader.forEach(after: seq) { recorded in
                    apply(recorded)
                    return true
                }
            }
        }
        return problems
    }
}
