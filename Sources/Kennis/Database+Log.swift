// What an interface may read of the log itself (an auditor's view: events as recorded, its size, its
// proof), without the storage behind it: each call is one consistent read of the log.
public import EventLog

extension Database {
    /// The seq of the newest event the graph shows (readers' "now").
    public var head: UInt64 { graph.head }

    /// Calls `body` with each event `filter` selects, oldest first, until it returns false — all from
    /// one read of the log, so a page is consistent even while others append.
    public func forEachEvent(matching filter: EventFilter, _ body: (RecordedEvent) throws -> Bool) throws {
        try log.reading { reader in try reader.forEach(matching: filter, body) }
    }

    /// The log's size and make-up (events by type, bytes, indexes).
    public func logStatistics() throws -> LogStatistics {
        try log.statistics()
    }

    /// The seq of the newest event in the log (which may be ahead of `head` when another process appended).
    public func logHead() throws -> UInt64 {
        try log.head().seq
    }

    /// The size in bytes of the graph snapshot stored at `seq`; nil when none is stored there.
    public func storedSnapshotBytes(at seq: UInt64) throws -> Int? {
        try log.withSnapshot(at: seq) { $0.count }
    }

    /// Re-reads the whole log and checks every event's hash link; `progress` hears (verified, head).
    /// Throws `EventLogError.corrupt` at the first event that fails.
    public func verifyLog(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> VerificationReport {
        try log.verify(progress: progress)
    }
}
