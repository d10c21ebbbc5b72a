// Upgrading a log of format 1, whose chain committed to each record itself, to format 2, whose chain
// commits to each record's digest (HashChain.swift): the records stay as they are; every hash is
// recomputed, in one write transaction that first proves the old chain link by link, so a damaged
// log is refused rather than given a new chain that would vouch for the damage.
import LMDB

/// What an upgrade did.
public struct UpgradeReport: Sendable, Equatable {
    /// The format the log had.
    public let fromFormat: UInt32
    /// The events whose links were recomputed (0 when the log was already current).
    public let events: UInt64
    /// The head after the upgrade (its hash is on the new chain).
    public let head: LogHead
}

extension EventLog {
    /// The format this version writes.
    public static var currentFormat: UInt32 { LogLayout.formatVersion }

    /// Opens the log at `path` whatever format this version can upgrade it from (1) or reads (2).
    public static func openForUpgrade(path: String, options: EventLogOptions = EventLogOptions()) throws(EventLogError) -> EventLog {
        var options = options
        options.environment.createIfMissing = false
        return try EventLog(path: path, options: options, accepting: [1, LogLayout.formatVersion])
    }

    /// The log's format version.
    public func format() throws(EventLogError) -> UInt32 {
        try reading { reader in
            try reader.txn.value(databases.meta, key: LogLayout.formatKey).map { LogLayout.uint32(from: $0) } ?? LogLayout.formatVersion
        }
    }

    /// Proves a format 1 log's chain (every link over the record itself) and the head.
    public func verifyFormatOne() throws(EventLogError) -> LogHead {
        try reading { reader in
            try reader.txn.withCursor(databases.events) { cursor in try FormatOneChain(cursor: cursor).walk(head: reader.head) { _, _ in } }
        }
    }

    /// Rewrites a format 1 log's chain as format 2's, after proving the old one, in one transaction.
    public func upgrade() throws(EventLogError) -> UpgradeReport {
        let from = try format()
        guard from != LogLayout.formatVersion else {
            return UpgradeReport(fromFormat: from, events: 0, head: try head())
        }
        do {
            return try environment.write { txn in
                let reader = LogReader(txn: txn, databases: databases)
                let oldHead = try reader.head
                var previous = Digest.genesis
                _ = try txn.withCursor(databases.events) { cursor in
                    try FormatOneChain(cursor: cursor).walk(head: oldHead) { seq, stored in
                        let content = stored.withUnsafeBytes {
                            HashChain.digest(of: UnsafeRawBufferPointer(rebasing: $0[LogLayout.hashBytes...]))
                        }
                        previous = HashChain.link(previous: previous, seq: seq, content: content)
                        let value = previous.bytes + stored[LogLayout.hashBytes...]
                        try value.withUnsafeBytes { value in
                            try LogLayout.seqKey(seq).withUnsafeBytes { try cursor.put(key: $0, value: value, flags: .current) }
                        }
                    }
                }
                let head = LogHead(seq: oldHead.seq, hash: previous, recordedAt: oldHead.recordedAt)
                if let time = head.recordedAt {
                    try txn.put(
                        databases.meta, key: LogLayout.headKey, value: LogLayout.headValue(seq: head.seq, hash: previous, time: time))
                }
                try txn.put(databases.meta, key: LogLayout.formatKey, value: LogLayout.bytes(LogLayout.formatVersion))
                return UpgradeReport(fromFormat: from, events: head.seq, head: head)
            }
        } catch {
            throw EventLogError(wrapping: error)
        }
    }
}

/// Walks a format 1 chain in order, proving each link before handing the stored value on.
private struct FormatOneChain {
    let cursor: Cursor

    /// Calls `body` with each seq and a copy of its stored value, once its link is proved; returns the head.
    func walk(head: LogHead, _ body: (UInt64, [UInt8]) throws -> Void) throws -> LogHead {
        var previous = Digest.genesis
        var expected: UInt64 = 1
        var entry = try cursor.first()
        while let current = entry {
            let seq = LogLayout.seq(from: current.key)
            guard seq == expected else { throw EventLogError.corrupt(seq: expected, reason: "missing or out of order") }
            let stored = Array(current.value)
            guard stored.count > LogLayout.hashBytes else { throw EventLogError.corrupt(seq: seq, reason: "the stored value is too short") }
            let link = stored.withUnsafeBytes { bytes in
                HashChain.formatOneLink(
                    previous: previous, seq: seq, record: UnsafeRawBufferPointer(rebasing: bytes[LogLayout.hashBytes...]))
            }
            guard link.bytes.elementsEqual(stored[0..<LogLayout.hashBytes]) else {
                throw EventLogError.corrupt(
                    seq: seq, reason: "hash mismatch on the format 1 chain: the record or the chain before it was altered")
            }
            try body(seq, stored)
            previous = link
            expected += 1
            entry = try cursor.next()
        }
        guard expected - 1 == head.seq, previous == head.hash else {
            throw EventLogError.corrupt(seq: expected - 1, reason: "the head does not name the last event of the format 1 chain")
        }
        return head
    }
}

extension EventLog {
    /// Rewrites the chain as format 1's: the logs that versions before format 2 wrote (for the tests of
    /// `upgrade`; a log with erased events has no format 1 chain).
    func writeFormatOneChain() throws {
        try environment.write { txn in
            var previous = Digest.genesis
            let head = try LogReader(txn: txn, databases: databases).head
            try txn.withCursor(databases.events) { cursor in
                var entry = try cursor.first()
                while let current = entry {
                    var stored = Array(current.value)
                    precondition(stored[LogLayout.hashBytes] != StoredEvent.erasedMarker, "an erased event has no format 1 link")
                    let seq = LogLayout.seq(from: current.key)
                    previous = stored.withUnsafeBytes { bytes in
                        HashChain.formatOneLink(
                            previous: previous, seq: seq, record: UnsafeRawBufferPointer(rebasing: bytes[LogLayout.hashBytes...]))
                    }
                    stored.replaceSubrange(0..<LogLayout.hashBytes, with: previous.bytes)
                    let key = LogLayout.seqKey(seq)
                    try stored.withUnsafeBytes { value in try key.withUnsafeBytes { try cursor.put(key: $0, value: value, flags: .current) }
                    }
                    entry = try cursor.next()
                }
            }
            if let time = head.recordedAt {
                try txn.put(databases.meta, key: LogLayout.headKey, value: LogLayout.headValue(seq: head.seq, hash: previous, time: time))
            }
            try txn.put(databases.meta, key: LogLayout.formatKey, value: LogLayout.bytes(1))
        }
    }
}
