// The log over time as the interfaces ask for it: what changed between two positions, and when the
// events at chosen seqs were recorded. Both answer from the graph in memory (its versioned records and
// the recorded time of every run of events), never from LMDB.
public import EventLog
public import Graph

extension Database {
    /// What changed between the graph at `from` and at `to` (each a seq or a time), both seen at valid
    /// time `validAt` if given — what the log learned between them about the world then.
    public func diff(from: LogPosition, to: LogPosition, validAt: ValidInstant? = nil) throws -> GraphDiff {
        graph.latest.diff(from: try seq(at: from), to: try seq(at: to), validAt: validAt)
    }

    /// What changed in the world between valid times `from` and `to`, as the log stood at `position`
    /// (now if nil): the diff's `from` and `to` are then both that seq.
    public func worldDiff(from: ValidInstant, to: ValidInstant, at position: LogPosition? = nil) throws -> GraphDiff {
        let view = try self.view(at: position)
        return graph.latest.diff(view.valid(at: from), view.valid(at: to))
    }

    /// At most `points` seqs spread evenly from 1 to the head (both included), each with the time it
    /// was recorded.
    public func timeline(points: Int) -> (head: UInt64, points: [(seq: UInt64, recordedAt: Timestamp?)]) {
        let state = graph.latest
        let head = state.head
        guard head > 0, points >= 2 else { return (head, []) }
        let count = UInt64(points)
        // Spread evenly, the seqs are distinct once the head passes `points`; below it, every seq.
        let seqs: [UInt64] = head <= count ? Array(1...head) : (0..<count).map { 1 + (head - 1) * $0 / (count - 1) }
        return (head, seqs.map { ($0, state.recordedAt($0)) })
    }
}
