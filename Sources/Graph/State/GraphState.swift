// The multi-version property graph: every entity and relation that ever existed, with the seq range
// in which each record, label set and property value is live. One value holds the whole graph and
// copies in O(chunks): a batch is validated by applying it to a copy, and a reader keeps the copy it
// took while the writer publishes newer ones.
public import EventLog

/// The graph as of its `head` seq, able to answer for any earlier seq as well.
public struct GraphState: Sendable {
    /// The last seq applied.
    public internal(set) var head: UInt64 = 0
    var labels = SymbolTable()
    var relationTypes = SymbolTable()
    var propertyKeys = SymbolTable()
    var nodes = ChunkedArray<NodeRecord>()
    var relations = ChunkedArray<RelationRecord>()
    var propertyVersions = ChunkedArray<PropertyVersion>()
    var labelVersions = ChunkedArray<LabelVersion>()
    /// Each node's newest version of each property key (what a read at the head looks at first).
    var propertyHeads = PropertyHeads()
    /// The newest valid time of the elements that have one (ValidTime.swift).
    var validity = ValidityColumn()
    /// Nodes by label and relation counts by type (for label scans and the query planner's estimates).
    var labelIndex = LabelIndex()
    /// Entity id → node handle.
    var nodeIndex = IDIndex()
    /// Relation id → the newest relation with that id (a default id may be added again after removal).
    var relationIndex = IDIndex()
    var schemas: [SchemaVersion] = []
    /// Events applied, per type (all time), for statistics and digests.
    var appliedEvents = 0
    /// Erasures applied since this state was loaded: a store drops what it derived from values when it
    /// changes (GraphStore.publish).
    public internal(set) var erasures = 0
    /// When events were recorded: one entry per run of events with the same `recorded_at` (a batch
    /// shares one), as (first seq of the run, milliseconds). Chunked, so a copy shares it.
    var recordedTimes = ChunkedArray<RecordedTime>()

    /// An empty graph.
    public init() {}

    /// Makes room for about `events` more events' worth of ids (before a replay of a known size).
    public mutating func reserveCapacity(events: Int) {
        nodeIndex.reserveCapacity(nodeIndex.count + events / 4)
        relationIndex.reserveCapacity(relationIndex.count + events / 2)
    }

    /// Notes that the events from `firstSeq` on were recorded at `time` (after a batch is committed,
    /// or for each event on replay; a repeated time adds nothing).
    public mutating func recordTime(_ time: Timestamp, from firstSeq: UInt64) {
        if let last = recordedTimes.last, last.milliseconds == time.milliseconds { return }
        recordedTimes.append(RecordedTime(firstSeq: firstSeq, milliseconds: time.milliseconds))
    }

    /// When the event at `seq` was recorded, if the graph knows.
    public func recordedAt(_ seq: UInt64) -> Timestamp? {
        // The last run starting at or before `seq`.
        var low = 0, high = recordedTimes.count
        while low < high {
            let middle = (low + high) / 2
            if recordedTimes[middle].firstSeq <= seq { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : Timestamp(milliseconds: recordedTimes[low - 1].milliseconds)
    }

    /// The schema in force at `seq`, if any was defined by then.
    func schema(at seq: UInt64) -> SchemaVersion? {
        schemas.last { $0.from <= seq }
    }
}
