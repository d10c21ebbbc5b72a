// Reads of the log inside one LMDB read transaction: every answer of one reader is of the same moment.
import LMDB

/// A consistent view of the log for the length of one `EventLog.reading` closure.
///
/// Not `Sendable`: it lives in its transaction's thread and must not escape the closure.
public struct LogReader {
    let txn: ReadTransaction
    let databases: LogDatabases

    /// The newest position of the log.
    public var head: LogHead {
        get throws {
            guard let value = try txn.value(databases.meta, key: LogLayout.headKey) else { return .empty }
            return value.withUnsafeBytes { raw in
                LogHead(
                    seq: LogLayout.seq(from: raw),
                    hash: Digest(bytes: UnsafeRawBufferPointer(rebasing: raw[8..<40])),
                    recordedAt: Timestamp(
                        milliseconds: Int64(bitPattern: LogLayout.seq(from: UnsafeRawBufferPointer(rebasing: raw[40..<48])))))
            }
        }
    }

    /// The event at `seq`, or nil if there is none.
    public func event(at seq: UInt64) throws -> RecordedEvent? {
        try txn.withValue(databases.events, key: LogLayout.seqKey(seq)) { value in try Self.decode(seq: seq, stored: value) }
    }

    /// Decodes a stored value (StoredEvent.swift).
    static func decode(seq: UInt64, stored: UnsafeRawBufferPointer) throws -> RecordedEvent {
        try decode(seq: seq, StoredEvent(seq: seq, stored))
    }

    static func decode(seq: UInt64, _ stored: StoredEvent) throws(EventLogError) -> RecordedEvent {
        do {
            let (event, time) = try CanonicalDecoder().decode(stored.record)
            return RecordedEvent(seq: seq, recordedAt: time, event: event, hash: Digest(bytes: stored.hash), erasedBy: stored.erasedBy)
        } catch {
            throw EventLogError.corrupt(seq: seq, reason: "undecodable record: \(error)")
        }
    }

    /// Calls `body` with every stored event after `seq`, in order, until it returns false.
    public func forEach(after seq: UInt64 = 0, _ body: (RecordedEvent) throws -> Bool) throws {
        try forEachStored(after: seq) { seq, stored in try body(try Self.decode(seq: seq, stored: stored)) }
    }

    /// Calls `body` with the seq and raw stored value (`hash ‖ record`) of every event after `seq`,
    /// until it returns false. The buffer is valid only during the call.
    public func forEachStored(after seq: UInt64 = 0, _ body: (UInt64, UnsafeRawBufferPointer) throws -> Bool) throws {
        try txn.withCursor(databases.events) { cursor in
            var entry = try cursor.seek(atLeast: LogLayout.seqKey(seq + 1))
            while let current = entry {
                guard current.key.count == 8 else { throw EventLogError.corrupt(seq: seq, reason: "a key of the log is not a seq") }
                if try !body(LogLayout.seq(from: current.key), current.value) { return }
                entry = try cursor.next()
            }
        }
    }

    /// The seqs of every event that touched `id` (as its subject or as a relation's end), in order.
    public func seqs(touching id: String) throws -> [UInt64] {
        let key = LogLayout.indexKey(id)
        return try txn.withCursor(databases.history) { cursor in
            var seqs: [UInt64] = []
            var entry = try cursor.seek(atLeast: key + [0, 0, 0, 0, 0, 0, 0, 0])
            while let current = entry, current.key.count == key.count + 8,
                current.key.starts(with: key)
            {
                seqs.append(LogLayout.seq(from: UnsafeRawBufferPointer(rebasing: current.key[key.count...])))
                entry = try cursor.next()
            }
            return seqs
        }
    }

    /// The seq of the last event recorded at or before `time` (0 if none was).
    public func seq(atOrBefore time: Timestamp) throws -> UInt64 {
        guard time.milliseconds >= 0 else { return 0 }
        let key = LogLayout.seqKey(UInt64(time.milliseconds))
        return try txn.withCursor(databases.times) { cursor in
            if let exact = try cursor.seek(atLeast: key) {
                if exact.key.elementsEqual(key) { return LogLayout.seq(from: exact.value) }
                return try cursor.previous().map { LogLayout.seq(from: $0.value) } ?? 0
            }
            return try cursor.last().map { LogLayout.seq(from: $0.value) } ?? 0
        }
    }

    /// Number of distinct ids in the history index.
    public func indexedIDCount() throws -> Int {
        try txn.withCursor(databases.history) { cursor in
            var count = 0
            var previous: [UInt8] = []
            var entry = try cursor.first()
            while let current = entry {
                let id = UnsafeRawBufferPointer(rebasing: current.key[0..<max(0, current.key.count - 8)])
                if !id.elementsEqual(previous) {
                    count += 1
                    previous = Array(id)
                }
                entry = try cursor.next()
            }
            return count
        }
    }
}
