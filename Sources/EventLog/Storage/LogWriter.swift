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
        let encoder = CanonicalEncoder()
        var record = ByteWriter(capacity: 512)
        var previous = head.hash
        var recorded: [RecordedEvent] = []
        recorded.reserveCapacity(batch.count)
        var relationEnds: [String: (from: String, to: String)] = [:]
        for (offset, event) in batch.events.enumerated() {
            let seq = firstSeq + UInt64(offset)
            record.bytes.removeAll(keepingCapacity: true)
            encoder.encode(event, recordedAt: time, into: &record)
            let hash = try store(record.bytes, seq: seq, after: previous)
            previous = hash
            recorded.append(RecordedEvent(seq: seq, recordedAt: time, event: event, hash: hash))
            try index(event, seq: seq, relationEnds: &relationEnds)
        }
        let lastSeq = firstSeq + UInt64(batch.count - 1)
        try txn.put(databases.times, key: LogLayout.seqKey(UInt64(bitPattern: time.milliseconds)), value: LogLayout.seqKey(lastSeq))
        try txn.put(databases.meta, key: LogLayout.headKey, value: LogLayout.headValue(seq: lastSeq, hash: previous, time: time))
        return AppendReceipt(firstSeq: firstSeq, lastSeq: lastSeq, recordedAt: time, events: recorded)
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

    /// Adds `seq` to the history of every id the event touches: its own, and a relation's two ends.
    private func index(_ event: Event, seq: UInt64, relationEnds: inout [String: (from: String, to: String)]) throws {
        var ids = [event.id]
        switch event.body {
        case .relationAdded(let id, _, let from, let to, _):
            relationEnds[id] = (from, to)
            ids += [from, to]
        case .relationUpdated(let id, _), .relationRemoved(let id):
            if let ends = try relationEnds[id] ?? endsOfStoredRelation(id) { ids += [ends.from, ends.to] }
        default:
            break
        }
        let value = LogLayout.seqKey(seq)
        var done: [[UInt8]] = []
        for id in ids {
            let key = LogLayout.indexKey(id)
            if done.contains(key) { continue }  // a self-loop touches its entity once
            done.append(key)
            try txn.put(databases.entities, key: key, value: value)
        }
    }

    /// The ends of the most recently added relation with `id` already in the log, if any.
    private func endsOfStoredRelation(_ id: String) throws -> (from: String, to: String)? {
        let reader = LogReader(txn: txn, databases: databases)
        for seq in try reader.seqs(touching: id).reversed() {
            if case .relationAdded(_, _, let from, let to, _)? = try reader.event(at: seq)?.event.body { return (from, to) }
        }
        return nil
    }
}

extension LogLayout {
    static func headValue(seq: UInt64, hash: Digest, time: Timestamp) -> [UInt8] {
        seqKey(seq) + hash.bytes + seqKey(UInt64(bitPattern: time.milliseconds))
    }
}
