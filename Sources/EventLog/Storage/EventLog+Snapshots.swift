// Snapshots of derived state, stored beside the log and keyed by the seq they reflect. The log does
// not know what they hold (the graph writes and reads them); it keeps the newest few and hands them
// out without copying.
import LMDB

extension EventLog {
    /// Stores `bytes` as the snapshot at `seq` and keeps only the newest `keep` snapshots.
    public func storeSnapshot(_ bytes: [UInt8], at seq: UInt64, keep: Int = 2) throws(EventLogError) {
        do {
            try environment.write { txn in
                try txn.put(databases.snapshots, key: LogLayout.seqKey(seq), value: bytes)
                let stored = try Self.snapshotSeqs(txn, databases)
                for old in stored.dropFirst(max(keep, 1)) { try txn.delete(databases.snapshots, key: LogLayout.seqKey(old)) }
            }
        } catch {
            throw EventLogError(wrapping: error)
        }
    }

    /// The seqs of the stored snapshots, newest first.
    public func snapshotSeqs() throws(EventLogError) -> [UInt64] {
        try reading { try Self.snapshotSeqs($0.txn, databases) }
    }

    /// Calls `body` with the bytes of the snapshot at `seq` (valid only during the call), or returns nil.
    public func withSnapshot<R>(at seq: UInt64, _ body: (UnsafeRawBufferPointer) throws -> R) throws(EventLogError) -> R? {
        try reading { reader in try reader.txn.withValue(databases.snapshots, key: LogLayout.seqKey(seq), body) }
    }

    /// Deletes every stored snapshot.
    public func deleteSnapshots() throws(EventLogError) {
        do {
            try environment.write { try $0.clear(databases.snapshots) }
        } catch {
            throw EventLogError(wrapping: error)
        }
    }

    private static func snapshotSeqs(_ txn: ReadTransaction, _ databases: LogDatabases) throws -> [UInt64] {
        try txn.withCursor(databases.snapshots) { cursor in
            var seqs: [UInt64] = []
            var entry = try cursor.last()
            while let current = entry {
                seqs.append(LogLayout.seq(from: current.key))
                entry = try cursor.previous()
            }
            return seqs
        }
    }
}
