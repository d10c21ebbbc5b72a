// The append-only event log: the only source of truth of a Kennis database. A batch is checked
// (structure by the decoder, state by the caller's `BatchValidator`), encoded, chained and written
// with its indexes in one LMDB write transaction, or not at all. LMDB's single writer is the lock
// that keeps seq dense and recorded_at monotonic.
public import LMDB

/// The newest position of the log.
public struct LogHead: Sendable, Hashable {
    /// Seq of the last event, 0 for an empty log.
    public let seq: UInt64
    /// Hash of the last event (`Digest.genesis` for an empty log).
    public let hash: Digest
    /// `recorded_at` of the last event, nil for an empty log.
    public let recordedAt: Timestamp?

    static let empty = LogHead(seq: 0, hash: .genesis, recordedAt: nil)
}

/// What an append wrote.
public struct AppendReceipt: Sendable {
    /// Seq of the first event of the batch.
    public let firstSeq: UInt64
    /// The `recorded_at` every event of the batch got.
    public let recordedAt: Timestamp
    /// The events written, in the parts they arrived in (shared with the batch, not copied).
    public let parts: [EventBatch]
    /// The hash of each event, in order.
    public let hashes: [Digest]

    /// Number of events written.
    public var count: Int { hashes.count }
    /// Seq of the last event of the batch.
    public var lastSeq: UInt64 { firstSeq + UInt64(count) - 1 }

    /// The events written, in order.
    public var events: [Event] { parts.count == 1 ? parts[0].events : parts.flatMap(\.events) }

    /// The events as recorded: with seq, time and hash.
    public var recordedEvents: [RecordedEvent] {
        zip(events, hashes).enumerated().map { index, pair in
            RecordedEvent(seq: firstSeq + UInt64(index), recordedAt: recordedAt, event: pair.0, hash: pair.1)
        }
    }
}

/// How to open an `EventLog`.
public struct EventLogOptions: Sendable {
    /// Options of the LMDB environment.
    public var environment: EnvironmentOptions = {
        var options = EnvironmentOptions()
        options.writeMap = true
        return options
    }()

    public init() {}
}

/// An append-only, hash-chained log of events in LMDB.
///
/// `Sendable`: it holds only immutable handles; LMDB serializes writers and isolates readers.
public final class EventLog: Sendable {
    /// The LMDB environment holding the log.
    public let environment: Environment
    let databases: LogDatabases

    /// Opens the log at `path` (a directory), creating it if it is missing and `createIfMissing` is set.
    public convenience init(path: String, options: EventLogOptions = EventLogOptions()) throws(EventLogError) {
        try self.init(path: path, options: options, accepting: [LogLayout.formatVersion])
    }

    /// Opens the log at `path` if its format is one of `formats` (an upgrade opens older ones).
    init(path: String, options: EventLogOptions, accepting formats: Set<UInt32>) throws(EventLogError) {
        do {
            environment = try Environment.open(path: path, options: options.environment)
            databases = try LogDatabases(environment)
            let found: UInt32? = try environment.read { txn in
                try txn.value(databases.meta, key: LogLayout.formatKey).map { LogLayout.uint32(from: $0) }
            }
            if let found, !formats.contains(found) {
                throw EventLogError.unsupportedFormat(found: found, expected: LogLayout.formatVersion)
            }
            if found == nil && !options.environment.readOnly {
                try environment.write { txn in
                    try txn.put(databases.meta, key: LogLayout.formatKey, value: LogLayout.bytes(LogLayout.formatVersion))
                }
            }
        } catch let error as EventLogError {
            throw error
        } catch {
            throw EventLogError(wrapping: error)
        }
    }

    /// The directory the log lives in.
    public var path: String { environment.path }

    /// Makes room in the storage, before a large append, for `bytes` more than it holds.
    public func reserve(_ bytes: Int) throws { try environment.reserve(bytes) }

    /// Appends `batch` atomically: every event is validated (by `validator`, against the state in
    /// force), chained and written with its indexes, durably, or nothing is.
    @discardableResult
    public func append(
        _ batch: EventBatch, validator: (any BatchValidator)? = nil, now: Timestamp = .now()
    ) throws(EventLogError) -> AppendReceipt {
        var whole = WholeBatch(batch)
        return try append(parts: &whole, validator: validator, now: now)
    }

    /// Appends a batch that arrives in parts (a decoder may still be producing the later ones) as one
    /// atomic batch: one write transaction, all or nothing.
    @discardableResult
    public func append(
        parts: inout some EventParts, validator: (any BatchValidator)? = nil, now: Timestamp = .now()
    ) throws(EventLogError) -> AppendReceipt {
        // Parts already taken from the source, so that a rerun of the transaction (after the map grew)
        // sees the whole batch again.
        var taken: [EventBatch] = []
        var exhausted = false
        do {
            return try environment.write { txn in
                var index = 0
                let nextPart: () throws -> EventBatch? = {
                    if index < taken.count {
                        index += 1
                        return taken[index - 1]
                    }
                    guard !exhausted, let part = try parts.next() else {
                        exhausted = true
                        return nil
                    }
                    taken.append(part)
                    index += 1
                    return part
                }
                return try LogWriter(txn: txn, databases: databases).append(nextPart: nextPart, validator: validator, now: now)
            }
        } catch let error as EventInputError {
            throw .rejected(error)
        } catch {
            throw EventLogError(wrapping: error)
        }
    }

    /// The newest position of the log.
    public func head() throws(EventLogError) -> LogHead {
        try reading { try $0.head }
    }

    /// Runs `body` with a reader that sees the log as of one moment (one LMDB read transaction).
    public func reading<R>(_ body: (LogReader) throws -> R) throws(EventLogError) -> R {
        do {
            return try environment.read { txn in try body(LogReader(txn: txn, databases: databases)) }
        } catch {
            throw EventLogError(wrapping: error)
        }
    }
}

extension LogLayout {
    static func uint32(from bytes: [UInt8]) -> UInt32 {
        bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func bytes(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
