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
                    recordedAt: Timestamp(milliseconds: Int64(bitPattern: LogLayout.seq(from: UnsafeRawBufferPointer(rebasing: raw[40..<48])))))
            }
        }
    }

    /// The event at `seq`, or nil if there is none.
    public func event(at seq: UInt64) throws -> RecordedEvent? {
        try txn.withValue(databases.events, key: LogLayout.seqKey(seq)) { value in try Self.decode(seq: seq, stored: value) }
    }

    /// Decodes a stored `hash ‖ record` value.
    static func decode(seq: UInt64, stored: UnsafeRawBufferPointer) throws -> RecordedEvent {
        guard stored.count > LogLayout.hashBytes else { throw EventLogError.corrupt(seq: seq, reason: "the stored value is too short") }
        let hash = Digest(bytes: UnsafeRawBufferPointer(rebasing: stored[0..<LogLayout.hashBytes]))
        do {
            let (event, time) = try CanonicalDecoder().decode(UnsafeRawBufferPointer(rebasing: stored[LogLayout.hashBytes...]))
            return RecordedEvent(seq: seq, recordedAt: time, event: event, hash: hash)
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
        let cursor = try txn.cursor(databases.events)
        var entry = try cursor.seek(atLeast: LogLayout.seqKey(seq + 1))
        while let current = entry {
            guard current.key.count == 8 else { throw EventLogError.corrupt(seq: seq, reason: "a key of the log is not a seq") }
            if try !body(LogLayout.seq(from: current.key), current.value) { return }
            entry = try cursor.next()
        }
    }

    /// The seqs of every event that touched `id` (as its subject or as a relation's end), in order.
    public func seqs(touching id: String) throws -> [UInt64] {
        let cursor = try txn.cursor(databases.entities)
        guard try cursor.seek(exactly: LogLayout.indexKey(id)) != nil else { return [] }
        var seqs: [UInt64] = []
        var page = try cursor.duplicatePage(first: true)
        while let values = page {
            for offset in stride(from: 0, to: values.count, by: 8) {
                seqs.append(LogLayout.seq(from: UnsafeRawBufferPointer(rebasing: values[offset..<offset + 8])))
            }
            page = try cursor.duplicatePage(first: false)
        }
        return seqs
    }

    /// The seq of the last event recorded at or before `time` (0 if none was).
    public func seq(atOrBefore time: Timestamp) throws -> UInt64 {
        guard time.milliseconds >= 0 else { return 0 }
        let cursor = try txn.cursor(databases.times)
        let key = LogLayout.seqKey(UInt64(time.milliseconds))
        if let exact = try cursor.seek(atLeast: key) {
            if exact.key.elementsEqual(key) { return LogLayout.seq(from: exact.value) }
            return try cursor.previous().map { LogLayout.seq(from: $0.value) } ?? 0
        }
        return try cursor.last().map { LogLayout.seq(from: $0.value) } ?? 0
    }

    /// Number of distinct ids in the history index.
    public func indexedIDCount() throws -> Int {
        let cursor = try txn.cursor(databases.entities)
        var count = 0
        var entry = try cursor.first()
        while entry != nil {
            count += 1
            entry = try cursor.nextKey()
        }
        return count
    }
}
