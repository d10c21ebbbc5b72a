// Which ids each event touches: its own id, and for relation events the relation's two ends. The ends
// of relations added in the same append are known from the events; those of relations added earlier
// are in the log and are looked up by the writer (see LogWriter.indexEndsOfStoredRelations).

/// Turns the parts of an append into history index keys.
struct HistoryIndexer {
    /// What the indexer produced: the keys to write, and the relation events whose ends are in the log.
    struct Keys {
        let sorted: SortedHistoryKeys
        let unresolved: [(id: String, seq: UInt64)]
    }

    private var history = HistoryIndexBuilder(expectedEntries: 1024)
    /// Ends of the relations added in this append, by history slot (the builder already interns ids).
    private var ends: [RelationEnds?] = []
    private var unresolved: [(id: String, seq: UInt64)] = []

    /// Indexes one part whose first event gets `firstSeq`.
    mutating func add(_ part: EventBatch, firstSeq: UInt64) {
        for (offset, event) in part.events.enumerated() {
            let seq = firstSeq + UInt64(offset)
            let id = event.id
            let slot = intern(id, seq)
            let relation: RelationEnds?
            switch event.body {
            case .relationAdded(_, _, let from, let to, _):
                relation = RelationEnds(from: from, to: to)
                ends[slot] = relation
            case .relationUpdated, .relationRemoved:
                relation = ends[slot]
                if relation == nil { unresolved.append((id, seq)) }
            default:
                relation = nil
            }
            guard let relation else { continue }
            // A relation event touches both ends besides the relation itself, a self-loop's entity once.
            if relation.from != id { _ = intern(relation.from, seq) }
            if relation.to != relation.from && relation.to != id { _ = intern(relation.to, seq) }
        }
    }

    private mutating func intern(_ id: String, _ seq: UInt64) -> Int {
        let slot = history.add(id, seq: seq)
        if slot == ends.count { ends.append(nil) }
        return slot
    }

    /// The keys in the order to write them.
    func keys() -> Keys { Keys(sorted: history.sortedKeys(), unresolved: unresolved) }
}

/// The two entities a relation connects.
struct RelationEnds: Hashable, Sendable {
    let from: String
    let to: String

    /// The ends a relation event touches besides the relation `id` itself, each once (a self-loop
    /// touches its entity once).
    func touched(except id: String) -> [String] {
        var ids: [String] = []
        if from != id { ids.append(from) }
        if to != from && to != id { ids.append(to) }
        return ids
    }
}
