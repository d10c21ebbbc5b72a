// An erasure in the log: one write transaction that rewrites every event naming the entity as the
// `Erasure` rule leaves it (keeping the digest of the record as recorded beside it, so the chain still
// verifies), moves the history index's entries to the new ids, deletes every snapshot (they hold the
// graph as it was), and appends the `entity.erased` event, which the validator applies to the graph.
// Either all of it is committed or none.
public import LMDB

/// Why an erasure was refused: the `rule` of its `EventInputError`, for a door to answer by.
public enum ErasureRefusal: String, Sendable {
    /// No entity was ever created with the id.
    case unknownEntity = "unknown entity"
    /// The id is the pseudonym of an entity erased already.
    case alreadyErased = "already erased"
    /// The pseudonym drawn for it names something in the log (drawn at random: next to impossible).
    case pseudonymTaken = "pseudonym taken"
}

/// What an erasure changed.
public struct ErasureReceipt: Sendable {
    /// The `entity.erased` event, as appended.
    public let append: AppendReceipt
    /// The pseudonym the entity carries now.
    public let pseudonym: String
    /// The seq of the event that created the entity.
    public let created: UInt64
    /// The events the erasure changed, in order.
    public let changed: [UInt64]
    /// The snapshots it deleted.
    public let snapshotsDeleted: Int

    /// The seq of the `entity.erased` event.
    public var seq: UInt64 { append.firstSeq }
}

extension EventLog {
    /// Erases the entity `erasure.id` with `reason`, recorded by `actor` (docs/events.md, Erasure).
    public func erase(
        _ erasure: Erasure, reason: String, actor: String?, validator: (any BatchValidator)? = nil, now: Timestamp = .now()
    ) throws(EventLogError) -> ErasureReceipt {
        do {
            return try environment.write { txn in
                let reader = LogReader(txn: txn, databases: databases)
                let seqs = try reader.seqs(touching: erasure.id)
                let created = try Self.creation(of: erasure.id, among: seqs, reader)
                guard try reader.seqs(touching: erasure.pseudonym).isEmpty else {
                    throw EventInputError(
                        field: "id", message: "the pseudonym '\(erasure.pseudonym)' is taken", rule: ErasureRefusal.pseudonymTaken.rawValue)
                }
                let erasureSeq = try reader.head.seq + 1
                var rule = erasure
                var changed: [UInt64] = []
                var renamed: [String: String] = [erasure.id: erasure.pseudonym]
                for seq in seqs {
                    guard let rewritten = try rewrite(seq, with: &rule, erasedBy: erasureSeq, txn: txn) else { continue }
                    changed.append(seq)
                    if rewritten.old != rewritten.new { renamed[rewritten.old] = rewritten.new }
                }
                try rewriteHistory(renamed, txn: txn)
                let snapshots = try txn.statistics(databases.snapshots).entries
                try txn.clear(databases.snapshots)
                let event = Event(
                    .entityErased(id: erasure.pseudonym, created: created, relations: erasure.relations, reason: reason), actor: actor)
                var parts = WholeBatch(EventBatch([event]))
                let append = try LogWriter(txn: txn, databases: databases).append(
                    nextPart: { try parts.next() }, validator: validator, now: now)
                return ErasureReceipt(
                    append: append, pseudonym: erasure.pseudonym, created: created, changed: changed, snapshotsDeleted: snapshots)
            }
        } catch let error as EventInputError {
            throw .rejected(error)
        } catch {
            throw EventLogError(wrapping: error)
        }
    }

    /// The seq of the event that created entity `id` (the first of its history), refusing an id that
    /// names no entity or an erasure's pseudonym.
    private static func creation(of id: String, among seqs: [UInt64], _ reader: LogReader) throws -> UInt64 {
        var created: UInt64? = nil
        for seq in seqs {
            switch try reader.event(at: seq)?.event.body {
            case .entityCreated(id, _, _, _)?:
                created = created ?? seq
            case .entityErased(id, _, _, _)?:
                throw EventInputError(
                    field: "id", message: "'\(id)' is the pseudonym of an entity erased at seq \(seq): it was erased already",
                    rule: ErasureRefusal.alreadyErased.rawValue)
            default:
                continue
            }
        }
        guard let created else {
            throw EventInputError(
                field: "id", message: "no entity '\(id)' was ever created in this log", rule: ErasureRefusal.unknownEntity.rawValue)
        }
        return created
    }

    /// Rewrites the event at `seq` as `rule` leaves it; nil when it does not change. Returns the id the
    /// event was about before and after.
    private func rewrite(
        _ seq: UInt64, with rule: inout Erasure, erasedBy: UInt64, txn: WriteTransaction
    ) throws -> (old: String, new: String)? {
        guard let value = try txn.value(databases.events, key: LogLayout.seqKey(seq)) else {
            throw EventLogError.corrupt(seq: seq, reason: "the history index names an event the log does not hold")
        }
        return try value.withUnsafeBytes { bytes in
            let stored = try StoredEvent(seq: seq, bytes)
            let recorded = try LogReader.decode(seq: seq, stored)
            let event = rule.erased(recorded.event)
            guard event != recorded.event else { return nil }
            let record = CanonicalEncoder().encode(event, recordedAt: recorded.recordedAt)
            let erased = StoredEvent.erased(hash: recorded.hash, recordedDigest: stored.contentDigest, erasedBy: erasedBy, record: record)
            try txn.put(databases.events, key: LogLayout.seqKey(seq), value: erased)
            return (recorded.event.id, event.id)
        }
    }

    /// Writes the history index again with every entry of each old id under its new id. Written anew,
    /// in key order into the emptied database, not changed in place: a B-tree keeps a deleted key as the
    /// separator of a branch page (LMDB does not replace it), and so would keep the old id in the file.
    private func rewriteHistory(_ renamed: [String: String], txn: WriteTransaction) throws {
        var moved: [[UInt8]] = []
        var kept = KeyArena()
        let keys = renamed.map { (old: LogLayout.indexKey($0.key), new: LogLayout.indexKey($0.value)) }
        try txn.withCursor(databases.history) { cursor in
            var entry = try cursor.first()
            while let current = entry {
                let id = current.key.count - 8
                if let key = keys.first(where: { $0.old.count == id && current.key.starts(with: $0.old) }) {
                    moved.append(key.new + current.key[id...])
                } else {
                    kept.append(current.key)
                }
                entry = try cursor.next()
            }
        }
        moved.sort { $0.lexicographicallyPrecedes($1) }
        try txn.clear(databases.history)
        try txn.withCursor(databases.history) { cursor in
            var next = 0
            let empty = UnsafeRawBufferPointer(start: nil, count: 0)
            try kept.forEach { key in
                while next < moved.count, moved[next].lexicographicallyPrecedes(key) {
                    try moved[next].withUnsafeBytes { try cursor.put(key: $0, value: empty, flags: .append) }
                    next += 1
                }
                try cursor.put(key: key, value: empty, flags: .append)
            }
            for key in moved[next...] { try key.withUnsafeBytes { try cursor.put(key: $0, value: empty, flags: .append) } }
        }
    }
}

extension EventLog {
    /// Zeroes the space of the log's file that no live page uses (after an erasure: where the content it
    /// removed may still lie), once no reader sees an older state, waiting up to `patience` for those.
    public func scrubUnusedSpace(patience: Duration = .seconds(30)) throws(EventLogError) -> ScrubReport {
        do {
            return try environment.scrubUnusedSpace(patience: patience)
        } catch {
            throw EventLogError(wrapping: error)
        }
    }
}

/// Keys back to back in one array: the whole history index held for its rewrite without an array per key.
private struct KeyArena {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    mutating func append(_ key: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
    }

    func forEach(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try bytes.withUnsafeBytes { all in
            var start = 0
            for end in ends {
                try body(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }
}
