// The body of one append, run inside the write transaction: read the head, then for each part of the
// batch validate it and, for each event, encode → chain → store; finally the indexes and the new head.
// Deterministic for a given batch and head, so the environment can rerun it after growing the map.
import LMDB

struct LogWriter {
    let txn: WriteTransaction
    let databases: LogDatabases

    /// Appends the parts `nextPart` yields as one batch.
    func append(
        nextPart: () throws -> EventBatch?, validator: (any BatchValidator)?, now: Timestamp
    ) throws -> AppendReceipt {
        let head = try LogReader(txn: txn, databases: databases).head
        let firstSeq = head.seq + 1
        validator?.begin(firstSeq: firstSeq)
        // One time for the whole batch, never before the previous event's: recorded_at never decreases.
        let time = max(now, head.recordedAt ?? now)
        let encoder = CanonicalEncoder()
        var record = ByteWriter(capacity: 512)
        var previous = head.hash
        var parts: [EventBatch] = []
        var hashes: [Digest] = []
        var history: HistoryWorker?
        var validation: ValidationWorker?
        // Worker threads must end however the append ends.
        defer {
            _ = history?.finish()
            try? validation?.finish()
        }
        var count = 0
        try txn.withCursor(databases.events) { events in
            while let part = try nextPart() {
                guard !part.isEmpty else { continue }
                // Validation and the history index run on other cores when the batch is large enough.
                let concurrent = part.count >= 4096
                if let validator, validation == nil { validation = ValidationWorker(validator, concurrent: concurrent) }
                try validation?.submit(part, offset: count)
                if history == nil { history = HistoryWorker(concurrent: concurrent) }
                history?.submit(part, firstSeq: firstSeq + UInt64(count))
                hashes.reserveCapacity(count + part.count)
                for (offset, event) in part.events.enumerated() {
                    record.bytes.removeAll(keepingCapacity: true)
                    encoder.encode(event, recordedAt: time, into: &record)
                    previous = try store(record.bytes, seq: firstSeq + UInt64(count + offset), after: previous, in: events)
                    hashes.append(previous)
                }
                parts.append(part)
                count += part.count
            }
        }
        guard let worker = history else {
            throw EventInputError(field: nil, message: "the batch holds no events")
        }
        history = nil
        // Nothing commits before every part has passed validation.
        try validation?.finish()
        let keys = worker.finish()
        try keys.sorted.write(to: txn, database: databases.history)
        try indexEndsOfStoredRelations(keys.unresolved)
        let lastSeq = firstSeq + UInt64(count - 1)
        try txn.put(databases.times, key: LogLayout.seqKey(UInt64(bitPattern: time.milliseconds)), value: LogLayout.seqKey(lastSeq))
        try txn.put(databases.meta, key: LogLayout.headKey, value: LogLayout.headValue(seq: lastSeq, hash: previous, time: time))
        return AppendReceipt(firstSeq: firstSeq, recordedAt: time, parts: parts, hashes: hashes)
    }

    /// Writes `hash ‖ record` under `seq` in place (MDB_RESERVE) at the end of the tree (MDB_APPEND).
    private func store(_ record: [UInt8], seq: UInt64, after previous: Digest, in events: Cursor) throws -> Digest {
        try record.withUnsafeBytes { bytes in
            let hash = HashChain.link(previous: previous, seq: seq, content: HashChain.digest(of: bytes))
            try withUnsafeBytes(of: seq.bigEndian) { key in
                try events.reserve(key: key, count: LogLayout.hashBytes + bytes.count, flags: .append) { out in
                    hash.withBytes { out.copyMemory(from: $0) }
                    UnsafeMutableRawBufferPointer(rebasing: out[LogLayout.hashBytes...]).copyMemory(from: bytes)
                }
            }
            return hash
        }
    }

    /// Adds the history entries of updates and removals of relations whose ends are in the log.
    private func indexEndsOfStoredRelations(_ unresolved: [(id: String, seq: UInt64)]) throws {
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

extension LogLayout {
    static func headValue(seq: UInt64, hash: Digest, time: Timestamp) -> [UInt8] {
        seqKey(seq) + hash.bytes + seqKey(UInt64(bitPattern: time.milliseconds))
    }
}
