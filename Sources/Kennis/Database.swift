// The facade every interface (CLI, server, tests) goes through: open a Kennis database (the log, and
// the graph projected from it), append batches (validated against the graph, written to the log, then
// published to readers), read. The interfaces hold no domain logic of their own.
public import EventLog
import Graph
import Synchronization

/// An open Kennis database: its event log and the graph projected from it.
///
/// `Sendable`: it holds only `Sendable` parts; appends are serialized by `writer`.
public final class Database: Sendable {
    /// The append-only event log, the only source of truth.
    let log: EventLog
    /// The multi-version graph projected from the log; readers take views of it.
    let graph: GraphStore
    /// Events of the log the graph could not apply when it was rebuilt (a log written before the
    /// rules were enforced); empty for a log written by this version.
    public let replayProblems: [ReplayProblem]
    /// How the graph was loaded on open: from which snapshot (if any), and which snapshots were skipped.
    public let opening: GraphOpening
    /// The options the database was opened with.
    public let options: Options
    /// One append at a time from validation to publication, so each batch is checked against the
    /// state the one before it left. Holds the seq of the newest stored snapshot.
    private let writer: Mutex<UInt64>

    /// How to open a database.
    public struct Options: Sendable {
        /// Options of the event log.
        public var log = EventLogOptions()
        /// Write a graph snapshot whenever this many events were appended since the last one (nil: never
        /// on its own; `snapshot()` still writes one).
        public var snapshotEvery: Int? = 100_000
        /// Load the graph from the newest snapshot (else: always replay the whole log).
        public var useSnapshots = true

        public init() {}
    }

    /// Opens the database in the directory `path`, creating it if `create` is set, and loads the graph:
    /// the newest valid snapshot plus the events after it, or the whole log.
    public init(path: String, create: Bool = false, options: Options = Options()) throws {
        if !create && !Database.exists(at: path) {
            throw DatabaseError.notFound(path: path)
        }
        var logOptions = options.log
        logOptions.environment.createIfMissing = create
        log = try EventLog(path: path, options: logOptions)
        self.options = options
        let (state, opening) = try GraphReplay.open(log, useSnapshots: options.useSnapshots)
        graph = GraphStore(state)
        replayProblems = opening.problems
        self.opening = opening
        writer = Mutex(opening.snapshotSeq ?? 0)
    }

    /// Whether `path` holds a Kennis (LMDB) database.
    public static func exists(at path: String) -> Bool {
        FileSystem.isRegularFile(path + "/data.mdb")
    }

    /// Appends a batch atomically and returns what was written: every event is checked against the
    /// graph (state rules) and the log (structure), written, and then shown to readers.
    @discardableResult
    public func append(_ batch: EventBatch) throws -> AppendReceipt {
        var parts = WholeBatch(batch)
        return try append(parts: &parts)
    }

    /// Appends a batch that arrives in parts as one atomic batch (see `EventLog.append(parts:)`).
    @discardableResult
    public func append(parts: inout some EventParts) throws -> AppendReceipt {
        try withWriterLock { lastSnapshot in
            let validator = GraphValidator(base: graph.latest)
            return try commit(&parts, validator, lastSnapshot: &lastSnapshot).receipt
        }
    }

    /// Runs `body` holding the writer lock, with the graph caught up with the log; `body` gets the seq
    /// of the newest stored snapshot (for `commit`).
    func withWriterLock<Result>(_ body: (inout UInt64) throws -> Result) throws -> Result {
        try writer.withLock { lastSnapshot in
            try catchUp()
            return try body(&lastSnapshot)
        }
    }

    /// Appends `parts` under the writer lock (held by the caller), publishes the state the validator
    /// staged with the batch's time, and writes a snapshot when enough events have passed since the
    /// last one. Returns the receipt and the published state.
    func commit(
        _ parts: inout some EventParts, _ validator: some StagingValidator, lastSnapshot: inout UInt64
    ) throws -> (receipt: AppendReceipt, state: GraphState) {
        let receipt = try log.append(parts: &parts, validator: validator)
        let state = publish(validator, after: receipt)
        if let every = options.snapshotEvery, receipt.lastSeq - lastSnapshot >= UInt64(every) {
            lastSnapshot = try writeSnapshot(of: state)
        }
        return (receipt, state)
    }

    /// Publishes the state `validator` staged for the batch `receipt` committed, with the batch's time;
    /// returns it.
    func publish(_ validator: some StagingValidator, after receipt: AppendReceipt) -> GraphState {
        var state = validator.staged
        state.recordTime(receipt.recordedAt, from: receipt.firstSeq)
        graph.publish(state)
        return state
    }

    /// Writes a snapshot of the graph now (if it is not the newest one already); returns its seq.
    @discardableResult
    public func snapshot() throws -> UInt64 {
        try withWriterLock { lastSnapshot in
            let state = graph.latest
            let newestStored = try log.snapshotSeqs().first
            // A snapshot stored at the head that could not be loaded (damaged, or of an older
            // format) is written again: `lastSnapshot` only counts usable ones.
            if newestStored != state.head || lastSnapshot != state.head {
                lastSnapshot = try writeSnapshot(of: state)
            }
            return lastSnapshot
        }
    }

    /// Shows readers what other processes appended since (a server calls this now and then); returns
    /// the head.
    @discardableResult
    public func refresh() throws -> UInt64 {
        try withWriterLock { _ in graph.head }
    }

    /// A clean shutdown: writes a snapshot if events were appended since the newest usable one, so
    /// the next open replays nothing. The database stays usable.
    public func close() throws {
        let newestUsable = writer.withLock { $0 }
        if graph.head > newestUsable { try snapshot() }
    }

    private func writeSnapshot(of state: GraphState) throws -> UInt64 {
        try log.storeSnapshot(GraphSnapshot.encode(state), at: state.head)
        return state.head
    }

    /// Applies events another process appended since the graph was built.
    private func catchUp() throws {
        guard try log.head().seq > graph.head else { return }
        var state = graph.latest
        _ = try GraphReplay.apply(log, after: state.head, to: &state)
        graph.publish(state)
    }
}

/// Why a database could not be opened or used.
public enum DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// There is no database at the path.
    case notFound(path: String)
    /// An input file could not be read.
    case unreadable(path: String, reason: String)
    /// An input held no events.
    case noEvents(source: String)
    /// A backup or restore cannot be written where it was asked to go.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path): "no Kennis database at \(path) (create one with `kennis init` or `kennis import`)"
        case .unreadable(let path, let reason): "\(path): \(reason)"
        case .noEvents(let source): "\(source): holds no events"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
