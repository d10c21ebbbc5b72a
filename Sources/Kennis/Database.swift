// The facade every interface (CLI, server, tests) goes through: open a Kennis database (the log, and
// the graph projected from it), append batches (validated against the graph, written to the log, then
// published to readers), read. The interfaces hold no domain logic of their own.
public import EventLog
public import Graph
import Synchronization

/// An open Kennis database: its event log and the graph projected from it.
///
/// `Sendable`: it holds only `Sendable` parts; appends are serialized by `writer`.
public final class Database: Sendable {
    /// The append-only event log, the only source of truth.
    public let log: EventLog
    /// The multi-version graph projected from the log; readers take views of it.
    public let graph: GraphStore
    /// Events of the log the graph could not apply when it was rebuilt (a log written before the
    /// rules were enforced); empty for a log written by this version.
    public let replayProblems: [ReplayProblem]
    /// One append at a time from validation to publication, so each batch is checked against the
    /// state the one before it left.
    private let writer = Mutex(())

    /// Opens the database in the directory `path`, creating it if `create` is set, and rebuilds the
    /// graph from the log.
    public init(path: String, create: Bool = false, options: EventLogOptions = EventLogOptions()) throws {
        if !create && !Database.exists(at: path) {
            throw DatabaseError.notFound(path: path)
        }
        var options = options
        options.environment.createIfMissing = create
        log = try EventLog(path: path, options: options)
        let (state, problems) = try GraphReplay.state(of: log)
        graph = GraphStore(state)
        replayProblems = problems
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
        try writer.withLock { _ in
            try catchUp()
            let validator = GraphValidator(base: graph.latest)
            let receipt = try log.append(parts: &parts, validator: validator)
            graph.publish(validator.staged)
            return receipt
        }
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
public enum DatabaseError: Error, Sendable, CustomStringConvertible {
    /// There is no database at the path.
    case notFound(path: String)
    /// An input file could not be read.
    case unreadable(path: String, reason: String)
    /// An input held no events.
    case noEvents(source: String)

    public var description: String {
        switch self {
        case .notFound(let path): "no Kennis database at \(path) (create one with `kennis init` or `kennis import`)"
        case .unreadable(let path, let reason): "\(path): \(reason)"
        case .noEvents(let source): "\(source): holds no events"
        }
    }
}
