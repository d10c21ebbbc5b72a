// Backups: a consistent, compacted copy of the whole database (the log, its indexes, the snapshots)
// written while it serves and writes — LMDB copies inside a read transaction of its own, so the copy
// is the database as it stood when the copy began — its hash chain verified before it gets its name;
// a restore the same into a new path; and a comparison of two logs that says whether one is the
// other's prefix or where they part.
import EventLog

/// A backup or restore written and verified.
public struct BackupReport: Sendable {
    /// Where it is.
    public let path: String
    /// Its log's head: the last event it holds, and the hash that proves everything before it.
    public let head: LogHead
    /// Events its chain was checked over.
    public let events: UInt64
    /// The size of its data file.
    public let bytes: Int
}

/// How two logs compare, by their hash chains: equal hashes at a seq mean equal logs up to it.
public enum LogComparison: Sendable, Equatable {
    /// The same events, up to the same head.
    case identical(head: UInt64)
    /// The shorter log is the longer one up to its head; `thisIsLonger` says which is longer.
    case prefix(sharedHead: UInt64, thisIsLonger: Bool)
    /// They hold the same events up to `lastShared` and differ at the seq after it.
    case diverge(lastShared: UInt64)
}

extension Database {
    /// Writes a consistent, compacted copy of the database into `directory` (new, or an empty
    /// directory), made as `directory.partial`, and names it only after its hash chain verifies.
    public func backup(to directory: String) throws -> BackupReport {
        try Self.copy(log, to: directory)
    }

    /// The same for the database at `path`, opening its log alone: a backup needs no graph, and
    /// loading one would cost more than the copy.
    public static func backup(_ path: String, to directory: String) throws -> BackupReport {
        guard exists(at: path) else { throw DatabaseError.notFound(path: path) }
        return try withLog(at: path, writeMap: true) { try copy($0, to: directory) }
    }

    /// Restores a backup into `path` (new, or an empty directory): its chain is verified first, the
    /// copy is verified again, and the restored database is opened (its graph loaded) before this
    /// returns.
    public static func restore(from backup: String, to path: String) throws -> BackupReport {
        guard exists(at: backup) else { throw DatabaseError.notFound(path: backup) }
        let hadLock = FileSystem.exists(backup + "/lock.mdb")
        let report = try withLog(at: backup) { source in
            _ = try source.verify()
            return try copy(source, to: path)
        }
        // A backup is its data file: the lock file opening it made goes again.
        if !hadLock { FileSystem.remove(backup + "/lock.mdb") }
        _ = try Database(path: path)
        return report
    }

    /// How this database's log compares with `other`'s, found by a binary search on the hash chain.
    public func compareLog(with other: Database) throws -> LogComparison {
        let (mine, theirs) = (try log.head().seq, try other.log.head().seq)
        let shared = min(mine, theirs)
        if try shared == 0 || hash(at: shared) == other.hash(at: shared) {
            return mine == theirs ? .identical(head: mine) : .prefix(sharedHead: shared, thisIsLonger: mine > theirs)
        }
        // The hash at `low` agrees (seq 0: nothing yet), the hash at `high` does not.
        var (low, high) = (UInt64(0), shared)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if try hash(at: middle) == other.hash(at: middle) { low = middle } else { high = middle }
        }
        return .diverge(lastShared: low)
    }

    private func hash(at seq: UInt64) throws -> Digest? {
        try log.reading { try $0.event(at: seq)?.hash }
    }

    /// Copies `log`'s environment into `path` by way of `path.partial`, named once `prove` has proved the
    /// copy (by default its chain over its bytes: what was copied is what was recorded) and returned its
    /// head.
    static func copy(
        _ log: EventLog, to path: String,
        proving prove: (String) throws -> LogHead = { partial in
            try withLog(at: partial) { try $0.verify(decoding: false).head }
        }
    ) throws -> BackupReport {
        let partial = try FileSystem.makePartialDirectory(for: path)
        do {
            try log.environment.copy(to: partial)
            let head = try prove(partial)
            // The copy was opened to be verified: its lock file is no part of it.
            FileSystem.remove(partial + "/lock.mdb")
            let bytes = FileSystem.size(ofFile: partial + "/data.mdb")
            try FileSystem.finishPartialDirectory(partial, as: path)
            // Seqs are dense from 1: the head's is the number of events proved.
            return BackupReport(path: path, head: head, events: head.seq, bytes: bytes)
        } catch {
            FileSystem.removePartialDirectory(partial)
            throw error
        }
    }

    /// Runs `body` on the log at `path`, opened for it alone and closed after, without the write map
    /// (which makes the file as long as the map): a copy stays as small as its pages.
    /// (A live database is opened as its server opens it, with the write map: LMDB wants every process
    /// on one file to agree.)
    private static func withLog<R>(at path: String, writeMap: Bool = false, _ body: (EventLog) throws -> R) throws -> R {
        var options = EventLogOptions()
        options.environment.createIfMissing = false
        options.environment.writeMap = writeMap
        let log = try EventLog(path: path, options: options)
        return try body(log)
    }
}
