// The append-only event log: the only source of truth of a Kennis database. A batch is checked
// (structure by the decoder, state by the caller's `BatchValidator`), encoded, chained and written
// with its indexes in one LMDB write transaction, or not at all. LMDB's single writer is the lock
// that keeps seq dense and recorded_at monotonic.
public import LMDB

/// Checks a whole batch against the state of the log before it is written: the hook through which
/// the graph enforces the rules that depend on state (live ids, relation endpoints, schema).
///
/// `validate` runs inside the log's write transaction, so the state it checks against cannot change
/// under it; it may run more than once for one append (when the map grows) and must have no effects.
public protocol BatchValidator {
    /// Throws the error of the first event that breaks a rule (with its `index` set).
    func validate(_ batch: EventBatch, firstSeq: UInt64) throws(EventInputError)
}

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
    /// The events written, in order (shared with the batch, not copied).
    public let events: [Event]
    /// The hash of each event, in order.
    public let hashes: [Digest]

    /// Number of events written.
    public var count: Int { events.count }
    /// Seq of the last event of the batch.
    public var lastSeq: UInt64 { firstSeq + UInt64(events.count) - 1 }

    /// The events as recorded: with seq, time and hash.
    public var recordedEvents: [RecordedEvent] {
        events.indices.map { RecordedEvent(seq: firstSeq + UInt64($0), recordedAt: recordedAt, event: events[$0], hash: hashes[$0]) }
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
    public init(path: String, options: EventLogOptions = EventLogOptions()) throws(EventLogError) {
        do {
            environment = try Environment.open(path: path, options: options.environment)
            databases = try LogDatabases(environment)
            let found: UInt32? = try environment.read { txn in
                try txn.value(databases.meta, key: LogLayout.formatKey).map { LogLayout.uint32(from: $0) }
            }
            if let found, found != LogLayout.formatVersion {
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

    /// Appends `batch` atomically: every event is validated (by `validator`, against the state in
    /// force), chained and written with its indexes, durably, or nothing is.
    @discardableResult
    public func append(
        _ batch: EventBatch, validator: (any BatchValidator)? = nil, now: Timestamp = .now()
    ) throws(EventLogError) -> AppendReceipt {
        guard !batch.isEmpty else {
            throw .rejected(EventInputError(field: nil, message: "the batch holds no events"))
        }
        do {
            return try environment.write { txn in
                try LogWriter(txn: txn, databases: databases).append(batch, validator: validator, now: now)
            }
        } catch let error as EventInputError {
            var located = error
            if let index = error.index, located.location == nil { located.location = batch.location(of: index) }
            throw .rejected(located)
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
