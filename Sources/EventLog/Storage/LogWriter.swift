// The body of one append, run inside the write transaction: read the head, validate, then for each
// event encode → chain → store, and finally the indexes and the new head. Deterministic for a given
// batch and head, so the environment can rerun it after growing the map.
import LMDB

struct LogWriter {
    let txn: WriteTransaction
    let databases: LogDatabases

    func append(_ batch: EventBatch, validator: (any BatchValidator)?, now: Timestamp) throws -> AppendReceipt {
        let head = try LogReader(txn: txn, databases: databases).head
        let firstSeq = head.seq + 1
        try validator?.validate(batch, firstSeq: firstSeq)
        // One time for the whole batch, never before the previous event's: recorded_at never decreases.
        let time = max(now, head.recordedAt ?? now)
        // The history index needs only the events, so for a large batch it is built on another core
        // while this thread encodes, chains and stores.
        let history = Concurrently(when: batch.count >= 4096) { Self.historyKeys(of: batch, firstSeq: firstSeq) }
        let encoder = CanonicalEncoder()
        var record = ByteWriter(capacity: 512)
        var previous = head.hash
        var hashes: [Digest] = []
        hashes.reserveCapacity(batch.count)
        for (offset, event) in batch.events.enumerated() {
            let seq = firstSeq + UInt64(offset)
            record.bytes.removeAll(keepingCapacity: true)
            encoder.encode(event, recordedAt: time, into: &record)
            previous = try store(record.bytes, seq: seq, after: previous)
            hashes.append(previous)
        }
        let keys = history.result()
        try keys.sorted.write(to: txn, database: databases.history)
        try indexEndsOfStoredRelations(keys.unresolved)
        let lastSeq = firstSeq + UInt64(batch.count - 1)
        try txn.put(databases.times, key: LogLayout.seqKey(UInt64(bitPattern: time.milliseconds)), value: LogLayout.seqKey(lastSeq))
        try txn.put(databases.meta, key: LogLayout.headKey, value: LogLayout.headValue(seq: lastSeq, hash: previous, time: time))
        return AppendReceipt(firstSeq: firstSeq, recordedAt: time, events: batch.events, hashes: hashes)
    }

    /// Writes `hash ‖ record` under `seq` in place (MDB_RESERVE) at the end of the tree (MDB_APPEND).
    private func store(_ record: [UInt8], seq: UInt64, after previous: Digest) throws -> Digest {
        try record.withUnsafeBytes { bytes in
            let hash = HashChain.link(previous: previous, seq: seq, record: bytes)
            try withUnsafeBytes(of: seq.bigEndian) { key in
                try txn.reserve(databases.events, key: key, count: LogLayout.hashBytes + bytes.count, flags: .append) { out in
                    hash.withBytes { out.copyMemory(from: $0) }
                    UnsafeMutableRawBufferPointer(rebasing: out[LogLayout.hashBytes...]).copyMemory(from: bytes)
                }
            }
            return hash
        }
    }

    /// The history index keys of a batch: every event under its own id, and relation events also
    /// under the relation's two ends. Updates and removals of relations added before the batch are
    /// returned unresolved: their ends are in the log, which only the writer's thread may read.
    static func historyKeys(of batch: EventBatch, firstSeq: UInt64) -> (sorted: SortedHistoryKeys, unresolved: [(String, UInt64)]) {
        // Ends of the relations added in this batch, by history slot (the builder already interns ids).
        var ends: [RelationEnds?] = []
        var unresolved: [(String, UInt64)] = []
        var history = HistoryIndexBuilder(expectedEntries: batch.count * 3)
        for (offset, event) in batch.events.enumerated() {
            let seq = firstSeq + UInt64(offset)
            let id = event.id
            let slot = history.add(id, seq: seq)
            if slot == ends.count { ends.append(nil) }
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
            if relation.from != id, history.add(relation.from, seq: seq) == ends.count { ends.append(nil) }
            if relation.to != relation.from, relation.to != id, history.add(relation.to, seq: seq) == ends.count { ends.append(nil) }
        }
        return (history.sortedKeys(), unresolved)
    }

    /// Adds the history entries of updates and removals of relations whose ends are in the log.
    private func indexEndsOfStoredRelations(_ unresolved: [(String, UInt64)]) throws {
        var known: [String: RelationEnds?] = [:]
        for (id, seq) in unresolved {
            let relation: RelationEnds?
            if let found = known[id] {
                relation = found
            } else {
                relation = try endsOfStoredRelation(id)
                known.updateValue(relation, forKey: id)
            }
            for end in relation?.touched(except: id) ?? [] {
                try (LogLayout.indexKey(end) + LogLayout.seqKey(seq)).withUnsafeBytes {
                    try txn.put(databases.history, key: $0, value: UnsafeRawBufferPointer(start: nil, count: 0))
                }
            }
        }
    }

    /// The ends of the most recently added relation with `id` already in the log, if any.
    private func endsOfStoredRelation(_ id: String) throws -> RelationEnds? {
        let reader = LogReader(txn: txn, databases: databases)
        for seq in try reader.seqs(touching: id).reversed() {
            if case .relationAdded(_, _, let from, let to, _)? = try reader.event(at: seq)?.event.body {
                return RelationEnds(from: from, to: to)
            }
        }
        return nil
    }
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

extension LogLayout {
    static func headValue(seq: UInt64, hash: Digest, time: Timestamp) -> [UInt8] {
        seqKey(seq) + hash.bytes + seqKey(UInt64(bitPattern: time.milliseconds))
    }
}
